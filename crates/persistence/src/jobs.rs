//! The record of scheduled job runs: tokio-cron-scheduler keeps nothing, so we do.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use crate::Result;
use crate::entities::job_run;

pub use job_run::Model as JobRun;

pub async fn record<C: ConnectionTrait>(
    conn: &C,
    job: &str,
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
        .await?)
}

/// Deletes the record of runs that started before `before` (the mail sender runs every minute).
pub async fn purge_before<C: ConnectionTrait>(conn: &C, before: DateTime<Utc>) -> Result<u64> {
    let res = job_run::Entity::delete_many()
        .filter(job_run::Column::StartedAt.lt(before))
        .exec(conn)
        .await?;
    Ok(res.rows_affected)
}
