//! Budget lines: one per cohort and category, created when first saved. A line not yet saved
//! reads as planned at zero under the default control (warn).
//!
//! Every save names the version the form was read at; a save against an older version changes
//! nothing and returns the line as it now stands ([`Saved::Stale`]), so the page can show what
//! the other person saved beside what this person typed.

use chrono::{DateTime, Utc};
use itp_domain::Code;
use itp_domain::budget::{Category, Control, LinePlan, UnitCost};
use itp_domain::{Currency, Money};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, sea_query::Expr,
};

use super::{from_ore, to_ore};
use crate::entities::{budget_line, user};
use crate::{Result, decode};

/// A line as stored, or as a line not yet saved reads (`id` 0, `version` 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredLine {
    pub id: i32,
    pub cohort_id: i32,
    pub category: Category,
    pub plan: LinePlan,
    pub control: Control,
    pub version: i32,
    pub updated_by: Option<String>,
    pub updated_at: Option<DateTime<Utc>>,
}

impl StoredLine {
    pub fn unsaved(cohort_id: i32, category: Category) -> StoredLine {
        StoredLine {
            id: 0,
            cohort_id,
            category,
            plan: LinePlan {
                planned: Money::zero(Currency::SEK),
                unit_cost: None,
                note: String::new(),
            },
            control: Control::default(),
            version: 0,
            updated_by: None,
            updated_at: None,
        }
    }
}

/// What a versioned save did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    /// Saved; the line's new version.
    Saved { version: i32 },
    /// Someone saved the line after the form was read: nothing changed; the line as it is now.
    Stale(Box<StoredLine>),
}

fn to_line(m: budget_line::Model, updated_by: Option<String>) -> Result<StoredLine> {
    let unit_cost = match (m.calc_units, m.calc_rate_ore) {
        (Some(units), Some(rate)) => Some(UnitCost {
            units: u32::try_from(units)
                .map_err(|e| super::corrupt("budget_lines.calc_units", e))?,
            nights: m.calc_nights.and_then(|n| u32::try_from(n).ok()),
            rate: Money::from_minor_units(rate, Currency::SEK),
        }),
        _ => None,
    };
    Ok(StoredLine {
        id: m.id,
        cohort_id: m.cohort_id,
        category: decode(&m.category, "budget_lines.category")?,
        plan: LinePlan {
            planned: Money::sek(from_ore(m.planned_ore)),
            unit_cost,
            note: m.note,
        },
        control: decode(&m.control, "budget_lines.control")?,
        version: m.version,
        updated_by,
        updated_at: Some(m.updated_at),
    })
}

/// Every category's line of a cohort, in the categories' order; unsaved ones as
/// [`StoredLine::unsaved`].
pub async fn of_cohort<C: ConnectionTrait>(conn: &C, cohort_id: i32) -> Result<Vec<StoredLine>> {
    let rows = budget_line::Entity::find()
        .filter(budget_line::Column::CohortId.eq(cohort_id))
        .all(conn)
        .await?;
    let names = user_names(conn, rows.iter().filter_map(|r| r.updated_by_user_id)).await?;
    let mut stored = Vec::new();
    for r in rows {
        let by = r.updated_by_user_id.and_then(|id| names.get(&id).cloned());
        stored.push(to_line(r, by)?);
    }
    Ok(Category::ALL
        .iter()
        .map(|c| {
            stored
                .iter()
                .find(|l| l.category == *c)
                .cloned()
                .unwrap_or_else(|| StoredLine::unsaved(cohort_id, *c))
        })
        .collect())
}

/// One line of a cohort (unsaved if never saved).
pub async fn find<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
    category: Category,
) -> Result<StoredLine> {
    let row = budget_line::Entity::find()
        .filter(budget_line::Column::CohortId.eq(cohort_id))
        .filter(budget_line::Column::Category.eq(category.code()))
        .one(conn)
        .await?;
    match row {
        Some(r) => {
            let names = user_names(conn, r.updated_by_user_id).await?;
            let by = r.updated_by_user_id.and_then(|id| names.get(&id).cloned());
            to_line(r, by)
        }
        None => Ok(StoredLine::unsaved(cohort_id, category)),
    }
}

async fn user_names<C: ConnectionTrait>(
    conn: &C,
    ids: impl IntoIterator<Item = i32>,
) -> Result<std::collections::HashMap<i32, String>> {
    let ids: Vec<i32> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect())
}

/// Saves the plan of a line read at `expected_version` (0: never saved).
pub async fn save_plan<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
    category: Category,
    expected_version: i32,
    plan: &LinePlan,
    by: Option<i32>,
    now: DateTime<Utc>,
) -> Result<Saved> {
    let planned = to_ore(plan.planned.amount())?;
    let (units, nights, rate) = match plan.unit_cost {
        Some(u) => (
            Some(i32::try_from(u.units).unwrap_or(i32::MAX)),
            u.nights.map(|n| i32::try_from(n).unwrap_or(i32::MAX)),
            Some(to_ore(u.rate.amount())?),
        ),
        None => (None, None, None),
    };
    write(
        conn,
        (cohort_id, category, expected_version, by, now),
        |a| {
            a.planned_ore = Set(planned);
            a.calc_units = Set(units);
            a.calc_nights = Set(nights);
            a.calc_rate_ore = Set(rate);
            a.note = Set(plan.note.clone());
        },
        |u| {
            u.col_expr(budget_line::Column::PlannedOre, Expr::value(planned))
                .col_expr(budget_line::Column::CalcUnits, Expr::value(units))
                .col_expr(budget_line::Column::CalcNights, Expr::value(nights))
                .col_expr(budget_line::Column::CalcRateOre, Expr::value(rate))
                .col_expr(budget_line::Column::Note, Expr::value(plan.note.clone()))
        },
    )
    .await
}

/// Sets the control of a line read at `expected_version` (finance's setting).
pub async fn set_control<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
    category: Category,
    expected_version: i32,
    control: Control,
    by: Option<i32>,
    now: DateTime<Utc>,
) -> Result<Saved> {
    write(
        conn,
        (cohort_id, category, expected_version, by, now),
        |a| a.control = Set(control.code().to_owned()),
        |u| u.col_expr(budget_line::Column::Control, Expr::value(control.code())),
    )
    .await
}

type Key = (i32, Category, i32, Option<i32>, DateTime<Utc>);

async fn write<C: ConnectionTrait>(
    conn: &C,
    (cohort_id, category, expected_version, by, now): Key,
    insert: impl FnOnce(&mut budget_line::ActiveModel),
    update: impl FnOnce(
        sea_orm::UpdateMany<budget_line::Entity>,
    ) -> sea_orm::UpdateMany<budget_line::Entity>,
) -> Result<Saved> {
    if expected_version == 0 {
        let mut row = budget_line::ActiveModel {
            cohort_id: Set(cohort_id),
            category: Set(category.code().to_owned()),
            planned_ore: Set(0),
            calc_units: Set(None),
            calc_nights: Set(None),
            calc_rate_ore: Set(None),
            note: Set(String::new()),
            control: Set(Control::default().code().to_owned()),
            version: Set(1),
            updated_by_user_id: Set(by),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        insert(&mut row);
        // Two first saves of one line: the unique key lets one in; the other is stale.
        let inserted = budget_line::Entity::insert(row)
            .on_conflict_do_nothing_on([
                budget_line::Column::CohortId,
                budget_line::Column::Category,
            ])
            .exec_without_returning(conn)
            .await?;
        return if matches!(inserted, sea_orm::TryInsertResult::Inserted(1)) {
            Ok(Saved::Saved { version: 1 })
        } else {
            Ok(Saved::Stale(Box::new(
                find(conn, cohort_id, category).await?,
            )))
        };
    }
    let query = budget_line::Entity::update_many()
        .filter(budget_line::Column::CohortId.eq(cohort_id))
        .filter(budget_line::Column::Category.eq(category.code()))
        .filter(budget_line::Column::Version.eq(expected_version))
        .col_expr(
            budget_line::Column::Version,
            Expr::value(expected_version + 1),
        )
        .col_expr(budget_line::Column::UpdatedByUserId, Expr::value(by))
        .col_expr(budget_line::Column::UpdatedAt, Expr::value(now));
    let res = update(query).exec(conn).await?;
    if res.rows_affected == 1 {
        Ok(Saved::Saved {
            version: expected_version + 1,
        })
    } else {
        Ok(Saved::Stale(Box::new(
            find(conn, cohort_id, category).await?,
        )))
    }
}

/// Copies the plan and control of every saved line of `from` to `to` (a clone), as new lines.
pub async fn copy_lines<C: ConnectionTrait>(
    conn: &C,
    from: i32,
    to: i32,
    now: DateTime<Utc>,
) -> Result<usize> {
    let rows = budget_line::Entity::find()
        .filter(budget_line::Column::CohortId.eq(from))
        .all(conn)
        .await?;
    let n = rows.len();
    for r in rows {
        budget_line::Entity::insert(budget_line::ActiveModel {
            cohort_id: Set(to),
            category: Set(r.category),
            planned_ore: Set(r.planned_ore),
            calc_units: Set(r.calc_units),
            calc_nights: Set(r.calc_nights),
            calc_rate_ore: Set(r.calc_rate_ore),
            note: Set(r.note),
            control: Set(r.control),
            version: Set(1),
            updated_by_user_id: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        })
        .exec_without_returning(conn)
        .await?;
    }
    Ok(n)
}
