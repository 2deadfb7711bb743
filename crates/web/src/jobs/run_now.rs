//! "Run now" from the jobs page: the same claim of a slot and the same record in `job_runs` as a
//! scheduled run (the slot is the moment of the request), and an audit entry naming who asked
//! and what came of it.

use chrono::SubsecRound;
use itp_domain::audit::ChangeSet;
use itp_persistence::audit::Entry;

use super::registry;
use super::slot::{Ran, claim_and_run};
use crate::ops::{Context, OpError, OpResult};

/// Runs the job named `name` now, on this instance, as the system; audited as the person of
/// `ctx`.
pub async fn run_now(ctx: &Context<'_>, name: &str) -> OpResult<Ran> {
    let job = registry::find(name).ok_or(OpError::NotFound)?;
    if !job.wanted(ctx.state) {
        return Err(OpError::Conflict(format!(
            "{name} has nothing to work with on this server: {}",
            job.needs()
        )));
    }
    let slot_at = ctx.now().trunc_subsecs(0);
    let ran = claim_and_run(ctx.state, job, slot_at).await?;
    let (outcome, detail) = match &ran {
        Ran::Elsewhere => (
            "not run",
            "its slot for this second was already taken".to_owned(),
        ),
        Ran::Here(Ok(detail)) => ("ok", detail.clone()),
        Ran::Here(Err(detail)) => ("failed", detail.clone()),
    };
    let mut uow = ctx.begin().await?;
    uow.audit(Entry {
        action: "job.run_now",
        entity_type: "job",
        entity_id: Some(name.to_owned()),
        changes: ChangeSet::new()
            .set("slot", slot_at.format("%Y-%m-%d %H:%M:%S UTC"))
            .set("outcome", outcome)
            .set("detail", detail),
    })
    .await?;
    uow.commit().await?;
    Ok(ran)
}
