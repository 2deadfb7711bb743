//! Scheduled jobs (tokio-cron-scheduler, times in UTC). The scheduler keeps nothing, so each run
//! is recorded in `job_runs`.

use std::sync::Arc;

use chrono::Duration;
use itp_persistence::{account, jobs, session, throttle};
use tokio_cron_scheduler::{Job, JobScheduler};

use crate::app::AppState;

/// Deletes what has expired: sessions past their idle or absolute limit, one-time links a week
/// after they expired, login counters untouched for a day (they hold e-mail addresses), and the
/// record of job runs after 30 days.
pub async fn purge_expired(state: &AppState) -> Result<String, String> {
    let conn = &state.db.conn;
    let now = state.clock.now();
    let policy = state.config.session;
    let sessions = session::purge_expired(conn, now - policy.idle, now - policy.absolute)
        .await
        .map_err(|e| e.to_string())?;
    let links = account::purge_links(conn, now - Duration::days(7))
        .await
        .map_err(|e| e.to_string())?;
    let counters = throttle::purge_stale(conn, now - Duration::days(1))
        .await
        .map_err(|e| e.to_string())?;
    let runs = jobs::purge_before(conn, now - Duration::days(30))
        .await
        .map_err(|e| e.to_string())?;
    Ok(format!(
        "deleted {sessions} sessions, {links} links, {counters} login counters, {runs} job runs"
    ))
}

async fn run_and_record(state: &AppState, name: &str) {
    let started = state.clock.now();
    let outcome = match name {
        "purge_expired" => purge_expired(state).await,
        "deliver_mail" => crate::mail::deliver_due(state)
            .await
            .map(|report| report.to_string()),
        other => Err(format!("unknown job {other}")),
    };
    match &outcome {
        Ok(detail) => tracing::info!(job = name, %detail, "job finished"),
        Err(detail) => tracing::error!(job = name, %detail, "job failed"),
    }
    if let Err(e) = jobs::record(&state.db.conn, name, started, state.clock.now(), outcome).await {
        tracing::error!(job = name, error = %e, "could not record job run");
    }
}

/// Starts the scheduler with every job. The returned scheduler must be kept alive.
pub async fn start(state: AppState) -> Result<JobScheduler, String> {
    let scheduler = JobScheduler::new().await.map_err(|e| e.to_string())?;
    let state = Arc::new(state);
    // Every fifteen minutes (the cron expression has a seconds field).
    let purge_state = Arc::clone(&state);
    let job = Job::new_async("0 */15 * * * *", move |_, _| {
        let state = Arc::clone(&purge_state);
        Box::pin(async move { run_and_record(&state, "purge_expired").await })
    })
    .map_err(|e| e.to_string())?;
    scheduler.add(job).await.map_err(|e| e.to_string())?;
    // Every minute: what the nudged sender missed (mail queued by another instance or by the
    // `itp` command), retries that came due, and claims of a stopped instance. Without SMTP
    // there is nothing to send with, and a run a minute would only fill `job_runs`.
    if state.mail.is_configured() {
        let mail_state = Arc::clone(&state);
        let job = Job::new_async("30 * * * * *", move |_, _| {
            let state = Arc::clone(&mail_state);
            Box::pin(async move { run_and_record(&state, "deliver_mail").await })
        })
        .map_err(|e| e.to_string())?;
        scheduler.add(job).await.map_err(|e| e.to_string())?;
    }
    scheduler.start().await.map_err(|e| e.to_string())?;
    Ok(scheduler)
}
