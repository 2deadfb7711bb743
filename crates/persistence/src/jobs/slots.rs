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

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;
    use crate::jobs::{recent, record_in_slot};
    use crate::test_support::backends;

    #[tokio::test]
    async fn a_slot_is_claimed_once_and_the_run_links_to_it() {
        for b in backends().await {
            let conn = &b.db.conn;
            let slot = Utc.with_ymd_and_hms(2026, 12, 1, 12, 15, 0).unwrap();
            let woke = slot + Duration::milliseconds(420);
            let first = claim_slot(conn, "purge_expired", woke, "instance-a", woke)
                .await
                .unwrap();
            let second = claim_slot(conn, "purge_expired", slot, "instance-b", woke)
                .await
                .unwrap();
            assert!(first.is_some(), "{}: the first claim wins", b.name);
            assert_eq!(
                second, None,
                "{}: the same slot is not claimed twice",
                b.name
            );
            let other_job = claim_slot(conn, "deliver_mail", slot, "instance-b", woke)
                .await
                .unwrap();
            let next_slot = claim_slot(
                conn,
                "purge_expired",
                slot + Duration::minutes(15),
                "instance-b",
                woke,
            )
            .await
            .unwrap();
            assert!(other_job.is_some() && next_slot.is_some(), "{}", b.name);

            let slot_id = first.unwrap().slot_id;
            record_in_slot(
                conn,
                "purge_expired",
                slot_id,
                woke,
                woke,
                Ok("deleted".into()),
            )
            .await
            .unwrap();
            let runs = recent(conn, 10).await.unwrap();
            assert_eq!(runs.len(), 1);
            assert_eq!(runs[0].slot_id, Some(slot_id), "{}", b.name);
        }
    }

    #[tokio::test]
    async fn concurrent_claims_of_one_slot_let_exactly_one_instance_win() {
        for b in backends().await {
            let slot = Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 7).unwrap();
            let claims = (0..8).map(|i| {
                let conn = b.db.conn.clone();
                tokio::spawn(async move {
                    claim_slot(&conn, "purge_expired", slot, &format!("instance-{i}"), slot)
                        .await
                        .unwrap()
                })
            });
            let mut won = 0;
            for claim in claims.collect::<Vec<_>>() {
                if claim.await.unwrap().is_some() {
                    won += 1;
                }
            }
            assert_eq!(won, 1, "{}", b.name);
        }
    }

    #[tokio::test]
    async fn old_claims_are_purged() {
        for b in backends().await {
            let conn = &b.db.conn;
            let old = Utc.with_ymd_and_hms(2026, 10, 1, 0, 0, 0).unwrap();
            let new = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
            claim_slot(conn, "purge_expired", old, "a", old)
                .await
                .unwrap();
            claim_slot(conn, "purge_expired", new, "a", new)
                .await
                .unwrap();
            assert_eq!(
                purge_slots_before(conn, new - Duration::days(30))
                    .await
                    .unwrap(),
                1
            );
            assert!(
                claim_slot(conn, "purge_expired", new, "b", new)
                    .await
                    .unwrap()
                    .is_none()
            );
        }
    }
}
