//! Every five minutes: each call still open past its deadline is closed (the cohort moves to
//! selection, through the same lifecycle check and audit entry as a manager's click), and the
//! responsible managers of every call closed in the last two weeks who have not been told are
//! told once. Closing and telling are separate transactions, so a run that stops between them
//! is caught up by the next one.

use chrono::Duration;
use itp_domain::account::Email;
use itp_domain::cohort::Transition;
use itp_domain::mail::Values;
use itp_persistence::application::dashboard;
use itp_persistence::cohort::{self, StoredCohort};
use itp_persistence::programme;
use itp_persistence::reminders::{self, Cause};

use super::{Job, JobFuture, Report, remind};
use crate::mail::{self, templates};
use crate::ops::{Context, OpError, OpResult};

pub struct CloseCalls;

/// How far back a closed call's managers may still be told (a run missed for a while).
const TELL_WITHIN: Duration = Duration::days(14);

pub const CALL_CLOSED: &str = "call_closed";

impl Job for CloseCalls {
    fn name(&self) -> &'static str {
        "close_calls"
    }

    fn default_schedule(&self) -> &'static str {
        "0 */5 * * * *"
    }

    fn purpose(&self) -> &'static str {
        "Closes each call at its deadline (the cohort moves to selection) and tells its managers."
    }

    fn run<'a>(&'a self, ctx: &'a Context<'a>) -> JobFuture<'a> {
        Box::pin(close_and_tell(ctx))
    }
}

async fn close_and_tell(ctx: &Context<'_>) -> OpResult<Report> {
    let now = ctx.now();
    let conn = &ctx.state.db.conn;
    let (mut closed, mut refused) = (0, 0);
    for due in reminders::calls_past_deadline(conn, now).await? {
        match crate::cohort::service::transition(ctx, due.id, Transition::CloseCall, "").await? {
            Ok(_) => closed += 1,
            Err(refusal) => {
                refused += 1;
                tracing::warn!(cohort = due.id, reasons = ?refusal.0, "call past its deadline not closed");
            }
        }
    }
    let mut told = 0;
    for c in reminders::calls_closed_since(conn, now - TELL_WITHIN, now).await? {
        told += tell_managers(ctx, &c).await?;
    }
    Ok(Report::counted(
        "closed",
        vec![
            ("calls", closed),
            ("calls refused", refused),
            ("managers told", told),
        ],
    ))
}

/// Tells each responsible manager of `c` once; how many were told now.
async fn tell_managers(ctx: &Context<'_>, c: &StoredCohort) -> OpResult<u64> {
    let mut uow = ctx.begin().await?;
    let managers = cohort::managers(uow.conn(), c.id).await?;
    let programme = programme::find(uow.conn(), c.programme_id)
        .await?
        .ok_or(OpError::NotFound)?;
    let counts = dashboard::counts(uow.conn(), c.id).await?;
    let link = format!("{}/cohorts/{}", ctx.state.config.base_url, c.id);
    let mut told = 0;
    for manager in &managers {
        let Ok(email) = Email::parse(&manager.email) else {
            continue;
        };
        let values = Values::new()
            .set("name", &manager.display_name)
            .set("cohort", &c.settings.name)
            .set("programme", &programme.programme.name)
            .set("applications", counts.applications)
            .set("drafts", counts.draft_applications)
            .set("link", &link);
        let message = mail::texts::message(
            uow.conn(),
            templates::CALL_CLOSED.key,
            Some(c.programme_id),
            &values,
            &email,
            &manager.display_name,
            mail::Cause::new("cohort", c.id),
        )
        .await?;
        let cause = Cause {
            kind: CALL_CLOSED,
            subject_type: "cohort",
            subject_id: c.id,
            user_id: manager.user_id,
        };
        if remind::once(&mut uow, &cause, &message).await? {
            told += 1;
        }
    }
    uow.commit().await?;
    Ok(told)
}
