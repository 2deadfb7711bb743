//! Team applications to a cohort's call: what applicants type (kept whole as a draft, in any
//! script), the rules a submission must meet, the automatic eligibility checks managers see, and
//! the detection of returning people.
//!
//! - [`draft`]: the application as typed, saved at every step; never rejected for being incomplete.
//! - [`fields`]: the choices (organisation type, level, gender, CEFR level) and their labels.
//! - [`submission`]: everything a submission must satisfy, reported all at once per field.
//! - [`eligibility`]: the checks managers see, with reasons and overrides.
//! - [`returning`]: matching members against earlier participants.
//! - [`status`]: the application's states; [`lifecycle`]: the moves between them.
//! - [`document`]: attachment kinds and type detection by content.

pub mod document;
pub mod draft;
pub mod eligibility;
pub mod fields;
pub mod import;
pub mod lifecycle;
pub mod returning;
pub mod status;
pub mod submission;

pub use document::{DocumentKind, FileType};
pub use draft::{
    ApplicationDraft, ChangeProjectDraft, MemberDraft, NominationDraft, OrganisationDraft,
};
pub use eligibility::{CheckKind, CheckOutcome, CheckResult, Eligibility, EligibilityContext};
pub use fields::{CefrLevel, Gender, GovernmentLevel, OrganisationType};
pub use status::{ApplicationSource, ApplicationStatus};
pub use submission::{CallRules, Step, SubmittedApplication};

/// The reference an applicant quotes: the cohort and the application, padded so references of
/// one cohort sort and read alike (`ITP-0007-00042`). Record numbers, not secrets: a reference
/// opens nothing without the access rules.
pub fn reference(cohort_id: i32, application_id: i32) -> String {
    format!("ITP-{cohort_id:04}-{application_id:05}")
}

#[cfg(test)]
mod tests;
