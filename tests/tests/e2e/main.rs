//! End-to-end tests: the real server over real HTTP, on SQLite by default and on PostgreSQL when
//! `ITP_TEST_DATABASE_URL` is set. One test binary; one module per feature.

mod accounts;
mod authorisation_matrix;
mod csrf;
mod errors;
mod hostile_input;
#[cfg(feature = "browser")]
mod journeys;
mod programmes;
mod sessions;
mod throttling;
