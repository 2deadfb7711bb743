//! Leased background work: long work started from a page (an import), kept as a row so that a
//! restart does not lose it. A worker claims an item with a conditional UPDATE (queued, or
//! running with a lease that ran out) and a fresh token, as the outbox claims mail; only one
//! instance's UPDATE matches, and an item whose instance died is taken over once its lease has
//! run out.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait},
};

use crate::Result;
use crate::entities::background_work;

/// Where a work item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkStatus {
    Queued,
    Running,
    Done,
    Failed,
}

impl WorkStatus {
    pub const ALL: [WorkStatus; 4] = [
        WorkStatus::Queued,
        WorkStatus::Running,
        WorkStatus::Done,
        WorkStatus::Failed,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            WorkStatus::Queued => "queued",
            WorkStatus::Running => "running",
            WorkStatus::Done => "done",
            WorkStatus::Failed => "failed",
        }
    }

    fn from_slug(slug: &str) -> WorkStatus {
        WorkStatus::ALL
            .into_iter()
            .find(|s| s.slug() == slug)
            .unwrap_or(WorkStatus::Failed)
    }
}

/// One item of background work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkItem {
    pub id: i32,
    pub kind: String,
    /// JSON: all the run needs. Cleared when the item is done or failed.
    pub payload: String,
    pub status: WorkStatus,
    pub progress_done: i64,
    pub progress_total: i64,
    /// How many times a worker claimed it (a claim that crashed its instance counts too).
    pub attempts: i32,
    pub last_error: Option<String>,
    pub lease_until: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

fn to_item(m: background_work::Model) -> WorkItem {
    WorkItem {
        id: m.id,
        kind: m.kind,
        payload: m.payload,
        status: WorkStatus::from_slug(&m.status),
        progress_done: i64::from(m.progress_done),
        progress_total: i64::from(m.progress_total),
        attempts: m.attempts,
        last_error: m.last_error,
        lease_until: m.lease_until,
        created_at: m.created_at,
        finished_at: m.finished_at,
    }
}

fn clamp(n: u64) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// Queues an item of `kind`; returns its id.
pub async fn enqueue<C: ConnectionTrait>(
    conn: &C,
    kind: &str,
    payload: &str,
    now: DateTime<Utc>,
) -> Result<i32> {
    let res = background_work::Entity::insert(background_work::ActiveModel {
        kind: Set(kind.to_owned()),
        payload: Set(payload.to_owned()),
        status: Set(WorkStatus::Queued.slug().to_owned()),
        progress_done: Set(0),
        progress_total: Set(0),
        attempts: Set(0),
        last_error: Set(None),
        claim_token: Set(None),
        lease_until: Set(None),
        created_at: Set(now),
        finished_at: Set(None),
        ..Default::default()
    })
    .exec(conn)
    .await?;
    Ok(res.last_insert_id)
}

pub async fn find<C: ConnectionTrait>(conn: &C, id: i32) -> Result<Option<WorkItem>> {
    Ok(background_work::Entity::find_by_id(id)
        .one(conn)
        .await?
        .map(to_item))
}

/// Free to claim: queued, or running under a lease that has run out (its instance died).
fn claimable(now: DateTime<Utc>) -> Condition {
    Condition::any()
        .add(background_work::Column::Status.eq(WorkStatus::Queued.slug()))
        .add(
            Condition::all()
                .add(background_work::Column::Status.eq(WorkStatus::Running.slug()))
                .add(background_work::Column::LeaseUntil.lt(now)),
        )
}

async fn claim_ids<C: ConnectionTrait>(
    conn: &C,
    ids: Vec<i32>,
    token: &str,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
) -> Result<Vec<WorkItem>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    // The condition again: another instance may have claimed some of these meanwhile, and the
    // database lets only one UPDATE match a row.
    background_work::Entity::update_many()
        .col_expr(
            background_work::Column::Status,
            Expr::value(WorkStatus::Running.slug()),
        )
        .col_expr(background_work::Column::ClaimToken, Expr::value(token))
        .col_expr(
            background_work::Column::LeaseUntil,
            Expr::value(lease_until),
        )
        .col_expr(
            background_work::Column::Attempts,
            Expr::col(background_work::Column::Attempts).add(1),
        )
        .filter(background_work::Column::Id.is_in(ids))
        .filter(claimable(now))
        .exec(conn)
        .await?;
    Ok(background_work::Entity::find()
        .filter(background_work::Column::ClaimToken.eq(token))
        .filter(background_work::Column::Status.eq(WorkStatus::Running.slug()))
        .order_by_asc(background_work::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(to_item)
        .collect())
}

/// Claims item `id` for the worker holding `token` (unique per claim) until `lease_until`;
/// `None` when it is not free (another worker holds it, or it is finished).
pub async fn claim<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    token: &str,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
) -> Result<Option<WorkItem>> {
    Ok(claim_ids(conn, vec![id], token, now, lease_until)
        .await?
        .into_iter()
        .next())
}

/// Claims up to `limit` free items, oldest first.
pub async fn claim_free<C: ConnectionTrait>(
    conn: &C,
    token: &str,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<WorkItem>> {
    let ids: Vec<i32> = background_work::Entity::find()
        .select_only()
        .column(background_work::Column::Id)
        .filter(claimable(now))
        .order_by_asc(background_work::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(conn)
        .await?;
    claim_ids(conn, ids, token, now, lease_until).await
}

fn held(id: i32, token: &str) -> Condition {
    Condition::all()
        .add(background_work::Column::Id.eq(id))
        .add(background_work::Column::ClaimToken.eq(token))
        .add(background_work::Column::Status.eq(WorkStatus::Running.slug()))
}

/// Records progress and extends the lease. `false` when this worker no longer holds the item.
pub async fn progress<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    token: &str,
    done: u64,
    total: u64,
    lease_until: DateTime<Utc>,
) -> Result<bool> {
    let res = background_work::Entity::update_many()
        .col_expr(
            background_work::Column::ProgressDone,
            Expr::value(clamp(done)),
        )
        .col_expr(
            background_work::Column::ProgressTotal,
            Expr::value(clamp(total)),
        )
        .col_expr(
            background_work::Column::LeaseUntil,
            Expr::value(lease_until),
        )
        .filter(held(id, token))
        .exec(conn)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Ends the item as done or failed; its payload (which may hold personal data) is dropped.
/// `false` when this worker no longer holds it.
pub async fn finish<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    token: &str,
    outcome: Result<(), &str>,
    now: DateTime<Utc>,
) -> Result<bool> {
    let (status, error) = match outcome {
        Ok(()) => (WorkStatus::Done, None),
        Err(e) => (
            WorkStatus::Failed,
            Some(e.chars().take(2000).collect::<String>()),
        ),
    };
    let res = background_work::Entity::update_many()
        .col_expr(background_work::Column::Status, Expr::value(status.slug()))
        .col_expr(background_work::Column::LastError, Expr::value(error))
        .col_expr(background_work::Column::Payload, Expr::value("{}"))
        .col_expr(
            background_work::Column::ClaimToken,
            Expr::value(None::<String>),
        )
        .col_expr(
            background_work::Column::LeaseUntil,
            Expr::value(None::<DateTime<Utc>>),
        )
        .col_expr(background_work::Column::FinishedAt, Expr::value(now))
        .filter(held(id, token))
        .exec(conn)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Deletes items that finished before `before`.
pub async fn purge_finished_before<C: ConnectionTrait>(
    conn: &C,
    before: DateTime<Utc>,
) -> Result<u64> {
    let res = background_work::Entity::delete_many()
        .filter(
            background_work::Column::Status
                .is_in([WorkStatus::Done.slug(), WorkStatus::Failed.slug()]),
        )
        .filter(background_work::Column::FinishedAt.lt(before))
        .exec(conn)
        .await?;
    Ok(res.rows_affected)
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;
    use crate::test_support::backends;

    fn at(minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 12, minute, 0).unwrap()
    }

    #[tokio::test]
    async fn an_item_is_held_by_one_worker_until_its_lease_runs_out() {
        for b in backends().await {
            let conn = &b.db.conn;
            let id = enqueue(conn, "application_import", "{\"n\":1}", at(0))
                .await
                .unwrap();
            let lease = Duration::minutes(5);
            let a = claim(conn, id, "worker-a", at(0), at(0) + lease)
                .await
                .unwrap();
            assert_eq!(a.as_ref().map(|i| i.attempts), Some(1), "{}", b.name);
            assert_eq!(a.unwrap().payload, "{\"n\":1}");
            assert!(
                claim(conn, id, "worker-b", at(1), at(1) + lease)
                    .await
                    .unwrap()
                    .is_none()
            );
            assert!(
                claim_free(conn, "worker-b", at(4), at(4) + lease, 10)
                    .await
                    .unwrap()
                    .is_empty()
            );
            assert!(
                progress(conn, id, "worker-a", 3, 10, at(4) + lease)
                    .await
                    .unwrap()
            );

            // Worker a's instance dies: nothing renews the lease, and after it b takes over.
            let taken = claim_free(conn, "worker-b", at(10), at(10) + lease, 10)
                .await
                .unwrap();
            assert_eq!(taken.len(), 1, "{}", b.name);
            assert_eq!(taken[0].attempts, 2);
            assert_eq!(taken[0].progress_done, 3);
            assert!(
                !progress(conn, id, "worker-a", 4, 10, at(10) + lease)
                    .await
                    .unwrap(),
                "a no longer holds it"
            );
            assert!(!finish(conn, id, "worker-a", Ok(()), at(10)).await.unwrap());
            assert!(finish(conn, id, "worker-b", Ok(()), at(11)).await.unwrap());

            let done = find(conn, id).await.unwrap().unwrap();
            assert_eq!(done.status, WorkStatus::Done, "{}", b.name);
            assert_eq!(done.payload, "{}", "the payload goes when the work is done");
            assert!(
                claim_free(conn, "worker-c", at(30), at(30) + lease, 10)
                    .await
                    .unwrap()
                    .is_empty()
            );
            assert_eq!(purge_finished_before(conn, at(12)).await.unwrap(), 1);
        }
    }

    #[tokio::test]
    async fn concurrent_claims_of_one_item_let_exactly_one_worker_have_it() {
        for b in backends().await {
            let id = enqueue(&b.db.conn, "application_import", "{}", at(0))
                .await
                .unwrap();
            let claims: Vec<_> = (0..6)
                .map(|i| {
                    let conn = b.db.conn.clone();
                    tokio::spawn(async move {
                        claim(&conn, id, &format!("worker-{i}"), at(0), at(5))
                            .await
                            .unwrap()
                    })
                })
                .collect();
            let mut won = 0;
            for c in claims {
                if c.await.unwrap().is_some() {
                    won += 1;
                }
            }
            assert_eq!(won, 1, "{}", b.name);
        }
    }
}
