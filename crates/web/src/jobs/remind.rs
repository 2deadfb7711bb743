//! The one way a job sends a reminder: record the fact with its cause, and queue the mail only
//! if this run recorded it, in the same transaction. Run twice, restarted halfway or run on two
//! instances, each reminder goes once per person and cause.

use itp_persistence::reminders::{self, Cause};

use crate::mail::Message;
use crate::ops::{OpResult, UnitOfWork};

/// Sends `message` unless the reminder of `cause` was sent before; whether it was sent now.
pub(super) async fn once(
    uow: &mut UnitOfWork<'_>,
    cause: &Cause<'_>,
    message: &Message<'_>,
) -> OpResult<bool> {
    let Some(reminder_id) = reminders::record_once(uow.conn(), cause, uow.now()).await? else {
        return Ok(false);
    };
    let mail_id = uow.mail(message).await?;
    reminders::set_mail(uow.conn(), reminder_id, mail_id).await?;
    Ok(true)
}
