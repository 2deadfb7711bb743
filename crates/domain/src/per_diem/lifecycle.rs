//! A per-diem statement's life: draft → approved (by finance) → paid.
//!
//! A draft is prepared and may be changed and recomputed; approval locks it (its figures and the
//! rates behind them are what the traveller signs and finance pays). An approved statement can be
//! reopened to a draft, with a reason that the audit log keeps. A paid statement is final: money
//! has left the account, so a correction is a new statement, not an edit of the paid one.

use std::fmt;

use crate::code::Code;
use crate::validation::{FieldErrors, required_text};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatementState {
    Draft,
    Approved,
    Paid,
}

/// What finance (or whoever prepares) does to a statement's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    Approve,
    MarkPaid,
    Reopen,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", refusal(*.from, *.transition))]
pub struct TransitionRefused {
    pub from: StatementState,
    pub transition: Transition,
}

fn refusal(from: StatementState, transition: Transition) -> String {
    let wanted = match transition {
        Transition::Approve => "Only a draft statement can be approved",
        Transition::MarkPaid => "Only an approved statement can be marked as paid",
        Transition::Reopen => "Only an approved statement can be reopened",
    };
    let extra = match (from, transition) {
        (StatementState::Paid, Transition::Reopen) => {
            " (a paid statement is final: correct it with a new statement)"
        }
        _ => "",
    };
    format!(
        "{wanted}; this one is {}{extra}.",
        from.label().to_lowercase()
    )
}

// The code is kept in the database and URLs.
crate::codes!(StatementState as "statement state" {
    Draft = "draft": "Draft",
    Approved = "approved": "Approved",
    Paid = "paid": "Paid",
});

impl StatementState {
    /// Only a draft's itinerary, traveller and figures may change.
    pub fn is_editable(self) -> bool {
        self == StatementState::Draft
    }

    /// The state after `transition`, or why it is not allowed from here.
    pub fn apply(self, transition: Transition) -> Result<StatementState, TransitionRefused> {
        use StatementState::{Approved, Draft, Paid};
        match (self, transition) {
            (Draft, Transition::Approve) => Ok(Approved),
            (Approved, Transition::MarkPaid) => Ok(Paid),
            (Approved, Transition::Reopen) => Ok(Draft),
            (from, transition) => Err(TransitionRefused { from, transition }),
        }
    }
}

impl fmt::Display for StatementState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Transition {
    /// The audit log's action name.
    pub fn audit_action(self) -> &'static str {
        match self {
            Transition::Approve => "per_diem_statement.approve",
            Transition::MarkPaid => "per_diem_statement.mark_paid",
            Transition::Reopen => "per_diem_statement.reopen",
        }
    }
}

/// Why an approved statement is reopened: required, so the audit log says why figures that were
/// approved may change.
pub fn reopen_reason(text: &str) -> Result<String, FieldErrors> {
    let mut errors = FieldErrors::new();
    let reason = required_text(
        &mut errors,
        "reason",
        "reason for reopening",
        text,
        REASON_MAX,
    );
    errors.into_result(reason)
}

const REASON_MAX: usize = 1000;

#[cfg(test)]
mod tests {
    use super::StatementState::{Approved, Draft, Paid};
    use super::*;

    #[test]
    fn draft_is_approved_then_paid() {
        assert_eq!(Draft.apply(Transition::Approve), Ok(Approved));
        assert_eq!(Approved.apply(Transition::MarkPaid), Ok(Paid));
        assert!(Draft.is_editable());
        assert!(!Approved.is_editable() && !Paid.is_editable());
    }

    #[test]
    fn approved_statement_reopens_to_draft() {
        assert_eq!(Approved.apply(Transition::Reopen), Ok(Draft));
    }

    #[test]
    fn other_transitions_are_refused_with_a_reason() {
        assert_eq!(
            Draft.apply(Transition::MarkPaid).unwrap_err().to_string(),
            "Only an approved statement can be marked as paid; this one is draft."
        );
        assert_eq!(
            Paid.apply(Transition::Reopen).unwrap_err().to_string(),
            "Only an approved statement can be reopened; this one is paid (a paid statement is \
             final: correct it with a new statement)."
        );
        assert!(Approved.apply(Transition::Approve).is_err());
        assert!(Paid.apply(Transition::Approve).is_err());
        assert!(Draft.apply(Transition::Reopen).is_err());
    }

    #[test]
    fn states_round_trip_through_their_slugs() {
        for &s in StatementState::ALL {
            assert_eq!(StatementState::parse(s.code()), Some(s));
        }
        assert_eq!(StatementState::parse("archived"), None);
    }

    #[test]
    fn reopening_needs_a_reason() {
        assert_eq!(
            reopen_reason("  ").unwrap_err().for_field("reason"),
            Some("Enter the reason for reopening.")
        );
        assert_eq!(
            reopen_reason(" Lunch on 5 May was not provided ").unwrap(),
            "Lunch on 5 May was not provided"
        );
        assert!(reopen_reason(&"x".repeat(1001)).is_err());
    }
}
