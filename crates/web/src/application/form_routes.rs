//! The steps of the application form: showing a step with what is saved, saving it and moving
//! on. A submitted or withdrawn application is read-only.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use itp_domain::Code;
use itp_domain::application::submission::{self, Step};
use itp_domain::authz::Action;
use itp_domain::validation::FieldErrors;
use itp_persistence::application::{self, documents};

use super::context::ApplicationContext;
use super::form_views::{self, FormPage};
use super::service;
use crate::app::AppState;
use crate::error::{AppError, Result};
use crate::ops::Context;
use crate::security::access;
use crate::security::session::{CurrentUser, Session, SignedIn};
use crate::views::PageContext;
use itp_domain::application::draft::field_label;

fn parse_step(step: &str) -> Result<Step> {
    Step::parse(step).ok_or(AppError::NotFound)
}

/// Country choices for the organisation step: the call's countries, by name.
fn country_choices(app: &ApplicationContext) -> Vec<(String, String)> {
    let mut c: Vec<(String, String)> = app
        .call
        .eligible_countries()
        .iter()
        .map(|c| (c.as_str().to_owned(), c.name().to_owned()))
        .collect();
    c.sort_by(|a, b| a.1.cmp(&b.1));
    c
}

pub(super) async fn render_step(
    state: &AppState,
    pctx: &PageContext,
    app: &ApplicationContext,
    step: Step,
    errors: &FieldErrors,
    status: StatusCode,
) -> Result<Response> {
    let draft = application::draft_of(&state.db.conn, app.application.id).await?;
    let docs = documents::of_application(&state.db.conn, app.application.id).await?;
    let review_errors;
    let errors = if step == Step::Review && errors.is_empty() {
        let present = documents::present(&docs);
        review_errors =
            submission::validate(&draft, &app.call.rules(), &present, state.clock.now())
                .err()
                .unwrap_or_default();
        &review_errors
    } else {
        errors
    };
    let page = FormPage {
        ctx: app,
        draft: &draft,
        documents: &docs,
        errors,
        now: state.clock.now(),
    };
    Ok((
        status,
        form_views::step_page(pctx, &page, step, &country_choices(app)),
    )
        .into_response())
}

/// The person's own application to change, or, when it is submitted or withdrawn, the way to its
/// read-only summary.
pub(super) async fn editable(
    state: &AppState,
    user: &CurrentUser,
    id: i32,
) -> Result<std::result::Result<ApplicationContext, Redirect>> {
    let app =
        access::load::<ApplicationContext>(state, user, id, Action::HandleOwnApplication).await?;
    Ok(match read_only(&app) {
        Some(summary) => Err(summary),
        None => Ok(app),
    })
}

/// A submitted or withdrawn application is read-only: its steps lead to its summary.
fn read_only(app: &ApplicationContext) -> Option<Redirect> {
    (app.application.status != itp_domain::application::ApplicationStatus::Draft)
        .then(|| Redirect::to(&format!("/applications/{}", app.application.id)))
}

pub(super) async fn step_form(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    pctx: PageContext,
    Path((id, step)): Path<(i32, String)>,
) -> Result<Response> {
    let step = parse_step(&step)?;
    let app = match editable(&state, &user, id).await? {
        Ok(app) => app,
        Err(summary) => return Ok(summary.into_response()),
    };
    render_step(
        &state,
        &pctx,
        &app,
        step,
        &FieldErrors::new(),
        StatusCode::OK,
    )
    .await
}

pub(super) async fn save_step(
    State(state): State<AppState>,
    session: Session,
    SignedIn(user): SignedIn,
    pctx: PageContext,
    Path((id, step)): Path<(i32, String)>,
    axum::Form(fields): axum::Form<Vec<(String, String)>>,
) -> Result<Response> {
    let step = parse_step(&step)?;
    let app = match editable(&state, &user, id).await? {
        Ok(app) => app,
        Err(summary) => return Ok(summary.into_response()),
    };
    let (draft, cut) =
        service::save_step(&Context::person(&state, &user), &app, step, &fields).await?;
    let saved_at = saved_at(&state, &app);
    // A malformed answer keeps the person on the step, with the answer (saved) in front of them.
    let problems = submission::format_problems(&draft, step, state.clock.now());
    if !problems.is_empty() {
        let pctx = PageContext {
            flash: Some(format!(
                "Saved at {saved_at}. Some answers need a look before you can submit: they are listed below."
            )),
            ..pctx
        };
        return render_step(
            &state,
            &pctx,
            &app,
            step,
            &problems,
            // The answers were saved (a draft takes anything): this is not a refused request.
            StatusCode::OK,
        )
        .await;
    }
    if !cut.is_empty() {
        let what: Vec<String> = cut
            .iter()
            .map(|(field, max)| format!("{} (at most {max} characters)", field_label(field)))
            .collect();
        session
            .flash(format!(
                "Saved at {saved_at}, but some text was longer than the form takes and was cut to fit: {}. Check the end of each.",
                what.join("; ")
            ))
            .await?;
        return Ok(
            Redirect::to(&format!("/applications/{id}/edit/{}", step.code())).into_response(),
        );
    }
    let go = fields
        .iter()
        .find(|(k, _)| k == "go")
        .map(|(_, v)| v.as_str())
        .unwrap_or("stay");
    let target = match go {
        "applications" => {
            session
                .flash(format!("Your draft was saved at {saved_at}."))
                .await?;
            return Ok(Redirect::to("/my/applications").into_response());
        }
        "next" => step.next().unwrap_or(step),
        "previous" => step.previous().unwrap_or(step),
        other => Step::parse(other).unwrap_or(step),
    };
    if target == step {
        session.flash(format!("Saved at {saved_at}.")).await?;
    }
    Ok(Redirect::to(&format!("/applications/{id}/edit/{}", target.code())).into_response())
}

/// The time of a save as the applicant reads it: in the call's time zone, "14:05 EAT".
fn saved_at(state: &AppState, app: &ApplicationContext) -> String {
    crate::views::time::clock_in_zone(
        state.clock.now(),
        app.call.cohort.settings.call.time_zone.name(),
    )
}
