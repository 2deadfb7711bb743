//! A cohort's settings: creating a cohort of a programme and changing one.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use itp_domain::authz::Action;
use itp_domain::cohort::{CohortInput, DEFAULT_TIME_ZONE};
use itp_domain::validation::FieldErrors;
use itp_persistence::cohort::{self, StoredCohort};
use itp_persistence::programme::{self, StoredProgramme};
use maud::Markup;

use super::forms::{self, SettingsTarget};
use super::service;
use crate::app::AppState;
use crate::error::{AppError, Result};
use crate::forms::FormFields;
use crate::ops::{Context, OpError};
use crate::security::access;
use crate::security::session::{Session, SignedIn};
use crate::views::PageContext;

fn countries_text(p: &StoredProgramme) -> String {
    let list: Vec<&str> = p
        .programme
        .eligible_countries
        .iter()
        .map(|c| c.as_str())
        .collect();
    if list.is_empty() {
        "none set".into()
    } else {
        list.join(", ")
    }
}

pub(super) async fn new_form(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Path(programme_id): Path<i32>,
) -> Result<Markup> {
    let p = access::load::<StoredProgramme>(&state, &me, programme_id, Action::PlanCohort).await?;
    let candidates = cohort::manager_candidates(&state.db.conn, programme_id).await?;
    let input = CohortInput {
        seats: "25".into(),
        time_zone: DEFAULT_TIME_ZONE.name().into(),
        ..Default::default()
    };
    // The person creating the cohort is its first responsible manager when they may be one.
    let managers: Vec<String> = candidates
        .iter()
        .filter(|c| c.user_id == me.id)
        .map(|c| c.user_id.to_string())
        .collect();
    Ok(new_cohort_form(
        &ctx,
        &p,
        &input,
        &candidates,
        &managers,
        &FieldErrors::new(),
    ))
}

fn new_cohort_form(
    ctx: &PageContext,
    p: &StoredProgramme,
    input: &CohortInput,
    candidates: &[cohort::Person],
    managers: &[String],
    errors: &FieldErrors,
) -> Markup {
    let countries = countries_text(p);
    forms::settings(
        ctx,
        &SettingsTarget {
            title: format!("New cohort of {}", p.programme.name),
            action: format!("/programmes/{}/cohorts", p.id),
            back: format!("/programmes/{}", p.id),
            programme_countries: &countries,
            submit: "Create cohort",
        },
        input,
        candidates,
        managers,
        errors,
    )
}

pub(super) async fn create(
    State(state): State<AppState>,
    session: Session,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Path(programme_id): Path<i32>,
    fields: FormFields,
) -> Result<Response> {
    let p = access::load::<StoredProgramme>(&state, &me, programme_id, Action::PlanCohort).await?;
    let input = forms::cohort_input(&fields);
    let managers = fields.all("managers");
    match service::create(
        &Context::person(&state, &me),
        programme_id,
        &input,
        &managers,
    )
    .await
    {
        Ok(id) => {
            session
                .flash(format!("{} was created.", input.name.trim()))
                .await?;
            Ok(Redirect::to(&format!("/cohorts/{id}")).into_response())
        }
        Err(OpError::Invalid(errors)) => {
            let candidates = cohort::manager_candidates(&state.db.conn, programme_id).await?;
            Err(AppError::Reshow(new_cohort_form(
                &ctx,
                &p,
                &input,
                &candidates,
                &managers,
                &errors,
            )))
        }
        Err(e) => Err(e.into()),
    }
}

async fn edit_page(
    state: &AppState,
    ctx: &PageContext,
    c: &StoredCohort,
    input: &CohortInput,
    managers: &[String],
    errors: &FieldErrors,
) -> Result<Markup> {
    let p = programme::find(&state.db.conn, c.programme_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let candidates = cohort::manager_candidates(&state.db.conn, c.programme_id).await?;
    let countries = countries_text(&p);
    Ok(forms::settings(
        ctx,
        &SettingsTarget {
            title: format!("Settings of {}", c.settings.name),
            action: format!("/cohorts/{}", c.id),
            back: format!("/cohorts/{}", c.id),
            programme_countries: &countries,
            submit: "Save settings",
        },
        input,
        &candidates,
        managers,
        errors,
    ))
}

pub(super) async fn edit_form(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Path(id): Path<i32>,
) -> Result<Markup> {
    let c = access::load::<StoredCohort>(&state, &me, id, Action::PlanCohort).await?;
    let managers: Vec<String> = cohort::managers(&state.db.conn, id)
        .await?
        .iter()
        .map(|m| m.user_id.to_string())
        .collect();
    let input = CohortInput::from_settings(&c.settings);
    edit_page(&state, &ctx, &c, &input, &managers, &FieldErrors::new()).await
}

pub(super) async fn update(
    State(state): State<AppState>,
    session: Session,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Path(id): Path<i32>,
    fields: FormFields,
) -> Result<Response> {
    let c = access::load::<StoredCohort>(&state, &me, id, Action::PlanCohort).await?;
    let input = forms::cohort_input(&fields);
    let managers = fields.all("managers");
    match service::update(&Context::person(&state, &me), id, &input, &managers).await {
        Ok(s) => {
            session
                .flash(format!("The settings of {} were saved.", s.name))
                .await?;
            Ok(Redirect::to(&format!("/cohorts/{id}")).into_response())
        }
        Err(OpError::Invalid(errors)) => Err(AppError::Reshow(
            edit_page(&state, &ctx, &c, &input, &managers, &errors).await?,
        )),
        Err(e) => Err(e.into()),
    }
}
