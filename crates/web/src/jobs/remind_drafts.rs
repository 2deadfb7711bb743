//! Every hour: applicants whose application to an open call is still a draft are reminded a week
//! and a day before the deadline (`itp_domain::reminder::due_draft_reminder` says which), each
//! once per application, person and reminder.

use itp_domain::account::Email;
use itp_domain::mail::Values;
use itp_domain::reminder::due_draft_reminder;
use itp_persistence::cohort;
use itp_persistence::reminders::{self, Cause};

use super::{Job, JobFuture, Report, remind};
use crate::mail::{self, templates};
use crate::ops::{Context, OpResult};
use crate::views::time::{in_zone, time_left};

pub struct RemindDrafts;

impl Job for RemindDrafts {
    fn name(&self) -> &'static str {
        "remind_drafts"
    }

    fn default_schedule(&self) -> &'static str {
        "0 0 * * * *"
    }

    fn purpose(&self) -> &'static str {
        "Reminds applicants of unsubmitted drafts 7 days and 1 day before the call's deadline."
    }

    fn run<'a>(&'a self, ctx: &'a Context<'a>) -> JobFuture<'a> {
        Box::pin(remind_drafts(ctx))
    }
}

async fn remind_drafts(ctx: &Context<'_>) -> OpResult<Report> {
    let now = ctx.now();
    let (mut calls, mut sent) = (0, 0);
    for (c, programme_name) in cohort::open_calls(&ctx.state.db.conn).await? {
        let Some(deadline) = c.settings.call.closes_at else {
            continue;
        };
        let Some(reminder) = due_draft_reminder(deadline, now) else {
            continue;
        };
        calls += 1;
        let zone = c.settings.call.time_zone.name();
        let mut uow = ctx.begin().await?;
        for draft in reminders::drafts_of(uow.conn(), c.id).await? {
            let Ok(email) = Email::parse(&draft.email) else {
                continue;
            };
            let link = format!(
                "{}/applications/{}/edit/organisation",
                ctx.state.config.base_url, draft.application_id
            );
            let organisation = if draft.organisation_name.trim().is_empty() {
                "your organisation"
            } else {
                draft.organisation_name.as_str()
            };
            let values = Values::new()
                .set("name", &draft.display_name)
                .set("cohort", &c.settings.name)
                .set("programme", &programme_name)
                .set("organisation", organisation)
                .set("deadline", in_zone(deadline, zone))
                .set("left", time_left(now, deadline))
                .set("link", &link);
            let message = mail::texts::message(
                uow.conn(),
                templates::DRAFT_REMINDER.key,
                Some(c.programme_id),
                &values,
                &email,
                &draft.display_name,
                mail::Cause::new("application", draft.application_id),
            )
            .await?
            .expires_at(deadline);
            let cause = Cause {
                kind: reminder.kind(),
                subject_type: "application",
                subject_id: draft.application_id,
                user_id: draft.user_id,
            };
            if remind::once(&mut uow, &cause, &message).await? {
                sent += 1;
            }
        }
        uow.commit().await?;
    }
    Ok(Report::counted(
        "reminded",
        vec![("calls with a reminder due", calls), ("applicants", sent)],
    ))
}
