//! Finance reports and exports: per-diem payouts, costs, budget against actual, participant
//! statistics, host compensation, the ledger (CSV and SIE 4) and applications, each declared once (its columns) and run the same way from the exports
//! page, the `itp export` command and the monthly job: streamed from the database to the file,
//! with the audit entry of an export that names people.

mod applications;
pub mod budget;
pub mod cli;
pub mod costs;
pub mod docs;
pub mod hosts;
pub mod ledger;
pub mod participants;
pub mod per_diem;
mod routes;
pub mod run;
mod service;
mod views;

use itp_domain::reports::Report;

use crate::export::Dictionary;

pub use routes::routes;

/// The reports that can be run, in the order the exports page lists them.
pub const AVAILABLE: &[Report] = &[
    Report::PerDiem,
    Report::Costs,
    Report::Budget,
    Report::Participants,
    Report::Hosts,
    Report::Ledger,
    Report::Applications,
];

/// The columns of a report, as its data dictionary shows them.
pub fn dictionary(report: Report) -> Option<Dictionary> {
    match report {
        Report::PerDiem => Some(per_diem::PAYOUTS.dictionary()),
        Report::Hosts => Some(hosts::HOST_COMPENSATION.dictionary()),
        Report::Ledger => Some(ledger::LEDGER.dictionary()),
        Report::Applications => Some(crate::application::export::APPLICATIONS.dictionary()),
        Report::Costs => Some(costs::COSTS.dictionary()),
        Report::Budget => Some(budget::BUDGET.dictionary()),
        Report::Participants => Some(participants::STATISTICS.dictionary()),
    }
}
