//! One scheduled firing on this instance: claim the slot, and only if the claim succeeded run
//! the job and record the run against the slot.

use std::sync::OnceLock;

use itp_persistence::jobs;

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

pub(super) async fn run_scheduled(state: &AppState, job: &'static dyn Job, schedule: &Schedule) {
    let conn = &state.db.conn;
    let now = state.clock.now();
    let slot_at = schedule.slot_at(now);
    let claim = match jobs::claim_slot(conn, job.name(), slot_at, instance_id(), now).await {
        Ok(Some(claim)) => claim,
        Ok(None) => {
            tracing::debug!(job = job.name(), %slot_at, "slot run by another instance");
            return;
        }
        Err(e) => {
            tracing::error!(job = job.name(), error = %e, "could not claim the job's slot");
            return;
        }
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
    if let Err(e) = jobs::record_in_slot(
        conn,
        job.name(),
        claim.slot_id,
        started,
        state.clock.now(),
        outcome,
    )
    .await
    {
        tracing::error!(job = job.name(), error = %e, "could not record job run");
    }
}

/// The error for the log and `job_runs`, with its causes.
pub(crate) fn describe(err: &OpError) -> String {
    match err {
        OpError::Internal(internal) => internal.chain(),
        other => other.to_string(),
    }
}
