//! Per-diem statements: managers prepare drafts for their cohorts; finance approves, marks paid
//! and reopens. Every handler checks the statement's cohort against the person's scope.

use itp_domain::Code;
use std::collections::HashMap;

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use itp_domain::authz::{self, Action, Resource};
use itp_domain::per_diem::forms::itinerary::ItineraryInput;
use itp_domain::per_diem::forms::statement::StatementInput;
use itp_domain::per_diem::{FourEyes, StatementState, Steps, Transition};
use itp_domain::validation::FieldErrors;
use itp_persistence::audit::AuditEntry;
use itp_persistence::per_diem::cohorts::{self, StatementCohort};
use itp_persistence::per_diem::statements::{
    self, StatementHeader, StatementQuery, StoredStatement,
};
use maud::Markup;
use serde::{Deserialize, Serialize};

use super::export::{STATEMENTS, StatementRow};
use crate::export::csv_download;

use super::Pairs;
use super::statement_actions as actions;
use super::statement_form::{self as form, FormPage, Intent};
use super::statement_service as service;
use super::statement_views::{self as views, ListPage, ShowPage};
use crate::app::{AppState, Routes};
use crate::error::{AppError, Result};
use crate::ops::{Context, OpError};
use crate::security::access;
use crate::security::guard::Access;
use crate::security::session::{CurrentUser, Session, SignedIn};
use crate::views::PageContext;

pub fn routes(r: Routes) -> Routes {
    let view = Access::Can(Action::ViewPerDiemStatements);
    let prepare = Access::Can(Action::PreparePerDiemStatements);
    let settle = Access::Can(Action::SettlePerDiemStatements);
    r.get("/per-diem/statements", view, list)
        .get("/per-diem/statements.csv", view, export_csv)
        .get(
            "/per-diem/my-statements",
            Access::Can(Action::ViewOwnPerDiemStatements),
            mine,
        )
        .get("/per-diem/statements/new", prepare, new_form)
        .post("/per-diem/statements", prepare, create)
        // Staff and the statement's own traveller alike: the handler decides which page.
        .get(
            "/per-diem/statements/{statement_id}",
            Access::SignedIn,
            show,
        )
        .get(
            "/per-diem/statements/{statement_id}/edit",
            prepare,
            edit_form,
        )
        .post("/per-diem/statements/{statement_id}", prepare, update)
        .post(
            "/per-diem/statements/{statement_id}/recompute",
            prepare,
            actions::recompute,
        )
        .post(
            "/per-diem/statements/{statement_id}/approve",
            settle,
            actions::approve,
        )
        .post(
            "/per-diem/statements/{statement_id}/paid",
            settle,
            actions::mark_paid,
        )
        .post(
            "/per-diem/statements/{statement_id}/reopen",
            settle,
            actions::reopen,
        )
}

fn resource(cohort: &StatementCohort) -> Resource {
    Resource::Cohort {
        cohort_id: i64::from(cohort.id),
        programme_id: i64::from(cohort.programme_id),
    }
}

fn may(me: &CurrentUser, action: Action, cohort: &StatementCohort) -> bool {
    authz::permits(&me.principal, action, resource(cohort))
}

/// A statement with its cohort, as `access::load` gives it.
pub(super) type Statement = (StoredStatement, StatementCohort);

/// The cohorts `me` may do `action` for.
async fn cohorts_for(
    state: &AppState,
    me: &CurrentUser,
    action: Action,
) -> Result<Vec<StatementCohort>> {
    let scope: Option<Vec<i32>> = authz::programme_scope(&me.principal, action).map(|ids| {
        ids.into_iter()
            .filter_map(|p| i32::try_from(p).ok())
            .collect()
    });
    Ok(cohorts::list(&state.db.conn, scope.as_deref()).await?)
}

/// The list's filters as the query string carries them; anything unreadable is said on the
/// page and left out of the filter.
#[derive(Deserialize, Serialize, Default, Clone)]
pub struct ListQuery {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub state: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub cohort: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub from: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub to: String,
}

impl ListQuery {
    /// `?cohort=3&from=…`, or empty when nothing is filtered.
    pub fn query_string(&self) -> String {
        match serde_urlencoded::to_string(self) {
            Ok(q) if !q.is_empty() => format!("?{q}"),
            _ => String::new(),
        }
    }

    /// The same filters with another state.
    pub fn with_state(&self, state: Option<StatementState>) -> ListQuery {
        ListQuery {
            state: state.map(|s| s.code().to_owned()).unwrap_or_default(),
            ..self.clone()
        }
    }
}

fn date_filter(
    errors: &mut FieldErrors,
    field: &str,
    label: &str,
    text: &str,
) -> Option<NaiveDate> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
    if day.is_none() {
        errors.add(
            field,
            format!("The {label} of the period is not a date: choose a day in the calendar."),
        );
    }
    day
}

/// The statements `me` may see that the filters ask for, with what could not be read.
async fn filtered(
    state: &AppState,
    me: &CurrentUser,
    q: &ListQuery,
) -> Result<(
    Vec<StatementHeader>,
    HashMap<i32, StatementCohort>,
    FieldErrors,
)> {
    let visible = cohorts_for(state, me, Action::ViewPerDiemStatements).await?;
    let limited = authz::programme_scope(&me.principal, Action::ViewPerDiemStatements).is_some();
    let mut errors = FieldErrors::new();
    let cohort = match q.cohort.trim() {
        "" => None,
        text => {
            let found = text
                .parse::<i32>()
                .ok()
                .filter(|id| visible.iter().any(|c| c.id == *id));
            if found.is_none() {
                errors.add("cohort", "Choose one of the cohorts in the list.");
            }
            found
        }
    };
    let from = date_filter(&mut errors, "from", "start", &q.from);
    let to = date_filter(&mut errors, "to", "end", &q.to);
    if let (Some(f), Some(t)) = (from, to)
        && t < f
    {
        errors.add(
            "to",
            "The period ends before it starts: choose an end on or after the start.",
        );
    }
    let query = StatementQuery {
        visible_cohorts: limited.then(|| visible.iter().map(|c| c.id).collect()),
        cohort,
        state: StatementState::parse(q.state.trim()),
        from,
        to: to.filter(|t| from.is_none_or(|f| *t >= f)),
        traveller: None,
    };
    let list = statements::search(&state.db.conn, &query).await?;
    let by_id = visible.into_iter().map(|c| (c.id, c)).collect();
    Ok((list, by_id, errors))
}

async fn list(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Query(q): Query<ListQuery>,
) -> Result<Markup> {
    let (list, by_id, errors) = filtered(&state, &me, &q).await?;
    Ok(views::list(
        &ctx,
        ListPage {
            statements: &list,
            cohorts: &by_id,
            query: &q,
            errors: &errors,
            can_prepare: ctx.can(Action::PreparePerDiemStatements),
        },
    ))
}

/// The list as a file, with the filters the list was showing.
async fn export_csv(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    Query(q): Query<ListQuery>,
) -> Result<Response> {
    let (list, by_id, _) = filtered(&state, &me, &q).await?;
    let rows: Vec<StatementRow> = list
        .into_iter()
        .map(|header| {
            let c = by_id.get(&header.cohort_id);
            StatementRow {
                cohort: c.map(|c| c.name.clone()).unwrap_or_default(),
                programme: c.map(|c| c.programme_name.clone()).unwrap_or_default(),
                header,
            }
        })
        .collect();
    csv_download(
        &STATEMENTS,
        "per-diem-statements.csv",
        move |sender| async move {
            for row in rows {
                sender.send(row).await?;
            }
            Ok(())
        },
    )
    .await
}

/// The statements that name the signed-in person as their traveller.
async fn mine(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageContext,
) -> Result<Markup> {
    let query = StatementQuery {
        traveller: Some(me.id),
        ..StatementQuery::default()
    };
    let list = statements::search(&state.db.conn, &query).await?;
    let mut cohorts_of = HashMap::new();
    for id in list.iter().map(|s| s.cohort_id) {
        if let std::collections::hash_map::Entry::Vacant(slot) = cohorts_of.entry(id)
            && let Some(c) = cohorts::find(&state.db.conn, id).await?
        {
            slot.insert(c);
        }
    }
    Ok(views::mine(&ctx, &list, &cohorts_of))
}

#[derive(Deserialize, Default)]
pub struct NewQuery {
    #[serde(default)]
    cohort_id: Option<String>,
}

fn new_page<'a>(
    choices: &'a [StatementCohort],
    cohort: Option<&'a StatementCohort>,
    cohort_id: String,
    input: &'a StatementInput,
    errors: &'a FieldErrors,
) -> FormPage<'a> {
    FormPage {
        heading: "New per-diem statement",
        action: "/per-diem/statements".into(),
        cohorts: Some(choices),
        cohort_id,
        cohort,
        input,
        errors,
        cancel: "/per-diem/statements".into(),
    }
}

async fn new_form(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Query(q): Query<NewQuery>,
) -> Result<Markup> {
    let choices = cohorts_for(&state, &me, Action::PreparePerDiemStatements).await?;
    let cohort_id = q.cohort_id.unwrap_or_default();
    let cohort = choices.iter().find(|c| c.id.to_string() == cohort_id);
    let input = StatementInput {
        itinerary: ItineraryInput::default(),
        ..StatementInput::default()
    };
    let errors = FieldErrors::new();
    Ok(form::render(
        &ctx,
        &new_page(&choices, cohort, cohort_id.clone(), &input, &errors),
    ))
}

async fn create(
    State(state): State<AppState>,
    session: Session,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let pairs = Pairs(pairs);
    let (intent, input) = form::read(&pairs);
    let cohort_id = pairs.get("cohort_id");
    let choices = cohorts_for(&state, &me, Action::PreparePerDiemStatements).await?;
    let cohort = match cohort_id.trim().parse::<i32>() {
        Ok(id) => cohorts::find(&state.db.conn, id).await?,
        Err(_) => None,
    };
    if let Some(c) = &cohort
        && !may(&me, Action::PreparePerDiemStatements, c)
    {
        return Err(AppError::Forbidden);
    }
    let render = |status: StatusCode, errors: &FieldErrors| {
        let page = form::render(
            &ctx,
            &new_page(&choices, cohort.as_ref(), cohort_id.clone(), &input, errors),
        );
        (status, page).into_response()
    };
    let Some(cohort) = cohort.as_ref() else {
        let mut errors = match input.validate(None) {
            Err(errors) => errors,
            Ok(_) => FieldErrors::new(),
        };
        errors.add("cohort_id", "Choose the cohort the traveller belongs to.");
        return Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &errors));
    };
    if intent == Intent::ShowDays {
        let errors = input.itinerary.date_errors();
        return Ok(render(shown_with(&errors), &errors));
    }
    if !form::pays_nothing_confirmed(&pairs)
        && let Some(why) = service::pays_nothing(&state.db.conn, cohort, &input).await?
    {
        let page = form::pays_nothing_page(
            &ctx,
            "/per-diem/statements",
            &pairs,
            &input.traveller_name,
            why,
        );
        return Ok(page.into_response());
    }
    match service::create(&Context::person(&state, &me), cohort, &input).await {
        Ok((id, total)) => {
            session
                .flash(format!(
                    "Draft statement for {} saved: {total}.",
                    input.traveller_name.trim()
                ))
                .await?;
            Ok(Redirect::to(&format!("/per-diem/statements/{id}")).into_response())
        }
        Err(OpError::Invalid(errors)) => Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &errors)),
        Err(e) => Err(e.into()),
    }
}

/// "Show the days" answers 200, or 422 when the dates it was given are wrong.
fn shown_with(errors: &FieldErrors) -> StatusCode {
    if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    }
}

fn steps_of(stored: &StoredStatement, history: &[AuditEntry]) -> Steps {
    let h = &stored.header;
    Steps::from_history(
        history.iter().map(|e| (e.action.as_str(), e.actor_user_id)),
        h.created_by_user_id,
        h.approved_by_user_id,
    )
}

/// Why `me` may not take this step on the statement (four eyes), if so.
pub(super) async fn not_mine_to_take(
    state: &AppState,
    me: &CurrentUser,
    stored: &StoredStatement,
    transition: Transition,
) -> Result<Option<FourEyes>> {
    let history = statements::history(&state.db.conn, stored.header.id).await?;
    let steps = steps_of(stored, &history);
    Ok(itp_domain::per_diem::four_eyes(transition, me.id, &steps).err())
}

pub(super) async fn show_page(
    state: &AppState,
    me: &CurrentUser,
    ctx: &PageContext,
    stored: &StoredStatement,
    cohort: &StatementCohort,
    reason: &str,
    errors: &FieldErrors,
) -> Result<Markup> {
    let h = &stored.header;
    let history = statements::history(&state.db.conn, h.id).await?;
    let ids: Vec<i32> = [
        h.traveller_user_id,
        h.created_by_user_id,
        h.approved_by_user_id,
        h.paid_by_user_id,
    ]
    .into_iter()
    .chain(history.iter().map(|e| e.actor_user_id))
    .flatten()
    .collect();
    let people = statements::people(&state.db.conn, &ids).await?;
    let steps = steps_of(stored, &history);
    let four_eyes = |t| itp_domain::per_diem::four_eyes(t, me.id, &steps).err();
    Ok(views::show(
        ctx,
        ShowPage {
            stored,
            cohort,
            people: &people,
            traveller_view: false,
            can_prepare: may(me, Action::PreparePerDiemStatements, cohort),
            can_settle: may(me, Action::SettlePerDiemStatements, cohort),
            not_me_to_approve: four_eyes(Transition::Approve),
            not_me_to_pay: four_eyes(Transition::MarkPaid),
            history: &history,
            reason,
            errors,
        },
    ))
}

async fn show(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Path(id): Path<i32>,
) -> Result<Markup> {
    let record = access::find::<Statement>(&state, id).await?;
    if access::may(&me, Action::ViewPerDiemStatements, &record) {
        let (stored, cohort) = &record;
        return show_page(&state, &me, &ctx, stored, cohort, "", &FieldErrors::new()).await;
    }
    if !access::may(&me, Action::ViewOwnPerDiemStatements, &record) {
        return Err(access::refusal_of(&me, &record));
    }
    let (stored, cohort) = &record;
    let people = statements::people(&state.db.conn, &[me.id]).await?;
    Ok(views::show(
        &ctx,
        ShowPage {
            stored,
            cohort,
            people: &people,
            traveller_view: true,
            can_prepare: false,
            can_settle: false,
            not_me_to_approve: None,
            not_me_to_pay: None,
            history: &[],
            reason: "",
            errors: &FieldErrors::new(),
        },
    ))
}

fn edit_page<'a>(
    stored: &StoredStatement,
    cohort: &'a StatementCohort,
    input: &'a StatementInput,
    errors: &'a FieldErrors,
) -> FormPage<'a> {
    let id = stored.header.id;
    FormPage {
        heading: "Change the draft statement",
        action: format!("/per-diem/statements/{id}"),
        cohorts: None,
        cohort_id: cohort.id.to_string(),
        cohort: Some(cohort),
        input,
        errors,
        cancel: format!("/per-diem/statements/{id}"),
    }
}

async fn edit_form(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Path(id): Path<i32>,
) -> Result<Markup> {
    let (stored, cohort) =
        access::load::<Statement>(&state, &me, id, Action::PreparePerDiemStatements).await?;
    if !stored.header.state.is_editable() {
        return Err(service::locked(stored.header.state).into());
    }
    let h = &stored.header;
    let people = statements::people(
        &state.db.conn,
        &h.traveller_user_id.into_iter().collect::<Vec<_>>(),
    )
    .await?;
    let input = StatementInput {
        traveller_name: h.traveller_name.clone(),
        traveller_email: h
            .traveller_user_id
            .and_then(|u| people.get(&u))
            .map(|(_, email)| email.clone())
            .unwrap_or_default(),
        phase_label: h.phase_label.clone().unwrap_or_default(),
        policy: StatementInput::policy_choice(stored.trip.policy()).to_owned(),
        itinerary: ItineraryInput::from_trip(&stored.trip),
    };
    let errors = FieldErrors::new();
    Ok(form::render(
        &ctx,
        &edit_page(&stored, &cohort, &input, &errors),
    ))
}

async fn update(
    State(state): State<AppState>,
    session: Session,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Path(id): Path<i32>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let (stored, cohort) =
        access::load::<Statement>(&state, &me, id, Action::PreparePerDiemStatements).await?;
    let pairs = Pairs(pairs);
    let (intent, input) = form::read(&pairs);
    if intent == Intent::ShowDays && stored.header.state.is_editable() {
        let errors = input.itinerary.date_errors();
        let page = form::render(&ctx, &edit_page(&stored, &cohort, &input, &errors));
        return Ok((shown_with(&errors), page).into_response());
    }
    if stored.header.state.is_editable()
        && !form::pays_nothing_confirmed(&pairs)
        && let Some(why) = service::pays_nothing(&state.db.conn, &cohort, &input).await?
    {
        let page = form::pays_nothing_page(
            &ctx,
            &format!("/per-diem/statements/{id}"),
            &pairs,
            &input.traveller_name,
            why,
        );
        return Ok(page.into_response());
    }
    match service::update(&Context::person(&state, &me), &stored, &cohort, &input).await {
        Ok(total) => {
            session
                .flash(format!(
                    "The draft is saved and computed with today's rates: {total}."
                ))
                .await?;
            Ok(Redirect::to(&format!("/per-diem/statements/{id}")).into_response())
        }
        Err(OpError::Invalid(errors)) => Err(AppError::Reshow(form::render(
            &ctx,
            &edit_page(&stored, &cohort, &input, &errors),
        ))),
        Err(e) => Err(e.into()),
    }
}
