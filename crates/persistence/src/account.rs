//! People who sign in, their role grants and their one-time links.

use chrono::{DateTime, Utc};
use itp_domain::Code;
use itp_domain::account::{Email, LinkPurpose};
use itp_domain::role::{Grant, Principal};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    sea_query::Expr,
};

use crate::decode;
use crate::entities::{one_time_link, role_grant, user};
use crate::{PersistenceError, Result};

/// A person's account as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRow {
    pub id: i32,
    pub email: String,
    pub display_name: String,
    pub password_hash: Option<String>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub last_login_at: Option<DateTime<Utc>>,
    pub calendar_token: Option<String>,
}

impl From<user::Model> for UserRow {
    fn from(m: user::Model) -> UserRow {
        UserRow {
            id: m.id,
            email: m.email,
            display_name: m.display_name,
            password_hash: m.password_hash,
            active: m.active,
            created_at: m.created_at,
            last_login_at: m.last_login_at,
            calendar_token: m.calendar_token,
        }
    }
}

pub async fn create<C: ConnectionTrait>(
    conn: &C,
    email: &Email,
    display_name: &str,
    grants: &[Grant],
    now: DateTime<Utc>,
) -> Result<i32> {
    let res = user::Entity::insert(user::ActiveModel {
        email: Set(email.as_str().to_owned()),
        display_name: Set(display_name.trim().to_owned()),
        password_hash: Set(None),
        active: Set(true),
        created_at: Set(now),
        last_login_at: Set(None),
        ..Default::default()
    })
    .exec(conn)
    .await
    .map_err(|e| {
        PersistenceError::conflict_on_unique(e, format!("An account for {email} already exists."))
    })?;
    let user_id = res.last_insert_id;
    for grant in grants {
        add_grant(conn, user_id, *grant, now).await?;
    }
    Ok(user_id)
}

pub async fn add_grant<C: ConnectionTrait>(
    conn: &C,
    user_id: i32,
    grant: Grant,
    now: DateTime<Utc>,
) -> Result<()> {
    let scope = grant
        .scope
        .map(i32::try_from)
        .transpose()
        .map_err(|_| PersistenceError::Corrupt("scope id out of range".into()))?;
    role_grant::Entity::insert(role_grant::ActiveModel {
        user_id: Set(user_id),
        role: Set(grant.role.code().to_owned()),
        scope_id: Set(scope),
        created_at: Set(now),
        ..Default::default()
    })
    .exec(conn)
    .await?;
    Ok(())
}

pub async fn find<C: ConnectionTrait>(conn: &C, user_id: i32) -> Result<Option<UserRow>> {
    Ok(user::Entity::find_by_id(user_id)
        .one(conn)
        .await?
        .map(UserRow::from))
}

pub async fn find_by_email<C: ConnectionTrait>(conn: &C, email: &Email) -> Result<Option<UserRow>> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(conn)
        .await?
        .map(UserRow::from))
}

fn to_grant(row: &role_grant::Model) -> Result<Grant> {
    Ok(Grant {
        role: decode(&row.role, "role_grants.role")?,
        scope: row.scope_id.map(i64::from),
    })
}

pub async fn grants<C: ConnectionTrait>(conn: &C, user_id: i32) -> Result<Vec<Grant>> {
    role_grant::Entity::find()
        .filter(role_grant::Column::UserId.eq(user_id))
        .order_by_asc(role_grant::Column::Id)
        .all(conn)
        .await?
        .iter()
        .map(to_grant)
        .collect()
}

pub async fn principal<C: ConnectionTrait>(conn: &C, user_id: i32) -> Result<Principal> {
    Ok(Principal {
        user_id: i64::from(user_id),
        grants: grants(conn, user_id).await?,
    })
}

pub async fn set_password<C: ConnectionTrait>(conn: &C, user_id: i32, hash: &str) -> Result<()> {
    user::Entity::update_many()
        .col_expr(user::Column::PasswordHash, Expr::value(hash.to_owned()))
        .filter(user::Column::Id.eq(user_id))
        .exec(conn)
        .await?;
    Ok(())
}

pub async fn set_active<C: ConnectionTrait>(conn: &C, user_id: i32, active: bool) -> Result<()> {
    user::Entity::update_many()
        .col_expr(user::Column::Active, Expr::value(active))
        .filter(user::Column::Id.eq(user_id))
        .exec(conn)
        .await?;
    Ok(())
}

pub async fn record_login<C: ConnectionTrait>(
    conn: &C,
    user_id: i32,
    now: DateTime<Utc>,
) -> Result<()> {
    user::Entity::update_many()
        .col_expr(user::Column::LastLoginAt, Expr::value(now))
        .filter(user::Column::Id.eq(user_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// Everyone with their grants, in two queries.
pub async fn list<C: ConnectionTrait>(conn: &C) -> Result<Vec<(UserRow, Vec<Grant>)>> {
    let users = user::Entity::find()
        .order_by_asc(user::Column::Email)
        .all(conn)
        .await?;
    let all_grants = role_grant::Entity::find()
        .order_by_asc(role_grant::Column::Id)
        .all(conn)
        .await?;
    users
        .into_iter()
        .map(|u| {
            let grants = all_grants
                .iter()
                .filter(|g| g.user_id == u.id)
                .map(to_grant)
                .collect::<Result<Vec<_>>>()?;
            Ok((UserRow::from(u), grants))
        })
        .collect()
}

pub async fn create_link<C: ConnectionTrait>(
    conn: &C,
    user_id: i32,
    purpose: LinkPurpose,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>> {
    let expires_at = now + purpose.validity();
    one_time_link::Entity::insert(one_time_link::ActiveModel {
        user_id: Set(user_id),
        purpose: Set(purpose.code().to_owned()),
        token_hash: Set(token_hash.to_owned()),
        expires_at: Set(expires_at),
        used_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    })
    .exec(conn)
    .await?;
    Ok(expires_at)
}

/// A link that is unused and not expired, with its person.
pub struct LiveLink {
    pub link_id: i32,
    pub purpose: LinkPurpose,
    pub user: UserRow,
}

pub async fn find_live_link<C: ConnectionTrait>(
    conn: &C,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<LiveLink>> {
    let Some(link) = one_time_link::Entity::find()
        .filter(one_time_link::Column::TokenHash.eq(token_hash))
        .filter(one_time_link::Column::UsedAt.is_null())
        .filter(one_time_link::Column::ExpiresAt.gt(now))
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let purpose: LinkPurpose = decode(&link.purpose, "one_time_links.purpose")?;
    let Some(user) = find(conn, link.user_id).await? else {
        return Ok(None);
    };
    Ok(Some(LiveLink {
        link_id: link.id,
        purpose,
        user,
    }))
}

/// Marks a link used; `false` when someone else used it first (a double submit).
pub async fn use_link<C: ConnectionTrait>(
    conn: &C,
    link_id: i32,
    now: DateTime<Utc>,
) -> Result<bool> {
    let res = one_time_link::Entity::update_many()
        .col_expr(one_time_link::Column::UsedAt, Expr::value(now))
        .filter(one_time_link::Column::Id.eq(link_id))
        .filter(one_time_link::Column::UsedAt.is_null())
        .exec(conn)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Ends every unused link of a person (a password was set or changed: an older reset link
/// must not still work).
pub async fn end_links<C: ConnectionTrait>(
    conn: &C,
    user_id: i32,
    now: DateTime<Utc>,
) -> Result<u64> {
    let res = one_time_link::Entity::update_many()
        .col_expr(one_time_link::Column::UsedAt, Expr::value(now))
        .filter(one_time_link::Column::UserId.eq(user_id))
        .filter(one_time_link::Column::UsedAt.is_null())
        .exec(conn)
        .await?;
    Ok(res.rows_affected)
}

/// Deletes used or expired links older than `before`.
pub async fn purge_links<C: ConnectionTrait>(conn: &C, before: DateTime<Utc>) -> Result<u64> {
    let res = one_time_link::Entity::delete_many()
        .filter(one_time_link::Column::ExpiresAt.lt(before))
        .exec(conn)
        .await?;
    Ok(res.rows_affected)
}

/// A person's grants with their row ids, for revoking one.
pub async fn grant_rows<C: ConnectionTrait>(conn: &C, user_id: i32) -> Result<Vec<(i32, Grant)>> {
    role_grant::Entity::find()
        .filter(role_grant::Column::UserId.eq(user_id))
        .order_by_asc(role_grant::Column::Id)
        .all(conn)
        .await?
        .iter()
        .map(|row| Ok((row.id, to_grant(row)?)))
        .collect()
}

/// Removes one grant; returns it, or `None` when it was not this person's.
pub async fn revoke_grant<C: ConnectionTrait>(
    conn: &C,
    user_id: i32,
    grant_id: i32,
) -> Result<Option<Grant>> {
    let Some(row) = role_grant::Entity::find_by_id(grant_id)
        .filter(role_grant::Column::UserId.eq(user_id))
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let grant = to_grant(&row)?;
    role_grant::Entity::delete_by_id(grant_id)
        .exec(conn)
        .await?;
    Ok(Some(grant))
}
