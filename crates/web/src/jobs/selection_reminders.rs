//! Reminders: a team with an open offer due within three days, and a reviewer with open reviews
//! in a cohort whose review deadline is within three days. Each is recorded once on our own rows
//! (the offer's `reminded_at`, a `review_reminders` row per reviewer and deadline) before its
//! mail is queued in the same unit of work, so running twice sends nothing twice.

use chrono::Duration;
use itp_domain::account::Email;
use itp_domain::mail::Values;
use itp_persistence::selection_decisions as decisions;
use itp_persistence::selection_settings;

use super::{Job, JobFuture, Report};
use crate::mail::Cause;
use crate::ops::{Context, OpResult};
use crate::selection::letters;
use crate::selection::service::when;

/// How long before a deadline the reminder goes out.
pub const REMIND_BEFORE_DAYS: i64 = 3;

pub struct SelectionReminders;

impl Job for SelectionReminders {
    fn name(&self) -> &'static str {
        "selection_reminders"
    }

    fn default_schedule(&self) -> &'static str {
        "0 5 * * * *"
    }

    fn run<'a>(&'a self, ctx: &'a Context<'a>) -> JobFuture<'a> {
        Box::pin(run(ctx))
    }
}

async fn run(ctx: &Context<'_>) -> OpResult<Report> {
    let mut uow = ctx.begin().await?;
    let now = uow.now();
    let until = now + Duration::days(REMIND_BEFORE_DAYS);
    let mut teams = 0u64;
    for o in decisions::to_remind(uow.conn(), now, until).await? {
        if !decisions::mark_reminded(uow.conn(), o.id, now).await? {
            continue;
        }
        let Some(contact) = decisions::contact(uow.conn(), o.application_id).await? else {
            continue;
        };
        let Ok(to) = Email::parse(&contact.email) else {
            continue;
        };
        let cohort = itp_persistence::cohort::find(uow.conn(), o.cohort_id).await?;
        let values = Values::new()
            .set("name", contact.name.clone())
            .set("reference", contact.reference.clone())
            .set(
                "cohort",
                cohort.map(|c| c.settings.name).unwrap_or_default(),
            )
            .set("sent", o.created_at.format("%Y-%m-%d").to_string())
            .set("deadline", when(o.deadline));
        let message = crate::mail::texts::message(
            uow.conn(),
            letters::CONFIRM_REMINDER.key,
            Some(contact.programme_id),
            &values,
            &to,
            &contact.name,
            Cause::new("application", o.application_id),
        )
        .await?;
        uow.mail(&message).await?;
        teams += 1;
    }
    let mut reviewers = 0u64;
    for (cohort_id, deadline) in
        selection_settings::review_deadlines_between(uow.conn(), now, until).await?
    {
        let cause = format!("deadline {}", deadline.format("%Y-%m-%d"));
        reviewers +=
            crate::review::service::remind_in(&mut uow, cohort_id, None, &cause, Some(deadline))
                .await? as u64;
    }
    uow.commit().await?;
    Ok(Report::counted(
        "reminded",
        vec![("teams", teams), ("reviewers", reviewers)],
    ))
}
