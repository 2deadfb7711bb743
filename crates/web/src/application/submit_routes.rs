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
use crate::forms::FormFields;
use crate::ops::Context;
use crate::security::access;
use crate::security::session::{Session, SignedIn};
use crate::views::PageContext;
use crate::views::confirm::{self, Confirmation};

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
            let reference = itp_domain::application::reference(app.call.cohort.id, id);
            session
                .flash(format!(
                    "Your application is submitted. Its reference is {reference}; a confirmation is on its way to your e-mail address. You can follow its status, and print what you sent, here."
                ))
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
    pctx: PageContext,
    Path(id): Path<i32>,
    fields: FormFields,
) -> Result<Response> {
    let app =
        access::load::<ApplicationContext>(&state, &user, id, Action::HandleOwnApplication).await?;
    if let Some(page) = confirm::needed(&pctx, &fields, || Confirmation {
        title: "Withdraw your application?",
        consequences: vec![
            "Your team's application is withdrawn: it will not be reviewed or selected.".into(),
            "What you wrote and the documents you uploaded are kept, and you can still read them."
                .into(),
        ],
        irreversible: Some(
            "A withdrawn application cannot be submitted again; to apply to this call again, \
             start a new application before the deadline."
                .into(),
        ),
        action: format!("/applications/{id}/withdraw"),
        button: "Yes, withdraw the application",
        back: format!("/applications/{id}"),
        danger: true,
    }) {
        return Ok(page.into_response());
    }
    service::withdraw(&Context::person(&state, &user), &app).await?;
    session.flash("Your application is withdrawn.").await?;
    Ok(Redirect::to(&format!("/applications/{id}")).into_response())
}
