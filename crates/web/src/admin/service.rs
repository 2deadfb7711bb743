//! Creating accounts and issuing their links: used by the admin pages and by `itp user add`.
//! With SMTP configured, the link also goes to the person by mail, queued in the same transaction.

use chrono::{DateTime, Utc};
use itp_domain::Code;
use itp_domain::account::{Email, LinkPurpose};
use itp_domain::audit::ChangeSet;
use itp_domain::mail::Values;
use itp_domain::role::Grant;
use itp_persistence::audit::{self, Actor, Entry};
use itp_persistence::{ConnectionTrait, account, begin_write};

use crate::app::AppState;
use crate::auth::service::issue_link;
use crate::error::{AppError, Result};
use crate::mail::{self, Cause, Message, templates};

pub struct Invitation {
    pub user_id: i32,
    pub link: String,
    pub expires_at: DateTime<Utc>,
    /// The outbox message carrying the link, when mail is set up.
    pub mail: Option<i32>,
}

/// A one-time link, and the outbox message that carries it when mail is set up.
pub struct IssuedLink {
    pub link: String,
    pub expires_at: DateTime<Utc>,
    pub mail: Option<i32>,
}

fn format_expiry(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// Queues the mail carrying a link, if there is an SMTP server to send it. Without one the
/// person who issued the link passes it on (the page shows it), and a message queued now would
/// only go out, stale, once mail is set up some day.
async fn queue_if_mail_is_set_up<C: ConnectionTrait>(
    conn: &C,
    state: &AppState,
    message: Message<'_>,
) -> Result<Option<i32>> {
    if !state.mail.is_configured() {
        return Ok(None);
    }
    Ok(Some(mail::queue(conn, state, &message).await?))
}

/// Creates an account with one grant and an invitation link, in one transaction.
pub async fn invite(
    state: &AppState,
    actor: &Actor,
    email: &Email,
    display_name: &str,
    grant: Grant,
) -> Result<Invitation> {
    let now = state.clock.now();
    let tx = begin_write(&state.db.conn).await?;
    let name = if display_name.trim().is_empty() {
        email.as_str()
    } else {
        display_name
    };
    let user_id = account::create(&tx, email, name, &[grant], now).await?;
    let (link, expires_at) = issue_link(&tx, state, user_id, LinkPurpose::Invite).await?;
    let values = Values::new()
        .set("name", name)
        .set("role", grant.role.label())
        .set("link", &link)
        .set("expires", format_expiry(expires_at));
    let message = Message::from_template(
        &templates::INVITATION,
        &values,
        email,
        name,
        Cause::new("user", user_id),
    )?
    .expires_at(expires_at);
    let mail = queue_if_mail_is_set_up(&tx, state, message).await?;
    audit::record(
        &tx,
        actor,
        now,
        Entry {
            action: "user.invite",
            entity_type: "user",
            entity_id: Some(user_id.to_string()),
            changes: ChangeSet::new()
                .set("email", email)
                .set("display_name", name)
                .set("role", grant.role)
                .set(
                    "scope",
                    grant.scope.map(|s| s.to_string()).unwrap_or_default(),
                ),
        },
    )
    .await?;
    tx.commit().await?;
    if mail.is_some() {
        state.mail.nudge();
    }
    Ok(Invitation {
        user_id,
        link,
        expires_at,
        mail,
    })
}

/// Issues a password-reset link for an existing account; the admin page shows it, and with mail
/// set up it also goes to the person.
pub async fn reset_link(state: &AppState, actor: &Actor, user_id: i32) -> Result<IssuedLink> {
    let now = state.clock.now();
    let tx = begin_write(&state.db.conn).await?;
    let person = account::find(&tx, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let email = Email::parse(&person.email).map_err(AppError::internal)?;
    let (link, expires_at) = issue_link(&tx, state, user_id, LinkPurpose::PasswordReset).await?;
    let values = Values::new()
        .set("name", &person.display_name)
        .set("link", &link)
        .set("expires", format_expiry(expires_at));
    let message = Message::from_template(
        &templates::PASSWORD_RESET,
        &values,
        &email,
        &person.display_name,
        Cause::new("user", user_id),
    )?
    .expires_at(expires_at);
    let mail = queue_if_mail_is_set_up(&tx, state, message).await?;
    audit::record(
        &tx,
        actor,
        now,
        Entry {
            action: "user.issue_reset_link",
            entity_type: "user",
            entity_id: Some(user_id.to_string()),
            changes: ChangeSet::new(),
        },
    )
    .await?;
    tx.commit().await?;
    if mail.is_some() {
        state.mail.nudge();
    }
    Ok(IssuedLink {
        link,
        expires_at,
        mail,
    })
}
