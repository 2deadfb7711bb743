//! Failed-login counters per e-mail address (also for addresses without an account, so the
//! answer never tells whether an account exists).

use chrono::{DateTime, Utc};
use itp_domain::throttle::LoginThrottle;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait, QuerySelect, sea_query::OnConflict};

use crate::Result;
use crate::entities::login_throttle;

pub async fn get<C: ConnectionTrait>(conn: &C, email: &str) -> Result<LoginThrottle> {
    Ok(login_throttle::Entity::find_by_id(email.to_owned())
        .one(conn)
        .await?
        .map(to_state)
        .unwrap_or_default())
}

/// The counters for `email`, locked for the rest of the transaction: on PostgreSQL the row is
/// created if missing and read `FOR UPDATE`; on SQLite the write transaction (IMMEDIATE) already
/// excludes every other writer. Parallel attempts for one address therefore count one after
/// another, never from the same stale read.
pub async fn lock<C: ConnectionTrait>(
    conn: &C,
    email: &str,
    now: DateTime<Utc>,
) -> Result<LoginThrottle> {
    login_throttle::Entity::insert(login_throttle::ActiveModel {
        email: Set(email.to_owned()),
        failures: Set(0),
        lockouts: Set(0),
        locked_until: Set(None),
        updated_at: Set(now),
    })
    .on_conflict_do_nothing_on([login_throttle::Column::Email])
    .exec_without_returning(conn)
    .await?;
    let row = login_throttle::Entity::find_by_id(email.to_owned())
        .lock_exclusive()
        .one(conn)
        .await?;
    Ok(row.map(to_state).unwrap_or_default())
}

fn to_state(m: login_throttle::Model) -> LoginThrottle {
    LoginThrottle {
        failures: u32::try_from(m.failures).unwrap_or(0),
        lockouts: u32::try_from(m.lockouts).unwrap_or(0),
        locked_until: m.locked_until,
    }
}

pub async fn save<C: ConnectionTrait>(
    conn: &C,
    email: &str,
    state: LoginThrottle,
    now: DateTime<Utc>,
) -> Result<()> {
    login_throttle::Entity::insert(login_throttle::ActiveModel {
        email: Set(email.to_owned()),
        failures: Set(i32::try_from(state.failures).unwrap_or(i32::MAX)),
        lockouts: Set(i32::try_from(state.lockouts).unwrap_or(i32::MAX)),
        locked_until: Set(state.locked_until),
        updated_at: Set(now),
    })
    .on_conflict(
        OnConflict::column(login_throttle::Column::Email)
            .update_columns([
                login_throttle::Column::Failures,
                login_throttle::Column::Lockouts,
                login_throttle::Column::LockedUntil,
                login_throttle::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec(conn)
    .await?;
    Ok(())
}

pub async fn clear<C: ConnectionTrait>(conn: &C, email: &str) -> Result<()> {
    login_throttle::Entity::delete_by_id(email.to_owned())
        .exec(conn)
        .await?;
    Ok(())
}

/// Forgets counters untouched since `before` (they carry e-mail addresses: personal data).
pub async fn purge_stale<C: ConnectionTrait>(conn: &C, before: DateTime<Utc>) -> Result<u64> {
    use sea_orm::{ColumnTrait, QueryFilter};
    let res = login_throttle::Entity::delete_many()
        .filter(login_throttle::Column::UpdatedAt.lt(before))
        .exec(conn)
        .await?;
    Ok(res.rows_affected)
}
