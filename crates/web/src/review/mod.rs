//! Review: the reviewer's start page and scoring form, and the manager's progress view with the
//! automatic assignment. The rules (rubric, required criteria, conflicts, load balance) are in
//! `itp_domain::review`; the rows in `itp_persistence::review`.

mod routes;
pub mod service;
mod views;

use itp_domain::authz::Resource;
use itp_persistence::review::{self, StoredReview};

use crate::app::AppState;
use crate::error::Result;
use crate::security::access::Guarded;

pub use routes::routes;

/// A review is the reviewer's, in their cohort: the rule table's `AssignedReview`.
impl Guarded for StoredReview {
    async fn find(state: &AppState, id: i32) -> Result<Option<Self>> {
        Ok(review::find(&state.db.conn, id).await?)
    }

    fn resource(&self) -> Resource {
        Resource::Review {
            cohort_id: i64::from(self.cohort_id),
            programme_id: i64::from(self.programme_id),
            reviewer_user_id: i64::from(self.reviewer_user_id),
        }
    }
}
