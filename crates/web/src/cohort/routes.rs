//! A cohort's page, its timeline and its calendar address; the list of every cohort route, whose
//! handlers live in files named for what they do.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use itp_domain::authz::Action;
use itp_domain::phase::Phase;
use itp_domain::validation::FieldErrors;
use itp_persistence::cohort::{self, StoredCohort};
use itp_persistence::{phase, programme};
use maud::Markup;

use super::views::{self, CohortPage};
use super::{clone_routes, lifecycle_routes, service, settings_routes, timeline};
use crate::app::{AppState, Routes};
use crate::error::{AppError, Result};
use crate::ops::Context;
use crate::security::access;
use crate::security::guard::Access;
use crate::security::session::{CurrentUser, Session, SignedIn};
use crate::views::PageContext;

pub fn routes(r: Routes) -> Routes {
    let view = Access::Can(Action::ViewCohortDashboard);
    let plan = Access::Can(Action::PlanCohort);
    let r = r
        .get(
            "/programmes/{programme_id}/cohorts/new",
            plan,
            settings_routes::new_form,
        )
        .post(
            "/programmes/{programme_id}/cohorts",
            plan,
            settings_routes::create,
        )
        .get("/cohorts/{cohort_id}", view, show)
        .get("/cohorts/{cohort_id}/timeline.svg", view, timeline_svg)
        .get(
            "/cohorts/{cohort_id}/edit",
            plan,
            settings_routes::edit_form,
        )
        .post("/cohorts/{cohort_id}", plan, settings_routes::update)
        .post(
            "/cohorts/{cohort_id}/status",
            plan,
            lifecycle_routes::change_status,
        )
        .get("/cohorts/{cohort_id}/clone", plan, clone_routes::clone_form)
        .post("/cohorts/{cohort_id}/clone", plan, clone_routes::clone)
        .post("/cohorts/{cohort_id}/calendar-token", plan, new_feed_token);
    super::phase_routes::routes(r)
}

pub fn feed_url(state: &AppState, token: &str) -> String {
    format!(
        "{}/calendar/cohorts/{token}.ics",
        state.config.base_url.trim_end_matches('/')
    )
}

pub(super) async fn load_page(
    state: &AppState,
    me: &CurrentUser,
    c: StoredCohort,
) -> Result<CohortPage> {
    let conn = &state.db.conn;
    let programme = programme::find(conn, c.programme_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(CohortPage {
        phases: phase::of_cohort(conn, c.id).await?,
        managers: cohort::managers(conn, c.id).await?,
        counts: super::parts::REGISTERED.tiles(conn, c.id).await?,
        now: state.clock.now(),
        can_plan: access::may(me, Action::PlanCohort, &c),
        can_view_applications: access::may(me, Action::ViewApplications, &c),
        feed_url: feed_url(state, &c.calendar_token),
        call_url: format!(
            "{}/calls/{}",
            state.config.base_url.trim_end_matches('/'),
            c.id
        ),
        programme,
        cohort: c,
    })
}

async fn show(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Path(id): Path<i32>,
) -> Result<Markup> {
    let c = access::load::<StoredCohort>(&state, &me, id, Action::ViewCohortDashboard).await?;
    let page = load_page(&state, &me, c).await?;
    Ok(views::show(&ctx, &page, &FieldErrors::new(), ""))
}

async fn timeline_svg(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    Path(id): Path<i32>,
) -> Result<Response> {
    let c = access::load::<StoredCohort>(&state, &me, id, Action::ViewCohortDashboard).await?;
    let phases = phase::of_cohort(&state.db.conn, id).await?;
    let refs: Vec<&Phase> = phases.iter().map(|p| &p.phase).collect();
    let today = c.settings.call.local_day(state.clock.now());
    let svg =
        timeline::cohort_timeline("timeline", &c.settings.name, c.settings.dates, &refs, today);
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml; charset=utf-8"),
            (header::CACHE_CONTROL, "private, no-cache"),
        ],
        svg.into_string(),
    )
        .into_response())
}

async fn new_feed_token(
    State(state): State<AppState>,
    session: Session,
    SignedIn(me): SignedIn,
    Path(id): Path<i32>,
) -> Result<Redirect> {
    access::load::<StoredCohort>(&state, &me, id, Action::PlanCohort).await?;
    service::new_cohort_feed_token(&Context::person(&state, &me), id).await?;
    session
        .flash("The cohort's calendar has a new address; the old one no longer works.")
        .await?;
    Ok(Redirect::to(&format!("/cohorts/{id}#calendar-title")))
}
