//! The people responsible for a cohort on its dashboard: responsible managers and reviewers.
//! People are never copied to a clone.

use itp_persistence::Result;
use itp_persistence::cohort::{CountsQuery, CountsRow, PeopleCounts};
use maud::{Markup, html};

use super::CohortPart;
use crate::cohort::views::tile;

pub(super) struct People;

impl CohortPart for People {
    fn counts(&self, cohort_id: i32) -> Option<CountsQuery> {
        Some(PeopleCounts::query(cohort_id))
    }

    fn tiles(&self, _cohort_id: i32, row: &CountsRow) -> Result<Option<Markup>> {
        let c = PeopleCounts::read(row)?;
        Ok(Some(html! {
            (tile("Responsible managers", html! { (c.managers) }, None))
            (tile("Reviewers", html! { (c.reviewers) }, None))
        }))
    }
}
