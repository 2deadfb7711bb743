//! The jobs page: every scheduled job with its schedule (and whether `ITP_JOB_SCHEDULES` changed
//! it), its next run, its last runs with their outcome and counts, and "run now".

use axum::extract::{Path, State};
use axum::response::Redirect;
use chrono::{DateTime, Utc};
use itp_domain::authz::Action;
use itp_persistence::jobs::{self as records, JobRun};
use maud::Markup;

use super::jobs_views as views;
use crate::app::{AppState, Routes};
use crate::error::Result;
use crate::jobs::{self, Ran, Setting, registry};
use crate::ops::Context;
use crate::security::guard::Access;
use crate::security::session::{Session, SignedIn};
use crate::views::PageContext;

/// How many runs of each job the page shows.
pub const RUNS_SHOWN: u64 = 5;

pub fn routes(r: Routes) -> Routes {
    let manage = Access::Can(Action::ManageJobs);
    r.get("/admin/jobs", manage, list)
        .post("/admin/jobs/{job}/run", manage, run_now)
}

/// Where a job's schedule comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Default,
    Configured,
    Off,
}

/// One job as the page shows it.
pub struct JobRow {
    pub name: &'static str,
    pub purpose: &'static str,
    pub expression: String,
    pub source: Source,
    pub next: Option<DateTime<Utc>>,
    /// Why it does not run on this instance, if it does not.
    pub idle_because: Option<&'static str>,
    pub runs: Vec<JobRun>,
}

async fn list(State(state): State<AppState>, ctx: PageContext) -> Result<Markup> {
    let now = state.clock.now();
    let mut rows = Vec::new();
    for &job in registry::JOBS {
        let setting = state.config.jobs.setting_of(job.name());
        let source = match setting {
            None => Source::Default,
            Some(Setting::Cron(_)) => Source::Configured,
            Some(Setting::Off) => Source::Off,
        };
        // Checked at start: a schedule that does not parse never gets this far.
        let schedule = state.config.jobs.schedule_of(job).ok().flatten();
        let expression = match setting {
            Some(Setting::Cron(cron)) => cron.clone(),
            _ => job.default_schedule().to_owned(),
        };
        let wanted = job.wanted(&state);
        rows.push(JobRow {
            name: job.name(),
            purpose: job.purpose(),
            expression,
            next: schedule
                .as_ref()
                .filter(|_| wanted)
                .and_then(|s| s.next_after(now)),
            idle_because: (!wanted).then(|| job.needs()),
            source,
            runs: records::recent_of(&state.db.conn, job.name(), RUNS_SHOWN).await?,
        });
    }
    Ok(views::list(&ctx, &rows, jobs::instance_id()))
}

async fn run_now(
    State(state): State<AppState>,
    session: Session,
    SignedIn(me): SignedIn,
    Path(job): Path<String>,
) -> Result<Redirect> {
    let ran = jobs::run_now(&Context::person(&state, &me), &job).await?;
    session
        .flash(match ran {
            Ran::Here(Ok(detail)) => format!("{job} ran: {detail}."),
            Ran::Here(Err(detail)) => format!("{job} failed: {detail}"),
            Ran::Elsewhere => format!(
                "{job} is already running in this second's slot; look at its last runs in a moment."
            ),
        })
        .await?;
    Ok(Redirect::to(&format!("/admin/jobs#job-{job}")))
}
