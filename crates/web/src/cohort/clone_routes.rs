//! Cloning a cohort: a new cohort with the same settings and phases, moved to a new start date.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use itp_domain::authz::Action;
use itp_domain::cohort::clone::CloneInput;
use itp_domain::validation::FieldErrors;
use itp_persistence::cohort::StoredCohort;
use maud::Markup;

use super::{forms, service};
use crate::app::AppState;
use crate::error::{AppError, Result};
use crate::forms::FormFields;
use crate::ops::{Context, OpError};
use crate::security::access;
use crate::security::session::{Session, SignedIn};
use crate::views::PageContext;

pub(super) async fn clone_form(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Path(id): Path<i32>,
) -> Result<Markup> {
    let c = access::load::<StoredCohort>(&state, &me, id, Action::PlanCohort).await?;
    let input = CloneInput {
        name: format!("{} (copy)", c.settings.name),
        starts_on: String::new(),
    };
    Ok(forms::clone(
        &ctx,
        id,
        &c.settings.name,
        &input,
        &FieldErrors::new(),
    ))
}

pub(super) async fn clone(
    State(state): State<AppState>,
    session: Session,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Path(id): Path<i32>,
    fields: FormFields,
) -> Result<Response> {
    let c = access::load::<StoredCohort>(&state, &me, id, Action::PlanCohort).await?;
    let input = CloneInput {
        name: fields.text("name"),
        starts_on: fields.text("starts_on"),
    };
    match service::clone(&Context::person(&state, &me), &c, &input).await {
        Ok(new_id) => {
            session
                .flash(format!(
                    "{} was created from {}.",
                    input.name.trim(),
                    c.settings.name
                ))
                .await?;
            Ok(Redirect::to(&format!("/cohorts/{new_id}")).into_response())
        }
        Err(OpError::Invalid(errors)) => Err(AppError::Reshow(forms::clone(
            &ctx,
            id,
            &c.settings.name,
            &input,
            &errors,
        ))),
        Err(e) => Err(e.into()),
    }
}
