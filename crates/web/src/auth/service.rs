//! The work behind the sign-in and password forms, each change in one transaction.

use chrono::{DateTime, Utc};
use itp_domain::account::{Email, LinkPurpose};
use itp_domain::audit::ChangeSet;
use itp_domain::password_policy;
use itp_domain::throttle::LoginThrottle;
use itp_persistence::audit::{self, Actor, Entry};
use itp_persistence::{account, begin_write, session as sessions, throttle};

use crate::app::AppState;
use crate::error::{AppError, Result};
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
) -> Result<Result<i32, LoginFailure>> {
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
            .map_err(AppError::internal)?;
    match user {
        Some(user) if verified && user.active => {
            let tx = begin_write(conn).await?;
            throttle::clear(&tx, email.as_str()).await?;
            account::record_login(&tx, user.id, now).await?;
            audit::record(
                &tx,
                &Actor::user(user.id, &user.email),
                now,
                Entry {
                    action: "account.login",
                    entity_type: "user",
                    entity_id: Some(user.id.to_string()),
                    changes: ChangeSet::new(),
                },
            )
            .await?;
            tx.commit().await?;
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
) -> Result<(String, DateTime<Utc>)> {
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
) -> Result<std::result::Result<String, String>> {
    let conn = &state.db.conn;
    let now = state.clock.now();
    let Some(link) = account::find_live_link(conn, &hash_token(token), now).await? else {
        return Err(AppError::NotFound);
    };
    if let Err(problem) = password_policy::check(new_password, &link.user.email) {
        return Ok(Err(problem.to_string()));
    }
    let hash = hash_blocking(new_password).await?;
    let tx = begin_write(conn).await?;
    if !account::use_link(&tx, link.link_id, now).await? {
        return Err(AppError::NotFound);
    }
    account::set_password(&tx, link.user.id, &hash).await?;
    sessions::delete_for_user(&tx, link.user.id).await?;
    audit::record(
        &tx,
        &Actor::user(link.user.id, &link.user.email),
        now,
        Entry {
            action: match link.purpose {
                LinkPurpose::Invite => "account.accept_invite",
                _ => "account.reset_password",
            },
            entity_type: "user",
            entity_id: Some(link.user.id.to_string()),
            changes: ChangeSet::new().redacted("password"),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(link.user.email))
}

/// Changes a signed-in person's password after checking the current one. Other sessions end.
pub async fn change_password(
    state: &AppState,
    user_id: i32,
    current: &str,
    new_password: &str,
) -> Result<std::result::Result<(), (&'static str, String)>> {
    let conn = &state.db.conn;
    let Some(user) = account::find(conn, user_id).await? else {
        return Err(AppError::NotFound);
    };
    let stored = user.password_hash.clone();
    let candidate = current.to_owned();
    let ok = tokio::task::spawn_blocking(move || password::verify(&candidate, stored.as_deref()))
        .await
        .map_err(AppError::internal)?;
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
    let now = state.clock.now();
    let tx = begin_write(conn).await?;
    account::set_password(&tx, user.id, &hash).await?;
    // Every session ends; the handler signs the current browser in again with a fresh session.
    sessions::delete_for_user(&tx, user.id).await?;
    audit::record(
        &tx,
        &Actor::user(user.id, &user.email),
        now,
        Entry {
            action: "account.change_password",
            entity_type: "user",
            entity_id: Some(user.id.to_string()),
            changes: ChangeSet::new().redacted("password"),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(()))
}

pub async fn hash_blocking(pass: &str) -> Result<String> {
    let pass = pass.to_owned();
    tokio::task::spawn_blocking(move || password::hash(&pass))
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal)
}
