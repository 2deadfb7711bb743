//! Data protection: the retention settings at work. The purge (run by the `retention_purge`
//! job) deletes or pseudonymises what is due, the page at `/admin/retention` shows what is due
//! next and when, and the public privacy page at `/privacy` states what is kept, why and for how
//! long from the same settings.

pub mod due;
pub mod erase;
pub mod export;
pub mod purge;
mod routes;
mod views;

pub use routes::routes;
