//! The dates a cohort's dashboard lists, and which of them comes next.

use chrono::{DateTime, Utc};

use super::CohortSettings;
use crate::phase::{Phase, PhaseKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum When {
    /// A moment, such as the deadline.
    At(DateTime<Utc>),
    /// A whole day in the cohort's zone.
    Day(chrono::NaiveDate),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyDate {
    pub label: String,
    pub when: When,
    /// Whether this is a deadline someone must meet (shown as "next deadline").
    pub deadline: bool,
}

impl KeyDate {
    /// The instant the date is over: the moment itself, or the end of the day in the cohort's zone.
    fn passes_at(&self, s: &CohortSettings) -> DateTime<Utc> {
        match self.when {
            When::At(t) => t,
            When::Day(d) => s.call.start_of_day(d.succ_opt().unwrap_or(d)),
        }
    }
}

/// Every key date in time order: the call, the cohort's first and last day, and each phase's
/// start (with the study visits of a Sweden phase), leaving out home-based work.
pub fn key_dates(s: &CohortSettings, phases: &[&Phase]) -> Vec<KeyDate> {
    let mut out = Vec::new();
    if let Some(o) = s.call.opens_at {
        out.push(KeyDate {
            label: "Call opens".into(),
            when: When::At(o),
            deadline: false,
        });
    }
    if let Some(c) = s.call.closes_at {
        out.push(KeyDate {
            label: "Deadline for applications".into(),
            when: When::At(c),
            deadline: true,
        });
    }
    if let Some(d) = s.dates {
        out.push(KeyDate {
            label: "Cohort starts".into(),
            when: When::Day(d.start),
            deadline: false,
        });
        out.push(KeyDate {
            label: "Cohort ends".into(),
            when: When::Day(d.end),
            deadline: false,
        });
    }
    // Home-based work runs quietly between the workshops; its start is no date anyone plans around.
    for p in phases.iter().filter(|p| p.kind != PhaseKind::HomeBasedWork) {
        out.push(KeyDate {
            label: format!("{} starts", p.title),
            when: When::Day(p.dates.start),
            deadline: false,
        });
        if p.kind == PhaseKind::SwedenPhase
            && let Some(v) = p.study_visits
        {
            out.push(KeyDate {
                label: format!("Study visits ({})", p.title),
                when: When::Day(v.start),
                deadline: false,
            });
        }
    }
    out.sort_by_key(|k| k.passes_at(s));
    out
}

/// The first key date not yet over at `now`.
pub fn next<'a>(
    s: &CohortSettings,
    dates: &'a [KeyDate],
    now: DateTime<Utc>,
) -> Option<&'a KeyDate> {
    dates.iter().find(|k| k.passes_at(s) > now)
}

/// The next deadline not yet passed at `now`.
pub fn next_deadline<'a>(
    s: &CohortSettings,
    dates: &'a [KeyDate],
    now: DateTime<Utc>,
) -> Option<&'a KeyDate> {
    dates.iter().find(|k| k.deadline && k.passes_at(s) > now)
}

/// The key dates that fall from `now` up to `days` days ahead, in time order: "this week" on a
/// start page.
pub fn within<'a>(
    s: &CohortSettings,
    dates: &'a [KeyDate],
    now: DateTime<Utc>,
    days: i64,
) -> Vec<&'a KeyDate> {
    let until = now + chrono::Duration::days(days);
    dates
        .iter()
        .filter(|k| {
            let over = k.passes_at(s);
            let starts = match k.when {
                When::At(t) => t,
                When::Day(d) => s.call.start_of_day(d),
            };
            over > now && starts <= until
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cohort::{CohortInput, Context};
    use crate::phase::{DateSpan, PhaseInput};
    use chrono::TimeZone;

    #[test]
    fn dates_come_in_order_and_the_next_one_is_found() {
        let s = CohortInput {
            name: "GM".into(),
            seats: "25".into(),
            starts_on: "2027-06-01".into(),
            ends_on: "2028-09-30".into(),
            call_closes_at: "2027-03-31T23:59".into(),
            time_zone: "Africa/Nairobi".into(),
            ..Default::default()
        }
        .validate(Context::new_cohort())
        .unwrap();
        let sweden = PhaseInput {
            kind: "sweden_phase".into(),
            title: "Sweden phase".into(),
            starts_on: "2028-05-08".into(),
            ends_on: "2028-05-19".into(),
            study_visits_start: "2028-05-15".into(),
            study_visits_end: "2028-05-16".into(),
            ..Default::default()
        }
        .validate(DateSpan::new(
            chrono::NaiveDate::from_ymd_opt(2027, 6, 1).unwrap(),
            chrono::NaiveDate::from_ymd_opt(2028, 9, 30).unwrap(),
        ))
        .unwrap();
        let dates = key_dates(&s, &[&sweden]);
        let labels: Vec<&str> = dates.iter().map(|k| k.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "Deadline for applications",
                "Cohort starts",
                "Sweden phase starts",
                "Study visits (Sweden phase)",
                "Cohort ends"
            ]
        );
        let before = Utc.with_ymd_and_hms(2027, 3, 31, 20, 0, 0).unwrap();
        assert_eq!(
            next_deadline(&s, &dates, before).unwrap().label,
            "Deadline for applications"
        );
        let after = Utc.with_ymd_and_hms(2027, 3, 31, 21, 0, 0).unwrap();
        assert!(next_deadline(&s, &dates, after).is_none());
        assert_eq!(next(&s, &dates, after).unwrap().label, "Cohort starts");
    }

    #[test]
    fn this_week_holds_what_falls_in_the_next_seven_days_and_nothing_past() {
        let s = CohortInput {
            name: "GM".into(),
            seats: "25".into(),
            starts_on: "2027-04-05".into(),
            ends_on: "2028-09-30".into(),
            call_closes_at: "2027-03-31T23:59".into(),
            time_zone: "Africa/Nairobi".into(),
            ..Default::default()
        }
        .validate(Context::new_cohort())
        .unwrap();
        let dates = key_dates(&s, &[]);
        let labels = |now| {
            within(&s, &dates, now, 7)
                .iter()
                .map(|k| k.label.clone())
                .collect::<Vec<_>>()
        };
        let monday = Utc.with_ymd_and_hms(2027, 3, 29, 9, 0, 0).unwrap();
        assert_eq!(
            labels(monday),
            ["Deadline for applications", "Cohort starts"]
        );
        let after_deadline = Utc.with_ymd_and_hms(2027, 4, 1, 9, 0, 0).unwrap();
        assert_eq!(labels(after_deadline), ["Cohort starts"]);
        let long_before = Utc.with_ymd_and_hms(2027, 1, 1, 9, 0, 0).unwrap();
        assert!(labels(long_before).is_empty());
    }
}
