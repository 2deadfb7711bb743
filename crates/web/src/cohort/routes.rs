use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use itp_domain::Code;
use itp_domain::authz::{Action, Resource, permits};
use itp_domain::cohort::clone::CloneInput;
use itp_domain::cohort::{CohortInput, DEFAULT_TIME_ZONE, Transition};
use itp_domain::phase::Phase;
use itp_domain::validation::FieldErrors;
use itp_persistence::audit::Actor;
use itp_persistence::cohort::{self, StoredCohort};
use itp_persistence::{phase, programme};
use maud::Markup;

use super::forms::{self, SettingsTarget};
use super::views::{self, CohortPage};
use super::{service, timeline};
use crate::app::{AppState, Routes};
use crate::error::{AppError, Result};
use crate::forms::FormFields;
use crate::security::guard::Access;
use crate::security::session::{CurrentUser, Session, SignedIn};
use crate::views::PageContext;

pub fn routes(r: Routes) -> Routes {
    let view = Access::Can(Action::ViewProgrammes);
    let plan = Access::Can(Action::PlanCohort);
    let r = r
        .get("/programmes/{programme_id}/cohorts/new", plan, new_form)
        .post("/programmes/{programme_id}/cohorts", plan, create)
        .get("/cohorts/{cohort_id}", view, show)
        .get("/cohorts/{cohort_id}/timeline.svg", view, timeline_svg)
        .get("/cohorts/{cohort_id}/edit", plan, edit_form)
        .post("/cohorts/{cohort_id}", plan, update)
        .post("/cohorts/{cohort_id}/status", plan, change_status)
        .get("/cohorts/{cohort_id}/clone", plan, clone_form)
        .post("/cohorts/{cohort_id}/clone", plan, clone)
        .post("/cohorts/{cohort_id}/calendar-token", plan, new_feed_token);
    super::phase_routes::routes(r)
}

pub(super) fn actor(me: &CurrentUser) -> Actor {
    Actor::user(me.id, &me.email)
}

/// The cohort, once `me` may do `action` on it. The record is looked up first, so a missing one is
/// a 404 for everyone the route guard let through, and a 403 never tells more than that.
pub(super) async fn cohort_for(
    state: &AppState,
    me: &CurrentUser,
    cohort_id: i32,
    action: Action,
) -> Result<StoredCohort> {
    let c = cohort::find(&state.db.conn, cohort_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let resource = Resource::Cohort {
        cohort_id: i64::from(c.id),
        programme_id: i64::from(c.programme_id),
    };
    if !permits(&me.principal, action, resource) {
        return Err(AppError::Forbidden);
    }
    Ok(c)
}

async fn programme_for(
    state: &AppState,
    me: &CurrentUser,
    programme_id: i32,
) -> Result<programme::StoredProgramme> {
    let p = programme::find(&state.db.conn, programme_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let resource = Resource::Programme {
        programme_id: i64::from(programme_id),
    };
    if !permits(&me.principal, Action::PlanCohort, resource) {
        return Err(AppError::Forbidden);
    }
    Ok(p)
}

pub fn feed_url(state: &AppState, token: &str) -> String {
    format!(
        "{}/calendar/cohorts/{token}.ics",
        state.config.base_url.trim_end_matches('/')
    )
}

async fn load_page(state: &AppState, me: &CurrentUser, c: StoredCohort) -> Result<CohortPage> {
    let conn = &state.db.conn;
    let programme = programme::find(conn, c.programme_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let resource = Resource::Cohort {
        cohort_id: i64::from(c.id),
        programme_id: i64::from(c.programme_id),
    };
    Ok(CohortPage {
        phases: phase::of_cohort(conn, c.id).await?,
        managers: cohort::managers(conn, c.id).await?,
        counts: cohort::dashboard_counts(conn, c.id).await?,
        now: state.clock.now(),
        can_plan: permits(&me.principal, Action::PlanCohort, resource),
        feed_url: feed_url(state, &c.calendar_token),
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
    let c = cohort_for(&state, &me, id, Action::ViewProgrammes).await?;
    let page = load_page(&state, &me, c).await?;
    Ok(views::show(&ctx, &page, &FieldErrors::new(), ""))
}

async fn timeline_svg(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    Path(id): Path<i32>,
) -> Result<Response> {
    let c = cohort_for(&state, &me, id, Action::ViewProgrammes).await?;
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

fn countries_text(p: &programme::StoredProgramme) -> String {
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

async fn new_form(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Path(programme_id): Path<i32>,
) -> Result<Markup> {
    let p = programme_for(&state, &me, programme_id).await?;
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
    p: &programme::StoredProgramme,
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

async fn create(
    State(state): State<AppState>,
    session: Session,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Path(programme_id): Path<i32>,
    fields: FormFields,
) -> Result<Response> {
    let p = programme_for(&state, &me, programme_id).await?;
    let input = forms::cohort_input(&fields);
    let managers = fields.all("managers");
    match service::create(&state, &actor(&me), programme_id, &input, &managers).await {
        Ok(id) => {
            session
                .flash(format!("{} was created.", input.name.trim()))
                .await?;
            Ok(Redirect::to(&format!("/cohorts/{id}")).into_response())
        }
        Err(AppError::Invalid(errors)) => {
            let candidates = cohort::manager_candidates(&state.db.conn, programme_id).await?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                new_cohort_form(&ctx, &p, &input, &candidates, &managers, &errors),
            )
                .into_response())
        }
        Err(e) => Err(e),
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

async fn edit_form(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Path(id): Path<i32>,
) -> Result<Markup> {
    let c = cohort_for(&state, &me, id, Action::PlanCohort).await?;
    let managers: Vec<String> = cohort::managers(&state.db.conn, id)
        .await?
        .iter()
        .map(|m| m.user_id.to_string())
        .collect();
    let input = CohortInput::from_settings(&c.settings);
    edit_page(&state, &ctx, &c, &input, &managers, &FieldErrors::new()).await
}

async fn update(
    State(state): State<AppState>,
    session: Session,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Path(id): Path<i32>,
    fields: FormFields,
) -> Result<Response> {
    let c = cohort_for(&state, &me, id, Action::PlanCohort).await?;
    let input = forms::cohort_input(&fields);
    let managers = fields.all("managers");
    match service::update(&state, &actor(&me), id, &input, &managers).await {
        Ok(s) => {
            session
                .flash(format!("The settings of {} were saved.", s.name))
                .await?;
            Ok(Redirect::to(&format!("/cohorts/{id}")).into_response())
        }
        Err(AppError::Invalid(errors)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            edit_page(&state, &ctx, &c, &input, &managers, &errors).await?,
        )
            .into_response()),
        Err(e) => Err(e),
    }
}

async fn change_status(
    State(state): State<AppState>,
    session: Session,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Path(id): Path<i32>,
    fields: FormFields,
) -> Result<Response> {
    cohort_for(&state, &me, id, Action::PlanCohort).await?;
    let transition: Transition = fields
        .text("transition")
        .parse()
        .map_err(|e: itp_domain::code::UnknownCode| AppError::BadRequest(e.to_string()))?;
    let reason = fields.text("reason");
    match service::transition(&state, &actor(&me), id, transition, &reason).await? {
        Ok(status) => {
            session
                .flash(format!(
                    "The cohort is now {}.",
                    status.label().to_lowercase()
                ))
                .await?;
            Ok(Redirect::to(&format!("/cohorts/{id}")).into_response())
        }
        Err(refusal) => {
            let mut errors = FieldErrors::new();
            let field = if transition.needs_reason() {
                "reason"
            } else {
                "lifecycle-title"
            };
            for why in refusal.0 {
                errors.add(field, format!("{}: {why}", transition.label()));
            }
            let c = cohort_for(&state, &me, id, Action::PlanCohort).await?;
            let page = load_page(&state, &me, c).await?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                views::show(&ctx, &page, &errors, &reason),
            )
                .into_response())
        }
    }
}

async fn clone_form(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Path(id): Path<i32>,
) -> Result<Markup> {
    let c = cohort_for(&state, &me, id, Action::PlanCohort).await?;
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

async fn clone(
    State(state): State<AppState>,
    session: Session,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Path(id): Path<i32>,
    fields: FormFields,
) -> Result<Response> {
    let c = cohort_for(&state, &me, id, Action::PlanCohort).await?;
    let input = CloneInput {
        name: fields.text("name"),
        starts_on: fields.text("starts_on"),
    };
    match service::clone(&state, &actor(&me), &c, &input).await {
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
        Err(AppError::Invalid(errors)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            forms::clone(&ctx, id, &c.settings.name, &input, &errors),
        )
            .into_response()),
        Err(e) => Err(e),
    }
}

async fn new_feed_token(
    State(state): State<AppState>,
    session: Session,
    SignedIn(me): SignedIn,
    Path(id): Path<i32>,
) -> Result<Redirect> {
    cohort_for(&state, &me, id, Action::PlanCohort).await?;
    service::new_cohort_feed_token(&state, &actor(&me), id).await?;
    session
        .flash("The cohort's calendar has a new address; the old one no longer works.")
        .await?;
    Ok(Redirect::to(&format!("/cohorts/{id}#calendar-title")))
}
