//! Delivering the outbox: claim what is due, send it, record the outcome. Run every minute by the
//! scheduler and, in between, whenever enqueueing code nudges the sender.

use std::fmt;

use itp_domain::mail::AfterFailure;
use itp_persistence::jobs;
use itp_persistence::mail::{self, MailState};

use super::transport::{BATCH, LEASE};
use crate::app::AppState;
use crate::security::tokens::new_token;

/// A run handles at most this many batches, so one run cannot go on for ever while mail keeps
/// arriving; the next run takes the rest.
const MAX_BATCHES: usize = 50;

/// What one run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Delivery {
    pub sent: u64,
    /// Failed this time, to be tried again later.
    pub retrying: u64,
    /// Failed for good (refused, or out of attempts).
    pub failed: u64,
    /// Failed because their expiry passed before they could go.
    pub expired: u64,
    /// Taken back from a sender that stopped mid-way.
    pub recovered: u64,
    /// With no SMTP server: how many messages wait in the outbox.
    pub waiting_without_smtp: Option<u64>,
}

impl Delivery {
    /// Whether anything changed (runs that did nothing are not worth a line in `job_runs` when
    /// the sender was only nudged).
    pub fn did_something(&self) -> bool {
        self.sent + self.retrying + self.failed + self.expired + self.recovered > 0
    }
}

impl fmt::Display for Delivery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(waiting) = self.waiting_without_smtp {
            return write!(
                f,
                "SMTP is not configured: {waiting} message(s) wait in the outbox"
            );
        }
        write!(
            f,
            "sent {}, will retry {}, failed {}, expired {}, recovered {}",
            self.sent, self.retrying, self.failed, self.expired, self.recovered
        )
    }
}

/// Delivers every message that is due. Safe to run in several places at once (the scheduler,
/// the nudged sender, other app instances): each message is claimed by exactly one of them.
pub async fn deliver_due(state: &AppState) -> Result<Delivery, String> {
    let conn = &state.db.conn;
    let mailer = &state.mail;
    let mut report = Delivery::default();
    if !mailer.is_configured() {
        let counts = mail::counts(conn).await.map_err(|e| e.to_string())?;
        let waiting = counts.get(MailState::Queued);
        if waiting > 0 {
            tracing::info!(
                waiting,
                "SMTP is not configured (ITP_SMTP_URL): mail waits in the outbox at /admin/outbox"
            );
        }
        report.waiting_without_smtp = Some(waiting);
        return Ok(report);
    }
    let now = state.clock.now();
    report.expired = mail::expire_stale(conn, now)
        .await
        .map_err(|e| e.to_string())?;
    report.recovered = mail::recover_stuck(conn, now, mailer.policy.max_attempts())
        .await
        .map_err(|e| e.to_string())?;
    for _ in 0..MAX_BATCHES {
        let token = new_token();
        let now = state.clock.now();
        let batch = mail::claim(conn, &token, now, now + LEASE, BATCH)
            .await
            .map_err(|e| e.to_string())?;
        if batch.is_empty() {
            break;
        }
        for message in batch {
            let outcome = mailer.send(&message).await;
            let now = state.clock.now();
            let recorded = match outcome {
                Ok(()) => {
                    report.sent += 1;
                    mail::mark_sent(conn, message.id, &token, now).await
                }
                Err(error) => {
                    let after = mailer
                        .policy
                        .after_failure(message.attempts, error.permanent, now);
                    match after {
                        AfterFailure::RetryAt(at) => {
                            report.retrying += 1;
                            tracing::warn!(mail = message.id, attempt = message.attempts, retry_at = %at, error = %error.message, "mail not delivered; will retry");
                        }
                        AfterFailure::GiveUp => {
                            report.failed += 1;
                            tracing::error!(mail = message.id, attempt = message.attempts, error = %error.message, "mail not delivered; giving up");
                        }
                    }
                    mail::mark_failed(conn, message.id, &token, &error.message, after).await
                }
            };
            match recorded {
                Ok(true) => {}
                Ok(false) => tracing::warn!(
                    mail = message.id,
                    "the claim on this message ran out before its outcome was recorded"
                ),
                Err(e) => return Err(e.to_string()),
            }
        }
    }
    Ok(report)
}

/// Starts this instance's sender: it waits for a nudge and then delivers what is due. Returns
/// `None` without SMTP, where there is nothing to send with.
pub fn spawn_sender(state: AppState) -> Option<tokio::task::JoinHandle<()>> {
    if !state.mail.is_configured() {
        return None;
    }
    Some(tokio::spawn(async move {
        loop {
            state.mail.woken().await;
            let started = state.clock.now();
            let outcome = deliver_due(&state).await;
            let record = match &outcome {
                Ok(report) => report.did_something(),
                Err(e) => {
                    tracing::error!(error = %e, "mail delivery failed");
                    true
                }
            };
            if record {
                let outcome = outcome.map(|report| report.to_string());
                if let Err(e) = jobs::record(
                    &state.db.conn,
                    "deliver_mail",
                    started,
                    state.clock.now(),
                    outcome,
                )
                .await
                {
                    tracing::error!(error = %e, "could not record the mail run");
                }
            }
        }
    }))
}
