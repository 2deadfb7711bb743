//! Cloning a cohort: the next round of a programme starts as a copy of an earlier one, every date
//! moved by the same number of days so the new first day lands where the manager wants it. Settings
//! come along; people (applicants, participants, reviewers, responsible managers) do not.

use chrono::{DateTime, Days, Utc};
use serde::{Deserialize, Serialize};

use super::CohortSettings;
use super::call::{CallWindow, Pick, local_to_utc};
use crate::phase::{DateSpan, Phase, parse_date};
use crate::validation::{FieldErrors, required_text};

/// What the clone form asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CloneInput {
    pub name: String,
    pub starts_on: String,
}

/// The new cohort's settings, ready to store, and the shift every part of the cohort moves its
/// dates by when it copies itself (the web layer's cohort parts, inside the clone's transaction).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClonePlan {
    pub settings: CohortSettings,
    /// The phases as they will be after the move: planned here so that a first day that would push
    /// any of them off the calendar is refused on the form, before anything is written.
    pub phases: Vec<Phase>,
    pub shift_days: i64,
}

/// Plans a copy of `source` (with its `phases`) starting on the typed day.
pub fn plan(
    source: &CohortSettings,
    phases: &[Phase],
    input: &CloneInput,
) -> Result<ClonePlan, FieldErrors> {
    let mut e = FieldErrors::new();
    let name = required_text(&mut e, "name", "name of the new cohort", &input.name, 200);
    let new_start = parse_date(&mut e, "starts_on", "new first day", &input.starts_on);
    let anchor = source
        .dates
        .map(|d| d.start)
        .or_else(|| phases.iter().map(|p| p.dates.start).min());
    if anchor.is_none() {
        e.add(
            "starts_on",
            "The cohort has neither dates nor phases to move; create a new cohort instead.",
        );
    }
    let (Some(new_start), Some(anchor)) = (new_start, anchor) else {
        return Err(e);
    };
    let shift_days = (new_start - anchor).num_days();
    let moved_phases: Option<Vec<Phase>> = phases.iter().map(|p| p.shifted(shift_days)).collect();
    let dates = match source.dates {
        Some(d) => d.shifted(shift_days),
        None => moved_phases
            .as_ref()
            .and_then(|ps| DateSpan::envelope(ps.iter().map(|p| &p.dates))),
    };
    let (Some(moved_phases), Some(dates)) = (moved_phases, dates) else {
        e.add("starts_on", "The dates would fall outside the calendar.");
        return Err(e);
    };
    if chrono::Datelike::year(&dates.end) > 2100 {
        e.add("starts_on", "The new dates would end after the year 2100.");
    }
    let call = CallWindow {
        opens_at: source
            .call
            .opens_at
            .and_then(|t| shift_local(t, shift_days, &source.call, Pick::Earlier)),
        closes_at: source
            .call
            .closes_at
            .and_then(|t| shift_local(t, shift_days, &source.call, Pick::Later)),
        time_zone: source.call.time_zone,
    };
    e.into_result(ClonePlan {
        settings: CohortSettings {
            name,
            seats: source.seats,
            dates: Some(dates),
            call,
            eligible_countries: source.eligible_countries.clone(),
            per_diem_policy: source.per_diem_policy.clone(),
        },
        phases: moved_phases,
        shift_days,
    })
}

/// Moves an instant by whole days on the wall clock of the call's zone, so a deadline at 23:59
/// stays at 23:59 across a change to or from summer time. A wall time that does not exist on the
/// new day (clocks going forward) moves on by an hour.
fn shift_local(
    instant: DateTime<Utc>,
    days: i64,
    call: &CallWindow,
    pick: Pick,
) -> Option<DateTime<Utc>> {
    let local = instant.with_timezone(&call.time_zone).naive_local();
    let by = Days::new(days.unsigned_abs());
    let moved = if days >= 0 {
        local.checked_add_days(by)?
    } else {
        local.checked_sub_days(by)?
    };
    local_to_utc(call.time_zone, moved, pick)
        .or_else(|| local_to_utc(call.time_zone, moved + chrono::Duration::hours(1), pick))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cohort::DEFAULT_TIME_ZONE;
    use crate::phase::PhaseInput;
    use chrono::{NaiveDate, TimeZone};
    use proptest::prelude::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn source() -> (CohortSettings, Vec<Phase>) {
        let dates = DateSpan::new(day("2026-02-02"), day("2027-09-30"));
        let settings = CohortSettings {
            name: "Gender Mainstreaming 2026".into(),
            seats: 25,
            dates,
            call: CallWindow {
                opens_at: None,
                // 23:59 in Stockholm winter time.
                closes_at: Some(Utc.with_ymd_and_hms(2025, 10, 31, 22, 59, 0).unwrap()),
                time_zone: DEFAULT_TIME_ZONE,
            },
            eligible_countries: None,
            per_diem_policy: "ICLD 2020".into(),
        };
        let sweden = PhaseInput {
            kind: "sweden_phase".into(),
            title: "Sweden phase".into(),
            starts_on: "2027-05-10".into(),
            ends_on: "2027-05-21".into(),
            study_visits_start: "2027-05-17".into(),
            study_visits_end: "2027-05-18".into(),
            compulsory: true,
            ..Default::default()
        }
        .validate(dates)
        .unwrap();
        let inception = PhaseInput {
            kind: "regional_workshop".into(),
            title: "Inception".into(),
            starts_on: "2026-02-15".into(),
            ends_on: "2026-02-18".into(),
            country: "ZM".into(),
            compulsory: true,
            ..Default::default()
        }
        .validate(dates)
        .unwrap();
        (settings, vec![inception, sweden])
    }

    #[test]
    fn phases_and_dates_move_together_and_settings_are_copied() {
        let (s, phases) = source();
        let plan = plan(
            &s,
            &phases,
            &CloneInput {
                name: "Gender Mainstreaming 2027".into(),
                starts_on: "2027-02-01".into(),
            },
        )
        .unwrap();
        assert_eq!(plan.shift_days, 364);
        assert_eq!(plan.settings.dates.unwrap().start, day("2027-02-01"));
        assert_eq!(plan.phases[0].dates.start, day("2027-02-14"));
        assert_eq!(
            plan.phases[1].study_visits.unwrap().start,
            day("2028-05-15")
        );
        assert_eq!(plan.settings.seats, 25);
        assert_eq!(plan.settings.per_diem_policy, "ICLD 2020");
    }

    #[test]
    fn the_deadline_keeps_its_wall_clock_time() {
        let (s, phases) = source();
        let plan = plan(
            &s,
            &phases,
            &CloneInput {
                name: "Next".into(),
                // Moves the 31 October deadline into summer time (early June).
                starts_on: "2026-09-01".into(),
            },
        )
        .unwrap();
        let closes = plan.settings.call.closes_at.unwrap();
        assert_eq!(
            closes
                .with_timezone(&DEFAULT_TIME_ZONE)
                .format("%H:%M")
                .to_string(),
            "23:59"
        );
    }

    #[test]
    fn a_missing_name_or_day_is_reported() {
        let (s, phases) = source();
        let e = plan(&s, &phases, &CloneInput::default()).unwrap_err();
        assert!(e.for_field("name").is_some());
        assert!(e.for_field("starts_on").is_some());
    }

    proptest! {
        #[test]
        fn every_phase_stays_inside_the_moved_cohort(offset in -3000i64..3000) {
            let (s, phases) = source();
            let start = day("2026-02-02") + chrono::Duration::days(offset);
            let p = plan(&s, &phases, &CloneInput { name: "X".into(), starts_on: start.to_string() }).unwrap();
            let dates = p.settings.dates.unwrap();
            prop_assert_eq!(dates.start, start);
            prop_assert_eq!(dates.days(), s.dates.unwrap().days());
            for (new, old) in p.phases.iter().zip(&phases) {
                prop_assert!(dates.contains(&new.dates));
                prop_assert_eq!(new.dates.days(), old.dates.days());
                if let Some(v) = new.study_visits { prop_assert!(new.dates.contains(&v)); }
            }
        }
    }
}
