use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use itp_domain::authz::Action;
use itp_domain::programme::ProgrammeInput;
use itp_domain::validation::FieldErrors;
use itp_persistence::programme::{self, StoredProgramme};
use itp_persistence::{cohort, phase};
use maud::Markup;
use serde::Deserialize;

use super::{form, overview, service, views};
use crate::app::{AppState, Routes};
use crate::error::{AppError, Result};
use crate::forms::FormFields;
use crate::forms::OrForm;
use crate::ops::Context;
use crate::security::access;
use crate::security::guard::Access;
use crate::security::session::{CurrentUser, Session, SignedIn};
use crate::views::PageContext;

pub fn routes(r: Routes) -> Routes {
    let view = Access::Can(Action::ViewProgrammes);
    let create_access = Access::Can(Action::CreateProgramme);
    let manage = Access::Can(Action::ManageProgramme);
    let archive = Access::Can(Action::ArchiveProgramme);
    r.get("/programmes", view, list)
        .get("/programmes/new", create_access, new_form)
        .post("/programmes", create_access, create)
        .get("/programmes/overview", view, overview::page)
        .get("/programmes/{programme_id}", view, show)
        .get("/programmes/{programme_id}/edit", manage, edit_form)
        .post("/programmes/{programme_id}", manage, update)
        .post(
            "/programmes/{programme_id}/archive",
            archive,
            archive_programme,
        )
        .post(
            "/programmes/{programme_id}/unarchive",
            archive,
            unarchive_programme,
        )
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    archived: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    ctx: PageContext,
    Query(q): Query<ListQuery>,
) -> Result<Markup> {
    let include_archived = q.archived.is_some();
    let programmes = programme::list_summaries(&state.db.conn, include_archived).await?;
    Ok(views::list(&ctx, &programmes, include_archived))
}

async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(id): Path<i32>,
) -> Result<Markup> {
    let conn = &state.db.conn;
    let p = programme::find(conn, id).await?.ok_or(AppError::NotFound)?;
    let cohorts = cohort::of_programme(conn, id).await?;
    let ids: Vec<i32> = cohorts.iter().map(|c| c.id).collect();
    let phases = phase::of_cohorts(conn, &ids).await?;
    Ok(views::show(&ctx, &p, &cohorts, &phases))
}

async fn new_form(ctx: PageContext) -> Markup {
    let input = ProgrammeInput {
        team_min: "2".into(),
        team_max: "5".into(),
        language: "English".into(),
        ..Default::default()
    };
    form::form(&ctx, None, &input, &FieldErrors::new())
}

async fn create(
    State(state): State<AppState>,
    session: Session,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    fields: FormFields,
) -> Result<Response> {
    let input = form::input_from(&fields, false);
    let again = |e: &FieldErrors| form::form(&ctx, None, &input, e);
    let p = input.validate().or_form(again)?;
    let id = service::create(&Context::person(&state, &me), &p)
        .await
        .or_form(again)?;
    session.flash(format!("{} was added.", p.name)).await?;
    Ok(Redirect::to(&format!("/programmes/{id}")).into_response())
}

async fn edit_form(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Path(id): Path<i32>,
) -> Result<Markup> {
    let p: StoredProgramme = access::load(&state, &me, id, Action::ManageProgramme).await?;
    Ok(form::form(
        &ctx,
        Some(id),
        &ProgrammeInput::from_programme(&p.programme),
        &FieldErrors::new(),
    ))
}

async fn update(
    State(state): State<AppState>,
    session: Session,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Path(id): Path<i32>,
    fields: FormFields,
) -> Result<Response> {
    let stored: StoredProgramme = access::load(&state, &me, id, Action::ManageProgramme).await?;
    let input = form::input_from(&fields, stored.programme.archived);
    let again = |e: &FieldErrors| form::form(&ctx, Some(id), &input, e);
    let p = input.validate().or_form(again)?;
    service::update(&Context::person(&state, &me), id, &p)
        .await
        .or_form(again)?;
    session.flash(format!("{} was saved.", p.name)).await?;
    Ok(Redirect::to(&format!("/programmes/{id}")).into_response())
}

async fn set_archived(
    state: AppState,
    session: Session,
    me: CurrentUser,
    id: i32,
    archived: bool,
) -> Result<Redirect> {
    let p = service::set_archived(&Context::person(&state, &me), id, archived).await?;
    session
        .flash(if archived {
            format!(
                "{} is archived: it no longer shows in the catalogue.",
                p.name
            )
        } else {
            format!("{} is back in the catalogue.", p.name)
        })
        .await?;
    Ok(Redirect::to(&format!("/programmes/{id}")))
}

async fn archive_programme(
    State(state): State<AppState>,
    session: Session,
    SignedIn(me): SignedIn,
    Path(id): Path<i32>,
) -> Result<Redirect> {
    set_archived(state, session, me, id, true).await
}

async fn unarchive_programme(
    State(state): State<AppState>,
    session: Session,
    SignedIn(me): SignedIn,
    Path(id): Path<i32>,
) -> Result<Redirect> {
    set_archived(state, session, me, id, false).await
}
