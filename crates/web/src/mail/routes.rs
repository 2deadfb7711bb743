//! The outbox pages for administrators: every message with its delivery state, one message in
//! full, and retrying or releasing one.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use itp_domain::Code;
use itp_domain::authz::Action;
use itp_persistence::mail::{self as outbox, Filter, MailState};
use maud::Markup;
use serde::Deserialize;

use super::{held, service, views};
use crate::app::{AppState, Routes};
use crate::error::{AppError, Result};
use crate::forms::filter_text;
use crate::ops::{Context, OpError};
use crate::security::guard::Access;
use crate::security::session::{Session, SignedIn};
use crate::views::PageContext;

pub const PER_PAGE: u64 = 50;

pub fn routes(r: Routes) -> Routes {
    let view = Access::Can(Action::ViewOutbox);
    let manage = Access::Can(Action::ManageOutbox);
    r.get("/admin/outbox", view, list)
        .get("/admin/outbox/{mail_id}", view, show)
        .post("/admin/outbox/{mail_id}/retry", manage, retry)
        .post("/admin/outbox/{mail_id}/release", manage, release)
        .post("/admin/outbox/{mail_id}/edit", manage, edit)
        .post("/admin/outbox/{mail_id}/discard", manage, discard)
        .post("/admin/outbox/release-all", manage, release_all)
}

#[derive(Debug, Default, Deserialize)]
pub struct EditForm {
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub body: String,
}

async fn edit(
    State(state): State<AppState>,
    ctx: PageContext,
    session: Session,
    SignedIn(me): SignedIn,
    Path(mail_id): Path<i32>,
    Form(form): Form<EditForm>,
) -> Result<Response> {
    match held::edit(
        &Context::person(&state, &me),
        mail_id,
        &form.subject,
        &form.body,
    )
    .await
    {
        Ok(()) => {
            session
                .flash(format!(
                    "Message #{mail_id} is changed; it stays held until released."
                ))
                .await?;
            Ok(Redirect::to(&format!("/admin/outbox/{mail_id}")).into_response())
        }
        Err(OpError::Invalid(errors)) => {
            let mail = outbox::find(&state.db.conn, mail_id)
                .await?
                .ok_or(AppError::NotFound)?;
            let page = views::show_with_edit(
                &ctx,
                &mail,
                state.mail.policy.max_attempts(),
                state.mail.is_configured(),
                state.clock.now(),
                (&form.subject, &form.body),
                &errors,
            );
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

async fn discard(
    State(state): State<AppState>,
    session: Session,
    SignedIn(me): SignedIn,
    Path(mail_id): Path<i32>,
) -> Result<Redirect> {
    let mail = held::discard(&Context::person(&state, &me), mail_id).await?;
    session
        .flash(format!(
            "Message #{} to {} is discarded: it will not be sent.",
            mail.id, mail.to_address
        ))
        .await?;
    Ok(Redirect::to("/admin/outbox?state=held"))
}

async fn release_all(
    State(state): State<AppState>,
    session: Session,
    SignedIn(me): SignedIn,
) -> Result<Redirect> {
    let n = held::release_all(&Context::person(&state, &me)).await?;
    session
        .flash(format!(
            "{} released; they go out with the next delivery.",
            itp_domain::wording::count(n as i64, "held message")
        ))
        .await?;
    Ok(Redirect::to("/admin/outbox"))
}

/// The filter as typed, kept as text so the form shows it back unchanged.
#[derive(Debug, Default, Deserialize, Clone)]
pub struct OutboxQuery {
    #[serde(default)]
    pub state: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub cause_type: String,
    #[serde(default)]
    pub cause_id: String,
    /// An exact address, or a user's number: what went to one person.
    #[serde(default)]
    pub person: String,
    #[serde(default)]
    pub cohort: String,
    #[serde(default)]
    pub page: Option<u64>,
}

/// Far beyond any real outbox; keeps `(page - 1) * PER_PAGE` from overflowing.
const MAX_PAGE: u64 = 1_000_000;

/// How many people the per-person table lists.
const RECIPIENTS_SHOWN: usize = 100;

/// The address a person filter names: an address as typed, or the address of user number N.
/// A number that is no user matches nothing (an address no mail can have).
async fn person_address(state: &AppState, person: &str) -> Result<Option<String>> {
    let Some(text) = filter_text(person) else {
        return Ok(None);
    };
    if let Ok(user_id) = text.parse::<i32>() {
        let user = itp_persistence::account::find(&state.db.conn, user_id).await?;
        return Ok(Some(user.map_or_else(|| "-".to_owned(), |u| u.email)));
    }
    Ok(Some(text.to_lowercase()))
}

async fn list(
    State(state): State<AppState>,
    ctx: PageContext,
    Query(q): Query<OutboxQuery>,
) -> Result<Markup> {
    let filter = Filter {
        state: MailState::parse(q.state.trim()),
        recipient: filter_text(&q.to),
        cause_type: filter_text(&q.cause_type),
        cause_id: filter_text(&q.cause_id),
        address: person_address(&state, &q.person).await?,
        cohort_id: q.cohort.trim().parse().ok(),
    };
    let page = q.page.unwrap_or(1).clamp(1, MAX_PAGE);
    let conn = &state.db.conn;
    let result = outbox::list(conn, &filter, (page - 1) * PER_PAGE, PER_PAGE).await?;
    let narrowed = filter.address.is_some() || filter.cohort_id.is_some();
    // The counts are of the person's or cohort's messages when one is chosen, else of all.
    let counts = outbox::counts_of(
        conn,
        &Filter {
            address: filter.address.clone(),
            cohort_id: filter.cohort_id,
            ..Filter::default()
        },
    )
    .await?;
    let recipients = if narrowed {
        outbox::recipients(conn, &filter, RECIPIENTS_SHOWN).await?
    } else {
        Vec::new()
    };
    let cohorts: Vec<(i32, String)> =
        itp_persistence::mail_templates::preview_cohorts(conn, None, 500)
            .await?
            .into_iter()
            .map(|c| (c.id, c.label))
            .collect();
    Ok(views::list(
        &ctx,
        &views::ListView {
            query: &q,
            cohorts: &cohorts,
            recipients: &recipients,
            narrowed,
            page,
            result: &result,
            counts,
            sender: state.mail.is_configured().then(|| state.mail.describe()),
        },
    ))
}

async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(mail_id): Path<i32>,
) -> Result<Markup> {
    let mail = outbox::find(&state.db.conn, mail_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(views::show(
        &ctx,
        &mail,
        state.mail.policy.max_attempts(),
        state.mail.is_configured(),
        state.clock.now(),
    ))
}

async fn retry(
    State(state): State<AppState>,
    session: Session,
    SignedIn(me): SignedIn,
    Path(mail_id): Path<i32>,
) -> Result<Redirect> {
    let mail = service::retry(&Context::person(&state, &me), mail_id).await?;
    session
        .flash(format!(
            "Message #{} to {} is queued again, for a new round of attempts.",
            mail.id, mail.to_address
        ))
        .await?;
    Ok(Redirect::to(&format!("/admin/outbox/{mail_id}")))
}

async fn release(
    State(state): State<AppState>,
    session: Session,
    SignedIn(me): SignedIn,
    Path(mail_id): Path<i32>,
) -> Result<Redirect> {
    let mail = service::release(&Context::person(&state, &me), mail_id).await?;
    session
        .flash(format!(
            "Message #{} to {} is released and goes out with the next delivery.",
            mail.id, mail.to_address
        ))
        .await?;
    Ok(Redirect::to(&format!("/admin/outbox/{mail_id}")))
}
