//! Outgoing e-mail as rules: the states a message in the outbox goes through, when a failed
//! delivery is tried again, and plain-text templates with placeholders.
//!
//! A message is written to the outbox in the same transaction as the change it reports, and a
//! sender delivers it later (pretalx's `QueuedMail` pattern): mail exists only for changes that
//! committed, and a broken mail server never undoes or blocks a change.

mod kinds;
mod retry;
mod stored;
mod template;

pub use kinds::{KINDS, Placeholder, Preview, TemplateKind, TemplateLanguage, kind};
pub use stored::{RenderedText, TemplateInput, TemplateText};

pub use retry::{AfterFailure, RetryPolicy};
pub use template::{
    Rendered, Template, TemplateError, Values, escape_html, one_line, placeholders, render_body,
    render_html, render_line, text_block,
};

use std::fmt;

use crate::code::Code;

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

crate::codes!(MailStatus as "mail status" {
    Queued = "queued": "Queued",
    Sending = "sending": "Sending",
    Sent = "sent": "Sent",
    Failed = "failed": "Failed",
});

impl fmt::Display for MailStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip_through_their_stored_form() {
        for &status in MailStatus::ALL {
            assert_eq!(status.code().parse::<MailStatus>(), Ok(status));
        }
        crate::code::assert_round_trip::<MailStatus>();
        assert!("draft".parse::<MailStatus>().is_err());
    }
}
