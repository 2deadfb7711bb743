use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use itp_domain::authz::Action;
use maud::Markup;
use serde::Deserialize;

use super::{due, erase, export, views};
use crate::app::{AppState, Routes};
use crate::error::{AppError, Result};
use crate::ops::{Context, OpError};
use crate::security::guard::Access;
use crate::security::session::{Session, SignedIn};
use crate::views::PageContext;

pub fn routes(r: Routes) -> Routes {
    let manage = Access::Can(Action::ManagePersonalData);
    r.get("/privacy", Access::Public, privacy)
        .get("/admin/retention", manage, retention)
        .post("/admin/retention/export", manage, export_person)
        .post("/admin/retention/erase", manage, erase_person)
}

#[derive(Debug, Default, Deserialize)]
pub struct EraseForm {
    #[serde(default)]
    pub erase_email: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct ExportForm {
    #[serde(default)]
    pub email: String,
}

async fn privacy(State(state): State<AppState>, ctx: PageContext) -> Markup {
    views::privacy(&ctx, &state.config.retention)
}

async fn retention(State(state): State<AppState>, ctx: PageContext) -> Result<Markup> {
    let now = state.clock.now();
    let lines = due::lines(&state, now).await?;
    Ok(views::retention(
        &ctx,
        &lines,
        now,
        ("", ""),
        &Default::default(),
    ))
}

async fn export_person(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    Form(form): Form<ExportForm>,
) -> Result<Response> {
    match export::export(&Context::person(&state, &me), &form.email).await {
        Ok((user_id, json)) => Ok(crate::download::file(
            "application/json",
            &format!("personal-data-user-{user_id}.json"),
            json,
        )),
        Err(OpError::Invalid(errors)) => {
            let now = state.clock.now();
            let lines = due::lines(&state, now).await?;
            let page = views::retention(&ctx, &lines, now, (&form.email, ""), &errors);
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(AppError::from(e)),
    }
}

async fn erase_person(
    State(state): State<AppState>,
    ctx: PageContext,
    session: Session,
    SignedIn(me): SignedIn,
    Form(form): Form<EraseForm>,
) -> Result<Response> {
    match erase::erase(&Context::person(&state, &me), &form.erase_email).await {
        Ok((user_id, erased)) => {
            let kept: Vec<String> = erased
                .kept
                .iter()
                .map(|(what, n, why)| format!("{n} {what} kept: {why}"))
                .collect();
            session
                .flash(format!(
                    "Account #{user_id} is erased: {} applications pseudonymised, {} documents and \
                     {} messages deleted, {} other mentions replaced.{}",
                    erased.applications,
                    erased.documents.len(),
                    erased.mail,
                    erased.replaced,
                    if kept.is_empty() {
                        " Nothing was kept.".to_owned()
                    } else {
                        format!(" {}.", kept.join("; "))
                    }
                ))
                .await?;
            Ok(Redirect::to("/admin/retention").into_response())
        }
        Err(OpError::Invalid(errors)) => {
            let now = state.clock.now();
            let lines = due::lines(&state, now).await?;
            let page = views::retention(&ctx, &lines, now, ("", &form.erase_email), &errors);
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(AppError::from(e)),
    }
}
