//! Where each person starts after signing in: staff on a page of their cohorts and what needs
//! them (with counts that lead to the filtered lists), applicants on their own applications.

mod routes;
mod views;

pub use routes::routes;
