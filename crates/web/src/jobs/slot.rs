//! One scheduled firing on this instance: claim the slot, and only if the claim succeeded run
//! the job and record the run against the slot.

use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use itp_persistence::{PersistenceError, jobs};

use super::{Job, Schedule};
use crate::app::AppState;
use crate::ops::{Context, OpError};

/// This process's name in the claims it makes: the process id and a random part (two
/// containers may both be process 1).
pub fn instance_id() -> &'static str {
    static ID: OnceLock<String> = OnceLock::new();
    ID.get_or_init(|| {
        let random = crate::security::tokens::new_token();
        format!("{}-{}", std::process::id(), &random[..12])
    })
}

/// What came of one attempt to run a slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ran {
    /// Another instance (or this one, earlier) holds the slot: nothing ran here.
    Elsewhere,
    /// This instance ran it: the line recorded in `job_runs`, or the error.
    Here(Result<String, String>),
}

/// Claims `job`'s slot at `slot_at` and, only if the claim went in, runs the job and records the
/// run against the slot: the one path of a scheduled run and of an administrator's "run now".
pub(crate) async fn claim_and_run(
    state: &AppState,
    job: &'static dyn Job,
    slot_at: DateTime<Utc>,
) -> Result<Ran, PersistenceError> {
    let conn = &state.db.conn;
    let now = state.clock.now();
    let Some(claim) = jobs::claim_slot(conn, job.name(), slot_at, instance_id(), now).await? else {
        return Ok(Ran::Elsewhere);
    };
    let label = format!("job {}", job.name());
    let ctx = Context::system(state, &label);
    let started = state.clock.now();
    let outcome = job
        .run(&ctx)
        .await
        .map(|report| report.to_string())
        .map_err(|e| describe(&e));
    match &outcome {
        Ok(detail) => tracing::info!(job = job.name(), %detail, "job finished"),
        Err(detail) => tracing::error!(job = job.name(), %detail, "job failed"),
    }
    jobs::record_in_slot(
        conn,
        job.name(),
        claim.slot_id,
        started,
        state.clock.now(),
        outcome.clone(),
    )
    .await?;
    Ok(Ran::Here(outcome))
}

pub(super) async fn run_scheduled(state: &AppState, job: &'static dyn Job, schedule: &Schedule) {
    let slot_at = schedule.slot_at(state.clock.now());
    match claim_and_run(state, job, slot_at).await {
        Ok(Ran::Here(_)) => {}
        Ok(Ran::Elsewhere) => {
            tracing::debug!(job = job.name(), %slot_at, "slot run by another instance");
        }
        Err(e) => {
            tracing::error!(job = job.name(), error = %e, "could not claim or record the job's slot")
        }
    }
}

/// The error for the log and `job_runs`, with its causes.
pub(crate) fn describe(err: &OpError) -> String {
    match err {
        OpError::Internal(internal) => internal.chain(),
        other => other.to_string(),
    }
}
