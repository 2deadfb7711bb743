//! Outgoing e-mail as rules: the states a message in the outbox goes through, when a failed
//! delivery is tried again, and plain-text templates with placeholders.
//!
//! A message is written to the outbox in the same transaction as the change it reports, and a
//! sender delivers it later (pretalx's `QueuedMail` pattern): mail exists only for changes that
//! committed, and a broken mail server never undoes or blocks a change.

mod retry;
mod template;

pub use retry::{AfterFailure, RetryPolicy};
pub use template::{
    Rendered, Template, TemplateError, Values, one_line, placeholders, render_body, render_line,
    text_block,
};

use std::fmt;
use std::str::FromStr;

/// Where a message is on its way out.
///
/// `Queued → Sending → Sent`, or back to `Queued` with a later attempt time after a passing
/// failure, or `Failed` after a permanent failure or the last attempt. A person can put a
/// `Failed` message back to `Queued`. A held message stays `Queued` with its hold flag set until a
/// person releases it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MailStatus {
    Queued,
    Sending,
    Sent,
    Failed,
}

impl MailStatus {
    pub const ALL: [MailStatus; 4] = [
        MailStatus::Queued,
        MailStatus::Sending,
        MailStatus::Sent,
        MailStatus::Failed,
    ];

    /// The value stored in the database.
    pub fn slug(self) -> &'static str {
        match self {
            MailStatus::Queued => "queued",
            MailStatus::Sending => "sending",
            MailStatus::Sent => "sent",
            MailStatus::Failed => "failed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            MailStatus::Queued => "Queued",
            MailStatus::Sending => "Sending",
            MailStatus::Sent => "Sent",
            MailStatus::Failed => "Failed",
        }
    }
}

impl fmt::Display for MailStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

impl FromStr for MailStatus {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        MailStatus::ALL
            .into_iter()
            .find(|status| status.slug() == s)
            .ok_or_else(|| format!("unknown mail status '{s}'"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip_through_their_stored_form() {
        for status in MailStatus::ALL {
            assert_eq!(status.slug().parse::<MailStatus>(), Ok(status));
        }
        assert!("draft".parse::<MailStatus>().is_err());
    }
}
