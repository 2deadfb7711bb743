//! The programme catalogue: list and programme pages.

pub mod routes;
mod views;
