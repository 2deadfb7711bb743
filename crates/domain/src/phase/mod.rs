//! Phases: the parts a cohort is made of (workshops in partner countries, the Sweden phase with its
//! study visits, home-based work between them, online sessions, the closing). A phase is a span of
//! whole days at a place; the rules here keep every phase inside its cohort.
//!
//! Phases are ordered by their dates (start, then end), not by a separate position number: the
//! order people mean by "phase 2" is the calendar order, and a stored position could disagree with
//! the dates after an edit. Phases may overlap, because home-based work runs for months while online
//! sessions take place inside it.

use crate::code::Code;
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::audit::ChangeSet;
use crate::country::CountryCode;
use crate::validation::{FieldErrors, optional_text, required_text};

mod span;
pub use span::{DateSpan, parse_date};

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

crate::codes!(PhaseKind as "kind of phase" {
    RegionalWorkshop = "regional_workshop": "Regional workshop",
    SwedenPhase = "sweden_phase": "Sweden phase",
    HomeBasedWork = "home_based_work": "Home-based work",
    Online = "online": "Online",
    Closing = "closing": "Closing",
    Other = "other": "Other",
});

impl PhaseKind {
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
            .field("kind", self.kind.code(), after.kind.code())
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
            .set("kind", self.kind.code())
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
            kind: p.kind.code().to_owned(),
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
mod tests;
