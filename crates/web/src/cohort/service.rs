//! Changing cohorts and their phases. Each function reads what it checks inside its write
//! transaction (so two managers editing at once cannot slip past a rule), writes, records the audit
//! entry with the changed fields, and commits.

use itp_domain::Code;
use itp_domain::audit::ChangeSet;
use itp_domain::cohort::clone::{self, CloneInput};
use itp_domain::cohort::lifecycle::{self, Facts, Refusal};
use itp_domain::cohort::{CohortInput, CohortSettings, CohortStatus, Context, Transition};
use itp_domain::phase::{DateSpan, PhaseInput};
use itp_domain::validation::FieldErrors;
use itp_persistence::audit::{self, Actor, Entry};
use itp_persistence::cohort::{self, NewCohort, StoredCohort};
use itp_persistence::{begin_write, phase, programme};

use crate::app::AppState;
use crate::error::{AppError, Result};
use crate::security::tokens::new_token;

fn entry(
    action: &'static str,
    entity_type: &'static str,
    id: i32,
    changes: ChangeSet,
) -> Entry<'static> {
    Entry {
        action,
        entity_type,
        entity_id: Some(id.to_string()),
        changes,
    }
}

/// Responsible managers chosen on a form, checked against who may be chosen.
async fn chosen_managers<C: itp_persistence::ConnectionTrait>(
    conn: &C,
    programme_id: i32,
    ids: &[String],
    errors: &mut FieldErrors,
) -> Result<Vec<i32>> {
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
    state: &AppState,
    actor: &Actor,
    programme_id: i32,
    input: &CohortInput,
    managers: &[String],
) -> Result<i32> {
    let now = state.clock.now();
    let tx = begin_write(&state.db.conn).await?;
    let p = programme::find(&tx, programme_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut errors = FieldErrors::new();
    if p.programme.archived {
        errors.add(
            "name",
            "The programme is archived; restore it to the catalogue before planning cohorts.",
        );
    }
    let settings = input.validate(Context::new_cohort());
    let managers = chosen_managers(&tx, programme_id, managers, &mut errors).await?;
    let settings = match (settings, errors.is_empty()) {
        (Ok(s), true) => s,
        (Ok(_), false) => return Err(AppError::Invalid(errors)),
        (Err(mut e), _) => {
            errors
                .iter()
                .for_each(|x| e.add(&x.field, x.message.clone()));
            return Err(AppError::Invalid(e));
        }
    };
    let id = cohort::create(
        &tx,
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
    let (added, _) = cohort::set_managers(&tx, id, &managers, now).await?;
    let mut changes = settings.as_new().set("programme_id", programme_id);
    for c in manager_changes(&added, &[]).changes() {
        changes = changes.set(&c.field, c.after.clone().unwrap_or_default());
    }
    audit::record(
        &tx,
        actor,
        now,
        entry("cohort.create", "cohort", id, changes),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn update(
    state: &AppState,
    actor: &Actor,
    cohort_id: i32,
    input: &CohortInput,
    managers: &[String],
) -> Result<CohortSettings> {
    let now = state.clock.now();
    let tx = begin_write(&state.db.conn).await?;
    let stored = cohort::find(&tx, cohort_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let spans: Vec<DateSpan> = phase::of_cohort(&tx, cohort_id)
        .await?
        .iter()
        .map(|p| p.phase.dates)
        .collect();
    let mut errors = FieldErrors::new();
    let settings = input.validate(Context {
        status: stored.status,
        stored: Some(&stored.settings),
        phases: &spans,
    });
    let managers = chosen_managers(&tx, stored.programme_id, managers, &mut errors).await?;
    let settings = match (settings, errors.is_empty()) {
        (Ok(s), true) => s,
        (Ok(_), false) => return Err(AppError::Invalid(errors)),
        (Err(mut e), _) => {
            errors
                .iter()
                .for_each(|x| e.add(&x.field, x.message.clone()));
            return Err(AppError::Invalid(e));
        }
    };
    let mut changes = stored.settings.changes_to(&settings);
    // A form sent back unchanged writes nothing: no new `updated_at` without an audit row.
    if !changes.is_empty() {
        cohort::update_settings(&tx, cohort_id, &settings, now).await?;
    }
    let (added, removed) = cohort::set_managers(&tx, cohort_id, &managers, now).await?;
    for c in manager_changes(&added, &removed).changes() {
        changes = changes.set(&c.field, c.after.clone().unwrap_or_default());
    }
    if !changes.is_empty() {
        audit::record(
            &tx,
            actor,
            now,
            entry("cohort.update", "cohort", cohort_id, changes),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(settings)
}

/// Moves a cohort along its lifecycle if every precondition holds.
pub async fn transition(
    state: &AppState,
    actor: &Actor,
    cohort_id: i32,
    transition: Transition,
    reason: &str,
) -> Result<std::result::Result<CohortStatus, Refusal>> {
    let now = state.clock.now();
    let tx = begin_write(&state.db.conn).await?;
    let c = cohort::find(&tx, cohort_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let p = programme::find(&tx, c.programme_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let spans: Vec<DateSpan> = phase::of_cohort(&tx, cohort_id)
        .await?
        .iter()
        .map(|p| p.phase.dates)
        .collect();
    let facts = Facts {
        now,
        programme_archived: p.programme.archived,
        dates: c.settings.dates,
        phases: &spans,
        call: c.settings.call,
        eligible_countries: c.settings.countries(&p.programme.eligible_countries).len(),
        applications: u64::try_from(cohort::dashboard_counts(&tx, cohort_id).await?.applications)
            .unwrap_or(0),
        reason,
    };
    let next = match lifecycle::check(c.status, transition, &facts) {
        Ok(next) => next,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let reason = reason.trim();
    let cancel_reason = (transition == Transition::Cancel).then_some(reason);
    cohort::set_status(&tx, cohort_id, next, cancel_reason, now).await?;
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
    audit::record(&tx, actor, now, entry(action, "cohort", cohort_id, changes)).await?;
    tx.commit().await?;
    Ok(Ok(next))
}

/// Plans the copy and makes it in one transaction (see `itp_persistence::cohort::clone`).
pub async fn clone(
    state: &AppState,
    actor: &Actor,
    source: &StoredCohort,
    input: &CloneInput,
) -> Result<i32> {
    let phases: Vec<_> = phase::of_cohort(&state.db.conn, source.id)
        .await?
        .into_iter()
        .map(|p| p.phase)
        .collect();
    let plan = clone::plan(&source.settings, &phases, input).map_err(AppError::Invalid)?;
    Ok(cohort::clone(
        &state.db.conn,
        actor,
        source,
        &plan,
        &new_token(),
        state.clock.now(),
    )
    .await?)
}

/// The cohort for a phase change, refused when it can no longer change.
async fn editable<C: itp_persistence::ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
) -> Result<StoredCohort> {
    let c = cohort::find(conn, cohort_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !c.status.is_editable() {
        return Err(AppError::Conflict(format!(
            "This cohort is {}; its phases can no longer change.",
            c.status.label().to_lowercase()
        )));
    }
    Ok(c)
}

pub async fn add_phase(
    state: &AppState,
    actor: &Actor,
    cohort_id: i32,
    input: &PhaseInput,
) -> Result<i32> {
    let now = state.clock.now();
    let tx = begin_write(&state.db.conn).await?;
    let c = editable(&tx, cohort_id).await?;
    let p = input
        .validate(c.settings.dates)
        .map_err(AppError::Invalid)?;
    let id = phase::create(&tx, cohort_id, &p, now).await?;
    let changes = p.as_new().set("cohort_id", cohort_id);
    audit::record(&tx, actor, now, entry("phase.create", "phase", id, changes)).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn update_phase(
    state: &AppState,
    actor: &Actor,
    cohort_id: i32,
    phase_id: i32,
    input: &PhaseInput,
) -> Result<()> {
    let now = state.clock.now();
    let tx = begin_write(&state.db.conn).await?;
    let c = editable(&tx, cohort_id).await?;
    let before = phase::find(&tx, cohort_id, phase_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let p = input
        .validate(c.settings.dates)
        .map_err(AppError::Invalid)?;
    let changes = before.phase.changes_to(&p);
    if !changes.is_empty() {
        phase::update(&tx, phase_id, &p, now).await?;
        audit::record(
            &tx,
            actor,
            now,
            entry("phase.update", "phase", phase_id, changes),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Removes a phase. Once the call is out, applicants have seen the phases, so the last one
/// cannot go: a cohort past planning always has at least one.
pub async fn delete_phase(
    state: &AppState,
    actor: &Actor,
    cohort_id: i32,
    phase_id: i32,
) -> Result<String> {
    let now = state.clock.now();
    let tx = begin_write(&state.db.conn).await?;
    let c = editable(&tx, cohort_id).await?;
    let phases = phase::of_cohort(&tx, cohort_id).await?;
    let gone = phases
        .iter()
        .find(|p| p.id == phase_id)
        .ok_or(AppError::NotFound)?;
    if phases.len() == 1 && c.status != CohortStatus::Planning {
        return Err(AppError::Conflict(
            "The call has gone out with this phase; a cohort past planning keeps at least one phase."
                .into(),
        ));
    }
    phase::delete(&tx, phase_id).await?;
    let changes = ChangeSet::new()
        .field("title", &gone.phase.title, "")
        .field("dates", gone.phase.dates, "")
        .set("cohort_id", cohort_id);
    audit::record(
        &tx,
        actor,
        now,
        entry("phase.delete", "phase", phase_id, changes),
    )
    .await?;
    tx.commit().await?;
    Ok(gone.phase.title.clone())
}

/// Replaces the cohort's feed address; the old one stops working at once.
pub async fn new_cohort_feed_token(state: &AppState, actor: &Actor, cohort_id: i32) -> Result<()> {
    let now = state.clock.now();
    let tx = begin_write(&state.db.conn).await?;
    cohort::find(&tx, cohort_id)
        .await?
        .ok_or(AppError::NotFound)?;
    cohort::set_calendar_token(&tx, cohort_id, &new_token()).await?;
    audit::record(
        &tx,
        actor,
        now,
        entry(
            "cohort.new_calendar_address",
            "cohort",
            cohort_id,
            ChangeSet::new().redacted("calendar_token"),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
