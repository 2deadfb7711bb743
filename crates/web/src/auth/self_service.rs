//! Self-service operations for people outside ICLD: registering as an applicant and asking for
//! a new password. Both answer the same whether or not an address has an account; what differs
//! is the mail the address receives.

use chrono::Duration;
use itp_domain::account::{Email, LinkPurpose};
use itp_domain::audit::ChangeSet;
use itp_domain::mail::Values;
use itp_domain::role::{Grant, Role};
use itp_persistence::audit::Entry;
use itp_persistence::{ConnectionTrait, account, mail as outbox};

use super::service::issue_link;
use crate::app::AppState;
use crate::mail::{Cause, Message, templates};
use crate::ops::{Context, OpError, OpResult, UnitOfWork};

/// One mail per address per this long, however often the form is sent: the form must not be a
/// way to flood someone's inbox.
const MAIL_INTERVAL_MINUTES: i64 = 10;

/// Creates an applicant account with a verification link, or, for an address that has an
/// account, mails a link to choose a password.
pub async fn register_or_remind(state: &AppState, email: &Email, name: &str) -> OpResult<()> {
    let ctx = Context::system(state, "self-registration");
    let mut uow = ctx.begin().await?;
    let now = uow.now();
    if recently_mailed(uow.conn(), email, now).await? {
        return Ok(());
    }
    match account::find_by_email(uow.conn(), email).await? {
        None => {
            let grant = Grant {
                role: Role::Applicant,
                scope: None,
            };
            let user_id = account::create(uow.conn(), email, name, &[grant], now).await?;
            let (link, expires) =
                issue_link(uow.conn(), state, user_id, LinkPurpose::VerifyEmail).await?;
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
            uow.mail(&message).await?;
            let changes = ChangeSet::new()
                .set("email", email)
                .set("role", Role::Applicant);
            uow.audit(Entry::new("account.register", "user", user_id, changes))
                .await?;
        }
        Some(user) if user.active => remind(&mut uow, &user).await?,
        Some(_) => {}
    }
    uow.commit().await
}

/// Mails a link to choose a new password to an address with an active account (at most one per
/// address per ten minutes); an unknown address gets nothing, and the page says the same.
pub async fn send_password_link(state: &AppState, email: &Email) -> OpResult<()> {
    let ctx = Context::system(state, "self-service password reset");
    let mut uow = ctx.begin().await?;
    if !recently_mailed(uow.conn(), email, uow.now()).await?
        && let Some(user) = account::find_by_email(uow.conn(), email)
            .await?
            .filter(|u| u.active)
    {
        remind(&mut uow, &user).await?;
    }
    uow.commit().await
}

async fn remind(uow: &mut UnitOfWork<'_>, user: &account::UserRow) -> OpResult<()> {
    let email = Email::parse(&user.email).map_err(OpError::internal)?;
    let purpose = if user.password_hash.is_some() {
        LinkPurpose::PasswordReset
    } else {
        LinkPurpose::VerifyEmail
    };
    let state = uow.context().state;
    let (link, expires) = issue_link(uow.conn(), state, user.id, purpose).await?;
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
    uow.mail(&message).await?;
    Ok(())
}

async fn recently_mailed<C: ConnectionTrait>(
    conn: &C,
    email: &Email,
    now: chrono::DateTime<chrono::Utc>,
) -> OpResult<bool> {
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
