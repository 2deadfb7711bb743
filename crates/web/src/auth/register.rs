//! Self-service for people outside ICLD: applicants register with their e-mail address (the
//! link that proves the address also sets the password), and anyone can ask for a new password.
//! The page answers the same whether or not an address has an account, so nobody can find out
//! who is registered; what differs is the mail the address receives.

use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use itp_domain::account::Email;
use itp_domain::validation::{FieldErrors, required_text};
use maud::{Markup, html};
use serde::Deserialize;

use super::self_service;
use crate::app::{AppState, Routes};
use crate::error::{AppError, Result};
use crate::security::client::ClientAddress;
use crate::security::guard::Access;
use crate::security::session::Session;
use crate::views::components::{Field, Input, csrf_field, error_summary};
use crate::views::{PageContext, page};

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
    /// The call the person came from (`/register?call=3`), kept through the form and the link.
    #[serde(default)]
    call: String,
}

impl RegisterInput {
    fn call_id(&self) -> Option<i32> {
        self.call.trim().parse().ok().filter(|id: &i32| *id > 0)
    }
}

/// The name of the open call `id`, for "You are registering to apply to …"; `None` for a call
/// that is not open (or does not exist), which is then not carried on.
async fn open_call_name(state: &AppState, id: Option<i32>) -> Result<Option<(i32, String)>> {
    let Some(id) = id else { return Ok(None) };
    let calls = itp_persistence::cohort::open_calls(&state.db.conn).await?;
    Ok(calls
        .into_iter()
        .find(|(c, _)| c.id == id)
        .map(|(c, _)| (c.id, c.settings.name)))
}

async fn register_form(
    State(state): State<AppState>,
    session: Session,
    mut ctx: PageContext,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Markup> {
    ctx.csrf_token = Some(session.csrf_token().await?);
    let input = RegisterInput {
        call: q
            .iter()
            .find(|(k, _)| k == "call")
            .map(|(_, v)| v.clone())
            .unwrap_or_default(),
        ..Default::default()
    };
    let call = open_call_name(&state, input.call_id()).await?;
    Ok(register_page(
        &ctx,
        &input,
        call.as_ref(),
        &FieldErrors::new(),
    ))
}

async fn register(
    State(state): State<AppState>,
    client: ClientAddress,
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
    let call = open_call_name(&state, input.call_id()).await?;
    let Some(email) = email.filter(|_| errors.is_empty()) else {
        return Err(AppError::Reshow(register_page(
            &ctx,
            &input,
            call.as_ref(),
            &errors,
        )));
    };
    self_service::register_or_remind(&state, &client, &email, &name, call.map(|(id, _)| id))
        .await?;
    Ok(sent_page(&ctx, &email).into_response())
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
    client: ClientAddress,
    session: Session,
    mut ctx: PageContext,
    Form(input): Form<ForgotInput>,
) -> Result<Response> {
    ctx.csrf_token = Some(session.csrf_token().await?);
    let Ok(email) = Email::parse(&input.email) else {
        let errors =
            FieldErrors::single("email", "Enter your e-mail address, like name@example.org.");
        return Err(AppError::Reshow(forgot_page(&ctx, &input.email, &errors)));
    };
    self_service::send_password_link(&state, &client, &email).await?;
    Ok(sent_page(&ctx, &email).into_response())
}

fn register_page(
    ctx: &PageContext,
    input: &RegisterInput,
    call: Option<&(i32, String)>,
    errors: &FieldErrors,
) -> Markup {
    page(
        ctx,
        "Create an account to apply",
        html! {
            h1 { "Create an account to apply" }
            @if let Some((_, name)) = call {
                p.notice { "You are registering to apply to " strong { (name) } ". The link we send you leads back to it, signed in." }
            }
            p { "With an account you can save your application as a draft and come back to it from any device until the deadline." }
            (error_summary(errors))
            form method="post" action="/register" novalidate {
                (csrf_field(ctx.csrf()))
                @if let Some((id, _)) = call { input type="hidden" name="call" value=(id); }
                (Field::new("name", "Your full name", &input.name).hint("As in your passport, in any script.").required().autocomplete("name").render(errors))
                (Field::new("email", "Your e-mail address", &input.email).input(Input::Email).hint("We send a link to this address; it must be yours.").required().autocomplete("email").render(errors))
                div.actions { button type="submit" { "Send me the link" } }
            }
            p {
                "Already registered? "
                @match call {
                    Some((id, _)) => a href={ "/login?next=/calls/" (id) } { "Sign in" },
                    None => a href="/login" { "Sign in" },
                }
                "."
            }
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
