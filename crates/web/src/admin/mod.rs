//! Administration: people and their roles, the audit log, and the scheduled jobs.

pub mod audit;
mod audit_labels;
mod audit_views;
pub mod jobs;
mod jobs_views;
pub(crate) mod scopes;
pub mod service;
pub mod users;
mod users_views;

pub use users_views::UserForm;

use crate::app::Routes;

pub fn routes(r: Routes) -> Routes {
    jobs::routes(audit::routes(users::routes(r)))
}
