//! Participants (issue 15, the participant half): each confirmed team member of a cohort, their
//! attendance and completion, travel per phase (legs, hotel, visa, insurance), needs
//! (special-category data), certificates and invitation letters, the rooming and travel lists
//! with their warnings, and the per-diem statement computed from an itinerary. The rules are in
//! `itp_domain::participants`.

mod access;
mod costs;
pub mod letters;
pub mod lists;
mod routes;
pub use routes::next_travelled;
pub mod service;
mod views;

/// Every route of participants.
pub fn routes(r: crate::app::Routes) -> crate::app::Routes {
    letters::routes(lists::routes(routes::routes(r)))
}
