//! Submitting an application before the deadline (checked on the server, whatever the page
//! showed) and withdrawing a submitted one.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use itp_domain::application::submission::Step;
use itp_domain::authz::Action;

use super::context::ApplicationContext;
use super::form_routes::{editable, render_step};
use super::service;
use crate::app::AppState;
use crate::error::Result;
use crate::ops::Context;
use crate::security::access;
use crate::security::session::{Session, SignedIn};
use crate::views::PageContext;

pub(super) async fn submit(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    pctx: PageContext,
    Path(id): Path<i32>,
) -> Result<Response> {
    let app = match editable(&state, &user, id).await? {
        Ok(app) => app,
        Err(summary) => return Ok(summary.into_response()),
    };
    match service::submit(&Context::person(&state, &user), &app).await? {
        Ok(()) => {
            session
                .flash("Your application is submitted. You can follow its status here.")
                .await?;
            Ok(Redirect::to(&format!("/applications/{id}")).into_response())
        }
        Err(errors) => {
            render_step(
                &state,
                &pctx,
                &app,
                Step::Review,
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

pub(super) async fn withdraw(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    Path(id): Path<i32>,
) -> Result<Redirect> {
    let app =
        access::load::<ApplicationContext>(&state, &user, id, Action::HandleOwnApplication).await?;
    service::withdraw(&Context::person(&state, &user), &app).await?;
    session.flash("Your application is withdrawn.").await?;
    Ok(Redirect::to(&format!("/applications/{id}")))
}
