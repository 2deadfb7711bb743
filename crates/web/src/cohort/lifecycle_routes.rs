//! Moving a cohort through its lifecycle (open the call, close it, start, finish, cancel), with
//! the reasons a move is refused shown on the cohort's page.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use itp_domain::Code;
use itp_domain::authz::Action;
use itp_domain::cohort::Transition;
use itp_domain::validation::FieldErrors;
use itp_persistence::cohort::StoredCohort;

use super::routes::load_page;
use super::{service, views};
use crate::app::AppState;
use crate::error::{AppError, Result};
use crate::forms::FormFields;
use crate::ops::Context;
use crate::security::access;
use crate::security::session::{Session, SignedIn};
use crate::views::PageContext;
use crate::views::confirm::{self, Confirmation};

pub(super) async fn change_status(
    State(state): State<AppState>,
    session: Session,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Path(id): Path<i32>,
    fields: FormFields,
) -> Result<Response> {
    access::load::<StoredCohort>(&state, &me, id, Action::PlanCohort).await?;
    let transition: Transition = fields
        .text("transition")
        .parse()
        .map_err(|e: itp_domain::code::UnknownCode| AppError::BadRequest(e.to_string()))?;
    let reason = fields.text("reason");
    // Only a move that could happen is confirmed; a refused one is refused below at once.
    let ctx_op = Context::person(&state, &me);
    let allowed = service::check_transition(&ctx_op, id, transition, &reason)
        .await?
        .is_ok();
    if allowed
        && let Some(c) = transition.consequences()
        && let Some(page) = confirm::needed(&ctx, &fields, || Confirmation {
            title: c.question,
            consequences: c.what_happens,
            irreversible: c.irreversible,
            action: format!("/cohorts/{id}/status"),
            button: c.button,
            back: format!("/cohorts/{id}"),
            danger: true,
        })
    {
        return Ok(page.into_response());
    }
    match service::transition(&Context::person(&state, &me), id, transition, &reason).await? {
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
            let c = access::load::<StoredCohort>(&state, &me, id, Action::PlanCohort).await?;
            let page = load_page(&state, &me, c).await?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                views::show(&ctx, &page, &errors, &reason),
            )
                .into_response())
        }
    }
}
