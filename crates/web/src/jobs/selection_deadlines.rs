//! Offers whose deadline passed without an answer: each expires (audited) and its seat is
//! offered to the reserve list within the hard quotas. Idempotent: an offer expires once (only an
//! open one can), and its seat is offered on once (`refilled` on the offer's own row), so a
//! second run sends nothing.

use std::collections::BTreeSet;

use itp_domain::Code;
use itp_domain::audit::ChangeSet;
use itp_domain::selection::{Decision, OfferState};
use itp_persistence::audit::Entry;
use itp_persistence::selection_decisions as decisions;

use super::{Job, JobFuture, Report};
use crate::ops::{Context, OpError, OpResult};
use crate::selection::service::refill_in;

pub struct SelectionDeadlines;

impl Job for SelectionDeadlines {
    fn name(&self) -> &'static str {
        "selection_deadlines"
    }

    fn default_schedule(&self) -> &'static str {
        "0 */15 * * * *"
    }

    fn run<'a>(&'a self, ctx: &'a Context<'a>) -> JobFuture<'a> {
        Box::pin(run(ctx))
    }
}

async fn run(ctx: &Context<'_>) -> OpResult<Report> {
    let mut uow = ctx.begin().await?;
    let now = uow.now();
    let mut expired = 0u64;
    for o in decisions::overdue(uow.conn(), now).await? {
        if !decisions::answer(uow.conn(), o.id, OfferState::Expired, now).await? {
            continue;
        }
        decisions::set_applied(
            uow.conn(),
            o.application_id,
            Decision::NotSelected,
            None,
            now,
        )
        .await?;
        uow.audit(Entry::new(
            "selection.expire",
            "application",
            o.application_id,
            ChangeSet::new().field("offer", OfferState::Open.code(), OfferState::Expired.code()),
        ))
        .await?;
        expired += 1;
    }
    let freed = decisions::to_refill(uow.conn()).await?;
    let cohorts: BTreeSet<i32> = freed.iter().map(|o| o.cohort_id).collect();
    let mut offered = 0u64;
    for id in cohorts {
        let cohort = itp_persistence::cohort::find(uow.conn(), id)
            .await?
            .ok_or(OpError::NotFound)?;
        offered += refill_in(&mut uow, &cohort, false).await?.len() as u64;
    }
    for o in &freed {
        decisions::mark_refilled(uow.conn(), o.id).await?;
    }
    uow.commit().await?;
    Ok(Report::counted(
        "handled",
        vec![
            ("offers expired", expired),
            ("freed seats", freed.len() as u64),
            ("reserve teams offered places", offered),
        ],
    ))
}
