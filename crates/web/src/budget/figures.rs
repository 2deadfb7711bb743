//! A cohort's budget as its page shows it: each line's figures (the domain's definitions), the
//! totals, and the cumulative series of the burn chart.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use itp_domain::budget::{AlertLevel, Category, Figures, LineAmounts, level_reached, totals};
use itp_persistence::budget::figures::{CohortBudget, DayMovement};
use itp_persistence::budget::lines::StoredLine;
use rust_decimal::Decimal;

fn sek(ore: i64) -> Decimal {
    Decimal::new(ore, 2)
}

/// One line of the budget page.
pub struct LineRow {
    pub line: StoredLine,
    pub figures: Figures,
    pub level: Option<AlertLevel>,
}

pub struct BudgetView {
    pub rows: Vec<LineRow>,
    pub total: Figures,
    pub per_diem_statements: i64,
}

/// Adds the per-diem statements to the per-diem line and computes every line's figures.
pub fn view(budget: CohortBudget) -> BudgetView {
    let per_diem = budget.per_diem;
    let rows: Vec<LineRow> = budget
        .lines
        .into_iter()
        .map(|(line, sums)| {
            let (extra_committed, extra_paid) = if line.category == Category::PerDiem {
                (per_diem.approved_ore, per_diem.paid_ore)
            } else {
                (0, 0)
            };
            let figures = Figures::of(LineAmounts {
                planned: line.plan.planned.amount(),
                committed: sek(sums.committed_ore + extra_committed),
                actual: sek(sums.paid_ore + extra_paid),
            });
            let level = level_reached(line.control, figures.planned, figures.committed);
            LineRow {
                line,
                figures,
                level,
            }
        })
        .collect();
    let total = totals(rows.iter().map(|r| &r.figures));
    BudgetView {
        rows,
        total,
        per_diem_statements: per_diem.statements,
    }
}

/// The burn chart's points: for each day something moved, the cumulative committed and actual.
pub fn cumulative(moves: &BTreeMap<NaiveDate, DayMovement>) -> Vec<(NaiveDate, Decimal, Decimal)> {
    let (mut committed, mut paid) = (0i64, 0i64);
    moves
        .iter()
        .map(|(day, m)| {
            committed += m.committed_ore;
            paid += m.paid_ore;
            (*day, sek(committed), sek(paid))
        })
        .collect()
}
