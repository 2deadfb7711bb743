//! What the calendar feeds read: people's feed tokens and the cohorts a person is assigned to.

use itp_domain::Code;
use itp_domain::role::Role;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::Result;
use crate::account::UserRow;
use crate::cohort::{self, StoredCohort};
use crate::entities::{cohort_manager, role_grant, user};

pub async fn user_by_token<C: ConnectionTrait>(conn: &C, token: &str) -> Result<Option<UserRow>> {
    Ok(user::Entity::find()
        .filter(user::Column::CalendarToken.eq(token))
        .filter(user::Column::Active.eq(true))
        .one(conn)
        .await?
        .map(UserRow::from))
}

pub async fn set_user_token<C: ConnectionTrait>(conn: &C, user_id: i32, token: &str) -> Result<()> {
    user::Entity::update(user::ActiveModel {
        id: Set(user_id),
        calendar_token: Set(Some(token.to_owned())),
        ..Default::default()
    })
    .exec(conn)
    .await?;
    Ok(())
}

/// Why a cohort is in someone's calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assignment {
    Manager,
    Reviewer,
}

/// The cohorts a person is assigned to (responsible manager or reviewer), in two queries for the
/// assignments and one for the cohorts.
pub async fn assigned_cohorts<C: ConnectionTrait>(
    conn: &C,
    user_id: i32,
) -> Result<Vec<(StoredCohort, Assignment)>> {
    let managed: Vec<i32> = cohort_manager::Entity::find()
        .filter(cohort_manager::Column::UserId.eq(user_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| m.cohort_id)
        .collect();
    let reviewing: Vec<i32> = role_grant::Entity::find()
        .filter(role_grant::Column::UserId.eq(user_id))
        .filter(role_grant::Column::Role.eq(Role::Reviewer.code()))
        .all(conn)
        .await?
        .into_iter()
        .filter_map(|g| g.scope_id)
        .collect();
    let mut ids: Vec<i32> = managed.iter().chain(&reviewing).copied().collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(cohort::with_ids(conn, &ids)
        .await?
        .into_iter()
        .map(|c| {
            let why = if managed.contains(&c.id) {
                Assignment::Manager
            } else {
                Assignment::Reviewer
            };
            (c, why)
        })
        .collect())
}
