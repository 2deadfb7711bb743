//! The work behind the sign-in and password forms, each change in one unit of work.

use chrono::{DateTime, Utc};
use itp_domain::account::{Email, LinkPurpose};
use itp_domain::audit::ChangeSet;
use itp_domain::password_policy;
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

/// Checks an address and password, applying the per-address throttle. Unknown addresses are
/// throttled and hashed like known ones, so neither the answer nor its timing reveals whether an
/// account exists.
pub async fn authenticate(
    state: &AppState,
    email: &Email,
    pass: &str,
) -> OpResult<Result<i32, LoginFailure>> {
    let user = account::find_by_email(&state.db.conn, email).await?;
    let hash = user.as_ref().and_then(|u| u.password_hash.clone());
    let verified = match throttled_check(state, email.as_str(), pass, hash.as_deref()).await? {
        Ok(verified) => verified,
        Err(until) => return Ok(Err(LoginFailure::Locked { until })),
    };
    match user {
        Some(user) if verified && user.active => {
            let ctx = Context::acting_as(state, Actor::user(user.id, &user.email));
            let mut uow = ctx.begin().await?;
            throttle::clear(uow.conn(), email.as_str()).await?;
            account::record_login(uow.conn(), user.id, uow.now()).await?;
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
        _ => Ok(Err(LoginFailure::BadCredentials)),
    }
}

/// Checks a password against `stored` under the throttle of `address`: the attempt is counted
/// as a failure in its own committed transaction before argon2 runs, so any number of parallel
/// attempts are admitted one after another and at most the free ones are ever checked. A right
/// password does not clear the count here; the caller clears it with the change it makes.
/// `Err(until)` while the address is locked.
async fn throttled_check(
    state: &AppState,
    address: &str,
    pass: &str,
    stored: Option<&str>,
) -> OpResult<Result<bool, DateTime<Utc>>> {
    let ctx = Context::system(state, "sign-in");
    let uow = ctx.begin().await?;
    let now = uow.now();
    let admitted = throttle::lock(uow.conn(), address, now).await?.reserve(now);
    let counted = match admitted {
        Ok(counted) => counted,
        Err(until) => return Ok(Err(until)),
    };
    throttle::save(uow.conn(), address, counted, now).await?;
    uow.commit().await?;
    if let Some(until) = counted.locked_until {
        tracing::warn!(until = %until, "sign-in locked after repeated failures");
    }
    let verified = password::verify(pass, stored)
        .await
        .map_err(|_| OpError::Busy)?;
    Ok(Ok(verified))
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
    account::end_links(uow.conn(), link.user.id, now).await?;
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
    let verified =
        throttled_check(state, &user.email, current, user.password_hash.as_deref()).await?;
    match verified {
        Ok(true) => {}
        Ok(false) => {
            return Ok(Err((
                "current_password",
                "The current password is wrong.".to_owned(),
            )));
        }
        Err(until) => {
            let minutes = itp_domain::throttle::minutes_until(until, state.clock.now());
            return Ok(Err((
                "current_password",
                format!(
                    "Too many wrong passwords. Try again in {}.",
                    itp_domain::wording::count(minutes, "minute")
                ),
            )));
        }
    }
    if let Err(problem) = password_policy::check(new_password, &user.email) {
        return Ok(Err(("new_password", problem.to_string())));
    }
    let hash = hash_blocking(new_password).await?;
    let ctx = Context::acting_as(state, Actor::user(user.id, &user.email));
    let mut uow = ctx.begin().await?;
    account::set_password(uow.conn(), user.id, &hash).await?;
    account::end_links(uow.conn(), user.id, uow.now()).await?;
    throttle::clear(uow.conn(), &user.email).await?;
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
    password::hash(pass).await.map_err(|e| match e {
        password::HashError::Busy => OpError::Busy,
        other => OpError::caused_by(other),
    })
}
