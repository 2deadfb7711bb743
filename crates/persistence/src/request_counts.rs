//! Request counters per client address and purpose (`itp_domain::throttle::RequestLimit`).

use chrono::{DateTime, Utc};
use itp_domain::throttle::{RequestLimit, Window};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect,
    sea_query::OnConflict,
};

use crate::Result;
use crate::entities::request_count;

/// Counts one request under `key` and returns `Err(retry at)` when it is over `limit`. Call it in
/// a write transaction: the row is locked (`FOR UPDATE` on PostgreSQL; SQLite's IMMEDIATE
/// transaction excludes other writers), so parallel requests count one after another.
pub async fn admit<C: ConnectionTrait>(
    conn: &C,
    key: &str,
    limit: RequestLimit,
    now: DateTime<Utc>,
) -> Result<std::result::Result<(), DateTime<Utc>>> {
    request_count::Entity::insert(request_count::ActiveModel {
        key: Set(key.to_owned()),
        window_started_at: Set(now),
        hits: Set(0),
    })
    .on_conflict_do_nothing_on([request_count::Column::Key])
    .exec_without_returning(conn)
    .await?;
    let current = request_count::Entity::find_by_id(key.to_owned())
        .lock_exclusive()
        .one(conn)
        .await?
        .filter(|row| row.hits > 0)
        .map(|row| Window {
            started_at: row.window_started_at,
            hits: u32::try_from(row.hits).unwrap_or(u32::MAX),
        });
    let next = match limit.admit(current, now) {
        Ok(next) => next,
        Err(retry_at) => return Ok(Err(retry_at)),
    };
    request_count::Entity::insert(request_count::ActiveModel {
        key: Set(key.to_owned()),
        window_started_at: Set(next.started_at),
        hits: Set(i32::try_from(next.hits).unwrap_or(i32::MAX)),
    })
    .on_conflict(
        OnConflict::column(request_count::Column::Key)
            .update_columns([
                request_count::Column::WindowStartedAt,
                request_count::Column::Hits,
            ])
            .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(Ok(()))
}

/// Forgets windows that started before `before` (they name client addresses).
pub async fn purge_stale<C: ConnectionTrait>(conn: &C, before: DateTime<Utc>) -> Result<u64> {
    let res = request_count::Entity::delete_many()
        .filter(request_count::Column::WindowStartedAt.lt(before))
        .exec(conn)
        .await?;
    Ok(res.rows_affected)
}
