//! The applications: the lifecycle's rule on them (a call people answered is not withdrawn), and
//! their numbers on the dashboard. Applications are people's, so a clone copies none.

use itp_domain::cohort::lifecycle::{ApplicationFacts, FeatureFacts};
use itp_domain::wording::count;
use itp_persistence::application::dashboard::{self, ApplicationCounts};
use itp_persistence::cohort::{BoxFuture, CountsQuery, CountsRow, StoredCohort};
use itp_persistence::{DatabaseTransaction, Result};
use maud::{Markup, html};

use super::CohortPart;
use crate::cohort::views::tile;

pub(super) struct Applications;

impl CohortPart for Applications {
    fn facts<'a>(
        &'a self,
        tx: &'a DatabaseTransaction,
        cohort: &'a StoredCohort,
    ) -> BoxFuture<'a, Result<Option<Box<dyn FeatureFacts>>>> {
        Box::pin(async move {
            let submitted = dashboard::counts(tx, cohort.id).await?.applications;
            let facts = ApplicationFacts {
                submitted: u64::try_from(submitted).unwrap_or(0),
            };
            Ok(Some(Box::new(facts) as Box<dyn FeatureFacts>))
        })
    }

    fn counts(&self, cohort_id: i32) -> Option<CountsQuery> {
        Some(ApplicationCounts::query(cohort_id))
    }

    fn tiles(&self, _cohort_id: i32, row: &CountsRow) -> Result<Option<Markup>> {
        let c = ApplicationCounts::read(row)?;
        Ok(Some(html! {
            (tile("Applications",
                // A number, not a link: reviewers see the tile but not the list (the cohort page
                // links the list for those who may read it).
                html! { (c.applications) },
                Some(html! { (c.eligible_applications) " eligible · " (count(c.draft_applications, "draft")) })))
            (tile("Applicants", html! { (count(c.applicant_people, "person")) }, Some(html! { "of them " (count(c.applicant_women, "woman")) })))
        }))
    }
}
