//! Cohort budgets in the web app: the budget page with its burn chart, the line forms
//! (optimistic locking), cost items entered by hand and marked paid, the exchange-rate table
//! with the Riksbank import, finance's totals across cohorts, and [`bookings`] — how other
//! features record their bookings as cost items inside their own unit of work.

pub mod bookings;
pub mod service;
