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
    r.get("/login", Access::Public, login_form)
        .post("/login", Access::Public, login)
        .post("/logout", Access::Public, logout)
        .get("/set-password/{token}", Access::Public, set_password_form)
        .post("/set-password/{token}", Access::Public, set_password)
        .get("/account", Access::SignedIn, account_page)
        .post("/account/password", Access::SignedIn, change_password)
}

#[derive(Deserialize, Default)]
pub struct LoginQuery {
    next: Option<String>,
    signed_out: Option<String>,
}

/// Where to go after signing in: a path on this site, or `/`. The candidate is resolved against
/// the site's own address as a browser would resolve it and kept only when it stays on the same
/// origin; control characters and backslashes are refused outright, because browsers drop or
/// rewrite them (`/\t/evil.example` becomes `//evil.example`, another site).
pub(crate) fn safe_next(base_url: &str, next: Option<&str>) -> String {
    let fallback = || "/".to_owned();
    let Some(next) = next else {
        return fallback();
    };
    if !next.starts_with('/') || next.chars().any(|c| c.is_control() || c == '\\') {
        return fallback();
    }
    let Ok(base) = url::Url::parse(base_url) else {
        return fallback();
    };
    match base.join(next) {
        Ok(target) if target.origin() == base.origin() && !next.starts_with("//") => {
            let mut path = target.path().to_owned();
            if let Some(query) = target.query() {
                path.push('?');
                path.push_str(query);
            }
            if let Some(fragment) = target.fragment() {
                path.push('#');
                path.push_str(fragment);
            }
            path
        }
        _ => fallback(),
    }
}

async fn login_form(
    State(state): State<AppState>,
    session: Session,
    mut ctx: PageContext,
    Query(q): Query<LoginQuery>,
) -> Result<Response> {
    if session.user().is_some() {
        return Ok(
            Redirect::to(&safe_next(&state.config.base_url, q.next.as_deref())).into_response(),
        );
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
            Ok(Redirect::to(&safe_next(&state.config.base_url, Some(&input.next))).into_response())
        }
        Err(LoginFailure::Locked { until }) => Err(AppError::TooManyAttempts {
            minutes: itp_domain::throttle::minutes_until(until, state.clock.now()),
        }),
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

/// Where the person was going when the link was sent (the call they registered from).
#[derive(Deserialize, Default)]
pub struct NextQuery {
    #[serde(default)]
    next: Option<String>,
}

async fn set_password(
    State(state): State<AppState>,
    session: Session,
    mut ctx: PageContext,
    Path(token): Path<String>,
    Query(q): Query<NextQuery>,
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
            // The link proved the address and the person just chose the password: asking them
            // to type both again would only lose where they were going.
            session.login(link.user.id).await?;
            session
                .flash(format!(
                    "Your password is set and you are signed in as {email}."
                ))
                .await?;
            Ok(Redirect::to(&safe_next(&state.config.base_url, q.next.as_deref())).into_response())
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

    const BASE: &str = "https://itp.example.org";

    #[test]
    fn paths_on_this_site_are_kept() {
        for path in ["/", "/calls/3", "/applications?status=draft#top", "/a/../b"] {
            let kept = safe_next(BASE, Some(path));
            assert!(
                kept.starts_with('/') && !kept.starts_with("//"),
                "{path} -> {kept}"
            );
        }
        assert_eq!(safe_next(BASE, Some("/calls/3?x=1")), "/calls/3?x=1");
    }

    #[test]
    fn anything_that_could_leave_the_site_becomes_the_start_page() {
        for hostile in [
            "//evil.example",
            "/\t/evil.example",
            "/\\evil.example",
            "/\\/evil.example",
            "/\n/evil.example",
            "https://evil.example/",
            "javascript:alert(1)",
            "evil.example",
            "/\u{7f}/evil.example",
            "",
        ] {
            assert_eq!(safe_next(BASE, Some(hostile)), "/", "{hostile:?}");
        }
        assert_eq!(safe_next(BASE, None), "/");
    }
}
