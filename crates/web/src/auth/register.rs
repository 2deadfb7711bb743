//! Self-service for people outside ICLD: applicants register with their e-mail address (the
//! link that proves the address also sets the password), and anyone can ask for a new password.
//! The page answers the same whether or not an address has an account, so nobody can find out
//! who is registered; what differs is the mail the address receives.

use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use chrono::Duration;
use itp_domain::account::{Email, LinkPurpose};
use itp_domain::audit::ChangeSet;
use itp_domain::mail::Values;
use itp_domain::role::{Grant, Role};
use itp_domain::validation::{FieldErrors, required_text};
use itp_persistence::audit::{self, Actor, Entry};
use itp_persistence::{ConnectionTrait, account, begin_write, mail as outbox};
use maud::{Markup, html};
use serde::Deserialize;

use super::service::issue_link;
use crate::app::{AppState, Routes};
use crate::error::Result;
use crate::mail::{self, Cause, Message, templates};
use crate::security::guard::Access;
use crate::security::session::Session;
use crate::views::components::{Field, Input, csrf_field, error_summary};
use crate::views::{PageContext, page};

/// One mail per address per this long, however often the form is sent: the form must not be a
/// way to flood someone's inbox.
const MAIL_INTERVAL_MINUTES: i64 = 10;

pub fn routes(r: Routes) -> Routes {
    r.get("/register", Access::Public, register_form)
        .post("/register", Access::Public, register)
        .get("/forgot-password", Access::Public, forgot_form)
        .post("/forgot-password", Access::Public, forgot)
}

#[derive(Deserialize, Default)]
pub struct RegisterInput {
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
}

async fn register_form(
    session: Session,
    mut ctx: PageContext,
    Query(_): Query<Vec<(String, String)>>,
) -> Result<Markup> {
    ctx.csrf_token = Some(session.csrf_token().await?);
    Ok(register_page(
        &ctx,
        &RegisterInput::default(),
        &FieldErrors::new(),
    ))
}

async fn register(
    State(state): State<AppState>,
    session: Session,
    mut ctx: PageContext,
    Form(input): Form<RegisterInput>,
) -> Result<Response> {
    ctx.csrf_token = Some(session.csrf_token().await?);
    let mut errors = FieldErrors::new();
    let name = required_text(&mut errors, "name", "full name", &input.name, 200);
    let email = Email::parse(&input.email)
        .map_err(|_| errors.add("email", "Enter your e-mail address, like name@example.org."))
        .ok();
    let Some(email) = email.filter(|_| errors.is_empty()) else {
        return Ok((
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            register_page(&ctx, &input, &errors),
        )
            .into_response());
    };
    register_or_remind(&state, &email, &name).await?;
    Ok(sent_page(&ctx, &email).into_response())
}

/// Creates an applicant account with a verification link, or, for an address that has an
/// account, mails a link to choose a password.
pub async fn register_or_remind(state: &AppState, email: &Email, name: &str) -> Result<()> {
    let now = state.clock.now();
    let tx = begin_write(&state.db.conn).await?;
    if recently_mailed(&tx, email, now).await? {
        return Ok(());
    }
    match account::find_by_email(&tx, email).await? {
        None => {
            let grant = Grant {
                role: Role::Applicant,
                scope: None,
            };
            let user_id = account::create(&tx, email, name, &[grant], now).await?;
            let (link, expires) = issue_link(&tx, state, user_id, LinkPurpose::VerifyEmail).await?;
            let values = Values::new()
                .set("name", name)
                .set("link", &link)
                .set("expires", expires.format("%Y-%m-%d %H:%M UTC").to_string());
            let message = Message::from_template(
                &templates::VERIFY_EMAIL,
                &values,
                email,
                name,
                Cause::new("user", user_id),
            )?
            .expires_at(expires);
            mail::queue(&tx, state, &message).await?;
            audit::record(
                &tx,
                &Actor::system("self-registration"),
                now,
                Entry {
                    action: "account.register",
                    entity_type: "user",
                    entity_id: Some(user_id.to_string()),
                    changes: ChangeSet::new()
                        .set("email", email)
                        .set("role", Role::Applicant),
                },
            )
            .await?;
        }
        Some(user) if user.active => remind(&tx, state, &user).await?,
        Some(_) => {}
    }
    tx.commit().await?;
    state.mail.nudge();
    Ok(())
}

async fn remind<C: ConnectionTrait>(
    conn: &C,
    state: &AppState,
    user: &account::UserRow,
) -> Result<()> {
    let email = Email::parse(&user.email).map_err(crate::error::AppError::internal)?;
    let purpose = if user.password_hash.is_some() {
        LinkPurpose::PasswordReset
    } else {
        LinkPurpose::VerifyEmail
    };
    let (link, expires) = issue_link(conn, state, user.id, purpose).await?;
    let values = Values::new()
        .set("name", &user.display_name)
        .set("link", &link)
        .set("expires", expires.format("%Y-%m-%d %H:%M UTC").to_string());
    let message = Message::from_template(
        &templates::SELF_SERVICE_RESET,
        &values,
        &email,
        &user.display_name,
        Cause::new("user", user.id),
    )?
    .expires_at(expires);
    mail::queue(conn, state, &message).await?;
    Ok(())
}

async fn recently_mailed<C: ConnectionTrait>(
    conn: &C,
    email: &Email,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<bool> {
    let filter = outbox::Filter {
        recipient: Some(email.as_str().to_owned()),
        ..Default::default()
    };
    let latest = outbox::list(conn, &filter, 0, 5).await?;
    Ok(latest.mail.iter().any(|m| {
        m.to_address == email.as_str()
            && m.created_at > now - Duration::minutes(MAIL_INTERVAL_MINUTES)
    }))
}

#[derive(Deserialize, Default)]
pub struct ForgotInput {
    #[serde(default)]
    email: String,
}

async fn forgot_form(session: Session, mut ctx: PageContext) -> Result<Markup> {
    ctx.csrf_token = Some(session.csrf_token().await?);
    Ok(forgot_page(&ctx, "", &FieldErrors::new()))
}

async fn forgot(
    State(state): State<AppState>,
    session: Session,
    mut ctx: PageContext,
    Form(input): Form<ForgotInput>,
) -> Result<Response> {
    ctx.csrf_token = Some(session.csrf_token().await?);
    let Ok(email) = Email::parse(&input.email) else {
        let errors =
            FieldErrors::single("email", "Enter your e-mail address, like name@example.org.");
        return Ok((
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            forgot_page(&ctx, &input.email, &errors),
        )
            .into_response());
    };
    let now = state.clock.now();
    let tx = begin_write(&state.db.conn).await?;
    if !recently_mailed(&tx, &email, now).await?
        && let Some(user) = account::find_by_email(&tx, &email)
            .await?
            .filter(|u| u.active)
    {
        remind(&tx, &state, &user).await?;
    }
    tx.commit().await?;
    state.mail.nudge();
    Ok(sent_page(&ctx, &email).into_response())
}

fn register_page(ctx: &PageContext, input: &RegisterInput, errors: &FieldErrors) -> Markup {
    page(
        ctx,
        "Create an account to apply",
        html! {
            h1 { "Create an account to apply" }
            p { "With an account you can save your application as a draft and come back to it from any device until the deadline." }
            (error_summary(errors))
            form method="post" action="/register" novalidate {
                (csrf_field(ctx.csrf()))
                (Field::new("name", "Your full name", &input.name).hint("As in your passport, in any script.").required().autocomplete("name").render(errors))
                (Field::new("email", "Your e-mail address", &input.email).input(Input::Email).hint("We send a link to this address; it must be yours.").required().autocomplete("email").render(errors))
                div.actions { button type="submit" { "Send me the link" } }
            }
            p { "Already registered? " a href="/login" { "Sign in" } "." }
        },
    )
}

fn forgot_page(ctx: &PageContext, email: &str, errors: &FieldErrors) -> Markup {
    page(
        ctx,
        "Forgotten password",
        html! {
            h1 { "Forgotten password" }
            (error_summary(errors))
            form method="post" action="/forgot-password" novalidate {
                (csrf_field(ctx.csrf()))
                (Field::new("email", "Your e-mail address", email).input(Input::Email).required().autocomplete("email").render(errors))
                div.actions { button type="submit" { "Send me a link" } }
            }
        },
    )
}

fn sent_page(ctx: &PageContext, email: &Email) -> Markup {
    page(
        ctx,
        "Check your inbox",
        html! {
            h1 { "Check your inbox" }
            p.lead { "If " strong { (email) } " can be used, a message with a link is on its way to it. The link works once and for a limited time." }
            p { "No message after a few minutes? Look in your spam folder, or send the form again in ten minutes." }
        },
    )
}
