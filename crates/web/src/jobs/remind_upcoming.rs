//! Every hour: hosts are reminded of a study visit a week before it starts (in Swedish, from the
//! `hosts.visit_reminder` text), once per visit and host contact, as the reminders table
//! records. Participants' phase reminders join here once participant records exist.

use chrono::Duration;
use itp_domain::account::Email;
use itp_domain::hosts::VisitState;
use itp_domain::mail::Values;
use itp_domain::reminder::{REMIND_DAYS_AHEAD, upcoming_is_due};
use itp_persistence::hosts::{self, visits};
use itp_persistence::reminders::Cause;

use super::{Job, JobFuture, Report, remind};
use crate::i18n::Lang;
use crate::i18n::format::dates as format_dates;
use crate::mail::{self, texts};
use crate::ops::{Context, OpResult};

/// The cause recorded with a host's reminder of a visit.
pub const VISIT_HOST_REMINDER: &str = "visit_host_7d";

/// Hosts' contacts need not have an account: their reminders are recorded under this person,
/// "the host's contact address", once per visit.
const HOST_CONTACT: i32 = 0;

pub struct RemindUpcoming;

impl Job for RemindUpcoming {
    fn name(&self) -> &'static str {
        "remind_upcoming"
    }

    fn default_schedule(&self) -> &'static str {
        "0 30 * * * *"
    }

    fn purpose(&self) -> &'static str {
        "Reminds hosts of study visits a week before they start, once per visit."
    }

    fn run<'a>(&'a self, ctx: &'a Context<'a>) -> JobFuture<'a> {
        Box::pin(remind_upcoming(ctx))
    }
}

async fn remind_upcoming(ctx: &Context<'_>) -> OpResult<Report> {
    // Visits are planned in Swedish days.
    let today = ctx
        .now()
        .with_timezone(&chrono_tz::Europe::Stockholm)
        .date_naive();
    let base = ctx.state.config.base_url.trim_end_matches('/').to_owned();
    let mut uow = ctx.begin().await?;
    let soon = visits::starting_between(
        uow.conn(),
        today + Duration::days(1),
        today + Duration::days(REMIND_DAYS_AHEAD),
    )
    .await?;
    let mut hosts_reminded = 0;
    for visit in soon {
        if !matches!(visit.state, VisitState::Accepted | VisitState::Planned)
            || !upcoming_is_due(visit.dates.start, today)
        {
            continue;
        }
        let Some(host) = hosts::find(uow.conn(), visit.host_id).await? else {
            continue;
        };
        let Ok(email) = Email::parse(&host.email) else {
            continue;
        };
        let team = visits::visiting_team(uow.conn(), visit.application_id)
            .await?
            .map(|t| t.reference)
            .unwrap_or_default();
        let values = Values::new()
            .set("name", &host.contact_name)
            .set("host", host.name())
            .set("team", &team)
            .set("dates", format_dates(visit.dates, Lang::Sv))
            .set("link", format!("{base}/study-visits/{}", visit.id));
        let message = texts::message(
            uow.conn(),
            "hosts.visit_reminder",
            Some(visit.programme_id),
            &values,
            &email,
            &host.contact_name,
            mail::Cause::new("study_visit", visit.id),
        )
        .await?;
        let cause = Cause {
            kind: VISIT_HOST_REMINDER,
            subject_type: "study_visit",
            subject_id: visit.id,
            user_id: HOST_CONTACT,
        };
        if remind::once(&mut uow, &cause, &message).await? {
            hosts_reminded += 1;
        }
    }
    uow.commit().await?;
    Ok(Report::counted(
        "reminded",
        vec![("hosts of visits", hosts_reminded)],
    ))
}
