//! A study visit's life: requested (by the programme team) → accepted or declined (by the host,
//! a refusal with its reason) → planned (the agenda is set) → held → reported (the host's
//! report), or cancelled by the programme team before it is held. Each side moves only its own
//! steps; the other side is told by mail.

use chrono::NaiveDate;

use crate::code::Code;
use crate::phase::DateSpan;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VisitState {
    Requested,
    Accepted,
    Declined,
    Planned,
    Held,
    Reported,
    Cancelled,
}

crate::codes!(VisitState as "study visit state" {
    Requested = "requested": "Requested",
    Accepted = "accepted": "Accepted",
    Declined = "declined": "Declined",
    Planned = "planned": "Planned",
    Held = "held": "Held",
    Reported = "reported": "Reported",
    Cancelled = "cancelled": "Cancelled",
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VisitAction {
    Accept,
    Decline,
    Plan,
    MarkHeld,
    Report,
    Cancel,
}

crate::codes!(VisitAction as "study visit step" {
    Accept = "accept": "Accept",
    Decline = "decline": "Decline",
    Plan = "plan": "Mark as planned",
    MarkHeld = "held": "Mark as held",
    Report = "report": "File the report",
    Cancel = "cancel": "Cancel",
});

/// Who moves a visit: the host's people or the programme team.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Host,
    Programme,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum VisitRefused {
    #[error("a study visit that is {} cannot be moved that way", .0.label().to_lowercase())]
    NotFromHere(VisitState),
    #[error("that step is the other side's to take")]
    OtherSide,
    #[error("a visit can be marked as held once its first day has come")]
    NotYet,
    #[error("a reason is needed")]
    ReasonNeeded,
}

impl VisitAction {
    /// Whose step this is. Planning is both sides' (either may settle the agenda).
    pub fn taken_by(self, side: Side) -> bool {
        match self {
            VisitAction::Accept | VisitAction::Decline | VisitAction::Report => side == Side::Host,
            VisitAction::Cancel => side == Side::Programme,
            VisitAction::Plan | VisitAction::MarkHeld => true,
        }
    }

    /// Whether the step must say why (the other side reads it).
    pub fn needs_reason(self) -> bool {
        matches!(self, VisitAction::Decline | VisitAction::Cancel)
    }
}

impl VisitState {
    /// The state after `action` by `side` on a visit on `dates`, or why not.
    pub fn apply(
        self,
        action: VisitAction,
        side: Side,
        dates: DateSpan,
        today: NaiveDate,
        reason: &str,
    ) -> Result<VisitState, VisitRefused> {
        use VisitState::*;
        if !action.taken_by(side) {
            return Err(VisitRefused::OtherSide);
        }
        if action.needs_reason() && reason.trim().is_empty() {
            return Err(VisitRefused::ReasonNeeded);
        }
        let next = match (self, action) {
            (Requested, VisitAction::Accept) => Accepted,
            (Requested, VisitAction::Decline) => Declined,
            (Accepted, VisitAction::Plan) => Planned,
            (Planned, VisitAction::MarkHeld) if today < dates.start => {
                return Err(VisitRefused::NotYet);
            }
            (Planned, VisitAction::MarkHeld) => Held,
            (Held, VisitAction::Report) => Reported,
            (Requested | Accepted | Planned, VisitAction::Cancel) => Cancelled,
            (from, _) => return Err(VisitRefused::NotFromHere(from)),
        };
        Ok(next)
    }

    /// The steps `side` can take from here, for the buttons a page shows.
    pub fn steps(self, side: Side, dates: DateSpan, today: NaiveDate) -> Vec<VisitAction> {
        VisitAction::ALL
            .iter()
            .copied()
            .filter(|a| self.apply(*a, side, dates, today, "reason").is_ok())
            .collect()
    }

    /// Whether the host may still change the agenda and logistics.
    pub fn agenda_open(self) -> bool {
        matches!(self, VisitState::Accepted | VisitState::Planned)
    }

    /// Whether the visit holds a host's place in its window (for the matching board).
    pub fn is_live(self) -> bool {
        !matches!(self, VisitState::Declined | VisitState::Cancelled)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use proptest::sample::select;

    use super::VisitState::*;
    use super::*;
    use crate::code::assert_round_trip;

    fn dates() -> DateSpan {
        DateSpan::new(day(28), day(29)).unwrap()
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 12, d).unwrap()
    }

    #[test]
    fn states_and_steps_are_codes() {
        assert_round_trip::<VisitState>();
        assert_round_trip::<VisitAction>();
    }

    #[test]
    fn the_whole_life_of_a_visit() {
        let go = |s: VisitState, a, side, today| s.apply(a, side, dates(), today, "");
        let s = go(Requested, VisitAction::Accept, Side::Host, day(1)).unwrap();
        let s = go(s, VisitAction::Plan, Side::Host, day(2)).unwrap();
        assert_eq!(
            go(s, VisitAction::MarkHeld, Side::Host, day(27)),
            Err(VisitRefused::NotYet)
        );
        let s = go(s, VisitAction::MarkHeld, Side::Programme, day(28)).unwrap();
        let s = go(s, VisitAction::Report, Side::Host, day(30)).unwrap();
        assert_eq!(s, Reported);
        assert_eq!(s.steps(Side::Host, dates(), day(30)), vec![]);
    }

    #[test]
    fn a_refusal_and_a_cancellation_need_their_reason() {
        let d = dates();
        assert_eq!(
            Requested.apply(VisitAction::Decline, Side::Host, d, day(1), "  "),
            Err(VisitRefused::ReasonNeeded)
        );
        assert_eq!(
            Requested.apply(VisitAction::Decline, Side::Host, d, day(1), "Julledigt"),
            Ok(Declined)
        );
        assert_eq!(
            Planned.apply(
                VisitAction::Cancel,
                Side::Programme,
                d,
                day(1),
                "Flights cancelled"
            ),
            Ok(Cancelled)
        );
        assert_eq!(
            Held.apply(VisitAction::Cancel, Side::Programme, d, day(29), "late"),
            Err(VisitRefused::NotFromHere(Held))
        );
    }

    #[test]
    fn each_side_takes_only_its_own_steps() {
        let d = dates();
        assert_eq!(
            Requested.apply(VisitAction::Accept, Side::Programme, d, day(1), ""),
            Err(VisitRefused::OtherSide)
        );
        assert_eq!(
            Requested.apply(VisitAction::Cancel, Side::Host, d, day(1), "no"),
            Err(VisitRefused::OtherSide)
        );
        assert_eq!(
            Requested.steps(Side::Host, d, day(1)),
            vec![VisitAction::Accept, VisitAction::Decline]
        );
        assert_eq!(
            Requested.steps(Side::Programme, d, day(1)),
            vec![VisitAction::Cancel]
        );
    }

    proptest! {
        /// Whatever is tried, a visit only moves forward along the drawn life, and the end
        /// states are final.
        #[test]
        fn visits_only_move_forward(
            steps in proptest::collection::vec(
                (select(VisitAction::ALL), any::<bool>(), 20u32..31), 0..12),
        ) {
            let rank = |s: VisitState| match s {
                Requested => 0, Accepted => 1, Planned => 2, Held => 3,
                Reported | Declined | Cancelled => 4,
            };
            let mut state = Requested;
            for (action, host, today) in steps {
                let side = if host { Side::Host } else { Side::Programme };
                if let Ok(next) = state.apply(action, side, dates(), day(today), "why") {
                    prop_assert!(rank(next) > rank(state), "{state:?} -> {next:?}");
                    prop_assert!(action.taken_by(side));
                    if next == Held { prop_assert!(day(today) >= dates().start); }
                    state = next;
                }
            }
            if matches!(state, Reported | Declined | Cancelled) {
                prop_assert!(state.steps(Side::Host, dates(), day(30)).is_empty());
                prop_assert!(state.steps(Side::Programme, dates(), day(30)).is_empty());
            }
        }
    }
}
