//! The managers' side of selection beyond the board: the quotas and deadlines form, a decision
//! per team, taking the proposal, the confirmation page before applying, and the funnel.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use itp_domain::authz::Action;
use itp_domain::programme::TeamRole;
use itp_domain::selection::{Decision, SettingsInput};
use itp_domain::validation::FieldErrors;
use itp_persistence::cohort::StoredCohort;
use itp_persistence::{selection_decisions, selection_settings};
use maud::Markup;

use super::board::{BoardQuery, compute};
use super::{decision_views, service};
use crate::app::{AppState, Routes};
use crate::error::{AppError, Result};
use crate::forms::{FormFields, OrForm};
use crate::ops::Context;
use crate::security::access;
use crate::security::guard::Access;
use crate::security::session::{Session, SignedIn};
use crate::views::PageContext;

pub fn routes(r: Routes) -> Routes {
    let decide = Access::Can(Action::DecideSelection);
    r.get("/cohorts/{cohort_id}/selection/quotas", decide, quotas_form)
        .post("/cohorts/{cohort_id}/selection/quotas", decide, save_quotas)
        .post(
            "/cohorts/{cohort_id}/selection/decisions",
            decide,
            decide_one,
        )
        .post("/cohorts/{cohort_id}/selection/adopt", decide, adopt)
        .get("/cohorts/{cohort_id}/selection/apply", decide, apply_page)
        .post("/cohorts/{cohort_id}/selection/apply", decide, apply)
        .get(
            "/cohorts/{cohort_id}/selection/funnel",
            Access::Can(Action::ViewCohortDashboard),
            funnel,
        )
}

async fn requires_politician(state: &AppState, cohort: &StoredCohort) -> Result<bool> {
    let programme = itp_persistence::programme::find(&state.db.conn, cohort.programme_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(programme
        .programme
        .required_roles
        .contains(&TeamRole::Politician))
}

async fn quotas_form(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path(cohort_id): Path<i32>,
) -> Result<Markup> {
    let cohort =
        access::load::<StoredCohort>(&state, &user, cohort_id, Action::DecideSelection).await?;
    let politician = requires_politician(&state, &cohort).await?;
    let settings = selection_settings::of_cohort(&state.db.conn, cohort.id, politician).await?;
    Ok(decision_views::quotas(
        &ctx,
        &cohort,
        &settings.input(),
        &FieldErrors::new(),
    ))
}

fn settings_input(f: &FormFields) -> SettingsInput {
    SettingsInput {
        seats: f.text("seats"),
        max_teams_per_country: f.text("max_teams_per_country"),
        max_teams_per_country_hard: f.checked("max_teams_per_country_hard"),
        min_women_percent: f.text("min_women_percent"),
        min_women_hard: f.checked("min_women_hard"),
        politician_per_team: f.checked("politician_per_team"),
        politician_hard: f.checked("politician_hard"),
        review_deadline: f.text("review_deadline"),
        confirm_days: f.text("confirm_days"),
    }
}

async fn save_quotas(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    ctx: PageContext,
    Path(cohort_id): Path<i32>,
    fields: FormFields,
) -> Result<Response> {
    let cohort =
        access::load::<StoredCohort>(&state, &user, cohort_id, Action::DecideSelection).await?;
    let input = settings_input(&fields);
    let settings = input
        .validate()
        .or_form(|e| decision_views::quotas(&ctx, &cohort, &input, e))?;
    service::save_settings(&Context::person(&state, &user), &cohort, &settings).await?;
    session
        .flash("The cohort's quotas and deadlines are saved; the board uses them.")
        .await?;
    Ok(Redirect::to(&format!("/cohorts/{cohort_id}/selection")).into_response())
}

async fn decide_one(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    Path(cohort_id): Path<i32>,
    fields: FormFields,
) -> Result<Redirect> {
    let cohort =
        access::load::<StoredCohort>(&state, &user, cohort_id, Action::DecideSelection).await?;
    let application_id = fields
        .text("application_id")
        .trim()
        .parse::<i32>()
        .map_err(|_| AppError::BadRequest("Choose an application on the board.".into()))?;
    let decision = itp_domain::code::parse::<Decision>(&fields.text("decision"))
        .map_err(|_| AppError::BadRequest("Choose selected, reserve or not selected.".into()))?;
    let position = match fields.text("position").trim() {
        "" => None,
        p => Some(
            p.parse::<i32>()
                .ok()
                .filter(|p| (1..=10_000).contains(p))
                .ok_or_else(|| {
                    AppError::BadRequest(
                        "Give the reserve place as a whole number from 1 to 10000.".into(),
                    )
                })?,
        ),
    };
    service::decide(
        &Context::person(&state, &user),
        &cohort,
        application_id,
        decision,
        position,
    )
    .await?;
    session
        .flash("The decision is pending; apply the pending decisions to make it final.")
        .await?;
    Ok(Redirect::to(&format!("/cohorts/{cohort_id}/selection")))
}

async fn adopt(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    Path(cohort_id): Path<i32>,
    Query(q): Query<BoardQuery>,
) -> Result<Redirect> {
    let cohort =
        access::load::<StoredCohort>(&state, &user, cohort_id, Action::DecideSelection).await?;
    let n = service::adopt_proposal(&Context::person(&state, &user), &cohort, &q).await?;
    session
        .flash(format!(
            "The proposal is taken as pending decisions ({n} changed). Review them, then apply."
        ))
        .await?;
    Ok(Redirect::to(&format!("/cohorts/{cohort_id}/selection")))
}

async fn apply_page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path(cohort_id): Path<i32>,
) -> Result<Markup> {
    let cohort =
        access::load::<StoredCohort>(&state, &user, cohort_id, Action::DecideSelection).await?;
    let c = compute(&state.db.conn, &cohort, &BoardQuery::default()).await?;
    Ok(decision_views::apply(&ctx, &cohort, &c))
}

async fn apply(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    Path(cohort_id): Path<i32>,
) -> Result<Redirect> {
    let cohort =
        access::load::<StoredCohort>(&state, &user, cohort_id, Action::DecideSelection).await?;
    let done = service::apply(&Context::person(&state, &user), &cohort).await?;
    let unaddressed = if done.unaddressed.is_empty() {
        String::new()
    } else {
        format!(
            " No address to write to for {}.",
            done.unaddressed.join(", ")
        )
    };
    session
        .flash(format!(
            "Applied: {} selected, {} on the reserve list, {} not selected. {} letters wait in the outbox, held for you to read and release.{unaddressed}",
            done.selected, done.reserve, done.not_selected, done.letters
        ))
        .await?;
    Ok(Redirect::to(&format!("/cohorts/{cohort_id}/selection")))
}

async fn funnel(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path(cohort_id): Path<i32>,
) -> Result<Markup> {
    let cohort =
        access::load::<StoredCohort>(&state, &user, cohort_id, Action::ViewCohortDashboard).await?;
    let teams = selection_decisions::funnel(&state.db.conn, cohort.id).await?;
    let f = itp_domain::selection::Funnel::of(&teams);
    Ok(decision_views::funnel_page(&ctx, &cohort, &f))
}
