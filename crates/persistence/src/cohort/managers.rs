//! A cohort's responsible managers and who may be chosen as one.

use chrono::{DateTime, Utc};
use itp_domain::Code;
use itp_domain::role::Role;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};

use sea_orm::sea_query::ExprTrait;

use crate::Result;
use crate::entities::{cohort_manager, role_grant, user};

/// A person as a cohort page names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub user_id: i32,
    pub display_name: String,
    pub email: String,
}

pub async fn managers<C: ConnectionTrait>(conn: &C, cohort_id: i32) -> Result<Vec<Person>> {
    let ids: Vec<i32> = cohort_manager::Entity::find()
        .filter(cohort_manager::Column::CohortId.eq(cohort_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| m.user_id)
        .collect();
    people(conn, &ids).await
}

async fn people<C: ConnectionTrait>(conn: &C, ids: &[i32]) -> Result<Vec<Person>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids.iter().copied()))
        .order_by_asc(user::Column::DisplayName)
        .all(conn)
        .await?
        .into_iter()
        .map(|u| Person {
            user_id: u.id,
            display_name: u.display_name,
            email: u.email,
        })
        .collect())
}

/// Who can be made responsible for a cohort of this programme: active people who manage the
/// programme, and administrators.
pub async fn manager_candidates<C: ConnectionTrait>(
    conn: &C,
    programme_id: i32,
) -> Result<Vec<Person>> {
    let grants = role_grant::Entity::find()
        .filter(
            role_grant::Column::Role
                .eq(Role::Admin.code())
                .or(role_grant::Column::Role
                    .eq(Role::ProgrammeManager.code())
                    .and(role_grant::Column::ScopeId.eq(programme_id))),
        )
        .all(conn)
        .await?;
    let mut ids: Vec<i32> = grants.iter().map(|g| g.user_id).collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(vec![]);
    }
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .filter(user::Column::Active.eq(true))
        .order_by_asc(user::Column::DisplayName)
        .all(conn)
        .await?
        .into_iter()
        .map(|u| Person {
            user_id: u.id,
            display_name: u.display_name,
            email: u.email,
        })
        .collect())
}

/// Makes `user_ids` the cohort's responsible managers; returns the ids added and removed.
pub async fn set_managers<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
    user_ids: &[i32],
    now: DateTime<Utc>,
) -> Result<(Vec<i32>, Vec<i32>)> {
    let current: Vec<i32> = cohort_manager::Entity::find()
        .filter(cohort_manager::Column::CohortId.eq(cohort_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| m.user_id)
        .collect();
    let added: Vec<i32> = user_ids
        .iter()
        .copied()
        .filter(|id| !current.contains(id))
        .collect();
    let removed: Vec<i32> = current
        .iter()
        .copied()
        .filter(|id| !user_ids.contains(id))
        .collect();
    if !removed.is_empty() {
        cohort_manager::Entity::delete_many()
            .filter(cohort_manager::Column::CohortId.eq(cohort_id))
            .filter(cohort_manager::Column::UserId.is_in(removed.iter().copied()))
            .exec(conn)
            .await?;
    }
    if !added.is_empty() {
        cohort_manager::Entity::insert_many(added.iter().map(|&user_id| {
            cohort_manager::ActiveModel {
                cohort_id: Set(cohort_id),
                user_id: Set(user_id),
                created_at: Set(now),
            }
        }))
        .exec(conn)
        .await?;
    }
    Ok((added, removed))
}

/// Takes the person off every cohort they may no longer be responsible for: cohorts outside the
/// programmes they still manage (administrators keep theirs). Called when a role is revoked, so
/// what came with a role (the cohort on their page, its phases in their calendar feed) ends
/// with it. Returns how many cohorts they left.
pub async fn drop_unentitled<C: ConnectionTrait>(conn: &C, user_id: i32) -> Result<u64> {
    use crate::entities::cohort;
    let grants = role_grant::Entity::find()
        .filter(role_grant::Column::UserId.eq(user_id))
        .all(conn)
        .await?;
    if grants.iter().any(|g| g.role == Role::Admin.code()) {
        return Ok(0);
    }
    let managed: Vec<i32> = grants
        .iter()
        .filter(|g| g.role == Role::ProgrammeManager.code())
        .filter_map(|g| g.scope_id)
        .collect();
    let cohort_ids: Vec<i32> = cohort_manager::Entity::find()
        .filter(cohort_manager::Column::UserId.eq(user_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| m.cohort_id)
        .collect();
    if cohort_ids.is_empty() {
        return Ok(0);
    }
    let outside: Vec<i32> = cohort::Entity::find()
        .filter(cohort::Column::Id.is_in(cohort_ids))
        .all(conn)
        .await?
        .into_iter()
        .filter(|c| !managed.contains(&c.programme_id))
        .map(|c| c.id)
        .collect();
    if outside.is_empty() {
        return Ok(0);
    }
    let res = cohort_manager::Entity::delete_many()
        .filter(cohort_manager::Column::UserId.eq(user_id))
        .filter(cohort_manager::Column::CohortId.is_in(outside))
        .exec(conn)
        .await?;
    Ok(res.rows_affected)
}
