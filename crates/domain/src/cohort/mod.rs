//! Cohorts: one run of a programme, with its seats, eligible countries, call for applications,
//! per-diem policy and its own first and last day.
//!
//! A cohort's span is its own first and last day, set by the manager, not derived from its phases:
//! the span is announced in the call before every phase is planned in detail, and "a phase must lie
//! inside the cohort" needs something fixed to mean. Changing the span is refused while it would
//! leave a planned phase outside.

pub mod call;
pub mod clone;
pub mod key_dates;
pub mod lifecycle;

use crate::code::Code;
use serde::{Deserialize, Serialize};

pub use call::{CallWindow, DEFAULT_TIME_ZONE};
pub use lifecycle::{CohortStatus, Transition};

use crate::audit::ChangeSet;
use crate::country::CountryCode;
use crate::phase::{DateSpan, parse_date};
use crate::programme::parse_country_list;
use crate::validation::{FieldErrors, optional_text, required_text};
use call::{Pick, parse_local_time, parse_time_zone};

/// About 25 participants a cohort (ICLD); the upper bound only catches typing mistakes.
pub const MAX_SEATS: u16 = 500;

/// A cohort runs 12–18 months (ICLD); four years catches a mistyped year without getting in the
/// way of a long programme.
pub const MAX_DAYS: i64 = 4 * 366;

/// A cohort's settings: everything a manager edits on its settings form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CohortSettings {
    pub name: String,
    pub seats: u16,
    /// First and last day. `None` only for cohorts recorded before dates were kept.
    pub dates: Option<DateSpan>,
    pub call: CallWindow,
    /// `None`: the programme's list applies.
    pub eligible_countries: Option<Vec<CountryCode>>,
    /// The name of the per-diem policy the cohort's statements follow; empty when not chosen yet.
    pub per_diem_policy: String,
}

impl CohortSettings {
    /// The countries that may apply: the cohort's own list, else the programme's.
    pub fn countries<'a>(&'a self, programme: &'a [CountryCode]) -> &'a [CountryCode] {
        self.eligible_countries.as_deref().unwrap_or(programme)
    }

    /// The changed fields between two versions, for the audit log.
    pub fn changes_to(&self, after: &CohortSettings) -> ChangeSet {
        let time = |t: Option<chrono::DateTime<chrono::Utc>>| {
            t.map(|t| t.to_rfc3339()).unwrap_or_default()
        };
        let day = |d: Option<DateSpan>, first: bool| {
            d.map(|d| if first { d.start } else { d.end }.to_string())
                .unwrap_or_default()
        };
        let countries = |c: &Option<Vec<CountryCode>>| match c {
            None => "(programme's)".to_owned(),
            Some(list) => list
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        };
        ChangeSet::new()
            .field("name", &self.name, &after.name)
            .field("seats", self.seats, after.seats)
            .field("starts_on", day(self.dates, true), day(after.dates, true))
            .field("ends_on", day(self.dates, false), day(after.dates, false))
            .field(
                "call_opens_at",
                time(self.call.opens_at),
                time(after.call.opens_at),
            )
            .field(
                "call_closes_at",
                time(self.call.closes_at),
                time(after.call.closes_at),
            )
            .field("time_zone", self.call.time_zone, after.call.time_zone)
            .field(
                "eligible_countries",
                countries(&self.eligible_countries),
                countries(&after.eligible_countries),
            )
            .field(
                "per_diem_policy",
                &self.per_diem_policy,
                &after.per_diem_policy,
            )
    }

    /// Every field of a new cohort, for the audit log.
    pub fn as_new(&self) -> ChangeSet {
        let blank = CohortSettings {
            name: String::new(),
            seats: 0,
            dates: None,
            call: CallWindow {
                opens_at: None,
                closes_at: None,
                time_zone: self.call.time_zone,
            },
            eligible_countries: None,
            per_diem_policy: String::new(),
        };
        blank.changes_to(self).set("time_zone", self.call.time_zone)
    }
}

/// What a person typed into the cohort settings form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CohortInput {
    pub name: String,
    pub seats: String,
    pub starts_on: String,
    pub ends_on: String,
    /// Local date and time in `time_zone`, as `<input type="datetime-local">` sends it.
    pub call_opens_at: String,
    pub call_closes_at: String,
    pub time_zone: String,
    /// Empty: the programme's countries.
    pub eligible_countries: String,
    pub per_diem_policy: String,
}

/// What a settings change is checked against besides the form itself.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub status: CohortStatus,
    /// The settings as stored, when editing.
    pub stored: Option<&'a CohortSettings>,
    /// The phases already planned.
    pub phases: &'a [DateSpan],
}

impl Context<'_> {
    pub fn new_cohort() -> Context<'static> {
        Context {
            status: CohortStatus::Planning,
            stored: None,
            phases: &[],
        }
    }
}

impl CohortInput {
    pub fn from_settings(s: &CohortSettings) -> CohortInput {
        CohortInput {
            name: s.name.clone(),
            seats: s.seats.to_string(),
            starts_on: s.dates.map(|d| d.start.to_string()).unwrap_or_default(),
            ends_on: s.dates.map(|d| d.end.to_string()).unwrap_or_default(),
            call_opens_at: s.call.local_input(s.call.opens_at),
            call_closes_at: s.call.local_input(s.call.closes_at),
            time_zone: s.call.time_zone.name().to_owned(),
            eligible_countries: s
                .eligible_countries
                .as_ref()
                .map(|l| l.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", "))
                .unwrap_or_default(),
            per_diem_policy: s.per_diem_policy.clone(),
        }
    }

    /// Checks every field and returns all problems at once.
    pub fn validate(&self, ctx: Context<'_>) -> Result<CohortSettings, FieldErrors> {
        let mut e = FieldErrors::new();
        if !ctx.status.is_editable() {
            e.add(
                "name",
                format!(
                    "A {} cohort can no longer be changed.",
                    ctx.status.label().to_lowercase()
                ),
            );
        }
        let name = required_text(&mut e, "name", "cohort name", &self.name, 200);
        let seats = match self.seats.trim().parse::<u16>() {
            Ok(n) if (1..=MAX_SEATS).contains(&n) => n,
            _ => {
                e.add(
                    "seats",
                    format!("Enter the number of seats as a whole number from 1 to {MAX_SEATS}."),
                );
                0
            }
        };
        let dates = self.dates(&mut e, ctx.phases);
        let time_zone = parse_time_zone(&mut e, "time_zone", &self.time_zone);
        let opens_at = parse_local_time(
            &mut e,
            "call_opens_at",
            "opening of the call",
            &self.call_opens_at,
            time_zone,
            Pick::Earlier,
        );
        let closes_at = parse_local_time(
            &mut e,
            "call_closes_at",
            "deadline",
            &self.call_closes_at,
            time_zone,
            Pick::Later,
        );
        let call = CallWindow {
            opens_at,
            closes_at,
            time_zone,
        };
        check_call(&mut e, &call, dates, ctx);
        let eligible_countries = if self.eligible_countries.trim().is_empty() {
            None
        } else {
            Some(parse_country_list(
                &mut e,
                "eligible_countries",
                &self.eligible_countries,
            ))
        };
        let per_diem_policy = optional_text(
            &mut e,
            "per_diem_policy",
            "per-diem policy",
            &self.per_diem_policy,
            64,
        );
        e.into_result(CohortSettings {
            name,
            seats,
            dates,
            call,
            eligible_countries,
            per_diem_policy,
        })
    }

    fn dates(&self, e: &mut FieldErrors, phases: &[DateSpan]) -> Option<DateSpan> {
        let start = parse_date(e, "starts_on", "cohort's first day", &self.starts_on);
        let end = parse_date(e, "ends_on", "cohort's last day", &self.ends_on);
        let (start, end) = (start?, end?);
        let Some(span) = DateSpan::new(start, end) else {
            e.add("ends_on", "The last day cannot be before the first day.");
            return None;
        };
        if span.days() > MAX_DAYS {
            e.add(
                "ends_on",
                "A cohort can last at most four years; check the year of the last day.",
            );
        }
        if let Some(planned) = DateSpan::envelope(phases) {
            if planned.start < span.start {
                e.add(
                    "starts_on",
                    format!(
                        "A phase starts on {}; the cohort cannot start after it. Move the phase first.",
                        planned.start
                    ),
                );
            }
            if planned.end > span.end {
                e.add(
                    "ends_on",
                    format!(
                        "A phase ends on {}; the cohort cannot end before it. Move the phase first.",
                        planned.end
                    ),
                );
            }
        }
        Some(span)
    }
}

fn check_call(e: &mut FieldErrors, call: &CallWindow, dates: Option<DateSpan>, ctx: Context<'_>) {
    if let (Some(o), Some(c)) = (call.opens_at, call.closes_at)
        && o >= c
    {
        e.add("call_opens_at", "The call must open before its deadline.");
    }
    if let (Some(c), Some(d)) = (call.closes_at, dates)
        && c >= call.start_of_day(d.start)
    {
        e.add(
            "call_closes_at",
            format!(
                "The deadline must fall before the cohort's first day ({}).",
                d.start
            ),
        );
    }
    let Some(stored) = ctx.stored else { return };
    if ctx.status.call_is_over() {
        // The call has happened: its dates are a record of what applicants were told.
        if call.opens_at != stored.call.opens_at || call.closes_at != stored.call.closes_at {
            e.add(
                "call_closes_at",
                "The call has closed; its dates stay as they were announced.",
            );
        }
    } else if ctx.status == CohortStatus::CallOpen {
        // Applicants were promised a deadline: it may be extended, never brought forward.
        match (stored.call.closes_at, call.closes_at) {
            (Some(_), None) => e.add("call_closes_at", "The call is open: it needs its deadline."),
            (Some(before), Some(after)) if after < before => e.add(
                "call_closes_at",
                "The call is open: the deadline can be extended but not brought forward.",
            ),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests;
