//! Held mail (decision letters and other messages a person reads first): edited, discarded, or
//! released all at once, each in one unit of work with its audit entry.

use itp_domain::Code;
use itp_domain::audit::ChangeSet;
use itp_domain::validation::FieldErrors;
use itp_persistence::audit::Entry;
use itp_persistence::mail::{self as outbox, MailState};

use crate::ops::{Context, OpError, OpResult};

const SUBJECT_MAX: usize = 200;
const BODY_MAX: usize = 20_000;

/// Checks an edited text: a subject on one line and a body, neither empty nor huge.
pub fn check(subject: &str, body: &str) -> Result<(), FieldErrors> {
    let mut e = FieldErrors::new();
    let subject = subject.trim();
    if subject.is_empty() {
        e.add("subject", "Enter a subject.");
    } else if subject.chars().count() > SUBJECT_MAX {
        e.add(
            "subject",
            format!("Keep the subject under {SUBJECT_MAX} characters."),
        );
    } else if subject.chars().any(char::is_control) {
        e.add("subject", "The subject must be one line of text.");
    }
    if body.trim().is_empty() {
        e.add("body", "Enter the text of the message.");
    } else if body.chars().count() > BODY_MAX {
        e.add(
            "body",
            format!("Keep the text under {BODY_MAX} characters."),
        );
    } else if body.contains('\0') {
        e.add("body", "The text contains a character that cannot be sent.");
    }
    e.into_result(())
}

async fn held(uow: &crate::ops::UnitOfWork<'_>, id: i32) -> OpResult<outbox::StoredMail> {
    let mail = outbox::find(uow.conn(), id)
        .await?
        .ok_or(OpError::NotFound)?;
    if mail.state() != MailState::Held {
        return Err(OpError::Conflict(format!(
            "Message #{id} is {}, not held: it can no longer be changed.",
            mail.state().label().to_lowercase()
        )));
    }
    Ok(mail)
}

/// Replaces the text of a held message (it stays held until released).
pub async fn edit(ctx: &Context<'_>, id: i32, subject: &str, body: &str) -> OpResult<()> {
    check(subject, body).map_err(OpError::Invalid)?;
    let mut uow = ctx.begin().await?;
    let mail = held(&uow, id).await?;
    if !outbox::edit_held(uow.conn(), id, subject, body).await? {
        return Err(OpError::Conflict(format!(
            "Message #{id} changed meanwhile; reload the page."
        )));
    }
    let mut changes = ChangeSet::new();
    if mail.subject != subject.trim() {
        changes = changes.field("subject", &mail.subject, subject.trim());
    }
    if mail.body != body {
        changes = changes.set("body", "changed");
    }
    uow.audit(Entry {
        action: "mail.edit",
        entity_type: "mail",
        entity_id: Some(id.to_string()),
        changes,
    })
    .await?;
    uow.commit().await
}

/// Deletes a held message that must not go.
pub async fn discard(ctx: &Context<'_>, id: i32) -> OpResult<outbox::StoredMail> {
    let mut uow = ctx.begin().await?;
    let mail = held(&uow, id).await?;
    if !outbox::discard_held(uow.conn(), id).await? {
        return Err(OpError::Conflict(format!(
            "Message #{id} changed meanwhile; reload the page."
        )));
    }
    uow.audit(Entry {
        action: "mail.discard",
        entity_type: "mail",
        entity_id: Some(id.to_string()),
        changes: ChangeSet::new()
            .set("to", &mail.to_address)
            .set("subject", &mail.subject),
    })
    .await?;
    uow.commit().await?;
    Ok(mail)
}

/// Releases every held message; how many.
pub async fn release_all(ctx: &Context<'_>) -> OpResult<usize> {
    let mut uow = ctx.begin().await?;
    let now = uow.now();
    let ids = outbox::held_ids(uow.conn()).await?;
    let mut released = 0;
    for id in ids {
        if outbox::release(uow.conn(), id, now).await? {
            released += 1;
            uow.audit(Entry {
                action: "mail.release",
                entity_type: "mail",
                entity_id: Some(id.to_string()),
                changes: ChangeSet::new().field("hold", true, false),
            })
            .await?;
        }
    }
    if released > 0 {
        uow.wake_sender_after_commit();
    }
    uow.commit().await?;
    Ok(released)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edited_text_needs_a_one_line_subject_and_a_body() {
        assert!(check("Your application", "Dear Grace,\n\nWelcome.").is_ok());
        assert!(
            check("", "text")
                .unwrap_err()
                .for_field("subject")
                .is_some()
        );
        assert!(
            check("a\nb", "text")
                .unwrap_err()
                .for_field("subject")
                .is_some()
        );
        assert!(check("ok", "  ").unwrap_err().for_field("body").is_some());
        assert!(check(&"x".repeat(201), "text").is_err());
        assert!(check("ok", &"x".repeat(20_001)).is_err());
        assert!(check("ok", "a\0b").is_err());
    }
}
