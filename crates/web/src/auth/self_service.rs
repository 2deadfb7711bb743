//! Self-service operations for people outside ICLD: registering as an applicant and asking for
//! a new password. Both answer the same whether or not an address has an account; what differs
//! is the mail the address receives.

use chrono::Duration;
use itp_domain::account::{Email, LinkPurpose};
use itp_domain::audit::ChangeSet;
use itp_domain::mail::Values;
use itp_domain::role::{Grant, Role};
use itp_domain::throttle::SELF_SERVICE;
use itp_persistence::audit::Entry;
use itp_persistence::{ConnectionTrait, account, mail as outbox, request_counts};

use super::service::issue_link;
use crate::app::AppState;
use crate::mail::{Cause, Message, templates};
use crate::ops::{Context, OpError, OpResult, UnitOfWork};
use crate::security::client::ClientAddress;

/// One mail per address per this long, however often the form is sent: the form must not be a
/// way to flood someone's inbox.
const MAIL_INTERVAL_MINUTES: i64 = 10;

/// Creates an applicant account with a verification link, or, for an address that has an
/// account, mails a link to choose a password.
/// `call`: the call the person registered from; the link leads back to it, signed in.
pub async fn register_or_remind(
    state: &AppState,
    client: &ClientAddress,
    email: &Email,
    name: &str,
    call: Option<i32>,
) -> OpResult<()> {
    let ctx = Context::system(state, "self-registration");
    let mut uow = ctx.begin().await?;
    let now = uow.now();
    admit_client(&uow, client).await?;
    if recently_mailed(uow.conn(), email, now).await? {
        // Nothing is mailed, but the request still counts against its client.
        return uow.commit().await;
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
            let link = with_next(link, call);
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
        Some(user) if user.active => remind(&mut uow, &user, call).await?,
        Some(_) => {}
    }
    uow.commit().await
}

/// Mails a link to choose a new password to an address with an active account (at most one per
/// address per ten minutes); an unknown address gets nothing, and the page says the same.
pub async fn send_password_link(
    state: &AppState,
    client: &ClientAddress,
    email: &Email,
) -> OpResult<()> {
    let ctx = Context::system(state, "self-service password reset");
    let mut uow = ctx.begin().await?;
    admit_client(&uow, client).await?;
    if !recently_mailed(uow.conn(), email, uow.now()).await?
        && let Some(user) = account::find_by_email(uow.conn(), email)
            .await?
            .filter(|u| u.active)
    {
        remind(&mut uow, &user, None).await?;
    }
    uow.commit().await
}

/// The link, leading on to the call's page once the password is set.
fn with_next(link: String, call: Option<i32>) -> String {
    match call {
        Some(id) => format!("{link}?next=/calls/{id}"),
        None => link,
    }
}

async fn remind(
    uow: &mut UnitOfWork<'_>,
    user: &account::UserRow,
    call: Option<i32>,
) -> OpResult<()> {
    let email = Email::parse(&user.email).map_err(OpError::internal)?;
    let purpose = if user.password_hash.is_some() {
        LinkPurpose::PasswordReset
    } else {
        LinkPurpose::VerifyEmail
    };
    let state = uow.context().state;
    let (link, expires) = issue_link(uow.conn(), state, user.id, purpose).await?;
    let link = with_next(link, call);
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
    let since = now - Duration::minutes(MAIL_INTERVAL_MINUTES);
    // Only what these forms send counts: a decision letter or a receipt to the same address is
    // not a reason to withhold the link the person asked for.
    let own = [
        templates::VERIFY_EMAIL.key,
        templates::SELF_SERVICE_RESET.key,
    ];
    Ok(outbox::queued_from_templates_to_since(conn, email.as_str(), &own, since).await?)
}

/// Counts one self-service request from `client` (registering, asking for a link), refusing it
/// with the minutes to wait when that client is over [`SELF_SERVICE`] this hour.
async fn admit_client(uow: &UnitOfWork<'_>, client: &ClientAddress) -> OpResult<()> {
    let key = format!("self_service:{}", client.as_str());
    match request_counts::admit(uow.conn(), &key, SELF_SERVICE, uow.now()).await? {
        Ok(()) => Ok(()),
        Err(retry_at) => {
            tracing::warn!(client = %client.as_str(), "self-service requests over the limit");
            Err(OpError::TooMany {
                minutes: itp_domain::throttle::minutes_until(retry_at, uow.now()),
            })
        }
    }
}
