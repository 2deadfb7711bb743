//! Creating accounts and issuing their links: used by the admin pages and by `itp user add`.
//! With SMTP configured, the link also goes to the person by mail, queued in the same transaction.

use chrono::{DateTime, Utc};
use itp_domain::Code;
use itp_domain::account::{Email, LinkPurpose};
use itp_domain::audit::ChangeSet;
use itp_domain::mail::Values;
use itp_domain::role::{Grant, Role};
use itp_persistence::audit::Entry;
use itp_persistence::{account, session as sessions};

use crate::auth::service::issue_link;
use crate::mail::{Cause, Message, templates};
use crate::ops::{Context, OpError, OpResult, UnitOfWork};

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
async fn queue_if_mail_is_set_up(
    uow: &mut UnitOfWork<'_>,
    message: Message<'_>,
) -> OpResult<Option<i32>> {
    if !uow.context().state.mail.is_configured() {
        return Ok(None);
    }
    Ok(Some(uow.mail(&message).await?))
}

/// Creates an account with one grant and an invitation link, in one transaction.
pub async fn invite(
    ctx: &Context<'_>,
    email: &Email,
    display_name: &str,
    grant: Grant,
) -> OpResult<Invitation> {
    let mut uow = ctx.begin().await?;
    let now = uow.now();
    let name = if display_name.trim().is_empty() {
        email.as_str()
    } else {
        display_name
    };
    let user_id = account::create(uow.conn(), email, name, &[grant], now).await?;
    let (link, expires_at) =
        issue_link(uow.conn(), ctx.state, user_id, LinkPurpose::Invite).await?;
    let values = Values::new()
        .set("name", name)
        .set("role", grant.role.label())
        .set("link", &link)
        .set("expires", format_expiry(expires_at));
    let message = crate::mail::texts::message(
        uow.conn(),
        templates::INVITATION.key,
        None,
        &values,
        email,
        name,
        Cause::new("user", user_id),
    )
    .await?
    .expires_at(expires_at);
    let mail = queue_if_mail_is_set_up(&mut uow, message).await?;
    uow.audit(Entry {
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
    })
    .await?;
    uow.commit().await?;
    Ok(Invitation {
        user_id,
        link,
        expires_at,
        mail,
    })
}

/// Issues a password-reset link for an existing account; the admin page shows it, and with mail
/// set up it also goes to the person.
pub async fn reset_link(ctx: &Context<'_>, user_id: i32) -> OpResult<IssuedLink> {
    let mut uow = ctx.begin().await?;
    let person = account::find(uow.conn(), user_id)
        .await?
        .ok_or(OpError::NotFound)?;
    let email = Email::parse(&person.email).map_err(OpError::internal)?;
    let (link, expires_at) =
        issue_link(uow.conn(), ctx.state, user_id, LinkPurpose::PasswordReset).await?;
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
    let mail = queue_if_mail_is_set_up(&mut uow, message).await?;
    uow.audit(Entry {
        action: "user.issue_reset_link",
        entity_type: "user",
        entity_id: Some(user_id.to_string()),
        changes: ChangeSet::new(),
    })
    .await?;
    uow.commit().await?;
    Ok(IssuedLink {
        link,
        expires_at,
        mail,
    })
}

/// Enables or disables an account; a disabled one is signed out everywhere at once. Returns the
/// account's address.
pub async fn set_active(ctx: &Context<'_>, user_id: i32, active: bool) -> OpResult<String> {
    if ctx.actor.user_id == Some(user_id) && !active {
        return Err(OpError::BadRequest(
            "You cannot disable your own account.".into(),
        ));
    }
    let mut uow = ctx.begin().await?;
    let person = account::find(uow.conn(), user_id)
        .await?
        .ok_or(OpError::NotFound)?;
    account::set_active(uow.conn(), user_id, active).await?;
    if !active {
        sessions::delete_for_user(uow.conn(), user_id).await?;
    }
    let action = if active {
        "user.enable"
    } else {
        "user.disable"
    };
    let changes = ChangeSet::new().field("active", person.active, active);
    uow.audit(Entry::new(action, "user", user_id, changes))
        .await?;
    uow.commit().await?;
    Ok(person.email)
}

fn scope_text(grant: &Grant) -> String {
    grant.scope.map(|s| s.to_string()).unwrap_or_default()
}

pub async fn add_grant(ctx: &Context<'_>, user_id: i32, grant: Grant) -> OpResult<()> {
    let mut uow = ctx.begin().await?;
    account::add_grant(uow.conn(), user_id, grant, uow.now()).await?;
    let changes = ChangeSet::new()
        .set("role", grant.role)
        .set("scope", scope_text(&grant));
    uow.audit(Entry::new("user.grant_role", "user", user_id, changes))
        .await?;
    uow.commit().await
}

/// Takes a role away; nobody removes their own administrator role (someone must be left who
/// can give it back).
pub async fn revoke_grant(ctx: &Context<'_>, user_id: i32, grant_id: i32) -> OpResult<Grant> {
    let mut uow = ctx.begin().await?;
    let grant = account::revoke_grant(uow.conn(), user_id, grant_id)
        .await?
        .ok_or(OpError::NotFound)?;
    if ctx.actor.user_id == Some(user_id) && grant.role == Role::Admin {
        return Err(OpError::BadRequest(
            "You cannot remove your own administrator role.".into(),
        ));
    }
    let left = itp_persistence::cohort::drop_unentitled(uow.conn(), user_id).await?;
    let mut changes =
        ChangeSet::new()
            .field("role", grant.role, "")
            .field("scope", scope_text(&grant), "");
    if left > 0 {
        changes = changes.set("responsible for cohorts no longer", left);
    }
    uow.audit(Entry::new("user.revoke_role", "user", user_id, changes))
        .await?;
    uow.commit().await?;
    Ok(grant)
}
