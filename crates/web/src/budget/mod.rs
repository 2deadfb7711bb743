//! Cohort budgets in the web app: the budget page with its burn chart, the line forms
//! (optimistic locking), cost items entered by hand and marked paid, the exchange-rate table
//! with the Riksbank import, the totals across cohorts, and [`bookings`] — how other features
//! record their bookings as cost items inside their own unit of work.
//!
//! Host compensation is a cost item: saving a study visit's logistics with a compensation
//! records it (source `host_compensation`, the visit's id) in the same unit of work; removing
//! the compensation, or declining or cancelling the visit, removes it.

pub mod bookings;
mod chart;
pub mod figures;
mod rates;
mod routes;
pub mod service;
mod totals;
mod views;

use itp_domain::authz::Action;

use crate::app::Routes;
use crate::security::guard::Access;

pub fn routes(r: Routes) -> Routes {
    let view = Access::Can(Action::ViewBudget);
    let manage = Access::Can(Action::ManageBudget);
    let control = Access::Can(Action::ControlBudget);
    r.get(totals::PATH, view, totals::index)
        .get(rates::PATH, view, rates::index)
        .post(rates::PATH, control, rates::save)
        .post("/budgets/exchange-rates/import", control, rates::import)
        .get("/cohorts/{cohort_id}/budget", view, routes::budget_page)
        .get(
            "/cohorts/{cohort_id}/budget/lines/{category}",
            view,
            routes::line_page,
        )
        .post(
            "/cohorts/{cohort_id}/budget/lines/{category}",
            manage,
            routes::save_line,
        )
        .post(
            "/cohorts/{cohort_id}/budget/lines/{category}/control",
            control,
            routes::set_control,
        )
        .get(
            "/cohorts/{cohort_id}/budget/costs",
            view,
            routes::costs_page,
        )
        .post(
            "/cohorts/{cohort_id}/budget/costs",
            manage,
            routes::add_cost,
        )
        .post(
            "/cohorts/{cohort_id}/budget/costs/{item_id}/paid",
            manage,
            routes::mark_paid,
        )
}
