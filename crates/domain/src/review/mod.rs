//! Review: a rubric per cohort, reviewers' scores on it, and who reviews what. How scores become
//! a ranking and a selection is in [`crate::selection`].
//!
//! Modelled on pretalx (weighted score categories, some required; mean or median) and HotCRP
//! (declared conflicts of interest, load-balanced automatic assignment), with what they lack:
//! a scale and guidance per criterion, a confidence per review, and conflicts drawn from the
//! reviewer's own country and organisation as well as declared ones.

mod assignment;
mod rubric;
mod scoring;

#[cfg(test)]
mod tests;

pub use assignment::{
    AssignmentPlan, Candidate, Conflict, ReviewerProfile, assign, conflict, same_organisation,
};
pub use rubric::{Criterion, CriterionInput, default_rubric};
pub use scoring::{Confidence, CriterionScore, ReviewScores, ScoreInput, check_submission, total};
