//! The phases: the lifecycle's rules on them (a call needs a phase; a cohort starts before and
//! completes after its last phase), their count on the dashboard, and their copy on clone, every
//! date moved by the clone's shift.

use itp_domain::audit::ChangeSet;
use itp_domain::cohort::lifecycle::{FeatureFacts, PhaseFacts};
use itp_domain::phase::DateSpan;
use itp_persistence::cohort::{
    BoxFuture, Cloning, CountsQuery, CountsRow, PhaseCounts, StoredCohort,
};
use itp_persistence::{DatabaseTransaction, PersistenceError, Result, phase};
use maud::{Markup, html};

use super::CohortPart;
use crate::cohort::views::tile;

pub(super) struct Phases;

impl CohortPart for Phases {
    fn facts<'a>(
        &'a self,
        tx: &'a DatabaseTransaction,
        cohort: &'a StoredCohort,
    ) -> BoxFuture<'a, Result<Option<Box<dyn FeatureFacts>>>> {
        Box::pin(async move {
            let spans: Vec<DateSpan> = phase::of_cohort(tx, cohort.id)
                .await?
                .iter()
                .map(|p| p.phase.dates)
                .collect();
            Ok(Some(
                Box::new(PhaseFacts::new(&spans)) as Box<dyn FeatureFacts>
            ))
        })
    }

    fn counts(&self, cohort_id: i32) -> Option<CountsQuery> {
        Some(PhaseCounts::query(cohort_id))
    }

    fn tiles(&self, _cohort_id: i32, row: &CountsRow) -> Result<Option<Markup>> {
        let c = PhaseCounts::read(row)?;
        Ok(Some(tile(
            "Phases",
            html! { (c.phases) },
            Some(html! { (c.compulsory_phases) " compulsory" }),
        )))
    }

    fn copy<'a>(
        &'a self,
        tx: &'a DatabaseTransaction,
        clone: &'a Cloning<'a>,
    ) -> BoxFuture<'a, Result<ChangeSet>> {
        Box::pin(async move {
            let phases = phase::of_cohort(tx, clone.source.id).await?;
            for p in &phases {
                // The plan already refused a shift that leaves the calendar; a phase that still
                // cannot move was changed since, and the clone is refused rather than partial.
                let moved = p.phase.shifted(clone.shift_days).ok_or_else(|| {
                    PersistenceError::Conflict(format!(
                        "The phase {} would fall outside the calendar; try another first day.",
                        p.phase.title
                    ))
                })?;
                phase::create(tx, clone.new_id, &moved, clone.now).await?;
            }
            Ok(ChangeSet::new().set("phases", phases.len()))
        })
    }
}
