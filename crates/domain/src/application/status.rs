//! The states of an application as the applicant sees them. Review and selection (a later
//! feature) adds its own states after `Submitted`.

use serde::{Deserialize, Serialize};

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

impl ApplicationStatus {
    pub const ALL: [ApplicationStatus; 3] = [
        ApplicationStatus::Draft,
        ApplicationStatus::Submitted,
        ApplicationStatus::Withdrawn,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            ApplicationStatus::Draft => "draft",
            ApplicationStatus::Submitted => "submitted",
            ApplicationStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn from_slug(s: &str) -> Option<ApplicationStatus> {
        ApplicationStatus::ALL.into_iter().find(|st| st.slug() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            ApplicationStatus::Draft => "Draft",
            ApplicationStatus::Submitted => "Submitted",
            ApplicationStatus::Withdrawn => "Withdrawn",
        }
    }

    /// The applicant may still change it.
    pub fn is_editable(self) -> bool {
        self == ApplicationStatus::Draft
    }

    /// Submitting is allowed from a draft only (while the call accepts submissions).
    pub fn can_submit(self) -> bool {
        self == ApplicationStatus::Draft
    }

    /// Withdrawing is allowed for a submitted application (before the deadline).
    pub fn can_withdraw(self) -> bool {
        self == ApplicationStatus::Submitted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        for s in ApplicationStatus::ALL {
            assert_eq!(ApplicationStatus::from_slug(s.slug()), Some(s));
        }
    }
}
