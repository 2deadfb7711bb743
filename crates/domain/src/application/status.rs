//! The states of an application as the applicant sees them. Review and selection (a later
//! feature) adds its own states after `Submitted`.

use serde::{Deserialize, Serialize};

use super::lifecycle::Transition;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationStatus {
    /// Being written; only the applicant sees it.
    Draft,
    /// Sent before the deadline; read-only for the applicant.
    Submitted,
    /// Taken back by the applicant before the deadline.
    Withdrawn,
}

crate::codes!(ApplicationStatus as "application status" {
    Draft = "draft": "Draft",
    Submitted = "submitted": "Submitted",
    Withdrawn = "withdrawn": "Withdrawn",
});

impl ApplicationStatus {
    /// The applicant may still change it.
    pub fn is_editable(self) -> bool {
        self == ApplicationStatus::Draft
    }

    /// Submitting starts from a draft (see [`super::lifecycle`] for the other preconditions).
    pub fn can_submit(self) -> bool {
        self == Transition::Submit.from()
    }

    /// Withdrawing starts from a submitted application (see [`super::lifecycle`]).
    pub fn can_withdraw(self) -> bool {
        self == Transition::Withdraw.from()
    }
}

/// Where an application came from: the applicant's form, or a manager's import of a
/// spreadsheet of applications received some other way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ApplicationSource {
    Form,
    Import,
}

crate::codes!(ApplicationSource as "application source" {
    Form = "form": "Application form",
    Import = "import": "Imported",
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::Code;

    #[test]
    fn only_drafts_are_editable_and_submittable() {
        assert!(ApplicationStatus::Draft.is_editable());
        assert!(!ApplicationStatus::Submitted.is_editable());
        assert!(!ApplicationStatus::Withdrawn.can_submit());
        assert!(ApplicationStatus::Submitted.can_withdraw());
        assert!(!ApplicationStatus::Draft.can_withdraw());
    }

    #[test]
    fn slugs_round_trip() {
        for &s in ApplicationStatus::ALL {
            assert_eq!(ApplicationStatus::parse(s.code()), Some(s));
        }
        crate::code::assert_round_trip::<ApplicationStatus>();
        crate::code::assert_round_trip::<ApplicationSource>();
    }
}
