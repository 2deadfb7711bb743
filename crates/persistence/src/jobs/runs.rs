//! The record of job runs: what each run did, or why it failed.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use crate::Result;
use crate::entities::job_run;

/// One run of a job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobRun {
    pub id: i32,
    pub job: String,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    /// `ok` or `failed`.
    pub outcome: String,
    pub detail: String,
    /// The scheduled slot the run was claimed for; `None` for a run outside the schedule (the
    /// mail sender woken by new mail).
    pub slot_id: Option<i32>,
}

/// Records a run made outside any scheduled slot.
pub async fn record<C: ConnectionTrait>(
    conn: &C,
    job: &str,
    started_at: DateTime<Utc>,
    finished_at: DateTime<Utc>,
    outcome: Result<String, String>,
) -> Result<()> {
    insert(conn, job, None, started_at, finished_at, outcome).await
}

/// Records the run of a claimed slot.
pub async fn record_in_slot<C: ConnectionTrait>(
    conn: &C,
    job: &str,
    slot_id: i32,
    started_at: DateTime<Utc>,
    finished_at: DateTime<Utc>,
    outcome: Result<String, String>,
) -> Result<()> {
    insert(conn, job, Some(slot_id), started_at, finished_at, outcome).await
}

async fn insert<C: ConnectionTrait>(
    conn: &C,
    job: &str,
    slot_id: Option<i32>,
    started_at: DateTime<Utc>,
    finished_at: DateTime<Utc>,
    outcome: Result<String, String>,
) -> Result<()> {
    let (outcome, detail) = match outcome {
        Ok(detail) => ("ok", detail),
        Err(detail) => ("failed", detail),
    };
    job_run::Entity::insert(job_run::ActiveModel {
        job: Set(job.to_owned()),
        started_at: Set(started_at),
        finished_at: Set(Some(finished_at)),
        outcome: Set(outcome.to_owned()),
        detail: Set(detail),
        slot_id: Set(slot_id),
        ..Default::default()
    })
    .exec(conn)
    .await?;
    Ok(())
}

pub async fn recent<C: ConnectionTrait>(conn: &C, limit: u64) -> Result<Vec<JobRun>> {
    Ok(job_run::Entity::find()
        .order_by_desc(job_run::Column::Id)
        .limit(limit)
        .all(conn)
        .await?
        .into_iter()
        .map(to_run)
        .collect())
}

/// The newest runs of one job, newest first.
pub async fn recent_of<C: ConnectionTrait>(conn: &C, job: &str, limit: u64) -> Result<Vec<JobRun>> {
    Ok(job_run::Entity::find()
        .filter(job_run::Column::Job.eq(job))
        .order_by_desc(job_run::Column::Id)
        .limit(limit)
        .all(conn)
        .await?
        .into_iter()
        .map(to_run)
        .collect())
}

fn to_run(m: job_run::Model) -> JobRun {
    JobRun {
        id: m.id,
        job: m.job,
        started_at: m.started_at,
        finished_at: m.finished_at,
        outcome: m.outcome,
        detail: m.detail,
        slot_id: m.slot_id,
    }
}

/// Deletes the record of runs that started before `before` (the mail sender runs every minute).
pub async fn purge_before<C: ConnectionTrait>(conn: &C, before: DateTime<Utc>) -> Result<u64> {
    let res = job_run::Entity::delete_many()
        .filter(job_run::Column::StartedAt.lt(before))
        .exec(conn)
        .await?;
    Ok(res.rows_affected)
}
