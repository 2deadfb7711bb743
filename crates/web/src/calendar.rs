//! Calendar feeds a calendar app subscribes to: one per cohort (its phases) and one per person
//! (the phases and call deadlines of every cohort they manage or review). The token in the address
//! is the credential, so these routes are public and answer 404 for any token that is not current;
//! a person or manager can replace a token, which ends the old address at once.

use itp_domain::Code;
use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use itp_domain::audit::ChangeSet;
use itp_domain::calendar::{self, Calendar, Event, EventStatus, When};
use itp_domain::cohort::CohortStatus;
use itp_persistence::account;
use itp_persistence::audit::Entry;
use itp_persistence::calendar::{self as feeds, Assignment};
use itp_persistence::cohort::{self, StoredCohort};
use itp_persistence::phase::{self, StoredPhase};
use maud::{Markup, html};

use crate::app::{AppState, Routes};
use crate::error::{AppError, Result};
use crate::ops::{Context, OpError, OpResult};
use crate::security::guard::Access;
use crate::security::session::{Session, SignedIn};
use crate::security::tokens::new_token;
use crate::views::components::csrf_field;
use crate::views::{PageContext, page};

pub fn routes(r: Routes) -> Routes {
    r.get("/calendar/cohorts/{token}", Access::Public, cohort_feed)
        .get("/calendar/people/{token}", Access::Public, person_feed)
        .get("/account/calendar", Access::SignedIn, account_page)
        .post("/account/calendar", Access::SignedIn, new_person_token)
}

/// Calendar apps ask for `TOKEN.ics`; the bare token works as well.
fn token_of(segment: &str) -> &str {
    segment.strip_suffix(".ics").unwrap_or(segment)
}

fn base(state: &AppState) -> &str {
    state.config.base_url.trim_end_matches('/')
}

/// The host part of the site's address: the right-hand side of every event's UID.
fn uid_host(state: &AppState) -> String {
    let without_scheme = base(state)
        .split_once("://")
        .map_or(base(state), |(_, rest)| rest);
    without_scheme
        .split(['/', ':'])
        .next()
        .unwrap_or("itp-admin")
        .to_owned()
}

fn event_status(status: CohortStatus) -> EventStatus {
    match status {
        CohortStatus::Planning => EventStatus::Tentative,
        CohortStatus::Cancelled => EventStatus::Cancelled,
        _ => EventStatus::Confirmed,
    }
}

fn phase_event(state: &AppState, c: &StoredCohort, sp: &StoredPhase) -> Event {
    let p = &sp.phase;
    let mut description = format!(
        "{} of {}. {}.",
        p.kind.label(),
        c.settings.name,
        if p.compulsory {
            "Compulsory"
        } else {
            "Optional"
        }
    );
    if let Some(v) = p.study_visits {
        description.push_str(&format!("\nStudy visits: {v}."));
    }
    Event {
        uid: format!("phase-{}@{}", sp.id, uid_host(state)),
        when: When::AllDay(p.dates),
        summary: format!("{}: {}", c.settings.name, p.title),
        description,
        location: p.place(),
        url: Some(format!("{}/cohorts/{}", base(state), c.id)),
        status: event_status(c.status),
        last_modified: Some(sp.updated_at),
    }
}

fn deadline_event(state: &AppState, c: &StoredCohort, closes: DateTime<Utc>) -> Event {
    Event {
        uid: format!("deadline-cohort-{}@{}", c.id, uid_host(state)),
        when: When::At(closes),
        summary: format!("Deadline for applications: {}", c.settings.name),
        description: format!(
            "Applications close at {} ({}).",
            itp_domain::cohort::call::format_local(closes, c.settings.call.time_zone),
            itp_domain::cohort::call::format_utc(closes)
        ),
        location: String::new(),
        url: Some(format!("{}/cohorts/{}", base(state), c.id)),
        status: event_status(c.status),
        last_modified: Some(c.updated_at),
    }
}

fn ics(filename: &str, body: String) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=utf-8".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{filename}\""),
            ),
            (header::CACHE_CONTROL, "private, max-age=300".to_owned()),
        ],
        body,
    )
        .into_response()
}

async fn cohort_feed(State(state): State<AppState>, Path(token): Path<String>) -> Result<Response> {
    let c = cohort::find_by_calendar_token(&state.db.conn, token_of(&token))
        .await?
        .ok_or(AppError::NotFound)?;
    let phases = phase::of_cohort(&state.db.conn, c.id).await?;
    let cal = Calendar {
        name: c.settings.name.clone(),
        description: format!("Phases of {}", c.settings.name),
        events: phases.iter().map(|p| phase_event(&state, &c, p)).collect(),
    };
    Ok(ics(
        &format!("cohort-{}.ics", c.id),
        calendar::render(&cal, state.clock.now()),
    ))
}

async fn person_feed(State(state): State<AppState>, Path(token): Path<String>) -> Result<Response> {
    let conn = &state.db.conn;
    let person = feeds::user_by_token(conn, token_of(&token))
        .await?
        .ok_or(AppError::NotFound)?;
    let cohorts = feeds::assigned_cohorts(conn, person.id).await?;
    let ids: Vec<i32> = cohorts.iter().map(|(c, _)| c.id).collect();
    let mut by_cohort: HashMap<i32, Vec<StoredPhase>> = HashMap::new();
    for p in phase::of_cohorts(conn, &ids).await? {
        by_cohort.entry(p.cohort_id).or_default().push(p);
    }
    let mut events = Vec::new();
    for (c, _) in &cohorts {
        for p in by_cohort.get(&c.id).into_iter().flatten() {
            events.push(phase_event(&state, c, p));
        }
        // Managers and reviewers plan around the call's deadline while it is ahead.
        if let Some(closes) = c.settings.call.closes_at
            && matches!(c.status, CohortStatus::Planning | CohortStatus::CallOpen)
        {
            events.push(deadline_event(&state, c, closes));
        }
    }
    let cal = Calendar {
        name: format!("ITP: {}", person.display_name),
        description: "Cohorts you manage or review".into(),
        events,
    };
    Ok(ics(
        "itp-calendar.ics",
        calendar::render(&cal, state.clock.now()),
    ))
}

async fn account_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageContext,
) -> Result<Markup> {
    let person = account::find(&state.db.conn, me.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let cohorts = feeds::assigned_cohorts(&state.db.conn, me.id).await?;
    let url = person
        .calendar_token
        .as_deref()
        .map(|t| format!("{}/calendar/people/{t}.ics", base(&state)));
    Ok(view(&ctx, url.as_deref(), &cohorts))
}

fn view(ctx: &PageContext, url: Option<&str>, cohorts: &[(StoredCohort, Assignment)]) -> Markup {
    page(
        ctx,
        "Your calendar",
        html! {
            p { a href="/account" { "← Your account" } }
            h1 { "Your calendar" }
            p.lead { "Subscribe in your calendar app to see the phases and deadlines of every cohort you manage or review." }
            @if cohorts.is_empty() {
                p { "You are not responsible for or reviewing any cohort yet, so the calendar is empty for now." }
            } @else {
                ul {
                    @for (c, why) in cohorts {
                        li {
                            a href={ "/cohorts/" (c.id) } { (c.settings.name) }
                            " — " @match why { Assignment::Manager => "responsible manager", Assignment::Reviewer => "reviewer" }
                        }
                    }
                }
            }
            @if let Some(url) = url {
                p { "Your address (keep it private: anyone with it can read your calendar):" }
                p { code.token { (url) } }
            }
            form method="post" action="/account/calendar" {
                (csrf_field(ctx.csrf()))
                button type="submit" {
                    @if url.is_some() { "Make a new address (the old one stops working)" } @else { "Create my calendar address" }
                }
            }
        },
    )
}

async fn new_person_token(
    State(state): State<AppState>,
    session: Session,
    SignedIn(me): SignedIn,
) -> Result<Redirect> {
    renew_person_feed(&Context::person(&state, &me)).await?;
    session.flash("Your calendar has a new address.").await?;
    Ok(Redirect::to("/account/calendar"))
}

/// Replaces the person's feed address; the old one stops working at once.
async fn renew_person_feed(ctx: &Context<'_>) -> OpResult<()> {
    let user_id = ctx.actor.user_id.ok_or(OpError::Forbidden)?;
    let mut uow = ctx.begin().await?;
    feeds::set_user_token(uow.conn(), user_id, &new_token()).await?;
    uow.audit(Entry::new(
        "user.new_calendar_address",
        "user",
        user_id,
        ChangeSet::new().redacted("calendar_token"),
    ))
    .await?;
    uow.commit().await
}
