//! The work behind the applicant's and the manager's actions, each change in one transaction
//! with its audit row.

use itp_domain::Code;
use itp_domain::application::eligibility::{CheckKind, CheckResult, EligibilityContext, evaluate};
use itp_domain::application::lifecycle::{self, Facts, Refusal, Transition};
use itp_domain::application::submission::{self, Step};
use itp_domain::application::{ApplicationDraft, ApplicationStatus};
use itp_domain::audit::ChangeSet;
use itp_domain::validation::{self, FieldErrors};
use itp_persistence::application::{self, documents, eligibility};
use itp_persistence::audit::{self, Actor, Entry};
use itp_persistence::{ConnectionTrait, begin_write};

use super::context::{ApplicationContext, CallContext};
use crate::app::AppState;
use crate::error::{AppError, Result};
use crate::security::session::CurrentUser;

fn actor(user: &CurrentUser) -> Actor {
    Actor::user(user.id, &user.email)
}

fn entry(action: &'static str, id: i32, changes: ChangeSet) -> Entry<'static> {
    Entry {
        action,
        entity_type: "application",
        entity_id: Some(id.to_string()),
        changes,
    }
}

/// The applicant's application to this call: the existing one, or a new draft.
pub async fn start_or_resume(
    state: &AppState,
    user: &CurrentUser,
    call: &CallContext,
) -> Result<i32> {
    let now = state.clock.now();
    if !call.accepts_at(now) {
        return Err(AppError::BadRequest(
            "This call is not open for applications.".into(),
        ));
    }
    let tx = begin_write(&state.db.conn).await?;
    if let Some(existing) = application::draft_for(&tx, call.cohort.id, user.id).await? {
        return Ok(existing.id);
    }
    let id = application::create_draft(&tx, call.cohort.id, user.id, now).await?;
    audit::record(
        &tx,
        &actor(user),
        now,
        entry(
            "application.start",
            id,
            ChangeSet::new().set("cohort", call.cohort.id),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Saves one step of the form. A draft accepts anything; the rules apply at submission.
pub async fn save_step(
    state: &AppState,
    ctx: &ApplicationContext,
    step: Step,
    fields: &[(String, String)],
) -> Result<ApplicationDraft> {
    if ctx.application.status != ApplicationStatus::Draft {
        return Err(AppError::Conflict(
            "This application has been submitted and can no longer be changed.".into(),
        ));
    }
    // Read and write in one write transaction, so two tabs saving different steps at the same
    // moment cannot undo each other's step.
    let tx = begin_write(&state.db.conn).await?;
    let mut draft = application::draft_of(&tx, ctx.application.id).await?;
    draft.apply_step(step, fields);
    if !application::save_draft(&tx, ctx.application.id, &draft, state.clock.now()).await? {
        return Err(AppError::Conflict(
            "This application has been submitted and can no longer be changed.".into(),
        ));
    }
    tx.commit().await?;
    Ok(draft)
}

/// Submits the draft if every rule holds and the deadline has not passed; otherwise returns
/// every problem at once and changes nothing.
pub async fn submit(
    state: &AppState,
    user: &CurrentUser,
    ctx: &ApplicationContext,
) -> Result<std::result::Result<(), FieldErrors>> {
    let now = state.clock.now();
    let facts = Facts {
        call_accepts: ctx.call.accepts_at(now),
    };
    match lifecycle::check(ctx.application.status, Transition::Submit, facts) {
        Ok(_) => {}
        Err(r @ Refusal::DeadlinePassed(_)) => {
            return Ok(Err(FieldErrors::single("deadline", r.to_string())));
        }
        Err(r @ Refusal::NotFrom(..)) => return Err(AppError::Conflict(r.to_string())),
    }
    let tx = begin_write(&state.db.conn).await?;
    let draft = application::draft_of(&tx, ctx.application.id).await?;
    let docs = documents::present(&documents::of_application(&tx, ctx.application.id).await?);
    let submitted = match submission::validate(&draft, &ctx.call.rules(), &docs, now) {
        Ok(s) => s,
        Err(errors) => return Ok(Err(errors)),
    };
    if !application::submit(&tx, ctx.application.id, &submitted, now).await? {
        return Err(AppError::Conflict(
            "This application was submitted already.".into(),
        ));
    }
    refresh_eligibility(&tx, ctx, &draft).await?;
    audit::record(
        &tx,
        &actor(user),
        now,
        entry(
            "application.submit",
            ctx.application.id,
            ChangeSet::new()
                .field(
                    "status",
                    Transition::Submit.from().code(),
                    Transition::Submit.to().code(),
                )
                .set("members", submitted.members.len()),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// Withdraws a submitted application; allowed until the deadline.
pub async fn withdraw(
    state: &AppState,
    user: &CurrentUser,
    ctx: &ApplicationContext,
) -> Result<()> {
    let now = state.clock.now();
    let facts = Facts {
        call_accepts: ctx.call.accepts_at(now),
    };
    match lifecycle::check(ctx.application.status, Transition::Withdraw, facts) {
        Ok(_) => {}
        Err(r @ Refusal::DeadlinePassed(_)) => return Err(AppError::BadRequest(r.to_string())),
        Err(r @ Refusal::NotFrom(..)) => return Err(AppError::Conflict(r.to_string())),
    }
    let tx = begin_write(&state.db.conn).await?;
    if !application::withdraw(&tx, ctx.application.id, now).await? {
        return Err(AppError::Conflict(
            "Only a submitted application can be withdrawn.".into(),
        ));
    }
    audit::record(
        &tx,
        &actor(user),
        now,
        entry(
            "application.withdraw",
            ctx.application.id,
            ChangeSet::new().field(
                "status",
                Transition::Withdraw.from().code(),
                Transition::Withdraw.to().code(),
            ),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Runs the eligibility checks for an application as it is now.
pub async fn checks<C: ConnectionTrait>(
    conn: &C,
    ctx: &ApplicationContext,
    draft: &ApplicationDraft,
) -> Result<Vec<CheckResult>> {
    let docs = documents::present(&documents::of_application(conn, ctx.application.id).await?);
    let earlier = eligibility::candidates_for(conn, draft).await?;
    let overrides = eligibility::overrides(conn, ctx.application.id).await?;
    let rules = ctx.call.rules();
    Ok(evaluate(
        draft,
        &EligibilityContext {
            rules: &rules,
            documents: &docs,
            earlier: &earlier,
            overrides: &overrides,
        },
    ))
}

/// Recomputes the checks and keeps their outcome on the application for the list's filters.
pub async fn refresh_eligibility<C: ConnectionTrait>(
    conn: &C,
    ctx: &ApplicationContext,
    draft: &ApplicationDraft,
) -> Result<Vec<CheckResult>> {
    let results = checks(conn, ctx, draft).await?;
    eligibility::store_outcome(conn, ctx.application.id, &results).await?;
    Ok(results)
}

/// A manager treats a check as passed, with a written reason (audited).
pub async fn override_check(
    state: &AppState,
    user: &CurrentUser,
    ctx: &ApplicationContext,
    kind: CheckKind,
    reason: &str,
) -> Result<std::result::Result<(), FieldErrors>> {
    let mut errors = FieldErrors::new();
    let reason = validation::required_text(&mut errors, "reason", "reason", reason, 2_000);
    if errors.is_empty() && reason.chars().count() < 10 {
        errors.add(
            "reason",
            "Write the reason for the override (at least 10 characters); it is kept in the audit log.",
        );
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let reason = reason.as_str();
    let now = state.clock.now();
    let tx = begin_write(&state.db.conn).await?;
    eligibility::set_override(&tx, ctx.application.id, kind, reason, user.id, now).await?;
    let draft = application::draft_of(&tx, ctx.application.id).await?;
    refresh_eligibility(&tx, ctx, &draft).await?;
    audit::record(
        &tx,
        &actor(user),
        now,
        entry(
            "application.override_check",
            ctx.application.id,
            ChangeSet::new()
                .set("check", kind.code())
                .set("reason", reason),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// Takes an override back (audited).
pub async fn remove_override(
    state: &AppState,
    user: &CurrentUser,
    ctx: &ApplicationContext,
    kind: CheckKind,
) -> Result<()> {
    let now = state.clock.now();
    let tx = begin_write(&state.db.conn).await?;
    if !eligibility::remove_override(&tx, ctx.application.id, kind).await? {
        return Err(AppError::NotFound);
    }
    let draft = application::draft_of(&tx, ctx.application.id).await?;
    refresh_eligibility(&tx, ctx, &draft).await?;
    audit::record(
        &tx,
        &actor(user),
        now,
        entry(
            "application.remove_override",
            ctx.application.id,
            ChangeSet::new().set("check", kind.code()),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
