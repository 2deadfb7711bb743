//! Claims of scheduled slots. Every instance's scheduler fires every job; the first instance
//! whose INSERT of (job, slot) gets past the unique key runs it, and the others' inserts do
//! nothing (`ON CONFLICT DO NOTHING`, the same on SQLite and PostgreSQL). The key is the
//! scheduled time, not the moment an instance woke, so instances that wake a little apart
//! still compete for the same row.

use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::Result;
use crate::entities::job_slot;

/// A slot this instance won.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Claim {
    pub slot_id: i32,
}

/// Claims `job`'s slot at `slot_at` for `instance`; `None` when another instance (or this one,
/// earlier) already holds it.
pub async fn claim_slot<C: ConnectionTrait>(
    conn: &C,
    job: &str,
    slot_at: DateTime<Utc>,
    instance: &str,
    now: DateTime<Utc>,
) -> Result<Option<Claim>> {
    // Whole seconds: the key must print the same on every instance and every backend.
    let slot_at = slot_at.trunc_subsecs(0);
    let inserted = job_slot::Entity::insert(job_slot::ActiveModel {
        job: Set(job.to_owned()),
        slot_at: Set(slot_at),
        claimed_by: Set(instance.chars().take(64).collect()),
        claimed_at: Set(now),
        ..Default::default()
    })
    .on_conflict_do_nothing_on([job_slot::Column::Job, job_slot::Column::SlotAt])
    .exec_without_returning(conn)
    .await?;
    if !matches!(inserted, sea_orm::TryInsertResult::Inserted(1)) {
        return Ok(None);
    }
    let row = job_slot::Entity::find()
        .filter(job_slot::Column::Job.eq(job))
        .filter(job_slot::Column::SlotAt.eq(slot_at))
        .one(conn)
        .await?
        .ok_or(crate::PersistenceError::NotFound)?;
    Ok(Some(Claim { slot_id: row.id }))
}

/// Deletes claims of slots before `before` (with the job runs of the same age).
pub async fn purge_slots_before<C: ConnectionTrait>(
    conn: &C,
    before: DateTime<Utc>,
) -> Result<u64> {
    let res = job_slot::Entity::delete_many()
        .filter(job_slot::Column::SlotAt.lt(before))
        .exec(conn)
        .await?;
    Ok(res.rows_affected)
}
