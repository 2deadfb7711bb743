//! Cohorts: the cohort page and dashboard, settings, lifecycle, cloning, phases and the SVG
//! timeline.

mod forms;
mod parts;
mod phase_routes;
pub mod routes;
mod service;
pub mod timeline;
pub(crate) mod views;
