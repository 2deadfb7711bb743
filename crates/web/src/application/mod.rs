//! Calls and applications: public call pages, the applicant's multi-step form with drafts and
//! documents, submission before the deadline, and the manager's list, eligibility decisions and
//! imports.

mod answers_view;
mod applicant_routes;
mod applicant_views;
mod call_routes;
pub(crate) mod context;
mod document_routes;
pub mod export;

mod form_routes;
mod form_views;
mod import_routes;
mod import_views;
mod manager_routes;
mod manager_views;
pub mod service;
mod submit_routes;

use crate::app::Routes;

pub(crate) use import_routes::ImportWork;

pub fn routes(r: Routes) -> Routes {
    let r = call_routes::routes(r);
    let r = applicant_routes::routes(r);
    let r = manager_routes::routes(r);
    import_routes::routes(r)
}
