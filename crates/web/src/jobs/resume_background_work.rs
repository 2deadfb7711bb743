//! Every minute: background work nobody holds (queued by an instance that stopped before it
//! began, or running on one whose lease ran out because it died) is taken over and run here.

use super::{Job, JobFuture, Report};
use crate::ops::Context;

pub struct ResumeBackgroundWork;

impl Job for ResumeBackgroundWork {
    fn name(&self) -> &'static str {
        "resume_background_work"
    }

    fn default_schedule(&self) -> &'static str {
        "15 * * * * *"
    }

    fn purpose(&self) -> &'static str {
        "Takes over background work (an application import) whose instance stopped or died."
    }

    fn run<'a>(&'a self, ctx: &'a Context<'a>) -> JobFuture<'a> {
        Box::pin(async move {
            let resumed = crate::background::resume(ctx.state).await?;
            Ok(Report::counted("resumed", vec![("work items", resumed)]))
        })
    }
}
