//! The trip: when it starts and ends, where the traveller is, which meals were free.
//!
//! In JSON (the contract's trip object; times are local Swedish wall-clock time, seconds optional):
//! ```json
//! {
//!   "policy": "skatteverket",
//!   "departure": "2024-03-04T10:00",
//!   "return": "2024-03-08T18:00",
//!   "stays": [{"country": "UG", "from": "2024-03-04T22:00", "to": "2024-03-08T06:00"}],
//!   "free_meals": {"2024-03-05": ["breakfast"], "2024-03-06": ["breakfast", "lunch"]},
//!   "lodging_paid": true
//! }
//! ```
//! `policy` is `"skatteverket"` or `"programme:<CODE>"`. `free_meals` maps a date to the meals that
//! were provided free that day (`breakfast`, `lunch`, `dinner`); meals that come with a ticket are
//! not listed. `lodging_paid` may be left out and is then true. Unknown fields are refused, so a
//! misspelt field name is an error rather than silently ignored.

use crate::code::Code;
use std::collections::BTreeMap;
use std::fmt;

use chrono::{Months, NaiveDate, NaiveDateTime, Timelike};
use serde::{Deserialize, Serialize};

use super::PerDiemError;
use super::meals::{Meal, MealSet};
use crate::country::CountryCode;

/// Which policy a trip asks to be quoted under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicyRef {
    Skatteverket,
    /// A programme policy by its code, as in `"programme:MFLD"`.
    Programme(String),
}

impl PolicyRef {
    pub fn parse(text: &str) -> Result<PolicyRef, PerDiemError> {
        let trimmed = text.trim();
        if trimmed.eq_ignore_ascii_case("skatteverket") {
            return Ok(PolicyRef::Skatteverket);
        }
        match trimmed.split_once(':') {
            Some((kind, code))
                if kind.trim().eq_ignore_ascii_case("programme") && !code.trim().is_empty() =>
            {
                Ok(PolicyRef::Programme(code.trim().to_owned()))
            }
            _ => Err(PerDiemError::UnknownPolicy(text.to_owned())),
        }
    }
}

impl fmt::Display for PolicyRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PolicyRef::Skatteverket => f.write_str("skatteverket"),
            PolicyRef::Programme(code) => write!(f, "programme:{code}"),
        }
    }
}

/// Where the traveller is from one time to another. Time outside every stay is travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stay {
    pub country: CountryCode,
    pub from: NaiveDateTime,
    pub to: NaiveDateTime,
}

/// A validated trip: the return is not before the departure, there is at least one stay, stays
/// lie inside the trip and do not overlap, free meals fall on days of the trip.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "TripJson", into = "TripJson")]
pub struct Trip {
    policy: PolicyRef,
    departure: NaiveDateTime,
    return_at: NaiveDateTime,
    /// Sorted by start.
    stays: Vec<Stay>,
    free_meals: BTreeMap<NaiveDate, MealSet>,
    lodging_paid: bool,
}

/// Skatteverket lowers the amounts again after two years (to 50 %); the contract's rules stop
/// at the 70 % of rule 5, so longer trips are refused rather than quoted wrongly.
const LONGEST_TRIP: Months = Months::new(24);

impl Trip {
    /// Builds a trip, checking it as the contract's rule 8 asks. Stays may come in any order;
    /// errors number them from 1 in the order given.
    pub fn new(
        policy: PolicyRef,
        departure: NaiveDateTime,
        return_at: NaiveDateTime,
        stays: Vec<Stay>,
        free_meals: BTreeMap<NaiveDate, MealSet>,
        lodging_paid: bool,
    ) -> Result<Trip, PerDiemError> {
        if return_at < departure {
            return Err(PerDiemError::ReturnBeforeDeparture {
                departure: format_local_time(departure),
                return_at: format_local_time(return_at),
            });
        }
        if departure
            .checked_add_months(LONGEST_TRIP)
            .is_none_or(|limit| return_at > limit)
        {
            return Err(PerDiemError::TripTooLong {
                departure: format_local_time(departure),
                return_at: format_local_time(return_at),
            });
        }
        if stays.is_empty() {
            return Err(PerDiemError::NoStays);
        }
        for (i, stay) in stays.iter().enumerate() {
            if stay.to <= stay.from {
                return Err(PerDiemError::StayNotAfterStart {
                    index: i + 1,
                    country: stay.country.to_string(),
                    from: format_local_time(stay.from),
                    to: format_local_time(stay.to),
                });
            }
            if stay.from < departure || stay.to > return_at {
                return Err(PerDiemError::StayOutsideTrip {
                    index: i + 1,
                    stay: describe_stay(stay),
                    trip: format!(
                        "{} to {}",
                        format_local_time(departure),
                        format_local_time(return_at)
                    ),
                });
            }
        }
        let mut order: Vec<usize> = (0..stays.len()).collect();
        order.sort_by_key(|&i| (stays[i].from, i));
        for pair in order.windows(2) {
            let (a, b) = (&stays[pair[0]], &stays[pair[1]]);
            if a.to > b.from {
                let (first, second) = (pair[0].min(pair[1]), pair[0].max(pair[1]));
                return Err(PerDiemError::OverlappingStays {
                    first: first + 1,
                    first_span: describe_stay(&stays[first]),
                    second: second + 1,
                    second_span: describe_stay(&stays[second]),
                });
            }
        }
        let (first, last) = (departure.date(), return_at.date());
        if let Some(date) = free_meals.keys().find(|d| **d < first || **d > last) {
            return Err(PerDiemError::FreeMealsOutsideTrip {
                date: date.to_string(),
                first: first.to_string(),
                last: last.to_string(),
            });
        }
        let stays = order.into_iter().map(|i| stays[i]).collect();
        Ok(Trip {
            policy,
            departure,
            return_at,
            stays,
            free_meals,
            lodging_paid,
        })
    }

    /// Parses and checks the contract's trip JSON (see the module documentation).
    pub fn from_json(json: &str) -> Result<Trip, PerDiemError> {
        let raw: TripJson =
            serde_json::from_str(json).map_err(|e| PerDiemError::MalformedJson(e.to_string()))?;
        Trip::try_from(raw)
    }

    pub fn policy(&self) -> &PolicyRef {
        &self.policy
    }

    pub fn departure(&self) -> NaiveDateTime {
        self.departure
    }

    pub fn return_at(&self) -> NaiveDateTime {
        self.return_at
    }

    /// The stays, sorted by start.
    pub fn stays(&self) -> &[Stay] {
        &self.stays
    }

    pub fn free_meals(&self) -> &BTreeMap<NaiveDate, MealSet> {
        &self.free_meals
    }

    pub fn free_meals_on(&self, date: NaiveDate) -> MealSet {
        self.free_meals.get(&date).copied().unwrap_or_default()
    }

    pub fn lodging_paid(&self) -> bool {
        self.lodging_paid
    }

    /// Every calendar date from the departure to the return, both included.
    pub fn dates(&self) -> impl Iterator<Item = NaiveDate> {
        let last = self.return_at.date();
        self.departure
            .date()
            .iter_days()
            .take_while(move |d| *d <= last)
    }
}

/// `2024-03-04T08:30`, with seconds only when there are some: the way the user wrote it.
pub(crate) fn format_local_time(time: NaiveDateTime) -> String {
    if time.second() == 0 && time.nanosecond() == 0 {
        time.format("%Y-%m-%dT%H:%M").to_string()
    } else {
        time.format("%Y-%m-%dT%H:%M:%S").to_string()
    }
}

fn describe_stay(stay: &Stay) -> String {
    format!(
        "{}, {} to {}",
        stay.country,
        format_local_time(stay.from),
        format_local_time(stay.to)
    )
}

/// Local wall-clock time: `YYYY-MM-DDTHH:MM`, optionally with `:SS`; no time zone.
fn parse_local_time(field: &str, value: &str) -> Result<NaiveDateTime, PerDiemError> {
    let text = value.trim();
    ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
        .ok_or_else(|| PerDiemError::MalformedTime {
            field: field.to_owned(),
            value: value.to_owned(),
        })
}

/// The trip as JSON spells it, before any check.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TripJson {
    policy: String,
    departure: String,
    #[serde(rename = "return")]
    return_at: String,
    #[serde(default)]
    stays: Vec<StayJson>,
    #[serde(default)]
    free_meals: BTreeMap<String, Vec<String>>,
    #[serde(default = "lodging_paid_by_default")]
    lodging_paid: bool,
}

fn lodging_paid_by_default() -> bool {
    true
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StayJson {
    country: String,
    from: String,
    to: String,
}

impl TryFrom<TripJson> for Trip {
    type Error = PerDiemError;

    fn try_from(raw: TripJson) -> Result<Trip, PerDiemError> {
        let policy = PolicyRef::parse(&raw.policy)?;
        let departure = parse_local_time("departure", &raw.departure)?;
        let return_at = parse_local_time("return", &raw.return_at)?;
        let mut stays = Vec::with_capacity(raw.stays.len());
        for (i, stay) in raw.stays.iter().enumerate() {
            stays.push(Stay {
                country: CountryCode::parse(&stay.country)?,
                from: parse_local_time(&format!("stay {} from", i + 1), &stay.from)?,
                to: parse_local_time(&format!("stay {} to", i + 1), &stay.to)?,
            });
        }
        let mut free_meals = BTreeMap::new();
        for (date, meals) in &raw.free_meals {
            let day = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").map_err(|_| {
                PerDiemError::MalformedDate {
                    value: date.clone(),
                }
            })?;
            let mut set = MealSet::NONE;
            for meal in meals {
                set = set.with(Meal::parse(meal).ok_or_else(|| PerDiemError::UnknownMeal {
                    date: date.clone(),
                    value: meal.clone(),
                })?);
            }
            free_meals.insert(day, set);
        }
        Trip::new(
            policy,
            departure,
            return_at,
            stays,
            free_meals,
            raw.lodging_paid,
        )
    }
}

impl From<Trip> for TripJson {
    fn from(trip: Trip) -> TripJson {
        TripJson {
            policy: trip.policy.to_string(),
            departure: format_local_time(trip.departure),
            return_at: format_local_time(trip.return_at),
            stays: trip
                .stays
                .iter()
                .map(|s| StayJson {
                    country: s.country.to_string(),
                    from: format_local_time(s.from),
                    to: format_local_time(s.to),
                })
                .collect(),
            free_meals: trip
                .free_meals
                .iter()
                .map(|(d, m)| {
                    (
                        d.to_string(),
                        m.iter().map(|m| m.code().to_owned()).collect(),
                    )
                })
                .collect(),
            lodging_paid: trip.lodging_paid,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trip_json(stays: &str, extra: &str) -> String {
        format!(
            r#"{{"policy": "skatteverket", "departure": "2024-03-04T10:00",
                "return": "2024-03-08T18:00", "stays": [{stays}]{extra}}}"#
        )
    }

    const UGANDA: &str =
        r#"{"country": "UG", "from": "2024-03-04T22:00", "to": "2024-03-08T06:00"}"#;

    fn error_of(json: &str) -> String {
        Trip::from_json(json).unwrap_err().to_string()
    }

    #[test]
    fn contract_trip_json_parses_with_defaults() {
        let trip = Trip::from_json(&trip_json(
            UGANDA,
            r#", "free_meals": {"2024-03-05": ["breakfast", "Lunch"]}"#,
        ))
        .unwrap();
        assert_eq!(trip.policy(), &PolicyRef::Skatteverket);
        assert!(trip.lodging_paid());
        assert_eq!(trip.stays()[0].country.as_str(), "UG");
        let meals = trip.free_meals_on("2024-03-05".parse().unwrap());
        assert!(meals.contains(Meal::Breakfast) && meals.contains(Meal::Lunch));
        assert!(!meals.contains(Meal::Dinner));
        assert!(trip.free_meals_on("2024-03-06".parse().unwrap()).is_empty());
        assert_eq!(trip.dates().count(), 5);
    }

    #[test]
    fn times_may_carry_seconds() {
        let json = trip_json(UGANDA, "").replace("T18:00\"", "T18:00:30\"");
        let trip = Trip::from_json(&json).unwrap();
        assert_eq!(format_local_time(trip.return_at()), "2024-03-08T18:00:30");
    }

    #[test]
    fn trip_round_trips_through_json() {
        let trip = Trip::from_json(&trip_json(
            UGANDA,
            r#", "free_meals": {"2024-03-05": ["dinner", "breakfast"]}, "lodging_paid": false"#,
        ))
        .unwrap();
        let json = serde_json::to_string(&trip).unwrap();
        assert!(
            json.contains(r#""free_meals":{"2024-03-05":["breakfast","dinner"]}"#),
            "{json}"
        );
        assert_eq!(Trip::from_json(&json).unwrap(), trip);
        let via_serde: Trip = serde_json::from_str(&json).unwrap();
        assert_eq!(via_serde, trip);
    }

    #[test]
    fn programme_policy_names_its_code() {
        let json = trip_json(UGANDA, "").replace("skatteverket", "programme:MFLD");
        let trip = Trip::from_json(&json).unwrap();
        assert_eq!(trip.policy(), &PolicyRef::Programme("MFLD".into()));
        assert_eq!(trip.policy().to_string(), "programme:MFLD");
    }

    #[test]
    fn unknown_policy_is_refused() {
        let json = trip_json(UGANDA, "").replace("skatteverket", "programme:");
        assert_eq!(
            error_of(&json),
            "'programme:' is not a per-diem policy: use \"skatteverket\" or \"programme:<CODE>\""
        );
    }

    #[test]
    fn malformed_time_is_named_with_its_field() {
        let json = trip_json(UGANDA, "").replace("2024-03-08T18:00", "8 March 18:00");
        assert_eq!(
            error_of(&json),
            "return '8 March 18:00' is not a local time: write it as YYYY-MM-DDTHH:MM, e.g. 2024-03-04T08:30"
        );
        let json = trip_json(UGANDA, "").replace("2024-03-04T22:00", "2024-03-04T25:00");
        assert!(error_of(&json).starts_with("stay 1 from '2024-03-04T25:00' is not a local time"));
        let json = trip_json(UGANDA, "").replace("T10:00", "T10:00+01:00");
        assert!(error_of(&json).starts_with("departure '2024-03-04T10:00+01:00'"));
    }

    #[test]
    fn return_before_departure_is_refused() {
        let json = trip_json("", "").replace("2024-03-08T18:00", "2024-03-04T09:59");
        assert_eq!(
            error_of(&json),
            "the return (2024-03-04T09:59) is before the departure (2024-03-04T10:00)"
        );
    }

    #[test]
    fn trip_longer_than_two_years_is_refused() {
        let json = trip_json(UGANDA, "").replace("2024-03-08T18:00", "2026-03-04T10:01");
        assert!(error_of(&json).contains("longer than two years"));
    }

    #[test]
    fn trip_without_stays_is_refused() {
        assert_eq!(
            error_of(&trip_json("", "")),
            "the trip has no stays: give at least one {\"country\", \"from\", \"to\"}"
        );
    }

    #[test]
    fn stay_outside_the_trip_is_refused() {
        let stay = r#"{"country": "UG", "from": "2024-03-04T09:00", "to": "2024-03-08T06:00"}"#;
        assert_eq!(
            error_of(&trip_json(stay, "")),
            "stay 1 (UG, 2024-03-04T09:00 to 2024-03-08T06:00) lies outside the trip (2024-03-04T10:00 to 2024-03-08T18:00)"
        );
    }

    #[test]
    fn stay_ending_before_it_starts_is_refused() {
        let stay = r#"{"country": "UG", "from": "2024-03-06T09:00", "to": "2024-03-05T06:00"}"#;
        assert!(error_of(&trip_json(stay, "")).starts_with("stay 1 (UG) must end after it starts"));
    }

    #[test]
    fn overlapping_stays_are_refused_naming_both() {
        let stays = r#"{"country": "TZ", "from": "2024-03-06T08:00", "to": "2024-03-08T06:00"},
                       {"country": "UG", "from": "2024-03-04T22:00", "to": "2024-03-06T09:00"}"#;
        assert_eq!(
            error_of(&trip_json(stays, "")),
            "stays 1 (TZ, 2024-03-06T08:00 to 2024-03-08T06:00) and 2 (UG, 2024-03-04T22:00 to 2024-03-06T09:00) overlap"
        );
    }

    #[test]
    fn stays_that_touch_do_not_overlap_and_are_sorted() {
        let stays = r#"{"country": "TZ", "from": "2024-03-06T09:00", "to": "2024-03-08T06:00"},
                       {"country": "UG", "from": "2024-03-04T22:00", "to": "2024-03-06T09:00"}"#;
        let trip = Trip::from_json(&trip_json(stays, "")).unwrap();
        assert_eq!(trip.stays()[0].country.as_str(), "UG");
        assert_eq!(trip.stays()[1].country.as_str(), "TZ");
    }

    #[test]
    fn unknown_country_code_is_refused() {
        let json = trip_json(&UGANDA.replace("\"UG\"", "\"Uganda\""), "");
        assert_eq!(
            error_of(&json),
            "'Uganda' is not a country code (ISO 3166-1 alpha-2, such as UG; XK for Kosovo)"
        );
    }

    #[test]
    fn free_meals_must_name_meals_on_days_of_the_trip() {
        let bad_meal = trip_json(UGANDA, r#", "free_meals": {"2024-03-05": ["brunch"]}"#);
        assert_eq!(
            error_of(&bad_meal),
            "'brunch' on 2024-03-05 is not a meal: use breakfast, lunch or dinner"
        );
        let bad_date = trip_json(UGANDA, r#", "free_meals": {"5 March": ["lunch"]}"#);
        assert!(error_of(&bad_date).starts_with("'5 March' in free_meals is not a date"));
        let outside = trip_json(UGANDA, r#", "free_meals": {"2024-03-09": ["lunch"]}"#);
        assert_eq!(
            error_of(&outside),
            "free meals on 2024-03-09, which is not a day of the trip (2024-03-04 to 2024-03-08)"
        );
    }

    #[test]
    fn malformed_json_and_unknown_fields_are_refused() {
        assert!(error_of("{").starts_with("the trip is not valid JSON: "));
        let typo = trip_json(UGANDA, r#", "lodging": false"#);
        assert!(
            error_of(&typo).contains("unknown field `lodging`"),
            "{}",
            error_of(&typo)
        );
        assert!(error_of(r#"{"policy": "skatteverket"}"#).contains("missing field `departure`"));
    }
}
