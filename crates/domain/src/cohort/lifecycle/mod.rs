//! A cohort's lifecycle as an explicit state machine: which moves exist, from which states, and
//! what must be true before each one. The web layer only offers the moves [`available`] lists and
//! applies one through [`check`]; nothing else changes a cohort's status.
//!
//! ```text
//! planning ──open call──▶ call_open ──close call──▶ selection ──start──▶ running ──complete──▶ completed ──close──▶ closed
//!    ▲                        │
//!    └──── withdraw call ─────┘          (cancel: from planning, call_open, selection or running)
//! ```
//!
//! The rules, and why. Those marked (phases) or (applications) are stated by that feature's facts
//! ([`PhaseFacts`], [`ApplicationFacts`]); the others by the cohort itself, here in [`check`]:
//! - **Open the call** (planning → call_open): the programme is not archived; the cohort has its
//!   first and last day and (phases) at least one phase (applicants must see what they commit to:
//!   "able to attend every phase"); a deadline is set and still in the future; an opening, if set,
//!   is before the deadline; the deadline falls before the cohort's first day (selection happens
//!   before the training starts); at least one country is eligible.
//! - **Withdraw the call** (call_open → planning): (applications) only while no application has
//!   arrived; once people have applied, the call is cancelled with a reason or runs to its deadline.
//! - **Close the call** (call_open → selection): only once the deadline has passed. The deadline
//!   was announced as hard, so nobody may shut the door early on people who were promised time.
//! - **Start** (selection → running): (phases) the cohort has phases and its last phase has not
//!   ended (a cohort that is over cannot start). The selection feature adds its own condition
//!   (participants confirmed) through its facts.
//! - **Complete** (running → completed): (phases) the last phase has ended, judged by the calendar
//!   day in the cohort's time zone.
//! - **Close** (completed → closed): the administrative end (reports written, accounts settled);
//!   afterwards the cohort is read-only. Budget settlement joins this rule through the budget feature's facts.
//! - **Cancel** (planning, call_open, selection or running → cancelled): needs a reason, which is
//!   kept in the audit log and shown on the cohort. A completed cohort cannot be cancelled.
//! - closed and cancelled are final; no move leads out of them.

use std::fmt;

use serde::{Deserialize, Serialize};

mod applications;
mod facts;
mod phases;

use crate::code::Code;
pub use applications::ApplicationFacts;
pub use facts::{FactSheet, Facts, FeatureFacts};
pub use phases::PhaseFacts;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CohortStatus {
    Planning,
    CallOpen,
    Selection,
    Running,
    Completed,
    Closed,
    Cancelled,
}

crate::codes!(CohortStatus as "cohort status" {
    Planning = "planning": "Planning",
    CallOpen = "call_open": "Call open",
    Selection = "selection": "Selection",
    Running = "running": "Running",
    Completed = "completed": "Completed",
    Closed = "closed": "Closed",
    Cancelled = "cancelled": "Cancelled",
});

impl CohortStatus {
    /// Whether settings and phases can still change. Closed and cancelled cohorts are a record
    /// of what happened.
    pub fn is_editable(self) -> bool {
        !matches!(self, CohortStatus::Closed | CohortStatus::Cancelled)
    }

    /// Whether the cohort is still ahead of or in its training (for "active" counts).
    pub fn is_active(self) -> bool {
        matches!(
            self,
            CohortStatus::Planning
                | CohortStatus::CallOpen
                | CohortStatus::Selection
                | CohortStatus::Running
        )
    }

    /// Whether the call has happened, so its dates are history and no longer edited.
    pub fn call_is_over(self) -> bool {
        matches!(
            self,
            CohortStatus::Selection
                | CohortStatus::Running
                | CohortStatus::Completed
                | CohortStatus::Closed
        )
    }
}

impl fmt::Display for CohortStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A move from one status to another, in the words of the button that makes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Transition {
    OpenCall,
    WithdrawCall,
    CloseCall,
    Start,
    Complete,
    Close,
    Cancel,
}

crate::codes!(Transition as "cohort status change" {
    OpenCall = "open_call": "Open the call",
    WithdrawCall = "withdraw_call": "Withdraw the call",
    CloseCall = "close_call": "Close the call and start selection",
    Start = "start": "Start the cohort",
    Complete = "complete": "Mark as completed",
    Close = "close": "Close the cohort",
    Cancel = "cancel": "Cancel the cohort",
});

impl Transition {
    /// The states this move starts from.
    pub fn from(self) -> &'static [CohortStatus] {
        use CohortStatus::*;
        match self {
            Transition::OpenCall => &[Planning],
            Transition::WithdrawCall | Transition::CloseCall => &[CallOpen],
            Transition::Start => &[Selection],
            Transition::Complete => &[Running],
            Transition::Close => &[Completed],
            Transition::Cancel => &[Planning, CallOpen, Selection, Running],
        }
    }

    pub fn to(self) -> CohortStatus {
        match self {
            Transition::OpenCall => CohortStatus::CallOpen,
            Transition::WithdrawCall => CohortStatus::Planning,
            Transition::CloseCall => CohortStatus::Selection,
            Transition::Start => CohortStatus::Running,
            Transition::Complete => CohortStatus::Completed,
            Transition::Close => CohortStatus::Closed,
            Transition::Cancel => CohortStatus::Cancelled,
        }
    }

    /// Whether the move needs a written reason.
    pub fn needs_reason(self) -> bool {
        self == Transition::Cancel
    }
}

/// What a manager is told before a move that ends or takes back something, and must confirm;
/// `None` for a move that only goes forward as planned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consequences {
    pub question: &'static str,
    pub what_happens: Vec<String>,
    pub irreversible: Option<String>,
    pub button: &'static str,
}

impl Transition {
    pub fn consequences(self) -> Option<Consequences> {
        let c = |question, what_happens: Vec<&str>, irreversible: Option<&str>, button| {
            Some(Consequences {
                question,
                what_happens: what_happens.into_iter().map(str::to_owned).collect(),
                irreversible: irreversible.map(str::to_owned),
                button,
            })
        };
        match self {
            Transition::WithdrawCall => c(
                "Withdraw the call?",
                vec![
                    "The call page is taken down and nobody can submit an application.",
                    "Drafts are kept; their teams can submit them if the call opens again.",
                    "The cohort goes back to planning.",
                ],
                None,
                "Yes, withdraw the call",
            ),
            Transition::Cancel => c(
                "Cancel the cohort?",
                vec![
                    "The cohort is marked cancelled with your reason, and its call (if open) closes.",
                    "Its records are kept for the audit trail.",
                ],
                Some("A cancelled cohort cannot be planned, opened or run again."),
                "Yes, cancel the cohort",
            ),
            Transition::Close => c(
                "Close the cohort?",
                vec!["The cohort's work is finished and its records become read-only."],
                Some("A closed cohort cannot be reopened."),
                "Yes, close the cohort",
            ),
            // Closing the call happens at or after its deadline (never early, see `check`), as
            // promised to applicants: nothing is taken from anyone.
            Transition::OpenCall
            | Transition::CloseCall
            | Transition::Start
            | Transition::Complete => None,
        }
    }
}

/// The moves that start from `status`, in the order a manager meets them.
pub fn available(status: CohortStatus) -> Vec<Transition> {
    Transition::ALL
        .iter()
        .copied()
        .filter(|t| t.from().contains(&status))
        .collect()
}

/// Why a move was refused: every unmet precondition, in words a manager can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .0.join(" "))]
pub struct Refusal(pub Vec<String>);

/// The status after `transition`, or every reason it cannot happen now: the cohort's own first,
/// then each feature's, in the order the features were gathered.
pub fn check(
    status: CohortStatus,
    transition: Transition,
    facts: &Facts<'_>,
) -> Result<CohortStatus, Refusal> {
    if !transition.from().contains(&status) {
        return Err(Refusal(vec![format!(
            "A cohort in {} cannot do this: {}.",
            status.label().to_lowercase(),
            transition.label().to_lowercase()
        )]));
    }
    let mut why = Vec::new();
    match transition {
        Transition::OpenCall => {
            if facts.programme_archived {
                why.push("The programme is archived; restore it before opening a call.".into());
            }
            if facts.dates.is_none() {
                why.push("Set the cohort's first and last day.".into());
            }
            match facts.call.closes_at {
                None => why.push("Set the deadline for applications.".into()),
                Some(closes) => {
                    if closes <= facts.now {
                        why.push("The deadline has passed; set one in the future.".into());
                    }
                    if facts.call.opens_at.is_some_and(|o| o >= closes) {
                        why.push("The call must open before its deadline.".into());
                    }
                    if let Some(d) = facts.dates
                        && closes >= facts.call.start_of_day(d.start)
                    {
                        why.push("The deadline must fall before the cohort's first day.".into());
                    }
                }
            }
            if facts.eligible_countries == 0 {
                why.push("Name at least one eligible country.".into());
            }
        }
        Transition::CloseCall => match facts.call.closes_at {
            Some(closes) if facts.now < closes => why.push(format!(
                "The call is open until its deadline ({}); it cannot close early.",
                super::call::format_local(closes, facts.call.time_zone)
            )),
            _ => {}
        },
        Transition::WithdrawCall | Transition::Start | Transition::Complete | Transition::Close => {
        }
        Transition::Cancel => {
            if facts.reason.trim().is_empty() {
                why.push("Give the reason for cancelling.".into());
            } else if facts.reason.chars().count() > 2000 {
                why.push("The reason must be at most 2000 characters.".into());
            }
        }
    }
    for feature in facts.features.iter() {
        why.extend(feature.refusals(transition, facts));
    }
    if why.is_empty() {
        Ok(transition.to())
    } else {
        Err(Refusal(why))
    }
}

#[cfg(test)]
mod tests;
