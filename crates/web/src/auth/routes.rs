use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use itp_domain::account::Email;
use itp_domain::validation::FieldErrors;
use itp_persistence::account;
use serde::Deserialize;

use super::service::{self, LoginFailure};
use super::views;
use crate::app::{AppState, Routes};
use crate::error::{AppError, Result};
use crate::ops::OpError;
use crate::security::guard::Access;
use crate::security::session::{Session, SignedIn};
use crate::security::tokens::hash_token;
use crate::views::PageContext;

pub fn routes(r: Routes) -> Routes {
    r.get("/", Access::Public, home)
        .get("/login", Access::Public, login_form)
        .post("/login", Access::Public, login)
        .post("/logout", Access::Public, logout)
        .get("/set-password/{token}", Access::Public, set_password_form)
        .post("/set-password/{token}", Access::Public, set_password)
        .get("/account", Access::SignedIn, account_page)
        .post("/account/password", Access::SignedIn, change_password)
}

async fn home(session: Session) -> Redirect {
    if session.user().is_some() {
        Redirect::to("/programmes")
    } else {
        Redirect::to("/login")
    }
}

#[derive(Deserialize, Default)]
pub struct LoginQuery {
    next: Option<String>,
    signed_out: Option<String>,
}

/// Only paths on this site: `//evil.example` and absolute URLs would be an open redirect.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/\\") => {
            n.to_owned()
        }
        _ => "/".to_owned(),
    }
}

async fn login_form(
    session: Session,
    mut ctx: PageContext,
    Query(q): Query<LoginQuery>,
) -> Result<Response> {
    if session.user().is_some() {
        return Ok(Redirect::to(&safe_next(q.next.as_deref())).into_response());
    }
    ctx.csrf_token = Some(session.csrf_token().await?);
    if q.signed_out.is_some() && ctx.flash.is_none() {
        ctx.flash = Some("You are signed out.".to_owned());
    }
    let form = views::LoginForm {
        next: q.next.unwrap_or_default(),
        ..Default::default()
    };
    Ok(views::login(&ctx, &form, &FieldErrors::new()).into_response())
}

#[derive(Deserialize)]
pub struct LoginInput {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

async fn login(
    State(state): State<AppState>,
    session: Session,
    mut ctx: PageContext,
    Form(input): Form<LoginInput>,
) -> Result<Response> {
    ctx.csrf_token = Some(session.csrf_token().await?);
    let form = views::LoginForm {
        email: input.email.clone(),
        next: input.next.clone(),
    };
    let email = match Email::parse(&input.email) {
        Ok(e) => e,
        Err(_) => {
            let errors =
                FieldErrors::single("email", "Enter your e-mail address, like name@example.org.");
            return Err(AppError::Reshow(views::login(&ctx, &form, &errors)));
        }
    };
    match service::authenticate(&state, &email, &input.password).await? {
        Ok(user_id) => {
            session.login(user_id).await?;
            Ok(Redirect::to(&safe_next(Some(&input.next))).into_response())
        }
        Err(LoginFailure::Locked { until }) => {
            let minutes = ((until - state.clock.now()).num_seconds() + 59) / 60;
            Err(AppError::TooManyAttempts {
                minutes: minutes.max(1),
            })
        }
        Err(LoginFailure::BadCredentials) => {
            let errors =
                FieldErrors::single("email", "The e-mail address or the password is wrong.");
            Ok((
                axum::http::StatusCode::UNAUTHORIZED,
                views::login(&ctx, &form, &errors),
            )
                .into_response())
        }
    }
}

async fn logout(session: Session) -> Result<Redirect> {
    session.logout().await?;
    Ok(Redirect::to("/login?signed_out=1"))
}

async fn set_password_form(
    State(state): State<AppState>,
    session: Session,
    mut ctx: PageContext,
    Path(token): Path<String>,
) -> Result<Response> {
    let link =
        account::find_live_link(&state.db.conn, &hash_token(&token), state.clock.now()).await?;
    let Some(link) = link else {
        return Ok(views::link_expired(&ctx).into_response());
    };
    ctx.csrf_token = Some(session.csrf_token().await?);
    Ok(
        views::set_password(&ctx, &link.user.email, link.purpose, &FieldErrors::new())
            .into_response(),
    )
}

#[derive(Deserialize)]
pub struct NewPasswordInput {
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

async fn set_password(
    State(state): State<AppState>,
    session: Session,
    mut ctx: PageContext,
    Path(token): Path<String>,
    Form(input): Form<NewPasswordInput>,
) -> Result<Response> {
    let Some(link) =
        account::find_live_link(&state.db.conn, &hash_token(&token), state.clock.now()).await?
    else {
        return Ok(views::link_expired(&ctx).into_response());
    };
    ctx.csrf_token = Some(session.csrf_token().await?);
    if input.password != input.confirm {
        let errors = FieldErrors::single("confirm", "The two passwords are not the same.");
        return Err(AppError::Reshow(views::set_password(
            &ctx,
            &link.user.email,
            link.purpose,
            &errors,
        )));
    }
    match service::set_password_from_link(&state, &token, &input.password).await {
        Ok(Ok(email)) => {
            session
                .flash(format!("Your password is set. Sign in as {email}."))
                .await?;
            Ok(Redirect::to("/login").into_response())
        }
        Ok(Err(problem)) => {
            let errors = FieldErrors::single("password", problem);
            Err(AppError::Reshow(views::set_password(
                &ctx,
                &link.user.email,
                link.purpose,
                &errors,
            )))
        }
        Err(OpError::NotFound) => Ok(views::link_expired(&ctx).into_response()),
        Err(e) => Err(e.into()),
    }
}

async fn account_page(ctx: PageContext) -> Result<Response> {
    Ok(views::account(&ctx, &FieldErrors::new()).into_response())
}

#[derive(Deserialize)]
pub struct ChangePasswordInput {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    confirm: String,
}

async fn change_password(
    State(state): State<AppState>,
    session: Session,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Form(input): Form<ChangePasswordInput>,
) -> Result<Response> {
    if input.new_password != input.confirm {
        let errors = FieldErrors::single("confirm", "The two new passwords are not the same.");
        return Err(AppError::Reshow(views::account(&ctx, &errors)));
    }
    match service::change_password(
        &state,
        user.id,
        &input.current_password,
        &input.new_password,
    )
    .await?
    {
        Ok(()) => {
            session.login(user.id).await?;
            session
                .flash("Your password is changed. Other devices have been signed out.")
                .await?;
            Ok(Redirect::to("/account").into_response())
        }
        Err((field, message)) => {
            let errors = FieldErrors::single(field, message);
            Err(AppError::Reshow(views::account(&ctx, &errors)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_only_follows_local_paths() {
        assert_eq!(safe_next(Some("/programmes?x=1")), "/programmes?x=1");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(None), "/");
    }
}
