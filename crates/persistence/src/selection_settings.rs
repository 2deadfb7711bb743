//! A cohort's stored selection settings: quotas, the review deadline, the days to confirm.

use chrono::{DateTime, Utc};
use itp_domain::selection::SelectionSettings;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};

use crate::Result;
use crate::entities::selection_setting;

fn to_u32(n: Option<i32>) -> Option<u32> {
    n.and_then(|n| u32::try_from(n).ok())
}

fn to_i32(n: Option<u32>) -> Option<i32> {
    n.and_then(|n| i32::try_from(n).ok())
}

/// Whether the cohort has its own settings (else ICLD's usual ones apply).
pub async fn is_set<C: ConnectionTrait>(conn: &C, cohort_id: i32) -> Result<bool> {
    Ok(selection_setting::Entity::find_by_id(cohort_id)
        .one(conn)
        .await?
        .is_some())
}

/// The cohort's settings, or the usual ones while it has none.
pub async fn of_cohort<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
    programme_requires_politician: bool,
) -> Result<SelectionSettings> {
    let Some(row) = selection_setting::Entity::find_by_id(cohort_id)
        .one(conn)
        .await?
    else {
        return Ok(SelectionSettings::usual(programme_requires_politician));
    };
    Ok(SelectionSettings {
        seats: to_u32(row.seats),
        max_teams_per_country: to_u32(row.max_teams_per_country),
        max_teams_per_country_hard: row.max_teams_per_country_hard,
        min_women_percent: to_u32(row.min_women_percent),
        min_women_hard: row.min_women_hard,
        politician_per_team: row.politician_per_team,
        politician_hard: row.politician_hard,
        review_deadline: row.review_deadline,
        confirm_days: to_u32(Some(row.confirm_days)).unwrap_or(14),
    })
}

/// Stores the cohort's settings, replacing what it had.
pub async fn set<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
    s: &SelectionSettings,
    now: DateTime<Utc>,
) -> Result<()> {
    selection_setting::Entity::delete_by_id(cohort_id)
        .exec(conn)
        .await?;
    selection_setting::Entity::insert(selection_setting::ActiveModel {
        cohort_id: Set(cohort_id),
        seats: Set(to_i32(s.seats)),
        max_teams_per_country: Set(to_i32(s.max_teams_per_country)),
        max_teams_per_country_hard: Set(s.max_teams_per_country_hard),
        min_women_percent: Set(to_i32(s.min_women_percent)),
        min_women_hard: Set(s.min_women_hard),
        politician_per_team: Set(s.politician_per_team),
        politician_hard: Set(s.politician_hard),
        review_deadline: Set(s.review_deadline),
        confirm_days: Set(to_i32(Some(s.confirm_days)).unwrap_or(14)),
        updated_at: Set(now),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// Copies the source's own settings to a clone, without the review deadline (a date of the
/// source's call); `false` when the source has none.
pub async fn copy<C: ConnectionTrait>(
    conn: &C,
    from: i32,
    to: i32,
    now: DateTime<Utc>,
) -> Result<bool> {
    if !is_set(conn, from).await? {
        return Ok(false);
    }
    let mut s = of_cohort(conn, from, false).await?;
    s.review_deadline = None;
    set(conn, to, &s, now).await?;
    Ok(true)
}

/// Cohorts whose review deadline falls in `[from, to)`, with the deadline.
pub async fn review_deadlines_between<C: ConnectionTrait>(
    conn: &C,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<(i32, DateTime<Utc>)>> {
    use sea_orm::{ColumnTrait, QueryFilter};
    Ok(selection_setting::Entity::find()
        .filter(selection_setting::Column::ReviewDeadline.gte(from))
        .filter(selection_setting::Column::ReviewDeadline.lt(to))
        .all(conn)
        .await?
        .into_iter()
        .filter_map(|r| Some((r.cohort_id, r.review_deadline?)))
        .collect())
}
