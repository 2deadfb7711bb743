//! Budget against actual: one row per cohort and budget line, with the figures the budget page
//! shows (the per-diem line includes approved statements), so the file and the page agree to the
//! öre.

use itp_domain::budget::Figures;
use itp_domain::{Code, Currency, Money};
use itp_persistence::DatabaseConnection;
use itp_persistence::budget::figures as stored;
use rust_decimal::Decimal;

use super::run::Plan;
use crate::budget::figures;
use crate::error::Result;
use crate::export::{Column, Export, RowSender};

#[derive(Debug, Clone, PartialEq)]
pub struct BudgetRow {
    pub programme_code: String,
    pub cohort_id: i32,
    pub cohort: String,
    pub category: &'static str,
    pub control: &'static str,
    pub figures: Figures,
}

fn sek(amount: Decimal) -> Option<Money> {
    Some(Money::new(amount, Currency::SEK))
}

pub static BUDGET: Export<BudgetRow> = Export {
    name: "budget",
    title: "Budget against actual",
    description: "One row per cohort and budget line of the cohorts in the filter (dates and \
                  states do not apply: a budget is the cohort's whole): planned, committed \
                  (booked, and for the per-diem line approved statements), actual (paid), \
                  remaining and forecast, as the cohort's budget page shows them.",
    columns: &[
        Column::str(
            "programme",
            "The code of the cohort's programme (MF).",
            |r| r.programme_code.as_str(),
        ),
        Column::integer("cohort_id", "The cohort's number in ITP Admin.", |r| {
            Some(r.cohort_id.into())
        }),
        Column::str("cohort", "The cohort's name.", |r| r.cohort.as_str()),
        Column::str(
            "category",
            "The budget line: flights, visas, accommodation, insurance, per_diem, \
             venue_training, local_transport, host_compensation, mentors or other.",
            |r| r.category,
        ),
        Column::str(
            "control",
            "How finance controls the line: ignore, warn (at 90 %) or stop (at 100 %).",
            |r| r.control,
        ),
        Column::money("planned_sek", "The line's plan.", |r| {
            sek(r.figures.planned)
        }),
        Column::money(
            "committed_sek",
            "Everything booked or approved on the line, paid or not.",
            |r| sek(r.figures.committed),
        ),
        Column::money("actual_sek", "What of it has been paid.", |r| {
            sek(r.figures.actual)
        }),
        Column::money(
            "remaining_sek",
            "The plan less what is committed (below zero when over).",
            |r| sek(r.figures.remaining),
        ),
        Column::money(
            "forecast_sek",
            "Actual, plus committed not yet paid, plus planned not yet committed.",
            |r| sek(r.figures.forecast),
        ),
    ],
};

pub async fn rows(conn: DatabaseConnection, plan: Plan, out: &RowSender<BudgetRow>) -> Result<u64> {
    let mut sent = 0;
    for cohort in &plan.cohorts {
        let view = figures::view(stored::cohort_budget(&conn, cohort.id).await?);
        for row in view.rows {
            out.send(BudgetRow {
                programme_code: cohort.programme_code.clone(),
                cohort_id: cohort.id,
                cohort: cohort.name.clone(),
                category: row.line.category.code(),
                control: row.line.control.code(),
                figures: row.figures,
            })
            .await?;
            sent += 1;
        }
    }
    Ok(sent)
}
