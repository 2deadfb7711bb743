//! The team's confirmation link: no sign-in, the token in the address is the credential (like
//! the one-time links of accounts). A link that does not exist is a 404 for everyone.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use maud::Markup;

use super::{decision_views, service};
use crate::app::{AppState, Routes};
use crate::error::{AppError, Result};
use crate::forms::FormFields;
use crate::security::guard::Access;
use crate::security::session::Session;
use crate::views::PageContext;

pub fn routes(r: Routes) -> Routes {
    r.get("/selection/offers/{token}", Access::Public, page)
        .post("/selection/offers/{token}", Access::Public, answer)
}

async fn page(
    State(state): State<AppState>,
    session: Session,
    mut ctx: PageContext,
    Path(token): Path<String>,
) -> Result<Markup> {
    let offer = service::offer_of_link(&state, &token)
        .await?
        .ok_or(AppError::NotFound)?;
    let cohort = itp_persistence::cohort::find(&state.db.conn, offer.cohort_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let contact =
        itp_persistence::selection_decisions::contact(&state.db.conn, offer.application_id).await?;
    ctx.csrf_token = Some(session.csrf_token().await?);
    Ok(decision_views::offer(
        &ctx,
        &token,
        &offer,
        &cohort,
        contact.as_ref(),
        state.clock.now(),
    ))
}

async fn answer(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(token): Path<String>,
    fields: FormFields,
) -> Result<Response> {
    let confirm = match fields.text("answer").as_str() {
        "confirm" => true,
        "decline" => false,
        _ => {
            return Err(AppError::BadRequest(
                "Choose to confirm or to decline the places.".into(),
            ));
        }
    };
    if service::offer_of_link(&state, &token).await?.is_none() {
        return Err(AppError::NotFound);
    }
    let answered = service::answer(&state, &token, confirm).await?;
    Ok(decision_views::answered(&ctx, &answered).into_response())
}
