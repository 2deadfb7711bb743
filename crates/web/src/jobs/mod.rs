//! Scheduled jobs. Each job is a type implementing [`Job`] (its name, its default schedule and a
//! run), listed once in [`registry::JOBS`]. Every instance's scheduler (tokio-cron-scheduler,
//! UTC) fires every job; a run happens only on the instance that claims the scheduled slot
//! (`itp_persistence::jobs::claim_slot`), so a deployment of several instances runs each slot
//! once. Schedules can be changed or switched off with `ITP_JOB_SCHEDULES` ([`Schedules`]).
//! Each run is recorded in `job_runs`, linked to its slot.

mod budget_alerts;
mod close_calls;
mod deliver_mail;
mod monthly_exports;
mod nightly_backup;
mod purge_expired;
pub mod registry;
mod remind;
mod remind_drafts;
mod remind_upcoming;
mod resume_background_work;
mod retention_purge;
mod run_now;
mod schedule;
mod selection_deadlines;
mod selection_reminders;
mod slot;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use tokio_cron_scheduler::JobScheduler;

pub use budget_alerts::BudgetAlerts;
pub use close_calls::{CALL_CLOSED, CloseCalls};
pub use deliver_mail::DeliverMail;
pub use monthly_exports::MonthlyExports;
pub use nightly_backup::{NightlyBackup, directory as backup_directory};
pub use purge_expired::PurgeExpired;
pub use remind_drafts::RemindDrafts;
pub use remind_upcoming::{RemindUpcoming, VISIT_HOST_REMINDER};
pub use resume_background_work::ResumeBackgroundWork;
pub use retention_purge::RetentionPurge;
pub use run_now::run_now;
pub use schedule::{Schedule, Schedules, Setting};
pub use selection_deadlines::SelectionDeadlines;
pub use selection_reminders::SelectionReminders;
pub(crate) use slot::describe;
pub use slot::{Ran, instance_id};

use crate::app::AppState;
use crate::ops::{Context, OpResult};

/// What a run returns.
pub type JobFuture<'a> = Pin<Box<dyn Future<Output = OpResult<Report>> + Send + 'a>>;

/// A scheduled job.
pub trait Job: Send + Sync + 'static {
    /// Its name in the log, in `job_runs` and in `ITP_JOB_SCHEDULES`.
    fn name(&self) -> &'static str;
    /// When it runs unless configured otherwise: cron with a seconds field, in UTC.
    fn default_schedule(&self) -> &'static str;
    /// Whether this instance has what the job needs (sending mail needs an SMTP server).
    fn wanted(&self, _state: &AppState) -> bool {
        true
    }
    /// What it needs, said when [`Job::wanted`] is false (on the jobs page and to "run now").
    fn needs(&self) -> &'static str {
        "what it needs is not set up"
    }
    /// What it does, in a sentence, for the jobs page.
    fn purpose(&self) -> &'static str {
        ""
    }
    /// One run, acting as the system (`Context::system(state, "job NAME")`).
    fn run<'a>(&'a self, ctx: &'a Context<'a>) -> JobFuture<'a>;
}

/// What a run did: counts by what they count, and the line recorded in `job_runs`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub counts: Vec<(&'static str, u64)>,
    pub summary: String,
}

impl Report {
    /// `verb` and the counts, as in "deleted 3 sessions, 0 links".
    pub fn counted(verb: &str, counts: Vec<(&'static str, u64)>) -> Report {
        let parts: Vec<String> = counts
            .iter()
            .map(|(what, n)| format!("{n} {what}"))
            .collect();
        Report {
            summary: format!("{verb} {}", parts.join(", ")),
            counts,
        }
    }

    pub fn text(summary: impl Into<String>) -> Report {
        Report {
            counts: Vec::new(),
            summary: summary.into(),
        }
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.summary)
    }
}

/// Runs `job` once, now, outside the schedule and without a claim (tests, and an operator's
/// command later).
pub async fn run_once(state: &AppState, job: &dyn Job) -> OpResult<Report> {
    let label = format!("job {}", job.name());
    let ctx = Context::system(state, &label);
    job.run(&ctx).await
}

/// Starts the scheduler with every wanted job on its configured schedule. The returned
/// scheduler must be kept alive.
pub async fn start(state: AppState) -> Result<JobScheduler, String> {
    let scheduler = JobScheduler::new().await.map_err(|e| e.to_string())?;
    let state = Arc::new(state);
    for &job in registry::JOBS {
        let Some(schedule) = state.config.jobs.schedule_of(job)? else {
            tracing::info!(job = job.name(), "job switched off by ITP_JOB_SCHEDULES");
            continue;
        };
        if !job.wanted(&state) {
            continue;
        }
        let cron = schedule.expression().to_owned();
        let schedule = Arc::new(schedule);
        let job_state = Arc::clone(&state);
        let scheduled = tokio_cron_scheduler::Job::new_async(cron.as_str(), move |_, _| {
            let state = Arc::clone(&job_state);
            let schedule = Arc::clone(&schedule);
            Box::pin(async move { slot::run_scheduled(&state, job, &schedule).await })
        })
        .map_err(|e| format!("job {}: {e}", job.name()))?;
        scheduler.add(scheduled).await.map_err(|e| e.to_string())?;
        tracing::info!(job = job.name(), schedule = %cron, "job scheduled");
    }
    scheduler.start().await.map_err(|e| e.to_string())?;
    tracing::info!(
        instance = instance_id(),
        "scheduler started; slots are claimed as this instance"
    );
    Ok(scheduler)
}
