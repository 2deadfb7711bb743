//! Reminders of an unsubmitted draft before the call's deadline: one a week before, one a day
//! before. Only the nearest due reminder is sent: a draft started five hours before the deadline
//! gets the one-day reminder, not a "one week left" reminder as well.

use chrono::{DateTime, Duration, Utc};

/// A reminder of an unsubmitted draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DraftReminder {
    OneDay,
    SevenDays,
}

impl DraftReminder {
    /// Every reminder, the nearest to the deadline first.
    pub const ALL: [DraftReminder; 2] = [DraftReminder::OneDay, DraftReminder::SevenDays];

    /// How long before the deadline it is due.
    pub fn before_deadline(self) -> Duration {
        match self {
            DraftReminder::OneDay => Duration::days(1),
            DraftReminder::SevenDays => Duration::days(7),
        }
    }

    /// The cause recorded with the reminder: one per application, person and this kind.
    pub fn kind(self) -> &'static str {
        match self {
            DraftReminder::OneDay => "draft_deadline_1d",
            DraftReminder::SevenDays => "draft_deadline_7d",
        }
    }
}

/// The reminder due at `now` for a draft in a call that closes at `deadline`: the nearest one
/// whose time has come, or none before a week ahead and none once the deadline has passed (the
/// deadline itself is already late).
pub fn due_draft_reminder(deadline: DateTime<Utc>, now: DateTime<Utc>) -> Option<DraftReminder> {
    if now >= deadline {
        return None;
    }
    DraftReminder::ALL
        .into_iter()
        .find(|r| now >= deadline - r.before_deadline())
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use proptest::prelude::*;

    use super::*;

    fn deadline() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 3, 31, 20, 59, 0).unwrap()
    }

    #[test]
    fn nothing_is_due_more_than_a_week_ahead_or_after_the_deadline() {
        let d = deadline();
        assert_eq!(due_draft_reminder(d, d - Duration::days(8)), None);
        assert_eq!(
            due_draft_reminder(d, d - Duration::days(7) - Duration::seconds(1)),
            None
        );
        assert_eq!(due_draft_reminder(d, d), None);
        assert_eq!(due_draft_reminder(d, d + Duration::hours(1)), None);
    }

    #[test]
    fn the_week_reminder_then_the_day_reminder() {
        let d = deadline();
        assert_eq!(
            due_draft_reminder(d, d - Duration::days(7)),
            Some(DraftReminder::SevenDays)
        );
        assert_eq!(
            due_draft_reminder(d, d - Duration::days(2)),
            Some(DraftReminder::SevenDays)
        );
        assert_eq!(
            due_draft_reminder(d, d - Duration::days(1)),
            Some(DraftReminder::OneDay)
        );
        assert_eq!(
            due_draft_reminder(d, d - Duration::minutes(5)),
            Some(DraftReminder::OneDay)
        );
    }

    #[test]
    fn kinds_are_distinct() {
        assert_ne!(
            DraftReminder::OneDay.kind(),
            DraftReminder::SevenDays.kind()
        );
    }

    proptest! {
        /// Whatever the moment, a due reminder lies in its window: its time has come and the
        /// deadline has not passed, and no nearer reminder is due.
        #[test]
        fn a_due_reminder_is_the_nearest_whose_time_has_come(minutes in -20_000i64..20_000) {
            let d = deadline();
            let now = d + Duration::minutes(minutes);
            match due_draft_reminder(d, now) {
                None => prop_assert!(now >= d || now < d - Duration::days(7)),
                Some(r) => {
                    prop_assert!(now < d);
                    prop_assert!(now >= d - r.before_deadline());
                    for nearer in DraftReminder::ALL.into_iter().filter(|n| *n < r) {
                        prop_assert!(now < d - nearer.before_deadline());
                    }
                }
            }
        }
    }
}
