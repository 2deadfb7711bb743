//! What administrators do to the outbox, each in one unit of work with its audit entry.

use itp_domain::Code;
use itp_domain::audit::ChangeSet;
use itp_domain::mail::MailStatus;
use itp_persistence::audit::Entry;
use itp_persistence::mail::{self as outbox, MailState, StoredMail};

use crate::ops::{Context, OpError, OpResult};

/// Puts a failed message back in the queue for a new round of attempts.
pub async fn retry(ctx: &Context<'_>, id: i32) -> OpResult<StoredMail> {
    let mut uow = ctx.begin().await?;
    let now = uow.now();
    let mail = outbox::find(uow.conn(), id)
        .await?
        .ok_or(OpError::NotFound)?;
    if mail.status != MailStatus::Failed {
        return Err(OpError::Conflict(format!(
            "Message #{id} is {}, not failed: there is nothing to retry.",
            mail.state().label().to_lowercase()
        )));
    }
    if let Some(expired) = mail.expires_at.filter(|at| *at <= now) {
        return Err(OpError::Conflict(format!(
            "Message #{id} expired at {}: the link in it no longer works. Issue a new one instead.",
            expired.format("%Y-%m-%d %H:%M UTC")
        )));
    }
    if !outbox::retry(uow.conn(), id, now).await? {
        return Err(OpError::Conflict(format!(
            "Message #{id} changed meanwhile; reload the page."
        )));
    }
    uow.audit(Entry {
        action: "mail.retry",
        entity_type: "mail",
        entity_id: Some(id.to_string()),
        changes: ChangeSet::new()
            .field("status", MailStatus::Failed, MailStatus::Queued)
            .field("attempts", mail.attempts, 0),
    })
    .await?;
    uow.wake_sender_after_commit();
    uow.commit().await?;
    Ok(mail)
}

/// Lets a message held for review go.
pub async fn release(ctx: &Context<'_>, id: i32) -> OpResult<StoredMail> {
    let mut uow = ctx.begin().await?;
    let now = uow.now();
    let mail = outbox::find(uow.conn(), id)
        .await?
        .ok_or(OpError::NotFound)?;
    if mail.state() != MailState::Held {
        return Err(OpError::Conflict(format!(
            "Message #{id} is {}, not held: there is nothing to release.",
            mail.state().label().to_lowercase()
        )));
    }
    if !outbox::release(uow.conn(), id, now).await? {
        return Err(OpError::Conflict(format!(
            "Message #{id} changed meanwhile; reload the page."
        )));
    }
    uow.audit(Entry {
        action: "mail.release",
        entity_type: "mail",
        entity_id: Some(id.to_string()),
        changes: ChangeSet::new().field("hold", true, false),
    })
    .await?;
    uow.wake_sender_after_commit();
    uow.commit().await?;
    Ok(mail)
}
