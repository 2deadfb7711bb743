//! Changing cohorts and their phases. Each function reads what it checks inside its write
//! transaction (so two managers editing at once cannot slip past a rule), writes, records the audit
//! entry with the changed fields, and commits.

use itp_domain::Code;
use itp_domain::audit::ChangeSet;
use itp_domain::cohort::clone::{self, CloneInput};
use itp_domain::cohort::lifecycle::{self, Facts, Refusal};
use itp_domain::cohort::{CohortInput, CohortSettings, CohortStatus, Context as Rules, Transition};
use itp_domain::phase::{DateSpan, PhaseInput};
use itp_domain::validation::FieldErrors;
use itp_persistence::audit::Entry;
use itp_persistence::cohort::{self, NewCohort, StoredCohort};
use itp_persistence::{phase, programme};

use super::parts;
use crate::ops::{Context, OpError, OpResult};
use crate::security::tokens::new_token;

/// Responsible managers chosen on a form, checked against who may be chosen.
async fn chosen_managers<C: itp_persistence::ConnectionTrait>(
    conn: &C,
    programme_id: i32,
    ids: &[String],
    errors: &mut FieldErrors,
) -> OpResult<Vec<i32>> {
    let candidates = cohort::manager_candidates(conn, programme_id).await?;
    let mut chosen = Vec::new();
    for raw in ids {
        match raw.parse::<i32>() {
            Ok(id) if candidates.iter().any(|c| c.user_id == id) => {
                if !chosen.contains(&id) {
                    chosen.push(id);
                }
            }
            _ => {
                errors.add(
                    "managers",
                    "Choose responsible managers from the list: people who manage this programme.",
                );
                break;
            }
        }
    }
    Ok(chosen)
}

fn manager_changes(added: &[i32], removed: &[i32]) -> ChangeSet {
    let list = |ids: &[i32]| {
        ids.iter()
            .map(|i| format!("user {i}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut c = ChangeSet::new();
    if !added.is_empty() {
        c = c.set("managers_added", list(added));
    }
    if !removed.is_empty() {
        c = c.set("managers_removed", list(removed));
    }
    c
}

pub async fn create(
    ctx: &Context<'_>,
    programme_id: i32,
    input: &CohortInput,
    managers: &[String],
) -> OpResult<i32> {
    let mut uow = ctx.begin().await?;
    let now = uow.now();
    let p = programme::find(uow.conn(), programme_id)
        .await?
        .ok_or(OpError::NotFound)?;
    let mut errors = FieldErrors::new();
    if p.programme.archived {
        errors.add(
            "name",
            "The programme is archived; restore it to the catalogue before planning cohorts.",
        );
    }
    let settings = input.validate(Rules::new_cohort());
    let managers = chosen_managers(uow.conn(), programme_id, managers, &mut errors).await?;
    let settings = errors.alongside(settings)?;
    let id = cohort::create(
        uow.conn(),
        NewCohort {
            programme_id,
            settings: &settings,
            status: CohortStatus::Planning,
            calendar_token: &new_token(),
            cloned_from_id: None,
        },
        now,
    )
    .await?;
    let (added, _) = cohort::set_managers(uow.conn(), id, &managers, now).await?;
    let mut changes = settings.as_new().set("programme_id", programme_id);
    for c in manager_changes(&added, &[]).changes() {
        changes = changes.set(&c.field, c.after.clone().unwrap_or_default());
    }
    uow.audit(Entry::new("cohort.create", "cohort", id, changes))
        .await?;
    uow.commit().await?;
    Ok(id)
}

pub async fn update(
    ctx: &Context<'_>,
    cohort_id: i32,
    input: &CohortInput,
    managers: &[String],
) -> OpResult<CohortSettings> {
    let mut uow = ctx.begin().await?;
    let now = uow.now();
    let stored = cohort::find(uow.conn(), cohort_id)
        .await?
        .ok_or(OpError::NotFound)?;
    let spans: Vec<DateSpan> = phase::of_cohort(uow.conn(), cohort_id)
        .await?
        .iter()
        .map(|p| p.phase.dates)
        .collect();
    let mut errors = FieldErrors::new();
    let settings = input.validate(Rules {
        status: stored.status,
        stored: Some(&stored.settings),
        phases: &spans,
    });
    let managers = chosen_managers(uow.conn(), stored.programme_id, managers, &mut errors).await?;
    let settings = errors.alongside(settings)?;
    let mut changes = stored.settings.changes_to(&settings);
    // A form sent back unchanged writes nothing: no new `updated_at` without an audit row.
    if !changes.is_empty() {
        cohort::update_settings(uow.conn(), cohort_id, &settings, now).await?;
    }
    let (added, removed) = cohort::set_managers(uow.conn(), cohort_id, &managers, now).await?;
    for c in manager_changes(&added, &removed).changes() {
        changes = changes.set(&c.field, c.after.clone().unwrap_or_default());
    }
    if !changes.is_empty() {
        uow.audit(Entry::new("cohort.update", "cohort", cohort_id, changes))
            .await?;
    }
    uow.commit().await?;
    Ok(settings)
}

/// Moves a cohort along its lifecycle if every precondition holds.
/// What the lifecycle rules look at for `c`, read inside `uow`'s transaction.
async fn facts_of<'r>(
    uow: &crate::ops::UnitOfWork<'_>,
    c: &cohort::StoredCohort,
    reason: &'r str,
) -> OpResult<Facts<'r>> {
    let p = programme::find(uow.conn(), c.programme_id)
        .await?
        .ok_or(OpError::NotFound)?;
    Ok(Facts {
        now: uow.now(),
        programme_archived: p.programme.archived,
        dates: c.settings.dates,
        call: c.settings.call,
        eligible_countries: c.settings.countries(&p.programme.eligible_countries).len(),
        reason,
        features: parts::REGISTERED.facts(uow.conn(), c).await?,
    })
}

/// Whether `transition` would be allowed now, changing nothing: a move that must be confirmed
/// is asked about only when it could then happen (a refused one is refused at once).
pub async fn check_transition(
    ctx: &Context<'_>,
    cohort_id: i32,
    transition: Transition,
    reason: &str,
) -> OpResult<std::result::Result<CohortStatus, Refusal>> {
    let uow = ctx.begin().await?;
    let c = cohort::find(uow.conn(), cohort_id)
        .await?
        .ok_or(OpError::NotFound)?;
    let facts = facts_of(&uow, &c, reason).await?;
    // Dropped without a commit: nothing was written.
    Ok(lifecycle::check(c.status, transition, &facts))
}

pub async fn transition(
    ctx: &Context<'_>,
    cohort_id: i32,
    transition: Transition,
    reason: &str,
) -> OpResult<std::result::Result<CohortStatus, Refusal>> {
    let mut uow = ctx.begin().await?;
    let now = uow.now();
    let c = cohort::find(uow.conn(), cohort_id)
        .await?
        .ok_or(OpError::NotFound)?;
    let facts = facts_of(&uow, &c, reason).await?;
    let next = match lifecycle::check(c.status, transition, &facts) {
        Ok(next) => next,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let reason = reason.trim();
    let cancel_reason = (transition == Transition::Cancel).then_some(reason);
    cohort::set_status(uow.conn(), cohort_id, next, cancel_reason, now).await?;
    let mut changes = ChangeSet::new().field("status", c.status.code(), next.code());
    if let Some(r) = cancel_reason {
        changes = changes.set("reason", r);
    }
    let action = match transition {
        Transition::OpenCall => "cohort.open_call",
        Transition::WithdrawCall => "cohort.withdraw_call",
        Transition::CloseCall => "cohort.close_call",
        Transition::Start => "cohort.start",
        Transition::Complete => "cohort.complete",
        Transition::Close => "cohort.close",
        Transition::Cancel => "cohort.cancel",
    };
    uow.audit(Entry::new(action, "cohort", cohort_id, changes))
        .await?;
    uow.commit().await?;
    Ok(Ok(next))
}

/// Plans the copy and makes it in one unit of work: the new cohort, what every part copies, and
/// the audit entry (see `itp_persistence::cohort::clone`).
pub async fn clone(ctx: &Context<'_>, source: &StoredCohort, input: &CloneInput) -> OpResult<i32> {
    let phases: Vec<_> = phase::of_cohort(ctx.conn(), source.id)
        .await?
        .into_iter()
        .map(|p| p.phase)
        .collect();
    let plan = clone::plan(&source.settings, &phases, input)?;
    let mut uow = ctx.begin().await?;
    let (id, changes) = cohort::clone(
        uow.conn(),
        source,
        &plan,
        &new_token(),
        uow.now(),
        &parts::REGISTERED,
    )
    .await?;
    uow.audit(Entry::new("cohort.clone", "cohort", id, changes))
        .await?;
    uow.commit().await?;
    Ok(id)
}

/// The cohort for a phase change, refused when it can no longer change.
async fn editable<C: itp_persistence::ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
) -> OpResult<StoredCohort> {
    let c = cohort::find(conn, cohort_id)
        .await?
        .ok_or(OpError::NotFound)?;
    if !c.status.is_editable() {
        return Err(OpError::Conflict(format!(
            "This cohort is {}; its phases can no longer change.",
            c.status.label().to_lowercase()
        )));
    }
    Ok(c)
}

pub async fn add_phase(ctx: &Context<'_>, cohort_id: i32, input: &PhaseInput) -> OpResult<i32> {
    let mut uow = ctx.begin().await?;
    let now = uow.now();
    let c = editable(uow.conn(), cohort_id).await?;
    let p = input.validate(c.settings.dates)?;
    let id = phase::create(uow.conn(), cohort_id, &p, now).await?;
    let changes = p.as_new().set("cohort_id", cohort_id);
    uow.audit(Entry::new("phase.create", "phase", id, changes))
        .await?;
    uow.commit().await?;
    Ok(id)
}

pub async fn update_phase(
    ctx: &Context<'_>,
    cohort_id: i32,
    phase_id: i32,
    input: &PhaseInput,
) -> OpResult<()> {
    let mut uow = ctx.begin().await?;
    let now = uow.now();
    let c = editable(uow.conn(), cohort_id).await?;
    let before = phase::find(uow.conn(), cohort_id, phase_id)
        .await?
        .ok_or(OpError::NotFound)?;
    let p = input.validate(c.settings.dates)?;
    let changes = before.phase.changes_to(&p);
    if !changes.is_empty() {
        phase::update(uow.conn(), phase_id, &p, now).await?;
        uow.audit(Entry::new("phase.update", "phase", phase_id, changes))
            .await?;
    }
    uow.commit().await?;
    Ok(())
}

/// Removes a phase. Once the call is out, applicants have seen the phases, so the last one
/// cannot go: a cohort past planning always has at least one.
pub async fn delete_phase(ctx: &Context<'_>, cohort_id: i32, phase_id: i32) -> OpResult<String> {
    let mut uow = ctx.begin().await?;
    let c = editable(uow.conn(), cohort_id).await?;
    let phases = phase::of_cohort(uow.conn(), cohort_id).await?;
    let gone = phases
        .iter()
        .find(|p| p.id == phase_id)
        .ok_or(OpError::NotFound)?;
    if phases.len() == 1 && c.status != CohortStatus::Planning {
        return Err(OpError::Conflict(
            "The call has gone out with this phase; a cohort past planning keeps at least one phase."
                .into(),
        ));
    }
    phase::delete(uow.conn(), phase_id).await?;
    let changes = ChangeSet::new()
        .field("title", &gone.phase.title, "")
        .field("dates", gone.phase.dates, "")
        .set("cohort_id", cohort_id);
    uow.audit(Entry::new("phase.delete", "phase", phase_id, changes))
        .await?;
    uow.commit().await?;
    Ok(gone.phase.title.clone())
}

/// Replaces the cohort's feed address; the old one stops working at once.
pub async fn new_cohort_feed_token(ctx: &Context<'_>, cohort_id: i32) -> OpResult<()> {
    let mut uow = ctx.begin().await?;
    cohort::find(uow.conn(), cohort_id)
        .await?
        .ok_or(OpError::NotFound)?;
    cohort::set_calendar_token(uow.conn(), cohort_id, &new_token()).await?;
    uow.audit(Entry::new(
        "cohort.new_calendar_address",
        "cohort",
        cohort_id,
        ChangeSet::new().redacted("calendar_token"),
    ))
    .await?;
    uow.commit().await?;
    Ok(())
}
