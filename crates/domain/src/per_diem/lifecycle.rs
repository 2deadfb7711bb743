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

/// Who did the steps of a statement so far, as the four-eyes rule needs it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Steps {
    /// Everyone who created, changed or recomputed it.
    pub prepared_by: Vec<i32>,
    pub approved_by: Option<i32>,
}

/// What the audit log calls the steps that prepare a statement.
pub const PREPARING_ACTIONS: [&str; 3] = [
    "per_diem_statement.create",
    "per_diem_statement.update",
    "per_diem_statement.recompute",
];

impl Steps {
    /// The steps from the statement's history (`(audit action, actor)` in any order) and its
    /// recorded approver.
    pub fn from_history<'a>(
        history: impl IntoIterator<Item = (&'a str, Option<i32>)>,
        created_by: Option<i32>,
        approved_by: Option<i32>,
    ) -> Steps {
        let mut prepared_by: Vec<i32> = history
            .into_iter()
            .filter(|(action, _)| PREPARING_ACTIONS.contains(action))
            .filter_map(|(_, actor)| actor)
            .chain(created_by)
            .collect();
        prepared_by.sort_unstable();
        prepared_by.dedup();
        Steps {
            prepared_by,
            approved_by,
        }
    }
}

/// Four eyes: whoever prepared a statement cannot approve it, and whoever approved it cannot
/// mark it paid. No role is exempt, an administrator's included: the rule is about people, not
/// permissions. Reopening is not restricted (it only sends the statement back to preparation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum FourEyes {
    #[error("You prepared or changed this statement, so another person must approve it.")]
    PreparerApproves,
    #[error("You approved this statement, so another person must mark it as paid.")]
    ApproverPays,
}

pub fn four_eyes(transition: Transition, actor: i32, steps: &Steps) -> Result<(), FourEyes> {
    match transition {
        Transition::Approve if steps.prepared_by.contains(&actor) => {
            Err(FourEyes::PreparerApproves)
        }
        Transition::MarkPaid if steps.approved_by == Some(actor) => Err(FourEyes::ApproverPays),
        _ => Ok(()),
    }
}

/// A history line's words for an audit action on a statement.
pub fn step_label(action: &str) -> &'static str {
    match action {
        "per_diem_statement.create" => "Prepared",
        "per_diem_statement.update" => "Changed",
        "per_diem_statement.recompute" => "Recomputed with the rates then in force",
        "per_diem_statement.approve" => "Approved",
        "per_diem_statement.mark_paid" => "Marked as paid",
        "per_diem_statement.reopen" => "Reopened as a draft",
        _ => "Changed",
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
    use proptest::prelude::*;

    #[test]
    fn the_preparer_cannot_approve_and_the_approver_cannot_pay() {
        let steps = Steps::from_history(
            [
                ("per_diem_statement.create", Some(1)),
                ("per_diem_statement.update", Some(2)),
                ("per_diem_statement.approve", Some(3)),
            ],
            Some(1),
            Some(3),
        );
        assert_eq!(steps.prepared_by, vec![1, 2]);
        assert_eq!(
            four_eyes(Transition::Approve, 1, &steps),
            Err(FourEyes::PreparerApproves)
        );
        assert_eq!(
            four_eyes(Transition::Approve, 2, &steps),
            Err(FourEyes::PreparerApproves)
        );
        assert_eq!(four_eyes(Transition::Approve, 3, &steps), Ok(()));
        assert_eq!(
            four_eyes(Transition::MarkPaid, 3, &steps),
            Err(FourEyes::ApproverPays)
        );
        assert_eq!(four_eyes(Transition::MarkPaid, 4, &steps), Ok(()));
        assert_eq!(four_eyes(Transition::Reopen, 3, &steps), Ok(()));
    }

    proptest! {
        /// Whatever the history, no one person both prepares and approves, or approves and pays.
        #[test]
        fn no_person_does_two_steps_in_a_row(
            history in proptest::collection::vec((0usize..6, proptest::option::of(1i32..5)), 0..12),
            actor in 1i32..5,
        ) {
            const ACTIONS: [&str; 6] = [
                "per_diem_statement.create", "per_diem_statement.update",
                "per_diem_statement.recompute", "per_diem_statement.approve",
                "per_diem_statement.mark_paid", "per_diem_statement.reopen",
            ];
            let steps = Steps::from_history(
                history.iter().map(|(a, who)| (ACTIONS[*a], *who)),
                None,
                history.iter().rev().find(|(a, _)| *a == 3).and_then(|(_, who)| *who),
            );
            let prepared = history.iter().any(|(a, who)| *a < 3 && *who == Some(actor));
            prop_assert_eq!(four_eyes(Transition::Approve, actor, &steps).is_err(), prepared);
            prop_assert_eq!(
                four_eyes(Transition::MarkPaid, actor, &steps).is_err(),
                steps.approved_by == Some(actor)
            );
        }
    }

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
