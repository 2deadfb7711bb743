//! Reminders of something that starts on a day: a phase of a cohort, a study visit. One reminder
//! a week ahead, sent on any day of that week (a job that did not run for a day still sends it),
//! and none once the day has come: a reminder on the day itself is no reminder.

use chrono::NaiveDate;

/// How many days ahead an upcoming phase or visit is reminded of.
pub const REMIND_DAYS_AHEAD: i64 = 7;

/// Whether an event starting on `starts_on` is due for its reminder on `today`.
pub fn upcoming_is_due(starts_on: NaiveDate, today: NaiveDate) -> bool {
    let days = (starts_on - today).num_days();
    (1..=REMIND_DAYS_AHEAD).contains(&days)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 3, d).unwrap()
    }

    #[test]
    fn due_within_the_week_before_and_not_on_the_day() {
        assert!(!upcoming_is_due(day(20), day(12)));
        assert!(upcoming_is_due(day(20), day(13)));
        assert!(upcoming_is_due(day(20), day(19)));
        assert!(!upcoming_is_due(day(20), day(20)));
        assert!(!upcoming_is_due(day(20), day(21)));
    }

    proptest! {
        #[test]
        fn due_exactly_on_seven_days(offset in -40i64..40) {
            let start = day(15);
            let today = start - chrono::Duration::days(offset);
            prop_assert_eq!(upcoming_is_due(start, today), (1..=7).contains(&offset));
        }
    }
}
