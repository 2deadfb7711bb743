//! The work behind the sign-in and password forms, each change in one unit of work.

use chrono::{DateTime, Utc};
use itp_domain::account::{Email, LinkPurpose};
use itp_domain::audit::ChangeSet;
use itp_domain::password_policy;
use itp_domain::throttle::LoginThrottle;
use itp_persistence::audit::{Actor, Entry};
use itp_persistence::{account, session as sessions, throttle};

use crate::app::AppState;
use crate::ops::{Context, OpError, OpResult};
use crate::security::password;
use crate::security::tokens::{hash_token, new_token};

/// Why a sign-in failed, as far as the person may know.
#[derive(Debug)]
pub enum LoginFailure {
    /// Unknown address, wrong password or disabled account: one answer for all three.
    BadCredentials,
    Locked {
        until: DateTime<Utc>,
    },
}

/// Checks an address and password, applying the per-account throttle. Unknown addresses are
/// throttled and hashed like known ones, so neither the answer nor its timing reveals whether an
/// account exists.
pub async fn authenticate(
    state: &AppState,
    email: &Email,
    pass: &str,
) -> OpResult<Result<i32, LoginFailure>> {
    let conn = &state.db.conn;
    let now = state.clock.now();
    let throttle_state: LoginThrottle = throttle::get(conn, email.as_str()).await?;
    if let Err(until) = throttle_state.check(now) {
        return Ok(Err(LoginFailure::Locked { until }));
    }
    let user = account::find_by_email(conn, email).await?;
    let hash = user.as_ref().and_then(|u| u.password_hash.clone());
    let candidate = pass.to_owned();
    let verified =
        tokio::task::spawn_blocking(move || password::verify(&candidate, hash.as_deref()))
            .await
            .map_err(OpError::caused_by)?;
    match user {
        Some(user) if verified && user.active => {
            let ctx = Context::acting_as(state, Actor::user(user.id, &user.email));
            let mut uow = ctx.begin().await?;
            throttle::clear(uow.conn(), email.as_str()).await?;
            account::record_login(uow.conn(), user.id, now).await?;
            uow.audit(Entry::new(
                "account.login",
                "user",
                user.id,
                ChangeSet::new(),
            ))
            .await?;
            uow.commit().await?;
            Ok(Ok(user.id))
        }
        _ => {
            let next = throttle_state.after_failure(now);
            throttle::save(conn, email.as_str(), next, now).await?;
            if let Some(until) = next.locked_until.filter(|u| *u > now) {
                tracing::warn!(until = %until, "sign-in locked after repeated failures");
            }
            Ok(Err(LoginFailure::BadCredentials))
        }
    }
}

/// Issues a one-time link for `user_id` and returns its full URL. Only the hash is stored.
pub async fn issue_link<C: itp_persistence::ConnectionTrait>(
    conn: &C,
    state: &AppState,
    user_id: i32,
    purpose: LinkPurpose,
) -> OpResult<(String, DateTime<Utc>)> {
    let token = new_token();
    let expires = account::create_link(
        conn,
        user_id,
        purpose,
        &hash_token(&token),
        state.clock.now(),
    )
    .await?;
    Ok((
        format!("{}/set-password/{token}", state.config.base_url),
        expires,
    ))
}

/// Sets a password from a one-time link: checks the password rules, marks the link used, and ends
/// every existing session of the person. Returns the person's e-mail.
pub async fn set_password_from_link(
    state: &AppState,
    token: &str,
    new_password: &str,
) -> OpResult<std::result::Result<String, String>> {
    let conn = &state.db.conn;
    let now = state.clock.now();
    let Some(link) = account::find_live_link(conn, &hash_token(token), now).await? else {
        return Err(OpError::NotFound);
    };
    if let Err(problem) = password_policy::check(new_password, &link.user.email) {
        return Ok(Err(problem.to_string()));
    }
    let hash = hash_blocking(new_password).await?;
    let ctx = Context::acting_as(state, Actor::user(link.user.id, &link.user.email));
    let mut uow = ctx.begin().await?;
    if !account::use_link(uow.conn(), link.link_id, now).await? {
        return Err(OpError::NotFound);
    }
    account::set_password(uow.conn(), link.user.id, &hash).await?;
    sessions::delete_for_user(uow.conn(), link.user.id).await?;
    let action = match link.purpose {
        LinkPurpose::Invite => "account.accept_invite",
        _ => "account.reset_password",
    };
    uow.audit(Entry::new(
        action,
        "user",
        link.user.id,
        ChangeSet::new().redacted("password"),
    ))
    .await?;
    uow.commit().await?;
    Ok(Ok(link.user.email))
}

/// Changes a signed-in person's password after checking the current one. Other sessions end.
pub async fn change_password(
    state: &AppState,
    user_id: i32,
    current: &str,
    new_password: &str,
) -> OpResult<std::result::Result<(), (&'static str, String)>> {
    let conn = &state.db.conn;
    let Some(user) = account::find(conn, user_id).await? else {
        return Err(OpError::NotFound);
    };
    let stored = user.password_hash.clone();
    let candidate = current.to_owned();
    let ok = tokio::task::spawn_blocking(move || password::verify(&candidate, stored.as_deref()))
        .await
        .map_err(OpError::caused_by)?;
    if !ok {
        return Ok(Err((
            "current_password",
            "The current password is wrong.".to_owned(),
        )));
    }
    if let Err(problem) = password_policy::check(new_password, &user.email) {
        return Ok(Err(("new_password", problem.to_string())));
    }
    let hash = hash_blocking(new_password).await?;
    let ctx = Context::acting_as(state, Actor::user(user.id, &user.email));
    let mut uow = ctx.begin().await?;
    account::set_password(uow.conn(), user.id, &hash).await?;
    // Every session ends; the handler signs the current browser in again with a fresh session.
    sessions::delete_for_user(uow.conn(), user.id).await?;
    uow.audit(Entry::new(
        "account.change_password",
        "user",
        user.id,
        ChangeSet::new().redacted("password"),
    ))
    .await?;
    uow.commit().await?;
    Ok(Ok(()))
}

pub async fn hash_blocking(pass: &str) -> OpResult<String> {
    let pass = pass.to_owned();
    tokio::task::spawn_blocking(move || password::hash(&pass))
        .await
        .map_err(OpError::caused_by)?
        .map_err(OpError::internal)
}
