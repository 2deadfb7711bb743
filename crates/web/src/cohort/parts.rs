//! The cohort's parts: each feature that adds to a cohort declares, in one file under `parts/`,
//! the facts it brings to the lifecycle's preconditions, its numbers and tiles on the dashboard,
//! and what it copies when the cohort is cloned. [`REGISTERED`] is the one list of them; a new
//! feature adds its file and its line there, and the cohort's transition, page and clone pick it
//! up without being edited.

mod applications;
mod budget;
mod participants;
mod people;
mod phases;
mod review;
mod selection;
#[cfg(test)]
mod tests;

use itp_domain::audit::ChangeSet;
use itp_domain::cohort::lifecycle::{FactSheet, FeatureFacts};
use itp_persistence::cohort::{
    BoxFuture, Cloning, CopyOnClone, CountsQuery, CountsRow, StoredCohort, dashboard_row,
};
use itp_persistence::{ConnectionTrait, DatabaseTransaction, Result};
use maud::Markup;

/// Every part of a cohort, in the order of their tiles on the dashboard.
pub(crate) const REGISTERED: Parts<'static> = Parts(&[
    &phases::Phases,
    &people::People,
    &applications::Applications,
    &review::Review,
    &selection::Selection,
    &budget::Budget,
    &participants::Participants,
]);

/// One feature's part of the cohort. Each method has a default that adds nothing, so a part
/// implements only what it has.
pub(crate) trait CohortPart: Sync {
    /// What the feature knows for the lifecycle's preconditions (with the rules it adds), read
    /// inside the transition's transaction.
    fn facts<'a>(
        &'a self,
        _tx: &'a DatabaseTransaction,
        _cohort: &'a StoredCohort,
    ) -> BoxFuture<'a, Result<Option<Box<dyn FeatureFacts>>>> {
        Box::pin(async { Ok(None) })
    }

    /// Its numbers for the dashboard: a query returning one row, with column names no other part
    /// uses (all parts' queries run as one statement).
    fn counts(&self, _cohort_id: i32) -> Option<CountsQuery> {
        None
    }

    /// Its tiles on the dashboard, from the row its `counts` query filled in.
    fn tiles(&self, _cohort_id: i32, _row: &CountsRow) -> Result<Option<Markup>> {
        Ok(None)
    }

    /// Copies its per-cohort configuration into a clone, inside the clone's transaction; returns
    /// what it copied for the clone's audit entry.
    fn copy<'a>(
        &'a self,
        _tx: &'a DatabaseTransaction,
        _clone: &'a Cloning<'a>,
    ) -> BoxFuture<'a, Result<ChangeSet>> {
        Box::pin(async { Ok(ChangeSet::new()) })
    }
}

/// A list of parts: [`REGISTERED`] in the application, another one in tests.
#[derive(Clone, Copy)]
pub(crate) struct Parts<'p>(pub &'p [&'p dyn CohortPart]);

/// The dashboard tiles of every part, in order.
pub(crate) struct Tiles(pub Vec<Markup>);

impl Parts<'_> {
    /// Every part's facts, for `lifecycle::check`.
    pub async fn facts(
        &self,
        tx: &DatabaseTransaction,
        cohort: &StoredCohort,
    ) -> Result<FactSheet> {
        let mut sheet = FactSheet::new();
        for part in self.0 {
            if let Some(facts) = part.facts(tx, cohort).await? {
                sheet.insert(facts);
            }
        }
        Ok(sheet)
    }

    /// Every part's tiles, from one statement that counts for all of them.
    pub async fn tiles<C: ConnectionTrait>(&self, conn: &C, cohort_id: i32) -> Result<Tiles> {
        let queries = self.0.iter().filter_map(|p| p.counts(cohort_id)).collect();
        let row = dashboard_row(conn, queries).await?;
        let mut tiles = Vec::new();
        for part in self.0 {
            tiles.extend(part.tiles(cohort_id, &row)?);
        }
        Ok(Tiles(tiles))
    }
}

impl CopyOnClone for Parts<'_> {
    fn copy<'a>(
        &'a self,
        tx: &'a DatabaseTransaction,
        clone: &'a Cloning<'a>,
    ) -> BoxFuture<'a, Result<ChangeSet>> {
        Box::pin(async move {
            let mut all = ChangeSet::new();
            for part in self.0 {
                for c in part.copy(tx, clone).await?.changes() {
                    all = all.set(&c.field, c.after.as_deref().unwrap_or_default());
                }
            }
            Ok(all)
        })
    }
}
