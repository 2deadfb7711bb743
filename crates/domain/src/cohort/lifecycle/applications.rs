//! The applications' part of the lifecycle: once people have applied, the call is not simply
//! taken back.

use super::{Facts, FeatureFacts, Transition};

/// How many applications have arrived (submitted ones; drafts and withdrawn ones do not count).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ApplicationFacts {
    pub submitted: u64,
}

impl FeatureFacts for ApplicationFacts {
    fn refusals(&self, transition: Transition, _facts: &Facts<'_>) -> Vec<String> {
        match transition {
            Transition::WithdrawCall if self.submitted > 0 => {
                let n = i64::try_from(self.submitted).unwrap_or(i64::MAX);
                let verb = if n == 1 { "has" } else { "have" };
                vec![format!(
                    "{} {verb} arrived; cancel the cohort with a reason instead.",
                    crate::wording::count(n, "application")
                )]
            }
            _ => vec![],
        }
    }
}
