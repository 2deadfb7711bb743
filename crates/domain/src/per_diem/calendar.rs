//! Rules 1–3: whether the trip has a night away, which dates are full or half days, and which
//! country a day (or a night) belongs to. Both policies use these.

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};

use super::statement::{CountryReason, DayKind, DayKindReason};
use super::trip::{Stay, Trip};

fn at(date: NaiveDate, hour: u32) -> NaiveDateTime {
    date.and_time(NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or(NaiveTime::MIN))
}

fn next_day(date: NaiveDate) -> NaiveDate {
    date.checked_add_days(Days::new(1)).unwrap_or(date)
}

/// Whether the 00:00–06:00 of `date` lies wholly inside the trip.
fn night_inside_trip(trip: &Trip, date: NaiveDate) -> bool {
    trip.departure() <= at(date, 0) && at(date, 6) <= trip.return_at()
}

/// Rule 1: the trip includes a night away, some date whose 00:00–06:00 lies wholly inside it.
/// Only the first candidate date needs checking: the first midnight at or after the departure.
pub(crate) fn has_night_away(trip: &Trip) -> bool {
    let departure = trip.departure();
    let first_midnight = if departure.time() == NaiveTime::MIN {
        departure.date()
    } else {
        next_day(departure.date())
    };
    night_inside_trip(trip, first_midnight)
}

/// Rule 7's nights: each date `d` whose following 00:00–06:00 lies inside the trip, with the
/// window of that night. A trip that starts at exactly 00:00 has a night dated the day before.
pub(crate) fn nights(
    trip: &Trip,
) -> impl Iterator<Item = (NaiveDate, NaiveDateTime, NaiveDateTime)> {
    let first = trip
        .departure()
        .date()
        .pred_opt()
        .unwrap_or(trip.departure().date());
    let last = trip.return_at().date();
    first
        .iter_days()
        .take_while(move |d| *d < last)
        .filter(move |d| night_inside_trip(trip, next_day(*d)))
        .map(|d| {
            let morning = next_day(d);
            (d, at(morning, 0), at(morning, 6))
        })
}

/// Rule 2 under Skatteverket: the departure date is a full day if the trip starts before 12:00,
/// the return date if it ends after 19:00; dates between are full (Skatteverket, rättslig
/// vägledning "Tjänsteresa – heldag, halvdag"). A trip that starts and ends on one date must meet
/// both tests to be a full day.
pub(crate) fn skatteverket_day_kind(trip: &Trip, date: NaiveDate) -> (DayKind, DayKindReason) {
    let noon = NaiveTime::from_hms_opt(12, 0, 0).unwrap_or(NaiveTime::MIN);
    let seven_pm = NaiveTime::from_hms_opt(19, 0, 0).unwrap_or(NaiveTime::MIN);
    let (departure, return_at) = (trip.departure(), trip.return_at());
    let departs = date == departure.date();
    let returns = date == return_at.date();
    let departure_full = departure.time() < noon;
    let return_full = return_at.time() > seven_pm;
    let (departed, returned) = (departure.time(), return_at.time());
    match (departs, returns) {
        (true, true) => {
            let kind = if departure_full && return_full {
                DayKind::Full
            } else {
                DayKind::Half
            };
            (
                kind,
                DayKindReason::DepartedAndReturned { departed, returned },
            )
        }
        (true, false) if departure_full => (
            DayKind::Full,
            DayKindReason::DepartedBeforeNoon { departed },
        ),
        (true, false) => (
            DayKind::Half,
            DayKindReason::DepartedAtOrAfterNoon { departed },
        ),
        (false, true) if return_full => (
            DayKind::Full,
            DayKindReason::ReturnedAfterSeven { returned },
        ),
        (false, true) => (
            DayKind::Half,
            DayKindReason::ReturnedAtOrBeforeSeven { returned },
        ),
        (false, false) => (DayKind::Full, DayKindReason::AwayAllDay),
    }
}

/// The window of a day that decides its country: 06:00–24:00.
pub(crate) fn day_window(date: NaiveDate) -> (NaiveDateTime, NaiveDateTime) {
    (at(date, 6), at(next_day(date), 0))
}

/// Rule 3: the stay that overlaps the window most (a tie goes to the later stay); if none
/// overlaps, the first stay that starts after the window, or else the last stay. `stays` is
/// sorted by start and not empty (the trip guarantees both).
pub(crate) fn stay_for_window(
    stays: &[Stay],
    start: NaiveDateTime,
    end: NaiveDateTime,
) -> (usize, CountryReason) {
    let mut best: Option<(usize, chrono::TimeDelta)> = None;
    for (i, stay) in stays.iter().enumerate() {
        let overlap = stay.to.min(end) - stay.from.max(start);
        if overlap > chrono::TimeDelta::zero() && best.is_none_or(|(_, most)| overlap >= most) {
            best = Some((i, overlap));
        }
    }
    if let Some((i, _)) = best {
        return (i, CountryReason::MostTimeInWindow);
    }
    match stays.iter().position(|s| s.from >= end) {
        Some(i) => (i, CountryReason::NextStay),
        None => (stays.len().saturating_sub(1), CountryReason::LastStay),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::per_diem::test_support::{stay, t, trip};

    #[test]
    fn night_away_needs_a_whole_midnight_to_six() {
        let ug = |from, to| vec![stay("UG", from, to)];
        let day_trip = trip(
            "2024-03-04T05:00",
            "2024-03-04T23:59",
            ug("2024-03-04T06:00", "2024-03-04T20:00"),
        );
        assert!(!has_night_away(&day_trip));
        let home_at_five = trip(
            "2024-03-04T08:00",
            "2024-03-05T05:59",
            ug("2024-03-04T12:00", "2024-03-04T20:00"),
        );
        assert!(!has_night_away(&home_at_five));
        let home_at_six = trip(
            "2024-03-04T08:00",
            "2024-03-05T06:00",
            ug("2024-03-04T12:00", "2024-03-04T20:00"),
        );
        assert!(has_night_away(&home_at_six));
        let from_midnight = trip(
            "2024-03-04T00:00",
            "2024-03-04T06:00",
            ug("2024-03-04T01:00", "2024-03-04T05:00"),
        );
        assert!(has_night_away(&from_midnight));
    }

    #[test]
    fn nights_are_dated_by_the_evening_before() {
        let tr = trip(
            "2024-12-30T10:00",
            "2025-01-02T07:00",
            vec![stay("UG", "2024-12-30T20:00", "2025-01-02T06:00")],
        );
        let dates: Vec<String> = nights(&tr).map(|(d, _, _)| d.to_string()).collect();
        assert_eq!(dates, ["2024-12-30", "2024-12-31", "2025-01-01"]);
    }

    #[test]
    fn departure_at_noon_is_half_and_before_noon_full() {
        let stays = || vec![stay("SE", "2024-03-05T00:00", "2024-03-05T12:00")];
        let at_noon = trip("2024-03-04T12:00", "2024-03-06T20:00", stays());
        assert_eq!(
            skatteverket_day_kind(&at_noon, t("2024-03-04T00:00").date()).0,
            DayKind::Half
        );
        let before = trip("2024-03-04T11:59", "2024-03-06T20:00", stays());
        assert_eq!(
            skatteverket_day_kind(&before, t("2024-03-04T00:00").date()).0,
            DayKind::Full
        );
    }

    #[test]
    fn return_at_seven_is_half_and_after_seven_full() {
        let stays = || vec![stay("SE", "2024-03-05T00:00", "2024-03-05T12:00")];
        let at_seven = trip("2024-03-04T08:00", "2024-03-06T19:00", stays());
        assert_eq!(
            skatteverket_day_kind(&at_seven, t("2024-03-06T00:00").date()).0,
            DayKind::Half
        );
        let after = trip("2024-03-04T08:00", "2024-03-06T19:01", stays());
        assert_eq!(
            skatteverket_day_kind(&after, t("2024-03-06T00:00").date()).0,
            DayKind::Full
        );
        let middle = skatteverket_day_kind(&after, t("2024-03-05T00:00").date());
        assert_eq!(middle, (DayKind::Full, DayKindReason::AwayAllDay));
    }

    #[test]
    fn day_goes_to_the_stay_with_most_time_between_six_and_midnight() {
        let stays = vec![
            stay("UG", "2024-03-04T00:00", "2024-03-05T13:00"),
            stay("KE", "2024-03-05T15:00", "2024-03-06T00:00"),
        ];
        let (s, e) = day_window(t("2024-03-05T00:00").date());
        // UG 06:00–13:00 is 7 h, KE 15:00–24:00 is 9 h.
        assert_eq!(
            stay_for_window(&stays, s, e),
            (1, CountryReason::MostTimeInWindow)
        );
    }

    #[test]
    fn tie_goes_to_the_later_stay() {
        let stays = vec![
            stay("UG", "2024-03-04T00:00", "2024-03-05T15:00"),
            stay("KE", "2024-03-05T15:00", "2024-03-06T00:00"),
        ];
        let (s, e) = day_window(t("2024-03-05T00:00").date());
        assert_eq!(
            stay_for_window(&stays, s, e),
            (1, CountryReason::MostTimeInWindow)
        );
    }

    #[test]
    fn day_without_any_stay_takes_the_next_stay_or_else_the_last() {
        let stays = vec![
            stay("UG", "2024-03-04T00:00", "2024-03-04T05:00"),
            stay("KE", "2024-03-07T10:00", "2024-03-08T00:00"),
        ];
        let (s, e) = day_window(t("2024-03-05T00:00").date());
        assert_eq!(stay_for_window(&stays, s, e), (1, CountryReason::NextStay));
        let (s, e) = day_window(t("2024-03-09T00:00").date());
        assert_eq!(stay_for_window(&stays, s, e), (1, CountryReason::LastStay));
        let (s, e) = day_window(t("2024-03-04T00:00").date());
        assert_eq!(stay_for_window(&stays, s, e), (1, CountryReason::NextStay));
    }
}
