//! Finance reports and exports: per-diem payouts, host compensation, the ledger (CSV and SIE 4)
//! and applications, each declared once (its columns) and run the same way from the exports
//! page, the `itp export` command and the monthly job: streamed from the database to the file,
//! with the audit entry of an export that names people.

mod applications;
pub mod cli;
pub mod docs;
pub mod hosts;
pub mod ledger;
pub mod per_diem;
mod routes;
pub mod run;
mod service;
mod views;

use itp_domain::reports::Report;

use crate::export::Dictionary;

pub use routes::routes;

/// The reports that can be run now. Costs, budget and participant statistics read the budget
/// and participant tables, which this version does not have yet.
pub const AVAILABLE: &[Report] = &[
    Report::PerDiem,
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
        Report::Costs | Report::Budget | Report::Participants => None,
    }
}
