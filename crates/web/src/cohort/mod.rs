//! Cohorts: the cohort page and dashboard, settings, lifecycle, cloning, phases and the SVG
//! timeline.

mod clone_routes;
mod forms;
mod lifecycle_routes;
mod parts;
mod phase_routes;
pub mod routes;
pub(crate) mod service;
mod settings_routes;
pub mod timeline;
pub(crate) mod views;
