//! What administrators do to the outbox, each in one transaction with its audit entry.

use itp_domain::Code;
use itp_domain::audit::ChangeSet;
use itp_domain::mail::MailStatus;
use itp_persistence::audit::{self, Actor, Entry};
use itp_persistence::begin_write;
use itp_persistence::mail::{self as outbox, MailState, StoredMail};

use crate::app::AppState;
use crate::error::{AppError, Result};

/// Puts a failed message back in the queue for a new round of attempts.
pub async fn retry(state: &AppState, actor: &Actor, id: i32) -> Result<StoredMail> {
    let now = state.clock.now();
    let tx = begin_write(&state.db.conn).await?;
    let mail = outbox::find(&tx, id).await?.ok_or(AppError::NotFound)?;
    if mail.status != MailStatus::Failed {
        return Err(AppError::Conflict(format!(
            "Message #{id} is {}, not failed: there is nothing to retry.",
            mail.state().label().to_lowercase()
        )));
    }
    if let Some(expired) = mail.expires_at.filter(|at| *at <= now) {
        return Err(AppError::Conflict(format!(
            "Message #{id} expired at {}: the link in it no longer works. Issue a new one instead.",
            expired.format("%Y-%m-%d %H:%M UTC")
        )));
    }
    if !outbox::retry(&tx, id, now).await? {
        return Err(AppError::Conflict(format!(
            "Message #{id} changed meanwhile; reload the page."
        )));
    }
    audit::record(
        &tx,
        actor,
        now,
        Entry {
            action: "mail.retry",
            entity_type: "mail",
            entity_id: Some(id.to_string()),
            changes: ChangeSet::new()
                .field("status", MailStatus::Failed, MailStatus::Queued)
                .field("attempts", mail.attempts, 0),
        },
    )
    .await?;
    tx.commit().await?;
    state.mail.nudge();
    Ok(mail)
}

/// Lets a message held for review go.
pub async fn release(state: &AppState, actor: &Actor, id: i32) -> Result<StoredMail> {
    let now = state.clock.now();
    let tx = begin_write(&state.db.conn).await?;
    let mail = outbox::find(&tx, id).await?.ok_or(AppError::NotFound)?;
    if mail.state() != MailState::Held {
        return Err(AppError::Conflict(format!(
            "Message #{id} is {}, not held: there is nothing to release.",
            mail.state().label().to_lowercase()
        )));
    }
    if !outbox::release(&tx, id, now).await? {
        return Err(AppError::Conflict(format!(
            "Message #{id} changed meanwhile; reload the page."
        )));
    }
    audit::record(
        &tx,
        actor,
        now,
        Entry {
            action: "mail.release",
            entity_type: "mail",
            entity_id: Some(id.to_string()),
            changes: ChangeSet::new().field("hold", true, false),
        },
    )
    .await?;
    tx.commit().await?;
    state.mail.nudge();
    Ok(mail)
}
