//! The call window: when a cohort's call for applications opens and its hard deadline. A deadline
//! is announced as a local time in a named time zone ("31 March 23:59 East Africa Time"), stored as
//! an instant in UTC, and shown both ways so nobody has to convert in their head.

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::validation::FieldErrors;

/// ICLD sits in Visby: its own dates are Swedish time unless a cohort says otherwise.
pub const DEFAULT_TIME_ZONE: Tz = chrono_tz::Europe::Stockholm;

/// The format `<input type="datetime-local">` sends and shows.
pub const LOCAL_INPUT_FORMAT: &str = "%Y-%m-%dT%H:%M";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallWindow {
    pub opens_at: Option<DateTime<Utc>>,
    pub closes_at: Option<DateTime<Utc>>,
    /// The zone the call's times are announced in.
    pub time_zone: Tz,
}

impl Default for CallWindow {
    fn default() -> Self {
        CallWindow {
            opens_at: None,
            closes_at: None,
            time_zone: DEFAULT_TIME_ZONE,
        }
    }
}

impl CallWindow {
    /// Applications are accepted from the opening (or at once, if no opening is set) until the
    /// deadline, the deadline itself excluded ("late applications will not be considered").
    pub fn accepts_at(&self, now: DateTime<Utc>) -> bool {
        self.opens_at.is_none_or(|o| o <= now) && self.closes_at.is_some_and(|c| now < c)
    }

    /// A time of this call, as a form shows it in the call's zone.
    pub fn local_input(&self, instant: Option<DateTime<Utc>>) -> String {
        instant
            .map(|i| {
                i.with_timezone(&self.time_zone)
                    .format(LOCAL_INPUT_FORMAT)
                    .to_string()
            })
            .unwrap_or_default()
    }

    /// The day an instant falls on in the call's zone.
    pub fn local_day(&self, instant: DateTime<Utc>) -> NaiveDate {
        instant.with_timezone(&self.time_zone).date_naive()
    }

    /// Midnight starting `day` in the call's zone, as an instant.
    pub fn start_of_day(&self, day: NaiveDate) -> DateTime<Utc> {
        let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
        local_to_utc(self.time_zone, midnight, Pick::Earlier)
            .unwrap_or_else(|| Utc.from_utc_datetime(&midnight))
    }
}

/// Which instant to take when a local time happens twice (the hour clocks go back).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    Earlier,
    Later,
}

/// A local time in `tz` as an instant; `None` for a time that does not exist there (the hour
/// clocks go forward). For a time that happens twice, `pick` decides: a deadline takes the later
/// one and an opening the earlier one, so doubt always favours the applicant.
pub fn local_to_utc(tz: Tz, local: NaiveDateTime, pick: Pick) -> Option<DateTime<Utc>> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => Some(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(a, b) => Some(
            match pick {
                Pick::Earlier => a.min(b),
                Pick::Later => a.max(b),
            }
            .with_timezone(&Utc),
        ),
        LocalResult::None => None,
    }
}

/// "31 Mar 2027 23:59 EAT" in the zone, for people reading a deadline.
pub fn format_local(instant: DateTime<Utc>, tz: Tz) -> String {
    instant
        .with_timezone(&tz)
        .format("%-d %b %Y %H:%M %Z")
        .to_string()
}

/// "31 Mar 2027 20:59 UTC".
pub fn format_utc(instant: DateTime<Utc>) -> String {
    instant.format("%-d %b %Y %H:%M UTC").to_string()
}

/// Reads an IANA zone name (`Africa/Nairobi`); empty means [`DEFAULT_TIME_ZONE`].
pub fn parse_time_zone(e: &mut FieldErrors, field: &str, value: &str) -> Tz {
    let v = value.trim();
    if v.is_empty() {
        return DEFAULT_TIME_ZONE;
    }
    match v.parse::<Tz>() {
        Ok(tz) => tz,
        Err(_) => {
            e.add(
                field,
                format!("'{v}' is not a time zone name; use one such as Africa/Nairobi or Europe/Stockholm."),
            );
            DEFAULT_TIME_ZONE
        }
    }
}

/// Reads an optional local date and time typed in `tz`.
pub fn parse_local_time(
    e: &mut FieldErrors,
    field: &str,
    label: &str,
    value: &str,
    tz: Tz,
    pick: Pick,
) -> Option<DateTime<Utc>> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    let parsed = NaiveDateTime::parse_from_str(v, LOCAL_INPUT_FORMAT)
        .or_else(|_| NaiveDateTime::parse_from_str(v, "%Y-%m-%d %H:%M"))
        .or_else(|_| NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M:%S"));
    let Ok(local) = parsed else {
        e.add(
            field,
            format!("Enter the {label} as a date and time, such as 2027-03-31T23:59."),
        );
        return None;
    };
    if !(2000..=2100).contains(&chrono::Datelike::year(&local)) {
        e.add(
            field,
            format!("The {label} must be between the years 2000 and 2100."),
        );
        return None;
    }
    match local_to_utc(tz, local, pick) {
        Some(t) => Some(t),
        None => {
            e.add(
                field,
                format!(
                    "{v} does not exist in {tz}: the clocks go forward then. Choose another time."
                ),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, LOCAL_INPUT_FORMAT).unwrap()
    }

    #[test]
    fn a_deadline_in_nairobi_is_three_hours_ahead_of_utc() {
        let mut e = FieldErrors::new();
        let t = parse_local_time(
            &mut e,
            "call_closes_at",
            "deadline",
            "2027-03-31T23:59",
            chrono_tz::Africa::Nairobi,
            Pick::Later,
        )
        .unwrap();
        assert_eq!(format_utc(t), "31 Mar 2027 20:59 UTC");
        assert_eq!(
            format_local(t, chrono_tz::Africa::Nairobi),
            "31 Mar 2027 23:59 EAT"
        );
    }

    #[test]
    fn a_time_that_does_not_exist_is_refused_with_a_reason() {
        let mut e = FieldErrors::new();
        let t = parse_local_time(
            &mut e,
            "call_closes_at",
            "deadline",
            "2027-03-28T02:30",
            DEFAULT_TIME_ZONE,
            Pick::Later,
        );
        assert!(t.is_none());
        assert!(
            e.for_field("call_closes_at")
                .unwrap()
                .contains("clocks go forward")
        );
    }

    #[test]
    fn a_time_that_happens_twice_favours_the_applicant() {
        let twice = local("2027-10-31T02:30");
        let deadline = local_to_utc(DEFAULT_TIME_ZONE, twice, Pick::Later).unwrap();
        let opening = local_to_utc(DEFAULT_TIME_ZONE, twice, Pick::Earlier).unwrap();
        assert_eq!((deadline - opening).num_hours(), 1);
    }

    #[test]
    fn unknown_zones_are_named_in_the_error() {
        let mut e = FieldErrors::new();
        parse_time_zone(&mut e, "time_zone", "Africa/Atlantis");
        assert!(e.for_field("time_zone").unwrap().contains("Atlantis"));
        assert_eq!(parse_time_zone(&mut e, "time_zone", ""), DEFAULT_TIME_ZONE);
    }

    #[test]
    fn the_deadline_itself_is_already_late() {
        let closes = Utc.with_ymd_and_hms(2027, 3, 31, 21, 0, 0).unwrap();
        let call = CallWindow {
            closes_at: Some(closes),
            ..Default::default()
        };
        assert!(call.accepts_at(closes - chrono::Duration::seconds(1)));
        assert!(!call.accepts_at(closes));
    }
}
