//! Server-side sessions. The cookie carries a random token; the table holds only its SHA-256,
//! so a copy of the database cannot be used to sign in.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    sea_query::Expr,
};

use crate::Result;
use crate::entities::session;

/// A signed-in (or anonymous) browser session as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub id_hash: String,
    pub user_id: Option<i32>,
    pub csrf_token: String,
    pub flash: Option<String>,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
}

impl From<session::Model> for SessionRow {
    fn from(m: session::Model) -> SessionRow {
        SessionRow {
            id_hash: m.id_hash,
            user_id: m.user_id,
            csrf_token: m.csrf_token,
            flash: m.flash,
            created_at: m.created_at,
            last_seen_at: m.last_seen_at,
        }
    }
}

pub async fn create<C: ConnectionTrait>(
    conn: &C,
    id_hash: &str,
    user_id: Option<i32>,
    csrf_token: &str,
    flash: Option<String>,
    now: DateTime<Utc>,
) -> Result<()> {
    session::Entity::insert(session::ActiveModel {
        id_hash: Set(id_hash.to_owned()),
        user_id: Set(user_id),
        csrf_token: Set(csrf_token.to_owned()),
        flash: Set(flash),
        created_at: Set(now),
        last_seen_at: Set(now),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

pub async fn find<C: ConnectionTrait>(conn: &C, id_hash: &str) -> Result<Option<SessionRow>> {
    Ok(session::Entity::find_by_id(id_hash.to_owned())
        .one(conn)
        .await?
        .map(SessionRow::from))
}

pub async fn touch<C: ConnectionTrait>(conn: &C, id_hash: &str, now: DateTime<Utc>) -> Result<()> {
    session::Entity::update_many()
        .col_expr(session::Column::LastSeenAt, Expr::value(now))
        .filter(session::Column::IdHash.eq(id_hash))
        .exec(conn)
        .await?;
    Ok(())
}

pub async fn set_flash<C: ConnectionTrait>(
    conn: &C,
    id_hash: &str,
    flash: Option<String>,
) -> Result<()> {
    session::Entity::update_many()
        .col_expr(session::Column::Flash, Expr::value(flash))
        .filter(session::Column::IdHash.eq(id_hash))
        .exec(conn)
        .await?;
    Ok(())
}

pub async fn delete<C: ConnectionTrait>(conn: &C, id_hash: &str) -> Result<()> {
    session::Entity::delete_by_id(id_hash.to_owned())
        .exec(conn)
        .await?;
    Ok(())
}

/// Ends every session of a person (after a password change, or when an admin disables them).
pub async fn delete_for_user<C: ConnectionTrait>(conn: &C, user_id: i32) -> Result<u64> {
    let res = session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .exec(conn)
        .await?;
    Ok(res.rows_affected)
}

/// Deletes sessions idle since `idle_before` or created before `created_before`.
pub async fn purge_expired<C: ConnectionTrait>(
    conn: &C,
    idle_before: DateTime<Utc>,
    created_before: DateTime<Utc>,
) -> Result<u64> {
    let res = session::Entity::delete_many()
        .filter(
            Condition::any()
                .add(session::Column::LastSeenAt.lt(idle_before))
                .add(session::Column::CreatedAt.lt(created_before)),
        )
        .exec(conn)
        .await?;
    Ok(res.rows_affected)
}
