//! Every hour: hosts are reminded of a study visit a week before it starts (in Swedish, from the
//! `hosts.visit_reminder` text), once per visit and host contact; and each participant of a
//! cohort of a phase that starts within the week (the `phase.reminder` text), once per
//! participant and phase, unless they are excused or absent from it. The reminders table
//! records each.

use chrono::{Duration, NaiveDate};
use itp_domain::account::Email;
use itp_domain::hosts::VisitState;
use itp_domain::mail::Values;
use itp_domain::participants::Attendance;
use itp_domain::reminder::{REMIND_DAYS_AHEAD, upcoming_is_due};
use itp_persistence::hosts::{self, visits};
use itp_persistence::reminders::Cause;
use itp_persistence::{cohort, participants, phase};

use super::{Job, JobFuture, Report, remind};
use crate::i18n::Lang;
use crate::i18n::format::dates as format_dates;
use crate::mail::{self, texts};
use crate::ops::{Context, OpResult, UnitOfWork};

/// The cause recorded with a host's reminder of a visit.
pub const VISIT_HOST_REMINDER: &str = "visit_host_7d";

/// The cause recorded with a participant's reminder of a phase; its subject is the participant's
/// record for the phase.
pub const PHASE_PARTICIPANT_REMINDER: &str = "phase_participant_7d";

/// Hosts' contacts and participants need not have an account: their reminders are recorded
/// under this person, "the contact address", and told apart by their subject (the visit, the
/// participant's record for the phase).
const NO_ACCOUNT: i32 = 0;

pub struct RemindUpcoming;

impl Job for RemindUpcoming {
    fn name(&self) -> &'static str {
        "remind_upcoming"
    }

    fn default_schedule(&self) -> &'static str {
        "0 30 * * * *"
    }

    fn purpose(&self) -> &'static str {
        "Reminds hosts of study visits and participants of phases a week before they start, once each."
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
            user_id: NO_ACCOUNT,
        };
        if remind::once(&mut uow, &cause, &message).await? {
            hosts_reminded += 1;
        }
    }
    let participants_reminded = remind_participants(&mut uow, today, &base).await?;
    uow.commit().await?;
    Ok(Report::counted(
        "reminded",
        vec![
            ("hosts of visits", hosts_reminded),
            ("participants of phases", participants_reminded),
        ],
    ))
}

async fn remind_participants(
    uow: &mut UnitOfWork<'_>,
    today: NaiveDate,
    base: &str,
) -> OpResult<u64> {
    let soon = phase::starting_between(
        uow.conn(),
        today + Duration::days(1),
        today + Duration::days(REMIND_DAYS_AHEAD),
    )
    .await?;
    let mut reminded = 0;
    for ph in soon {
        if !upcoming_is_due(ph.phase.dates.start, today) {
            continue;
        }
        let Some(cohort) = cohort::find(uow.conn(), ph.cohort_id).await? else {
            continue;
        };
        let people = participants::of_cohort(uow.conn(), ph.cohort_id).await?;
        let ids: Vec<i32> = people.iter().map(|p| p.id).collect();
        let records = participants::phases_of(uow.conn(), &ids).await?;
        for p in &people {
            let Some(record) = records
                .iter()
                .find(|r| r.participant_id == p.id && r.phase_id == ph.id)
            else {
                continue;
            };
            if matches!(record.attendance, Attendance::Excused | Attendance::Absent) {
                continue;
            }
            let Ok(email) = Email::parse(&p.email) else {
                continue;
            };
            let values = Values::new()
                .set("name", &p.full_name)
                .set("cohort", &cohort.settings.name)
                .set("phase", &ph.phase.title)
                .set("dates", format_dates(ph.phase.dates, Lang::En))
                .set("place", ph.phase.place())
                .set("link", format!("{base}/applications/{}", p.application_id));
            let message = texts::message(
                uow.conn(),
                "phase.reminder",
                Some(cohort.programme_id),
                &values,
                &email,
                &p.full_name,
                mail::Cause::new("participant", p.id),
            )
            .await?;
            let cause = Cause {
                kind: PHASE_PARTICIPANT_REMINDER,
                subject_type: "participant_phase",
                subject_id: record.id,
                user_id: p.user_id.unwrap_or(NO_ACCOUNT),
            };
            if remind::once(uow, &cause, &message).await? {
                reminded += 1;
            }
        }
    }
    Ok(reminded)
}
