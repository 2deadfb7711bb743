//! Budgets across cohorts: every cohort's totals the person may see, grouped by programme and
//! year with their sums (finance sees every programme, a manager their own).

use std::collections::BTreeMap;

use axum::extract::State;
use itp_domain::Code;
use itp_domain::authz::{self, Action};
use itp_domain::budget::{Category, Figures, LineAmounts, totals};
use itp_persistence::budget::figures::{self, CohortAmounts};
use maud::{Markup, html};
use rust_decimal::Decimal;

use super::views::{budget_path, sek};
use crate::app::AppState;
use crate::error::Result;
use crate::security::session::SignedIn;
use crate::views::{PageContext, page};

pub const PATH: &str = "/budgets";

/// A cohort's figures: the sum of its lines' figures, each line by the domain's rule.
pub fn cohort_figures(c: &CohortAmounts) -> Figures {
    let lines: Vec<Figures> = Category::ALL
        .iter()
        .map(|cat| {
            let (p, committed, paid) = c.categories.get(cat).copied().unwrap_or_default();
            Figures::of(LineAmounts {
                planned: Decimal::new(p, 2),
                committed: Decimal::new(committed, 2),
                actual: Decimal::new(paid, 2),
            })
        })
        .collect();
    totals(&lines)
}

pub async fn index(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageContext,
) -> Result<Markup> {
    let scope = authz::programme_scope(&me.principal, Action::ViewBudget);
    let all = figures::all_cohorts(&state.db.conn).await?;
    let visible: Vec<&CohortAmounts> = all
        .iter()
        .filter(|c| {
            scope
                .as_ref()
                .is_none_or(|ids| ids.contains(&i64::from(c.programme_id)))
        })
        .collect();
    let mut groups: BTreeMap<(String, i32), Vec<(&CohortAmounts, Figures)>> = BTreeMap::new();
    for c in &visible {
        groups
            .entry((c.programme_code.clone(), c.year))
            .or_default()
            .push((c, cohort_figures(c)));
    }
    let grand = totals(groups.values().flatten().map(|(_, f)| f));
    let lang = ctx.lang;
    let row = |f: &Figures| {
        html! {
            td.num { (sek(f.planned, lang)) }
            td.num { (sek(f.committed, lang)) }
            td.num { (sek(f.actual, lang)) }
            td.num { (sek(f.remaining, lang)) }
            td.num { (sek(f.forecast, lang)) }
        }
    };
    Ok(page(
        &ctx,
        "Budgets",
        html! {
            h1 { "Budgets" }
            p.lead { "Every cohort's budget in SEK, by programme and year (the year a cohort starts). Each total is the sum of its lines, so an overrun on one line is not hidden by a saving still planned on another." }
            p { a href=(super::rates::PATH) { "Exchange rates" } }
            @if groups.is_empty() {
                p.empty { "No cohort has a budget yet." }
            } @else {
                div.table-wrap { table #budget-totals {
                    caption { "Totals per programme and year" }
                    thead { tr {
                        th scope="col" { "Programme, year, cohort" }
                        th.num scope="col" { "Planned" }
                        th.num scope="col" { "Committed" }
                        th.num scope="col" { "Actual" }
                        th.num scope="col" { "Remaining" }
                        th.num scope="col" { "Forecast" }
                    } }
                    @for ((code, year), cohorts) in &groups {
                        tbody {
                            tr.group {
                                th scope="row" { (code) " " (year) }
                                (row(&totals(cohorts.iter().map(|(_, f)| f))))
                            }
                            @for (c, f) in cohorts {
                                tr {
                                    td { a href=(budget_path(c.cohort_id)) { bdi { (c.cohort_name) } } }
                                    (row(f))
                                }
                            }
                        }
                    }
                    tfoot { tr #budget-grand-total { th scope="row" { "All" } (row(&grand)) } }
                } }
            }
        },
    ))
}
