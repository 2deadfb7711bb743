//! What a budget page and finance's totals add up, read in a few grouped queries: the lines'
//! plans, the cost items per category and state, and the per-diem statements per state (an
//! approved or paid statement of the cohort is committed on the per-diem line; a paid one is
//! actual). All in integer öre.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use itp_domain::Code;
use itp_domain::budget::{Category, CostState};
use itp_domain::per_diem::StatementState;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, sea_query::Expr,
};

use super::cost_items::{self, CostSums};
use super::lines::{self, StoredLine};
use crate::entities::{budget_line, cohort, cost_item, per_diem_statement, programme};
use crate::{Result, decode};

/// Approved (and paid) per-diem statements of a cohort, in öre.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PerDiemSums {
    pub approved_ore: i64,
    pub paid_ore: i64,
    pub statements: i64,
}

/// A cohort's budget as stored: each line with its cost items' sums, and the per-diem sums.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CohortBudget {
    pub lines: Vec<(StoredLine, CostSums)>,
    pub per_diem: PerDiemSums,
}

pub async fn cohort_budget<C: ConnectionTrait>(conn: &C, cohort_id: i32) -> Result<CohortBudget> {
    let lines = lines::of_cohort(conn, cohort_id).await?;
    let sums = cost_items::sums(conn, cohort_id).await?;
    let per_diem = per_diem_sums(conn, &[cohort_id])
        .await?
        .remove(&cohort_id)
        .unwrap_or_default();
    Ok(CohortBudget {
        lines: lines
            .into_iter()
            .map(|l| {
                let s = sums.get(&l.category).copied().unwrap_or_default();
                (l, s)
            })
            .collect(),
        per_diem,
    })
}

/// Approved and paid statements per cohort (all cohorts when `cohorts` is empty).
pub async fn per_diem_sums<C: ConnectionTrait>(
    conn: &C,
    cohorts: &[i32],
) -> Result<BTreeMap<i32, PerDiemSums>> {
    let mut q = per_diem_statement::Entity::find()
        .select_only()
        .column(per_diem_statement::Column::CohortId)
        .column(per_diem_statement::Column::State)
        .column_as(Expr::cust("CAST(SUM(total_ore) AS BIGINT)"), "total")
        .column_as(Expr::cust("CAST(COUNT(*) AS BIGINT)"), "n")
        .filter(
            per_diem_statement::Column::State
                .is_in([StatementState::Approved.code(), StatementState::Paid.code()]),
        )
        .group_by(per_diem_statement::Column::CohortId)
        .group_by(per_diem_statement::Column::State);
    if !cohorts.is_empty() {
        q = q.filter(per_diem_statement::Column::CohortId.is_in(cohorts.iter().copied()));
    }
    let rows: Vec<(i32, String, i64, i64)> = q.into_tuple().all(conn).await?;
    let mut out: BTreeMap<i32, PerDiemSums> = BTreeMap::new();
    for (cohort_id, state, total, n) in rows {
        let state: StatementState = decode(&state, "per_diem_statements.state")?;
        let s = out.entry(cohort_id).or_default();
        s.approved_ore += total;
        s.statements += n;
        if state == StatementState::Paid {
            s.paid_ore += total;
        }
    }
    Ok(out)
}

/// One day's movement of a cohort's budget, for the burn chart: what was committed that day
/// (cost items by their date, statements by their approval) and what was paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DayMovement {
    pub committed_ore: i64,
    pub paid_ore: i64,
}

pub async fn movements<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
) -> Result<BTreeMap<NaiveDate, DayMovement>> {
    let mut out: BTreeMap<NaiveDate, DayMovement> = BTreeMap::new();
    let committed: Vec<(NaiveDate, i64)> = cost_item::Entity::find()
        .select_only()
        .column(cost_item::Column::IncurredOn)
        .column_as(Expr::cust("CAST(SUM(amount_ore) AS BIGINT)"), "total")
        .filter(cost_item::Column::CohortId.eq(cohort_id))
        .group_by(cost_item::Column::IncurredOn)
        .into_tuple()
        .all(conn)
        .await?;
    for (day, total) in committed {
        out.entry(day).or_default().committed_ore += total;
    }
    let paid: Vec<(Option<NaiveDate>, i64)> = cost_item::Entity::find()
        .select_only()
        .column(cost_item::Column::PaidOn)
        .column_as(Expr::cust("CAST(SUM(amount_ore) AS BIGINT)"), "total")
        .filter(cost_item::Column::CohortId.eq(cohort_id))
        .filter(cost_item::Column::State.eq(CostState::Paid.code()))
        .group_by(cost_item::Column::PaidOn)
        .into_tuple()
        .all(conn)
        .await?;
    for (day, total) in paid {
        if let Some(day) = day {
            out.entry(day).or_default().paid_ore += total;
        }
    }
    let statements = per_diem_statement::Entity::find()
        .filter(per_diem_statement::Column::CohortId.eq(cohort_id))
        .filter(
            per_diem_statement::Column::State
                .is_in([StatementState::Approved.code(), StatementState::Paid.code()]),
        )
        .all(conn)
        .await?;
    for s in statements {
        if let Some(at) = s.approved_at {
            out.entry(at.date_naive()).or_default().committed_ore += s.total_ore;
        }
        if let Some(at) = s.paid_at {
            out.entry(at.date_naive()).or_default().paid_ore += s.total_ore;
        }
    }
    Ok(out)
}

/// One cohort's amounts per category, for finance's totals across cohorts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CohortAmounts {
    pub cohort_id: i32,
    pub cohort_name: String,
    pub programme_id: i32,
    pub programme_code: String,
    /// The year the cohort starts (or was created, before it has dates).
    pub year: i32,
    /// Per category: (planned, committed, paid) in öre.
    pub categories: BTreeMap<Category, (i64, i64, i64)>,
}

/// Every cohort's amounts (cohorts without any budget line or cost are left out).
pub async fn all_cohorts<C: ConnectionTrait>(conn: &C) -> Result<Vec<CohortAmounts>> {
    let planned: Vec<(i32, String, i64)> = budget_line::Entity::find()
        .select_only()
        .column(budget_line::Column::CohortId)
        .column(budget_line::Column::Category)
        .column(budget_line::Column::PlannedOre)
        .into_tuple()
        .all(conn)
        .await?;
    let costs: Vec<(i32, String, String, i64)> = cost_item::Entity::find()
        .select_only()
        .column(cost_item::Column::CohortId)
        .column(cost_item::Column::Category)
        .column(cost_item::Column::State)
        .column_as(Expr::cust("CAST(SUM(amount_ore) AS BIGINT)"), "total")
        .group_by(cost_item::Column::CohortId)
        .group_by(cost_item::Column::Category)
        .group_by(cost_item::Column::State)
        .into_tuple()
        .all(conn)
        .await?;
    let per_diem = per_diem_sums(conn, &[]).await?;
    let mut by_cohort: BTreeMap<i32, BTreeMap<Category, (i64, i64, i64)>> = BTreeMap::new();
    for (cohort_id, category, ore) in planned {
        let c: Category = decode(&category, "budget_lines.category")?;
        by_cohort
            .entry(cohort_id)
            .or_default()
            .entry(c)
            .or_default()
            .0 += ore;
    }
    for (cohort_id, category, state, ore) in costs {
        let c: Category = decode(&category, "cost_items.category")?;
        let state: CostState = decode(&state, "cost_items.state")?;
        let e = by_cohort
            .entry(cohort_id)
            .or_default()
            .entry(c)
            .or_default();
        e.1 += ore;
        if state == CostState::Paid {
            e.2 += ore;
        }
    }
    for (cohort_id, s) in per_diem {
        let e = by_cohort
            .entry(cohort_id)
            .or_default()
            .entry(Category::PerDiem)
            .or_default();
        e.1 += s.approved_ore;
        e.2 += s.paid_ore;
    }
    if by_cohort.is_empty() {
        return Ok(Vec::new());
    }
    let cohorts = cohort::Entity::find()
        .filter(cohort::Column::Id.is_in(by_cohort.keys().copied()))
        .all(conn)
        .await?;
    let programmes: BTreeMap<i32, String> = programme::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|p| (p.id, p.code))
        .collect();
    let mut out: Vec<CohortAmounts> = cohorts
        .into_iter()
        .map(|c| CohortAmounts {
            cohort_id: c.id,
            cohort_name: c.name,
            programme_id: c.programme_id,
            programme_code: programmes.get(&c.programme_id).cloned().unwrap_or_default(),
            year: c
                .starts_on
                .map(|d| d.year())
                .unwrap_or_else(|| c.created_at.year()),
            categories: by_cohort.remove(&c.id).unwrap_or_default(),
        })
        .collect();
    out.sort_by(|a, b| {
        (&a.programme_code, a.year, a.cohort_id).cmp(&(&b.programme_code, b.year, b.cohort_id))
    });
    Ok(out)
}
