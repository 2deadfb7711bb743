//! Administration: people and their roles, and the audit log.

pub mod audit;
mod audit_labels;
mod audit_views;
mod scopes;
pub mod service;
pub mod users;
mod users_views;

pub use users_views::UserForm;

use crate::app::Routes;

pub fn routes(r: Routes) -> Routes {
    audit::routes(users::routes(r))
}
