//! Every night: the retention purge (`crate::privacy::purge`) deletes or pseudonymises the
//! personal data whose period has ended and records the counts.

use super::{Job, JobFuture, Report};
use crate::ops::Context;

pub struct RetentionPurge;

impl Job for RetentionPurge {
    fn name(&self) -> &'static str {
        "retention_purge"
    }

    fn default_schedule(&self) -> &'static str {
        "0 15 3 * * *"
    }

    fn purpose(&self) -> &'static str {
        "Deletes or pseudonymises personal data whose retention period has ended (see /admin/retention)."
    }

    fn run<'a>(&'a self, ctx: &'a Context<'a>) -> JobFuture<'a> {
        Box::pin(async move {
            let purged = crate::privacy::purge::purge(ctx).await?;
            Ok(Report::counted("purged:", purged.counts()))
        })
    }
}
