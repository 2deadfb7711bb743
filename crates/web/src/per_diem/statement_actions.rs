//! What happens to a statement besides editing: recomputing a draft with today's rates, and
//! finance's approval, payment and reopening (with a reason).

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use itp_domain::authz::Action;
use itp_domain::per_diem::{StatementState, Transition};
use serde::Deserialize;

use super::statement_routes::{Statement, show_page};
use super::statement_service as service;
use crate::app::AppState;
use crate::error::{AppError, Result};
use crate::ops::{Context, OpError};
use crate::security::access;
use crate::security::session::{CurrentUser, Session, SignedIn};
use crate::views::PageContext;

#[derive(Deserialize, Default)]
pub struct ReopenForm {
    #[serde(default)]
    reason: String,
}

pub(super) async fn recompute(
    State(state): State<AppState>,
    session: Session,
    SignedIn(me): SignedIn,
    Path(id): Path<i32>,
) -> Result<Redirect> {
    let (stored, _) =
        access::load::<Statement>(&state, &me, id, Action::PreparePerDiemStatements).await?;
    let message = match service::recompute(&Context::person(&state, &me), &stored).await {
        Ok((before, after)) if before == after => {
            format!("Recomputed with today's rates: the total is unchanged, {after}.")
        }
        Ok((before, after)) => {
            format!("Recomputed with today's rates: the total went from {before} to {after}.")
        }
        Err(OpError::Invalid(errors)) => {
            let why: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
            format!("The draft was not recomputed. {}", why.join(" "))
        }
        Err(e) => return Err(e.into()),
    };
    session.flash(message).await?;
    Ok(Redirect::to(&format!("/per-diem/statements/{id}")))
}

async fn settle(
    state: AppState,
    session: Session,
    me: CurrentUser,
    ctx: PageContext,
    id: i32,
    transition: Transition,
    reason: Option<String>,
) -> Result<Response> {
    let (stored, cohort) =
        access::load::<Statement>(&state, &me, id, Action::SettlePerDiemStatements).await?;
    match service::transition(
        &Context::person(&state, &me),
        id,
        transition,
        reason.as_deref(),
    )
    .await
    {
        Ok(next) => {
            let message = match next {
                StatementState::Approved => "The statement is approved and locked.",
                StatementState::Paid => "The statement is marked as paid.",
                StatementState::Draft => {
                    "The statement is reopened as a draft; the reason is in the audit log."
                }
            };
            session.flash(message).await?;
            Ok(Redirect::to(&format!("/per-diem/statements/{id}")).into_response())
        }
        Err(OpError::Invalid(errors)) => {
            let page = show_page(
                &state,
                &me,
                &ctx,
                &stored,
                &cohort,
                reason.as_deref().unwrap_or(""),
                &errors,
            )
            .await?;
            Err(AppError::Reshow(page))
        }
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn approve(
    State(state): State<AppState>,
    session: Session,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Path(id): Path<i32>,
) -> Result<Response> {
    settle(state, session, me, ctx, id, Transition::Approve, None).await
}

pub(super) async fn mark_paid(
    State(state): State<AppState>,
    session: Session,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Path(id): Path<i32>,
) -> Result<Response> {
    settle(state, session, me, ctx, id, Transition::MarkPaid, None).await
}

pub(super) async fn reopen(
    State(state): State<AppState>,
    session: Session,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Path(id): Path<i32>,
    Form(form): Form<ReopenForm>,
) -> Result<Response> {
    settle(
        state,
        session,
        me,
        ctx,
        id,
        Transition::Reopen,
        Some(form.reason),
    )
    .await
}
