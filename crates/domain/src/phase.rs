//! Phases: the parts a cohort is made of (workshops in partner countries, the Sweden phase with its
//! study visits, home-based work between them, online sessions, the closing). A phase is a span of
//! whole days at a place; the rules here keep every phase inside its cohort.
//!
//! Phases are ordered by their dates (start, then end), not by a separate position number: the
//! order people mean by "phase 2" is the calendar order, and a stored position could disagree with
//! the dates after an edit. Phases may overlap, because home-based work runs for months while online
//! sessions take place inside it.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::audit::ChangeSet;
use crate::country::CountryCode;
use crate::validation::{FieldErrors, optional_text, required_text};

/// A span of whole days, both ends included (a workshop "15–18 Feb" is four days).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DateSpan {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl DateSpan {
    /// A span, or `None` when the end is before the start.
    pub fn new(start: NaiveDate, end: NaiveDate) -> Option<DateSpan> {
        (start <= end).then_some(DateSpan { start, end })
    }

    pub fn contains(&self, other: &DateSpan) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn contains_day(&self, day: NaiveDate) -> bool {
        self.start <= day && day <= self.end
    }

    /// Number of days, both ends counted.
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }

    pub fn overlaps(&self, other: &DateSpan) -> bool {
        self.start <= other.end && other.start <= self.end
    }

    /// The same span moved by whole days.
    pub fn shifted(&self, days: i64) -> Option<DateSpan> {
        let by = chrono::Days::new(days.unsigned_abs());
        let (start, end) = if days >= 0 {
            (
                self.start.checked_add_days(by)?,
                self.end.checked_add_days(by)?,
            )
        } else {
            (
                self.start.checked_sub_days(by)?,
                self.end.checked_sub_days(by)?,
            )
        };
        Some(DateSpan { start, end })
    }

    /// The smallest span covering all of `spans`.
    pub fn envelope<'a>(spans: impl IntoIterator<Item = &'a DateSpan>) -> Option<DateSpan> {
        spans.into_iter().fold(None, |acc: Option<DateSpan>, s| {
            Some(match acc {
                None => *s,
                Some(a) => DateSpan {
                    start: a.start.min(s.start),
                    end: a.end.max(s.end),
                },
            })
        })
    }
}

impl fmt::Display for DateSpan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.start == self.end {
            write!(f, "{}", self.start.format("%-d %b %Y"))
        } else {
            write!(
                f,
                "{} – {}",
                self.start.format("%-d %b %Y"),
                self.end.format("%-d %b %Y")
            )
        }
    }
}

/// Dates are typed as ISO dates (what `<input type="date">` sends).
pub fn parse_date(e: &mut FieldErrors, field: &str, label: &str, value: &str) -> Option<NaiveDate> {
    let v = value.trim();
    if v.is_empty() {
        e.add(field, format!("Enter the {label}."));
        return None;
    }
    match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        Ok(d) if (2000..=2100).contains(&chrono::Datelike::year(&d)) => Some(d),
        Ok(_) => {
            e.add(
                field,
                format!("The {label} must be a date between the years 2000 and 2100."),
            );
            None
        }
        Err(_) => {
            e.add(
                field,
                format!("Enter the {label} as a date, such as 2027-03-15."),
            );
            None
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhaseKind {
    RegionalWorkshop,
    SwedenPhase,
    HomeBasedWork,
    Online,
    Closing,
    Other,
}

impl PhaseKind {
    pub const ALL: [PhaseKind; 6] = [
        PhaseKind::RegionalWorkshop,
        PhaseKind::SwedenPhase,
        PhaseKind::HomeBasedWork,
        PhaseKind::Online,
        PhaseKind::Closing,
        PhaseKind::Other,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            PhaseKind::RegionalWorkshop => "regional_workshop",
            PhaseKind::SwedenPhase => "sweden_phase",
            PhaseKind::HomeBasedWork => "home_based_work",
            PhaseKind::Online => "online",
            PhaseKind::Closing => "closing",
            PhaseKind::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PhaseKind::RegionalWorkshop => "Regional workshop",
            PhaseKind::SwedenPhase => "Sweden phase",
            PhaseKind::HomeBasedWork => "Home-based work",
            PhaseKind::Online => "Online",
            PhaseKind::Closing => "Closing",
            PhaseKind::Other => "Other",
        }
    }

    /// Whether the phase happens at a place people travel to, so a country is needed.
    pub fn needs_country(self) -> bool {
        matches!(self, PhaseKind::RegionalWorkshop | PhaseKind::SwedenPhase)
    }
}

impl fmt::Display for PhaseKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl FromStr for PhaseKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PhaseKind::ALL
            .into_iter()
            .find(|k| k.slug() == s.trim())
            .ok_or_else(|| format!("'{s}' is not a kind of phase"))
    }
}

/// One phase as planned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phase {
    pub kind: PhaseKind,
    pub title: String,
    pub dates: DateSpan,
    pub country: Option<CountryCode>,
    pub city: String,
    pub venue: String,
    pub compulsory: bool,
    /// The two-day visits of teams to Swedish host municipalities; only in a Sweden phase.
    pub study_visits: Option<DateSpan>,
}

impl Phase {
    /// "Kampala, Uganda" or "Online".
    pub fn place(&self) -> String {
        let mut parts: Vec<&str> = Vec::new();
        if !self.venue.is_empty() {
            parts.push(&self.venue);
        }
        if !self.city.is_empty() {
            parts.push(&self.city);
        }
        if let Some(c) = &self.country {
            parts.push(c.name());
        }
        if parts.is_empty() && self.kind == PhaseKind::Online {
            return "Online".to_owned();
        }
        parts.join(", ")
    }

    /// The changed fields between two versions, for the audit log.
    pub fn changes_to(&self, after: &Phase) -> ChangeSet {
        let visits = |p: &Phase| p.study_visits.map(|s| s.to_string()).unwrap_or_default();
        let country = |p: &Phase| p.country.map(|c| c.as_str()).unwrap_or_default();
        ChangeSet::new()
            .field("kind", self.kind.slug(), after.kind.slug())
            .field("title", &self.title, &after.title)
            .field("starts_on", self.dates.start, after.dates.start)
            .field("ends_on", self.dates.end, after.dates.end)
            .field("country", country(self), country(after))
            .field("city", &self.city, &after.city)
            .field("venue", &self.venue, &after.venue)
            .field("compulsory", self.compulsory, after.compulsory)
            .field("study_visits", visits(self), visits(after))
    }

    /// Every field of a new phase, for the audit log.
    pub fn as_new(&self) -> ChangeSet {
        ChangeSet::new()
            .set("kind", self.kind.slug())
            .set("title", &self.title)
            .set("starts_on", self.dates.start)
            .set("ends_on", self.dates.end)
            .set("place", self.place())
            .set("compulsory", self.compulsory)
            .set(
                "study_visits",
                self.study_visits.map(|s| s.to_string()).unwrap_or_default(),
            )
    }

    /// The same phase moved by whole days (for cloning a cohort).
    pub fn shifted(&self, days: i64) -> Option<Phase> {
        Some(Phase {
            dates: self.dates.shifted(days)?,
            study_visits: match self.study_visits {
                Some(s) => Some(s.shifted(days)?),
                None => None,
            },
            ..self.clone()
        })
    }
}

/// Sorts phases into the order people number them in: by start, then by end.
pub fn sort_phases<T>(phases: &mut [T], dates: impl Fn(&T) -> DateSpan) {
    phases.sort_by_key(|p| {
        let d = dates(p);
        (d.start, d.end)
    });
}

/// What a person typed into the phase form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhaseInput {
    pub kind: String,
    pub title: String,
    pub starts_on: String,
    pub ends_on: String,
    pub country: String,
    pub city: String,
    pub venue: String,
    pub compulsory: bool,
    pub study_visits_start: String,
    pub study_visits_end: String,
}

impl PhaseInput {
    pub fn from_phase(p: &Phase) -> PhaseInput {
        PhaseInput {
            kind: p.kind.slug().to_owned(),
            title: p.title.clone(),
            starts_on: p.dates.start.to_string(),
            ends_on: p.dates.end.to_string(),
            country: p.country.map(|c| c.as_str().to_owned()).unwrap_or_default(),
            city: p.city.clone(),
            venue: p.venue.clone(),
            compulsory: p.compulsory,
            study_visits_start: p
                .study_visits
                .map(|s| s.start.to_string())
                .unwrap_or_default(),
            study_visits_end: p
                .study_visits
                .map(|s| s.end.to_string())
                .unwrap_or_default(),
        }
    }

    /// Checks every field against the cohort's dates and returns all problems at once.
    pub fn validate(&self, cohort: Option<DateSpan>) -> Result<Phase, FieldErrors> {
        let mut e = FieldErrors::new();
        let kind = match self.kind.parse::<PhaseKind>() {
            Ok(k) => Some(k),
            Err(_) => {
                e.add("kind", "Choose what kind of phase this is.");
                None
            }
        };
        let title = required_text(&mut e, "title", "title", &self.title, 200);
        let start = parse_date(&mut e, "starts_on", "first day", &self.starts_on);
        let end = parse_date(&mut e, "ends_on", "last day", &self.ends_on);
        let dates = match (start, end) {
            (Some(s), Some(t)) => match DateSpan::new(s, t) {
                Some(span) => Some(span),
                None => {
                    e.add("ends_on", "The last day cannot be before the first day.");
                    None
                }
            },
            _ => None,
        };
        match (cohort, dates) {
            (None, _) => e.add(
                "starts_on",
                "Set the cohort's first and last day in its settings before planning phases.",
            ),
            (Some(c), Some(d)) => {
                if d.start < c.start {
                    e.add(
                        "starts_on",
                        format!(
                            "The phase must start inside the cohort, on or after {}.",
                            c.start
                        ),
                    );
                }
                if d.end > c.end {
                    e.add(
                        "ends_on",
                        format!("The phase must end inside the cohort, by {}.", c.end),
                    );
                }
            }
            (Some(_), None) => {}
        }

        let country = match self.country.trim() {
            "" if kind == Some(PhaseKind::SwedenPhase) => Some(CountryCode::sweden()),
            "" => {
                if kind.is_some_and(PhaseKind::needs_country) {
                    e.add(
                        "country",
                        "Enter the country the workshop takes place in (such as ZM).",
                    );
                }
                None
            }
            code => {
                match CountryCode::parse(code) {
                    Ok(c) => Some(c),
                    Err(_) => {
                        e.add(
                        "country",
                        format!("'{code}' is not an ISO 3166-1 country code (such as ZM for Zambia)."),
                    );
                        None
                    }
                }
            }
        };
        if kind == Some(PhaseKind::SwedenPhase) && country.is_some_and(|c| !c.is_sweden()) {
            e.add(
                "country",
                "A Sweden phase takes place in Sweden (SE); choose another kind for a workshop abroad.",
            );
        }
        let city = optional_text(&mut e, "city", "city", &self.city, 100);
        let venue = optional_text(&mut e, "venue", "venue", &self.venue, 200);

        let study_visits = self.study_visits(&mut e, kind, dates);
        e.into_result(Phase {
            kind: kind.unwrap_or(PhaseKind::Other),
            title,
            dates: dates.unwrap_or(DateSpan {
                start: NaiveDate::MIN,
                end: NaiveDate::MIN,
            }),
            country,
            city,
            venue,
            compulsory: self.compulsory,
            study_visits,
        })
    }

    fn study_visits(
        &self,
        e: &mut FieldErrors,
        kind: Option<PhaseKind>,
        phase: Option<DateSpan>,
    ) -> Option<DateSpan> {
        let (from, to) = (self.study_visits_start.trim(), self.study_visits_end.trim());
        if from.is_empty() && to.is_empty() {
            return None;
        }
        if kind.is_some_and(|k| k != PhaseKind::SwedenPhase) {
            e.add(
                "study_visits_start",
                "Only a Sweden phase has study visits; leave these dates empty.",
            );
            return None;
        }
        let start = parse_date(e, "study_visits_start", "first study-visit day", from);
        let end = parse_date(e, "study_visits_end", "last study-visit day", to);
        let (start, end) = (start?, end?);
        let Some(window) = DateSpan::new(start, end) else {
            e.add(
                "study_visits_end",
                "The last study-visit day cannot be before the first.",
            );
            return None;
        };
        if let Some(p) = phase
            && !p.contains(&window)
        {
            e.add(
                "study_visits_start",
                format!(
                    "The study visits must fall inside the Sweden phase ({} to {}).",
                    p.start, p.end
                ),
            );
        }
        Some(window)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn cohort() -> Option<DateSpan> {
        DateSpan::new(d("2027-02-01"), d("2028-09-30"))
    }

    fn sweden() -> PhaseInput {
        PhaseInput {
            kind: "sweden_phase".into(),
            title: "Sweden phase".into(),
            starts_on: "2028-05-08".into(),
            ends_on: "2028-05-19".into(),
            city: "Visby".into(),
            compulsory: true,
            study_visits_start: "2028-05-15".into(),
            study_visits_end: "2028-05-16".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_sweden_phase_defaults_to_sweden_and_keeps_its_study_visits() {
        let p = sweden().validate(cohort()).unwrap();
        assert_eq!(p.country.unwrap().as_str(), "SE");
        assert_eq!(p.study_visits.unwrap().days(), 2);
        assert_eq!(p.dates.days(), 12);
        assert_eq!(p.place(), "Visby, Sweden");
    }

    #[test]
    fn every_wrong_field_gets_its_own_message() {
        let bad = PhaseInput {
            kind: "party".into(),
            title: " ".into(),
            starts_on: "2027-13-01".into(),
            ends_on: "soon".into(),
            country: "QQ".into(),
            ..Default::default()
        };
        let e = bad.validate(cohort()).unwrap_err();
        for field in ["kind", "title", "starts_on", "ends_on", "country"] {
            assert!(e.for_field(field).is_some(), "{field}: {e}");
        }
    }

    #[test]
    fn dates_must_be_in_order_and_inside_the_cohort() {
        let reversed = PhaseInput {
            starts_on: "2028-05-19".into(),
            ends_on: "2028-05-08".into(),
            ..sweden()
        };
        let e = reversed.validate(cohort()).unwrap_err();
        assert!(
            e.for_field("ends_on")
                .unwrap()
                .contains("before the first day")
        );

        let outside = PhaseInput {
            starts_on: "2027-01-20".into(),
            ends_on: "2028-10-02".into(),
            study_visits_start: String::new(),
            study_visits_end: String::new(),
            ..sweden()
        };
        let e = outside.validate(cohort()).unwrap_err();
        assert!(e.for_field("starts_on").unwrap().contains("2027-02-01"));
        assert!(e.for_field("ends_on").unwrap().contains("2028-09-30"));
    }

    #[test]
    fn phases_need_the_cohort_dates_first() {
        let e = sweden().validate(None).unwrap_err();
        assert!(e.for_field("starts_on").unwrap().contains("settings"));
    }

    #[test]
    fn study_visits_must_fall_inside_the_sweden_phase_and_only_there() {
        let outside = PhaseInput {
            study_visits_end: "2028-05-20".into(),
            ..sweden()
        };
        assert!(
            outside
                .validate(cohort())
                .unwrap_err()
                .for_field("study_visits_start")
                .unwrap()
                .contains("inside the Sweden phase")
        );
        let workshop = PhaseInput {
            kind: "regional_workshop".into(),
            country: "ZM".into(),
            ..sweden()
        };
        assert!(
            workshop
                .validate(cohort())
                .unwrap_err()
                .for_field("study_visits_start")
                .is_some()
        );
    }

    #[test]
    fn workshops_need_a_country_and_a_sweden_phase_is_in_sweden() {
        let workshop = PhaseInput {
            kind: "regional_workshop".into(),
            study_visits_start: String::new(),
            study_visits_end: String::new(),
            ..sweden()
        };
        assert!(
            workshop
                .validate(cohort())
                .unwrap_err()
                .for_field("country")
                .is_some()
        );
        let abroad = PhaseInput {
            country: "KE".into(),
            ..sweden()
        };
        assert!(
            abroad
                .validate(cohort())
                .unwrap_err()
                .for_field("country")
                .is_some()
        );
        let online = PhaseInput {
            kind: "online".into(),
            study_visits_start: String::new(),
            study_visits_end: String::new(),
            city: String::new(),
            ..sweden()
        };
        let p = online.validate(cohort()).unwrap();
        assert_eq!(p.country, None);
        assert_eq!(p.place(), "Online");
    }

    #[test]
    fn form_round_trips() {
        let p = sweden().validate(cohort()).unwrap();
        let again = PhaseInput::from_phase(&p).validate(cohort()).unwrap();
        assert_eq!(again, p);
    }

    #[test]
    fn phases_sort_by_start_then_end() {
        let mut spans = vec![
            DateSpan::new(d("2027-05-01"), d("2027-05-03")).unwrap(),
            DateSpan::new(d("2027-02-01"), d("2027-12-01")).unwrap(),
            DateSpan::new(d("2027-02-01"), d("2027-02-04")).unwrap(),
        ];
        sort_phases(&mut spans, |s| *s);
        assert_eq!(spans[0].end, d("2027-02-04"));
        assert_eq!(spans[2].start, d("2027-05-01"));
    }

    fn arb_span() -> impl Strategy<Value = DateSpan> {
        (0i64..3000, 0i64..400).prop_map(|(offset, len)| {
            let start = d("2020-01-01") + chrono::Duration::days(offset);
            DateSpan::new(start, start + chrono::Duration::days(len)).unwrap()
        })
    }

    proptest! {
        #[test]
        fn a_validated_phase_always_lies_inside_its_cohort(c in arb_span(), p in arb_span()) {
            let input = PhaseInput {
                kind: "online".into(),
                title: "Session".into(),
                starts_on: p.start.to_string(),
                ends_on: p.end.to_string(),
                ..Default::default()
            };
            match input.validate(Some(c)) {
                Ok(phase) => prop_assert!(c.contains(&phase.dates)),
                Err(_) => prop_assert!(!c.contains(&p)),
            }
        }

        #[test]
        fn shifting_keeps_length_and_containment(c in arb_span(), p in arb_span(), by in -2000i64..2000) {
            let (sc, sp) = (c.shifted(by).unwrap(), p.shifted(by).unwrap());
            prop_assert_eq!(sc.days(), c.days());
            prop_assert_eq!(sp.days(), p.days());
            prop_assert_eq!(sc.contains(&sp), c.contains(&p));
        }
    }
}
