//! An application's life, as the cohort's (`cohort::lifecycle`): the moves between its states,
//! each with its preconditions, and a typed refusal when one does not hold.
//!
//! - an application starts as a draft when an applicant opens the form, and as submitted when a
//!   manager imports it (the import's rules checked it);
//! - draft → submitted (submit), only while the call accepts submissions; the draft must also be
//!   complete, which [`super::submission::validate`] decides and proves with the
//!   [`super::SubmittedApplication`] that storing a submission needs;
//! - submitted → withdrawn (withdraw), only before the deadline;
//! - withdrawn is final. Review and selection (a later feature) add their states after submitted.

use super::status::{ApplicationSource, ApplicationStatus};

/// A move of an application, in the words of the button that makes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Transition {
    Submit,
    Withdraw,
}

crate::codes!(Transition as "application status change" {
    Submit = "submit": "Submit the application",
    Withdraw = "withdraw": "Withdraw the application",
});

impl Transition {
    /// The state this move starts from.
    pub fn from(self) -> ApplicationStatus {
        match self {
            Transition::Submit => ApplicationStatus::Draft,
            Transition::Withdraw => ApplicationStatus::Submitted,
        }
    }

    pub fn to(self) -> ApplicationStatus {
        match self {
            Transition::Submit => ApplicationStatus::Submitted,
            Transition::Withdraw => ApplicationStatus::Withdrawn,
        }
    }
}

/// The state an application starts in, by where it came from.
pub fn initial(source: ApplicationSource) -> ApplicationStatus {
    match source {
        ApplicationSource::Form => ApplicationStatus::Draft,
        ApplicationSource::Import => ApplicationStatus::Submitted,
    }
}

/// No move leads out of a final state.
pub fn is_final(status: ApplicationStatus) -> bool {
    status == ApplicationStatus::Withdrawn
}

/// What the preconditions look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    /// The call is open and its deadline has not passed.
    pub call_accepts: bool,
}

/// Why a move is not allowed. The messages are what the applicant reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("{}", deadline_passed(*.0))]
    DeadlinePassed(Transition),
    #[error("{}", not_from(*.0))]
    NotFrom(Transition, ApplicationStatus),
}

fn deadline_passed(t: Transition) -> &'static str {
    match t {
        Transition::Submit => {
            "The deadline for this call has passed; late applications are not considered."
        }
        Transition::Withdraw => {
            "The deadline has passed; contact the programme manager to withdraw."
        }
    }
}

fn not_from(t: Transition) -> &'static str {
    match t {
        Transition::Submit => "This application was submitted already.",
        Transition::Withdraw => "Only a submitted application can be withdrawn.",
    }
}

/// The state after `t`, or why it is not allowed. The deadline is checked first: after it,
/// nothing an applicant does changes the application, whatever its state.
pub fn check(
    status: ApplicationStatus,
    t: Transition,
    facts: Facts,
) -> Result<ApplicationStatus, Refusal> {
    if !facts.call_accepts {
        return Err(Refusal::DeadlinePassed(t));
    }
    if status != t.from() {
        return Err(Refusal::NotFrom(t, status));
    }
    Ok(t.to())
}

/// The moves allowed from `status` now.
pub fn available(status: ApplicationStatus, facts: Facts) -> Vec<Transition> {
    use crate::code::Code;
    Transition::ALL
        .iter()
        .copied()
        .filter(|t| check(status, *t, facts).is_ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::code::Code;

    const OPEN: Facts = Facts { call_accepts: true };
    const CLOSED: Facts = Facts {
        call_accepts: false,
    };

    #[test]
    fn a_draft_is_submitted_and_a_submission_withdrawn_while_the_call_accepts() {
        let s = check(ApplicationStatus::Draft, Transition::Submit, OPEN).unwrap();
        assert_eq!(s, ApplicationStatus::Submitted);
        let s = check(s, Transition::Withdraw, OPEN).unwrap();
        assert_eq!(s, ApplicationStatus::Withdrawn);
        assert!(available(s, OPEN).is_empty());
    }

    #[test]
    fn after_the_deadline_nothing_moves() {
        for &status in ApplicationStatus::ALL {
            for &t in Transition::ALL {
                assert_eq!(check(status, t, CLOSED), Err(Refusal::DeadlinePassed(t)));
            }
        }
        assert_eq!(
            check(ApplicationStatus::Submitted, Transition::Withdraw, CLOSED)
                .unwrap_err()
                .to_string(),
            "The deadline has passed; contact the programme manager to withdraw."
        );
    }

    #[test]
    fn a_second_submit_and_withdrawing_a_draft_are_refused() {
        assert_eq!(
            check(ApplicationStatus::Submitted, Transition::Submit, OPEN)
                .unwrap_err()
                .to_string(),
            "This application was submitted already."
        );
        assert_eq!(
            check(ApplicationStatus::Draft, Transition::Withdraw, OPEN),
            Err(Refusal::NotFrom(
                Transition::Withdraw,
                ApplicationStatus::Draft
            ))
        );
    }

    #[test]
    fn imports_start_submitted_and_the_form_starts_a_draft() {
        assert_eq!(initial(ApplicationSource::Form), ApplicationStatus::Draft);
        assert_eq!(
            initial(ApplicationSource::Import),
            ApplicationStatus::Submitted
        );
    }

    #[test]
    fn every_state_is_reachable_from_a_start() {
        let mut reached: Vec<ApplicationStatus> =
            ApplicationSource::ALL.iter().map(|s| initial(*s)).collect();
        let mut i = 0;
        while i < reached.len() {
            for t in available(reached[i], OPEN) {
                if !reached.contains(&t.to()) {
                    reached.push(t.to());
                }
            }
            i += 1;
        }
        for s in ApplicationStatus::ALL {
            assert!(reached.contains(s), "{s:?} cannot be reached");
        }
        crate::code::assert_round_trip::<Transition>();
    }

    fn arb_status() -> impl Strategy<Value = ApplicationStatus> {
        proptest::sample::select(ApplicationStatus::ALL.to_vec())
    }
    fn arb_transition() -> impl Strategy<Value = Transition> {
        proptest::sample::select(Transition::ALL.to_vec())
    }

    proptest! {
        #[test]
        fn no_move_leads_out_of_a_final_state(t in arb_transition(), accepts in any::<bool>()) {
            let facts = Facts { call_accepts: accepts };
            for &s in ApplicationStatus::ALL.iter().filter(|s| is_final(**s)) {
                prop_assert!(check(s, t, facts).is_err());
            }
        }

        #[test]
        fn an_allowed_move_goes_from_its_state_to_its_target(
            s in arb_status(), t in arb_transition(), accepts in any::<bool>()
        ) {
            if let Ok(to) = check(s, t, Facts { call_accepts: accepts }) {
                prop_assert_eq!(s, t.from());
                prop_assert_eq!(to, t.to());
                prop_assert!(accepts);
                prop_assert!(!is_final(s));
            }
        }

        #[test]
        fn any_sequence_of_moves_stays_within_the_listed_states(
            start in proptest::sample::select(ApplicationSource::ALL.to_vec()),
            moves in proptest::collection::vec(arb_transition(), 0..6),
        ) {
            let mut s = initial(start);
            for t in moves {
                if let Ok(next) = check(s, t, OPEN) {
                    s = next;
                }
                prop_assert!(ApplicationStatus::ALL.contains(&s));
            }
        }
    }
}
