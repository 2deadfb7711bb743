//! What happens to a statement besides editing: recomputing a draft with today's rates, and
//! finance's approval, payment and reopening (with a reason).

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use itp_domain::authz::Action;
use itp_domain::per_diem::{StatementState, Transition};
use serde::Deserialize;

use itp_domain::format::{self, Lang};
use itp_persistence::per_diem::statements::StoredStatement;

use super::statement_routes::{Statement, not_mine_to_take, show_page};
use super::statement_service as service;
use crate::app::AppState;
use crate::error::{AppError, Result};
use crate::forms::FormFields;
use crate::ops::{Context, OpError};
use crate::security::access;
use crate::security::session::{CurrentUser, Session, SignedIn};
use crate::views::PageContext;
use crate::views::confirm::{self, Confirmation};

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

/// What approving or paying does, asked before it is done: neither can be taken back. A step
/// the statement's state does not allow is refused at once by the operation, not asked about.
fn confirmation(stored: &StoredStatement, transition: Transition) -> Option<Confirmation<'static>> {
    let h = &stored.header;
    let id = h.id;
    let total = format::money(&h.total, Lang::En);
    let back = format!("/per-diem/statements/{id}");
    match (transition, h.state) {
        (Transition::Approve, StatementState::Draft) => Some(Confirmation {
            title: "Approve this statement?",
            consequences: vec![
                format!(
                    "The statement for {} is approved for payment: {total}.",
                    h.traveller_name
                ),
                "Its figures and the rates they used are locked; later changes of the rate \
                 tables do not change them."
                    .into(),
                "Another person in finance then marks it as paid.".into(),
            ],
            irreversible: Some(
                "An approved statement cannot be changed. To correct it, finance must reopen it \
                 with a reason, which the audit log keeps."
                    .into(),
            ),
            action: format!("/per-diem/statements/{id}/approve"),
            button: "Yes, approve the statement",
            back,
            danger: false,
        }),
        (Transition::MarkPaid, StatementState::Approved) => Some(Confirmation {
            title: "Mark this statement as paid?",
            consequences: vec![format!(
                "The statement for {} is recorded as paid ({total}), by you, today.",
                h.traveller_name
            )],
            irreversible: Some(
                "A paid statement is final: it can no longer be reopened or changed.".into(),
            ),
            action: format!("/per-diem/statements/{id}/paid"),
            button: "Yes, mark it as paid",
            back,
            danger: false,
        }),
        _ => None,
    }
}

/// One of finance's steps: the move, the reason a reopening gives, and the form of a step that
/// is confirmed first.
struct Step<'a> {
    transition: Transition,
    reason: Option<String>,
    fields: Option<&'a FormFields>,
}

async fn settle(
    state: AppState,
    session: Session,
    me: CurrentUser,
    ctx: PageContext,
    id: i32,
    step: Step<'_>,
) -> Result<Response> {
    let Step {
        transition,
        reason,
        fields,
    } = step;
    let (stored, cohort) =
        access::load::<Statement>(&state, &me, id, Action::SettlePerDiemStatements).await?;
    if let Some(fields) = fields
        && !confirm::confirmed(fields)
        && let Some(asked) = confirmation(&stored, transition)
        && not_mine_to_take(&state, &me, &stored, transition)
            .await?
            .is_none()
        && let Some(page) = confirm::needed(&ctx, fields, || asked)
    {
        return Ok(page.into_response());
    }
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
    fields: FormFields,
) -> Result<Response> {
    let step = Step {
        transition: Transition::Approve,
        reason: None,
        fields: Some(&fields),
    };
    settle(state, session, me, ctx, id, step).await
}

pub(super) async fn mark_paid(
    State(state): State<AppState>,
    session: Session,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Path(id): Path<i32>,
    fields: FormFields,
) -> Result<Response> {
    let step = Step {
        transition: Transition::MarkPaid,
        reason: None,
        fields: Some(&fields),
    };
    settle(state, session, me, ctx, id, step).await
}

pub(super) async fn reopen(
    State(state): State<AppState>,
    session: Session,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Path(id): Path<i32>,
    Form(form): Form<ReopenForm>,
) -> Result<Response> {
    let step = Step {
        transition: Transition::Reopen,
        reason: Some(form.reason),
        fields: None,
    };
    settle(state, session, me, ctx, id, step).await
}
