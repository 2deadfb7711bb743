//! Planning a cohort's phases: add, edit, remove.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use itp_domain::Code;
use itp_domain::authz::Action;
use itp_domain::phase::{PhaseInput, PhaseKind};
use itp_domain::validation::FieldErrors;
use itp_persistence::phase;
use maud::Markup;

use itp_persistence::cohort::StoredCohort;

use super::{forms, service};
use crate::app::{AppState, Routes};
use crate::error::{AppError, Result};
use crate::forms::FormFields;
use crate::forms::OrForm;
use crate::ops::Context;
use crate::security::access;
use crate::security::guard::Access;
use crate::security::session::{Session, SignedIn};
use crate::views::PageContext;
use crate::views::confirm::{self, Confirmation};
use itp_domain::format::{self, Lang};

pub fn routes(r: Routes) -> Routes {
    let plan = Access::Can(Action::PlanCohort);
    r.get("/cohorts/{cohort_id}/phases/new", plan, new_form)
        .post("/cohorts/{cohort_id}/phases", plan, create)
        .get(
            "/cohorts/{cohort_id}/phases/{phase_id}/edit",
            plan,
            edit_form,
        )
        .post("/cohorts/{cohort_id}/phases/{phase_id}", plan, update)
        .post(
            "/cohorts/{cohort_id}/phases/{phase_id}/delete",
            plan,
            delete,
        )
}

async fn new_form(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Path(cohort_id): Path<i32>,
) -> Result<Markup> {
    let c = access::load::<StoredCohort>(&state, &me, cohort_id, Action::PlanCohort).await?;
    let input = PhaseInput {
        kind: PhaseKind::RegionalWorkshop.code().into(),
        compulsory: true,
        ..Default::default()
    };
    Ok(forms::phase(
        &ctx,
        cohort_id,
        &c.settings.name,
        None,
        &input,
        &FieldErrors::new(),
    ))
}

async fn create(
    State(state): State<AppState>,
    session: Session,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Path(cohort_id): Path<i32>,
    fields: FormFields,
) -> Result<Response> {
    let c = access::load::<StoredCohort>(&state, &me, cohort_id, Action::PlanCohort).await?;
    let input = forms::phase_input(&fields);
    service::add_phase(&Context::person(&state, &me), cohort_id, &input)
        .await
        .or_form(|e| forms::phase(&ctx, cohort_id, &c.settings.name, None, &input, e))?;
    session
        .flash(format!("{} was added.", input.title.trim()))
        .await?;
    Ok(Redirect::to(&format!("/cohorts/{cohort_id}#phases-title")).into_response())
}

async fn edit_form(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Path((cohort_id, phase_id)): Path<(i32, i32)>,
) -> Result<Markup> {
    let c = access::load::<StoredCohort>(&state, &me, cohort_id, Action::PlanCohort).await?;
    let p = phase::find(&state.db.conn, cohort_id, phase_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(forms::phase(
        &ctx,
        cohort_id,
        &c.settings.name,
        Some(phase_id),
        &PhaseInput::from_phase(&p.phase),
        &FieldErrors::new(),
    ))
}

async fn update(
    State(state): State<AppState>,
    session: Session,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Path((cohort_id, phase_id)): Path<(i32, i32)>,
    fields: FormFields,
) -> Result<Response> {
    let c = access::load::<StoredCohort>(&state, &me, cohort_id, Action::PlanCohort).await?;
    let input = forms::phase_input(&fields);
    service::update_phase(&Context::person(&state, &me), cohort_id, phase_id, &input)
        .await
        .or_form(|e| forms::phase(&ctx, cohort_id, &c.settings.name, Some(phase_id), &input, e))?;
    session
        .flash(format!("{} was saved.", input.title.trim()))
        .await?;
    Ok(Redirect::to(&format!("/cohorts/{cohort_id}#phases-title")).into_response())
}

async fn delete(
    State(state): State<AppState>,
    session: Session,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Path((cohort_id, phase_id)): Path<(i32, i32)>,
    fields: FormFields,
) -> Result<Response> {
    let cohort = access::load::<StoredCohort>(&state, &me, cohort_id, Action::PlanCohort).await?;
    let stored = phase::find(&state.db.conn, cohort_id, phase_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let dates = stored.phase.dates;
    // A cohort that can no longer change is refused at once by the operation, not asked about.
    if cohort.status.is_editable()
        && let Some(page) = confirm::needed(&ctx, &fields, || Confirmation {
            title: "Remove this phase?",
            consequences: vec![format!(
                "{} ({} to {}) is removed from the cohort's plan, its timeline and its calendar feed.",
                stored.phase.title,
                format::date(dates.start, Lang::En),
                format::date(dates.end, Lang::En)
            )],
            irreversible: Some(
                "The phase's dates, place and settings are gone; to have it back, add it again."
                    .into(),
            ),
            action: format!("/cohorts/{cohort_id}/phases/{phase_id}/delete"),
            button: "Yes, remove the phase",
            back: format!("/cohorts/{cohort_id}#phases-title"),
            danger: true,
        })
    {
        return Ok(page.into_response());
    }
    let title = service::delete_phase(&Context::person(&state, &me), cohort_id, phase_id).await?;
    session.flash(format!("{title} was removed.")).await?;
    Ok(Redirect::to(&format!("/cohorts/{cohort_id}#phases-title")).into_response())
}
