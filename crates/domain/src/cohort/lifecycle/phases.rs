//! The phases' part of the lifecycle: applicants must see what they commit to ("able to attend
//! every phase"), and a cohort's training is over when its last phase has ended.

use super::{Facts, FeatureFacts, Transition};
use crate::phase::DateSpan;

/// The cohort's phases, as their dates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PhaseFacts {
    pub phases: Vec<DateSpan>,
}

impl PhaseFacts {
    pub fn new(phases: &[DateSpan]) -> Self {
        PhaseFacts {
            phases: phases.to_vec(),
        }
    }

    /// The last day of the last phase.
    pub fn last_day(&self) -> Option<chrono::NaiveDate> {
        DateSpan::envelope(&self.phases).map(|s| s.end)
    }
}

impl FeatureFacts for PhaseFacts {
    fn refusals(&self, transition: Transition, facts: &Facts<'_>) -> Vec<String> {
        let today = facts.today();
        let mut why = Vec::new();
        match transition {
            Transition::OpenCall if self.phases.is_empty() => {
                why.push("Plan at least one phase, so applicants see what they commit to.".into());
            }
            Transition::Start => match self.last_day() {
                None => why.push("Plan at least one phase first.".into()),
                Some(end) if end < today => {
                    why.push("Every phase has ended already; the cohort cannot start now.".into())
                }
                Some(_) => {}
            },
            Transition::Complete => match self.last_day() {
                Some(end) if end >= today => why.push(format!(
                    "The last phase ends on {end}; mark the cohort completed after that."
                )),
                _ => {}
            },
            _ => {}
        }
        why
    }
}
