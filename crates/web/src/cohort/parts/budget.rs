//! The budget: a clone copies every saved budget line (plan, calculator and control), not its
//! cost items, which belong to the cohort that incurred them.

use itp_domain::audit::ChangeSet;
use itp_persistence::cohort::{BoxFuture, Cloning};
use itp_persistence::{DatabaseTransaction, Result};

use super::CohortPart;

pub(super) struct Budget;

impl CohortPart for Budget {
    fn copy<'a>(
        &'a self,
        tx: &'a DatabaseTransaction,
        clone: &'a Cloning<'a>,
    ) -> BoxFuture<'a, Result<ChangeSet>> {
        Box::pin(async move {
            let n = itp_persistence::budget::lines::copy_lines(
                tx,
                clone.source.id,
                clone.new_id,
                clone.now,
            )
            .await?;
            Ok(ChangeSet::new().set("budget_lines", n))
        })
    }
}
