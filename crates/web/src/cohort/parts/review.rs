//! Review's part of a cohort: its rubric and blind review are copied to a clone, and the dashboard links to the
//! review progress.

use itp_domain::audit::ChangeSet;
use itp_persistence::cohort::{BoxFuture, Cloning, CountsRow};
use itp_persistence::{DatabaseTransaction, Result};
use maud::{Markup, html};

use super::CohortPart;
use crate::cohort::views::tile;

pub(super) struct Review;

impl CohortPart for Review {
    fn tiles(&self, cohort_id: i32, _row: &CountsRow) -> Result<Option<Markup>> {
        Ok(Some(tile(
            "Reviews",
            html! {
                a href={ "/cohorts/" (cohort_id) "/reviews" } { "Progress" }
                " · "
                a href={ "/cohorts/" (cohort_id) "/selection" } { "Selection board" }
            },
            None,
        )))
    }

    fn copy<'a>(
        &'a self,
        tx: &'a DatabaseTransaction,
        clone: &'a Cloning<'a>,
    ) -> BoxFuture<'a, Result<ChangeSet>> {
        Box::pin(async move {
            use itp_persistence::review::{copy_rubric, is_blind, set_blind};
            let n = copy_rubric(tx, clone.source.id, clone.new_id).await?;
            let blind = is_blind(tx, clone.source.id).await?;
            if blind {
                set_blind(tx, clone.new_id, true, clone.now).await?;
            }
            Ok(ChangeSet::new()
                .set("review_criteria", n)
                .set("blind_review", blind))
        })
    }
}
