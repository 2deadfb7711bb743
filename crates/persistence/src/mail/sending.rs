//! The sender's side of the outbox. A message is claimed by flipping it from `queued` to
//! `sending` with a fresh claim token, in one conditional UPDATE: when two app instances pick the
//! same message, the database lets only one UPDATE match it (PostgreSQL re-checks the
//! `status = 'queued'` condition after waiting for the other writer's row lock; SQLite has one
//! writer at a time), so no message is sent twice. The claim carries a lease; a message whose
//! sender died is taken back once its lease has run out.

use chrono::{DateTime, Utc};
use itp_domain::Code;
use itp_domain::mail::{AfterFailure, MailStatus};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait},
};

use super::{StoredMail, to_stored, truncate};
use crate::Result;
use crate::entities::outbox;

/// Claims up to `limit` messages that are due, not held and not expired, for the sender holding
/// `token` (unique per batch) until `lease_until`. Each claim counts as an attempt, so a message
/// that crashes its sender still runs out of attempts.
pub async fn claim<C: ConnectionTrait>(
    conn: &C,
    token: &str,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<StoredMail>> {
    let due = || {
        Condition::all()
            .add(outbox::Column::Status.eq(MailStatus::Queued.code()))
            .add(outbox::Column::Hold.eq(false))
            .add(outbox::Column::NextAttemptAt.lte(now))
            .add(
                Condition::any()
                    .add(outbox::Column::ExpiresAt.is_null())
                    .add(outbox::Column::ExpiresAt.gt(now)),
            )
    };
    let ids: Vec<i32> = outbox::Entity::find()
        .select_only()
        .column(outbox::Column::Id)
        .filter(due())
        .order_by_asc(outbox::Column::NextAttemptAt)
        .order_by_asc(outbox::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(conn)
        .await?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    // The same conditions again: another sender may have taken some of these meanwhile.
    outbox::Entity::update_many()
        .col_expr(
            outbox::Column::Status,
            Expr::value(MailStatus::Sending.code()),
        )
        .col_expr(outbox::Column::ClaimToken, Expr::value(token))
        .col_expr(outbox::Column::LeaseUntil, Expr::value(lease_until))
        .col_expr(
            outbox::Column::Attempts,
            Expr::col(outbox::Column::Attempts).add(1),
        )
        .filter(outbox::Column::Id.is_in(ids))
        .filter(due())
        .exec(conn)
        .await?;
    outbox::Entity::find()
        .filter(outbox::Column::ClaimToken.eq(token))
        .filter(outbox::Column::Status.eq(MailStatus::Sending.code()))
        .order_by_asc(outbox::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(to_stored)
        .collect()
}

/// Records a delivery. `false` when this sender no longer holds the message (its lease ran out
/// and another sender took it back).
pub async fn mark_sent<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    token: &str,
    now: DateTime<Utc>,
) -> Result<bool> {
    let res = outbox::Entity::update_many()
        .col_expr(outbox::Column::Status, Expr::value(MailStatus::Sent.code()))
        .col_expr(outbox::Column::SentAt, Expr::value(now))
        .col_expr(outbox::Column::ClaimToken, Expr::value(None::<String>))
        .col_expr(
            outbox::Column::LeaseUntil,
            Expr::value(None::<DateTime<Utc>>),
        )
        .filter(outbox::Column::Id.eq(id))
        .filter(outbox::Column::ClaimToken.eq(token))
        .filter(outbox::Column::Status.eq(MailStatus::Sending.code()))
        .exec(conn)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Records a failed attempt: back to the queue until `RetryAt`, or failed for good.
pub async fn mark_failed<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    token: &str,
    error: &str,
    after: AfterFailure,
) -> Result<bool> {
    let mut update = outbox::Entity::update_many()
        .col_expr(
            outbox::Column::LastError,
            Expr::value(truncate(error, 2000)),
        )
        .col_expr(outbox::Column::ClaimToken, Expr::value(None::<String>))
        .col_expr(
            outbox::Column::LeaseUntil,
            Expr::value(None::<DateTime<Utc>>),
        );
    update = match after {
        AfterFailure::RetryAt(at) => update
            .col_expr(
                outbox::Column::Status,
                Expr::value(MailStatus::Queued.code()),
            )
            .col_expr(outbox::Column::NextAttemptAt, Expr::value(at)),
        AfterFailure::GiveUp => update.col_expr(
            outbox::Column::Status,
            Expr::value(MailStatus::Failed.code()),
        ),
    };
    let res = update
        .filter(outbox::Column::Id.eq(id))
        .filter(outbox::Column::ClaimToken.eq(token))
        .filter(outbox::Column::Status.eq(MailStatus::Sending.code()))
        .exec(conn)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Takes back messages whose sender's lease ran out (the instance stopped mid-way): queued again
/// at once, or failed when that was their last attempt. Such a message may already have been
/// delivered, so it can arrive twice; the alternative, never retrying, loses mail.
pub async fn recover_stuck<C: ConnectionTrait>(
    conn: &C,
    now: DateTime<Utc>,
    max_attempts: u32,
) -> Result<u64> {
    let stuck = || {
        Condition::all()
            .add(outbox::Column::Status.eq(MailStatus::Sending.code()))
            .add(outbox::Column::LeaseUntil.lt(now))
    };
    let max_attempts = i32::try_from(max_attempts).unwrap_or(i32::MAX);
    let given_up = outbox::Entity::update_many()
        .col_expr(
            outbox::Column::Status,
            Expr::value(MailStatus::Failed.code()),
        )
        .col_expr(
            outbox::Column::LastError,
            Expr::value(
                "The last attempt was interrupted (the sending app instance stopped) and no \
                 attempts are left; it may or may not have been delivered.",
            ),
        )
        .col_expr(outbox::Column::ClaimToken, Expr::value(None::<String>))
        .col_expr(
            outbox::Column::LeaseUntil,
            Expr::value(None::<DateTime<Utc>>),
        )
        .filter(stuck())
        .filter(outbox::Column::Attempts.gte(max_attempts))
        .exec(conn)
        .await?;
    let requeued = outbox::Entity::update_many()
        .col_expr(
            outbox::Column::Status,
            Expr::value(MailStatus::Queued.code()),
        )
        .col_expr(outbox::Column::NextAttemptAt, Expr::value(now))
        .col_expr(
            outbox::Column::LastError,
            Expr::value(
                "An attempt was interrupted (the sending app instance stopped); tried again.",
            ),
        )
        .col_expr(outbox::Column::ClaimToken, Expr::value(None::<String>))
        .col_expr(
            outbox::Column::LeaseUntil,
            Expr::value(None::<DateTime<Utc>>),
        )
        .filter(stuck())
        .exec(conn)
        .await?;
    Ok(given_up.rows_affected + requeued.rows_affected)
}

/// Fails queued messages (held ones too) whose expiry passed before they could go: the link they
/// carry no longer works, and a mail that arrives with a dead link only confuses.
pub async fn expire_stale<C: ConnectionTrait>(conn: &C, now: DateTime<Utc>) -> Result<u64> {
    let res = outbox::Entity::update_many()
        .col_expr(
            outbox::Column::Status,
            Expr::value(MailStatus::Failed.code()),
        )
        .col_expr(
            outbox::Column::LastError,
            Expr::value("Not sent: it expired before it could be delivered."),
        )
        .filter(outbox::Column::Status.eq(MailStatus::Queued.code()))
        .filter(outbox::Column::ExpiresAt.lte(now))
        .exec(conn)
        .await?;
    Ok(res.rows_affected)
}
