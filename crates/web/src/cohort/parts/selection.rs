//! Selection's part of a cohort: its stored quotas and days to confirm are copied to a clone (not
//! the review deadline, a date of the source's call), and the dashboard shows the funnel.

use itp_domain::audit::ChangeSet;
use itp_domain::selection::Funnel;
use itp_persistence::cohort::{BoxFuture, Cloning, CountsQuery, CountsRow};
use itp_persistence::selection_decisions::FunnelCounts;
use itp_persistence::{DatabaseTransaction, Result};
use maud::{Markup, html};

use super::CohortPart;
use crate::cohort::views::tile;
use crate::selection::decision_views_funnel_svg;

pub(super) struct Selection;

fn funnel_of(c: FunnelCounts) -> Funnel {
    let n = |v: i64| u32::try_from(v).unwrap_or(0);
    Funnel::of_counts([
        n(c.applied),
        n(c.eligible),
        n(c.reviewed),
        n(c.selected),
        n(c.confirmed),
    ])
}

impl CohortPart for Selection {
    fn counts(&self, cohort_id: i32) -> Option<CountsQuery> {
        Some(FunnelCounts::query(cohort_id))
    }

    fn tiles(&self, cohort_id: i32, row: &CountsRow) -> Result<Option<Markup>> {
        let c = FunnelCounts::read(row)?;
        let f = funnel_of(c);
        Ok(Some(tile(
            "Funnel",
            html! {
                (decision_views_funnel_svg(&f, "dashboard-funnel"))
            },
            Some(
                html! { a href={ "/cohorts/" (cohort_id) "/selection/funnel" } { "The funnel as tables, by country and gender" } },
            ),
        )))
    }

    fn copy<'a>(
        &'a self,
        tx: &'a DatabaseTransaction,
        clone: &'a Cloning<'a>,
    ) -> BoxFuture<'a, Result<ChangeSet>> {
        Box::pin(async move {
            let copied = itp_persistence::selection_settings::copy(
                tx,
                clone.source.id,
                clone.new_id,
                clone.now,
            )
            .await?;
            Ok(ChangeSet::new().set("selection_quotas", copied))
        })
    }
}
