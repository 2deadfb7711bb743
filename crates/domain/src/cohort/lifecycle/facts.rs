//! What the preconditions look at. The cohort's own facts (its dates, call and countries) are
//! fields of [`Facts`]; everything a feature knows about the cohort (its phases, its applications,
//! later its selection and its budget) travels in [`Facts::features`] as that feature's own typed
//! value, which also carries the rules the feature adds to the lifecycle. A feature plugs in a
//! precondition by implementing [`FeatureFacts`] in its own module; `check` never names it.

use std::any::Any;
use std::fmt;

use chrono::{DateTime, Utc};

use super::Transition;
use crate::cohort::call::CallWindow;
use crate::phase::DateSpan;

#[derive(Debug)]
pub struct Facts<'a> {
    pub now: DateTime<Utc>,
    pub programme_archived: bool,
    pub dates: Option<DateSpan>,
    pub call: CallWindow,
    pub eligible_countries: usize,
    pub reason: &'a str,
    pub features: FactSheet,
}

impl Facts<'_> {
    /// Adds (or replaces) one feature's facts.
    pub fn set<T: FeatureFacts>(&mut self, facts: T) {
        self.features.set(facts);
    }

    /// The day `now` falls on in the call's time zone, by which phases are judged over.
    pub fn today(&self) -> chrono::NaiveDate {
        self.call.local_day(self.now)
    }
}

/// What one feature knows about a cohort, and the preconditions it adds to its moves.
pub trait FeatureFacts: Any + fmt::Debug + Send + Sync {
    /// Every reason this feature has against `transition` now, in words a manager can act on
    /// (none when it has no objection). `facts` holds the cohort's own facts and every other
    /// feature's, for a rule that needs both.
    fn refusals(&self, transition: Transition, facts: &Facts<'_>) -> Vec<String>;
}

/// The features' facts, at most one value of each type, in the order they were added (which is
/// the order their reasons are listed in).
#[derive(Debug, Default)]
pub struct FactSheet(Vec<Box<dyn FeatureFacts>>);

impl FactSheet {
    pub fn new() -> Self {
        FactSheet::default()
    }

    pub fn set<T: FeatureFacts>(&mut self, facts: T) {
        self.insert(Box::new(facts));
    }

    /// Adds a feature's facts as the web layer's registry gathers them, replacing an earlier
    /// value of the same type.
    pub fn insert(&mut self, facts: Box<dyn FeatureFacts>) {
        let kind = (*facts).type_id();
        match self.0.iter_mut().find(|f| (***f).type_id() == kind) {
            Some(slot) => *slot = facts,
            None => self.0.push(facts),
        }
    }

    pub fn get<T: FeatureFacts>(&self) -> Option<&T> {
        self.0
            .iter()
            .find_map(|f| (&**f as &dyn Any).downcast_ref::<T>())
    }

    pub fn iter(&self) -> impl Iterator<Item = &dyn FeatureFacts> {
        self.0.iter().map(|f| &**f)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::super::{CohortStatus, Refusal, check};
    use super::*;
    use chrono::TimeZone;

    /// A feature the lifecycle has never heard of: a budget that must be settled before closing.
    #[derive(Debug)]
    struct Budget {
        settled: bool,
    }

    impl FeatureFacts for Budget {
        fn refusals(&self, transition: Transition, _facts: &Facts<'_>) -> Vec<String> {
            match transition {
                Transition::Close if !self.settled => vec!["Settle the budget first.".into()],
                _ => vec![],
            }
        }
    }

    fn facts() -> Facts<'static> {
        Facts {
            now: Utc.with_ymd_and_hms(2027, 1, 10, 12, 0, 0).unwrap(),
            programme_archived: false,
            dates: None,
            call: CallWindow {
                opens_at: None,
                closes_at: None,
                time_zone: chrono_tz::Europe::Stockholm,
            },
            eligible_countries: 1,
            reason: "",
            features: FactSheet::new(),
        }
    }

    #[test]
    fn a_feature_adds_its_precondition_by_adding_its_facts() {
        let mut f = facts();
        assert_eq!(
            check(CohortStatus::Completed, Transition::Close, &f),
            Ok(CohortStatus::Closed)
        );
        f.set(Budget { settled: false });
        assert_eq!(
            check(CohortStatus::Completed, Transition::Close, &f),
            Err(Refusal(vec!["Settle the budget first.".into()]))
        );
        f.set(Budget { settled: true });
        assert_eq!(f.features.len(), 1, "a second value replaces the first");
        assert!(f.features.get::<Budget>().is_some_and(|b| b.settled));
        assert!(check(CohortStatus::Completed, Transition::Close, &f).is_ok());
    }
}
