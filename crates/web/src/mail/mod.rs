//! Outgoing mail: other features put messages in the outbox with
//! [`UnitOfWork::mail`](crate::ops::UnitOfWork::mail) inside their change, which wakes the
//! sender once the change commits, and the sender delivers them over SMTP (`settings`,
//! `transport`, `delivery`). Administrators read the outbox at `/admin/outbox` (`routes`,
//! `views`).
//!
//! ```text
//! let mut uow = ctx.begin().await?;
//! // … the change …
//! let message = mail::Message::from_template(&templates::INVITATION, &values, &email, name,
//!     mail::Cause::new("user", user_id))?
//!     .expires_at(link_expiry);
//! uow.mail(&message).await?;
//! uow.commit().await?;
//! ```

mod delivery;
pub mod held;
pub mod routes;
pub mod service;
mod settings;
pub mod templates;
pub mod texts;
mod transport;
mod views;

pub use delivery::{Delivery, deliver_due, spawn_sender};
pub use settings::{MailConfig, Security, SmtpSettings};
pub use transport::{Mailer, SendError};

use chrono::{DateTime, Utc};
use itp_domain::account::Email;
use itp_domain::mail::{Template, Values};
use itp_persistence::ConnectionTrait;
use itp_persistence::mail::{self as outbox, NewMail};

use crate::app::AppState;
use crate::ops::{OpError, OpResult};

/// What caused a message: the record it is about, so the outbox can be read per record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cause {
    pub entity_type: &'static str,
    pub entity_id: Option<String>,
}

impl Cause {
    pub fn new(entity_type: &'static str, entity_id: impl ToString) -> Cause {
        Cause {
            entity_type,
            entity_id: Some(entity_id.to_string()),
        }
    }
}

/// One plain-text message for one recipient.
#[derive(Debug, Clone)]
pub struct Message<'a> {
    pub to: &'a Email,
    /// As the person writes it; may be empty.
    pub to_name: &'a str,
    pub subject: String,
    pub body: String,
    /// An HTML alternative of the body, when the text has one.
    pub html: Option<String>,
    /// The template's key, when the text came from one.
    pub template: Option<&'static str>,
    pub cause: Cause,
    /// Wait for a person to release it at `/admin/outbox`.
    pub hold: bool,
    /// Never send it after this time (when the link in it stops working).
    pub expires_at: Option<DateTime<Utc>>,
}

impl<'a> Message<'a> {
    /// A message with a text written in code (prefer a template from [`templates`]).
    pub fn new(
        to: &'a Email,
        to_name: &'a str,
        subject: impl Into<String>,
        body: impl Into<String>,
        cause: Cause,
    ) -> Message<'a> {
        Message {
            to,
            to_name,
            subject: subject.into(),
            body: body.into(),
            html: None,
            template: None,
            cause,
            hold: false,
            expires_at: None,
        }
    }

    /// A message from a template. A template that does not fit its values is a mistake in the
    /// code, not in anyone's input: it is an internal error, and the caller's transaction
    /// rolls back.
    pub fn from_template(
        template: &Template,
        values: &Values<'_>,
        to: &'a Email,
        to_name: &'a str,
        cause: Cause,
    ) -> OpResult<Message<'a>> {
        let rendered = template
            .render(values)
            .map_err(|e| OpError::internal(format!("mail template {}: {e}", template.key)))?;
        Ok(Message {
            to,
            to_name,
            subject: rendered.subject,
            body: rendered.body,
            html: None,
            template: Some(rendered.key),
            cause,
            hold: false,
            expires_at: None,
        })
    }

    /// A message from a text of one kind of mail (built in or stored: see [`texts`]).
    pub fn from_text(
        kind: &'static str,
        text: itp_domain::mail::RenderedText,
        to: &'a Email,
        to_name: &'a str,
        cause: Cause,
    ) -> Message<'a> {
        Message {
            to,
            to_name,
            subject: text.subject,
            body: text.body,
            html: text.html,
            template: Some(kind),
            cause,
            hold: false,
            expires_at: None,
        }
    }

    /// Held for a person's review before it goes.
    pub fn held(mut self) -> Self {
        self.hold = true;
        self
    }

    pub fn expires_at(mut self, at: DateTime<Utc>) -> Self {
        self.expires_at = Some(at);
        self
    }
}

/// Puts `message` in the outbox, in the caller's transaction `conn`: it exists exactly when the
/// change it reports commits. Features call it through [`UnitOfWork::mail`](crate::ops::UnitOfWork::mail),
/// which wakes the sender after the commit so it goes out at once rather than at the next
/// minute. Returns the message's number in the outbox.
pub(crate) async fn queue<C: ConnectionTrait>(
    conn: &C,
    state: &AppState,
    message: &Message<'_>,
) -> itp_persistence::Result<i32> {
    let id = outbox::enqueue_with_html(
        conn,
        state.clock.now(),
        &NewMail {
            to: message.to,
            to_name: message.to_name,
            subject: &message.subject,
            body: &message.body,
            template: message.template,
            cause_type: message.cause.entity_type,
            cause_id: message.cause.entity_id.clone(),
            hold: message.hold,
            expires_at: message.expires_at,
        },
        message.html.as_deref(),
    )
    .await?;
    if !state.mail.is_configured() {
        tracing::info!(
            mail = id,
            "mail queued; SMTP is not configured, so it waits in the outbox at /admin/outbox"
        );
    }
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_that_does_not_fit_its_values_is_an_internal_error() {
        let to = Email::parse("ana@example.org").unwrap();
        let result = Message::from_template(
            &templates::INVITATION,
            &Values::new().set("name", "Ana"),
            &to,
            "Ana",
            Cause::new("user", 1),
        );
        assert!(
            matches!(result, Err(OpError::Internal(ref m)) if m.to_string().contains("{role}"))
        );
    }

    #[test]
    fn a_message_can_be_held_and_given_an_expiry() {
        let to = Email::parse("ana@example.org").unwrap();
        let at = chrono::Utc::now();
        let message = Message::new(&to, "Ana", "Subject", "Body", Cause::new("cohort", 3))
            .held()
            .expires_at(at);
        assert!(message.hold);
        assert_eq!(message.expires_at, Some(at));
        assert_eq!(message.template, None);
        assert_eq!(message.cause.entity_id.as_deref(), Some("3"));
    }
}
