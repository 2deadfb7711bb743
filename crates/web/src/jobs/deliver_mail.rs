//! Every minute: what the nudged sender missed (mail queued by another instance or by the `itp`
//! command), retries that came due, and claims of a stopped instance. Without SMTP there is
//! nothing to send with, and a run a minute would only fill `job_runs`.

use super::{Job, JobFuture, Report};
use crate::app::AppState;
use crate::ops::{Context, OpError};

pub struct DeliverMail;

impl Job for DeliverMail {
    fn name(&self) -> &'static str {
        "deliver_mail"
    }

    fn default_schedule(&self) -> &'static str {
        "30 * * * * *"
    }

    fn wanted(&self, state: &AppState) -> bool {
        state.mail.is_configured()
    }

    fn needs(&self) -> &'static str {
        "sending mail needs an SMTP server (ITP_SMTP_URL is not set)"
    }

    fn purpose(&self) -> &'static str {
        "Sends the outbox: mail another instance queued, retries that came due, and claims of a stopped instance."
    }

    fn run<'a>(&'a self, ctx: &'a Context<'a>) -> JobFuture<'a> {
        Box::pin(async move {
            let delivery = crate::mail::deliver_due(ctx.state)
                .await
                .map_err(OpError::internal)?;
            Ok(Report::text(delivery.to_string()))
        })
    }
}
