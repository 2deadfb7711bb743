//! Demo cohorts with realistic phases. Dates are placed around "now" so that every cohort's status
//! agrees with the lifecycle rules: a completed cohort's last phase is over, a running one has
//! begun, an open call's deadline is ahead, and a closed-for-selection call's deadline has passed.

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use chrono_tz::Tz;
use itp_domain::cohort::call::{Pick, local_to_utc};
use itp_domain::cohort::{CallWindow, CohortSettings, CohortStatus};
use itp_domain::country::CountryCode;
use itp_domain::phase::{DateSpan, Phase, PhaseKind};
use itp_persistence::cohort::{self, NewCohort};
use itp_persistence::{DatabaseTransaction, PersistenceError, phase};

use crate::security::tokens::new_token;

/// A phase as an offset from the cohort's first day.
#[derive(Clone, Copy)]
struct Step {
    kind: PhaseKind,
    title: &'static str,
    day: u64,
    days: u64,
    place: (&'static str, &'static str, &'static str),
    compulsory: bool,
    /// First study-visit day, counted from the phase's first day (two days long).
    study_visits: Option<u64>,
}

const fn step(
    kind: PhaseKind,
    title: &'static str,
    day: u64,
    days: u64,
    place: (&'static str, &'static str, &'static str),
) -> Step {
    Step {
        kind,
        title,
        day,
        days,
        place,
        compulsory: true,
        study_visits: None,
    }
}

const SWEDEN: (&str, &str, &str) = ("SE", "Visby", "ICLD, Visby, and host municipalities");
const ONLINE: (&str, &str, &str) = ("", "", "");

/// Gender Mainstreaming as the domain notes describe a round of it: inception in Zambia, follow-up
/// in Kenya, team visit in Tanzania, the Sweden phase, and the final workshop in Uganda.
const GENDER_MAINSTREAMING: &[Step] = &[
    step(
        PhaseKind::RegionalWorkshop,
        "Inception workshop",
        0,
        4,
        ("ZM", "Lusaka", "Mulungushi International Conference Centre"),
    ),
    step(
        PhaseKind::HomeBasedWork,
        "Change project at home",
        4,
        575,
        ONLINE,
    ),
    step(
        PhaseKind::RegionalWorkshop,
        "Follow-up workshop",
        217,
        5,
        ("KE", "Nairobi", "Kenya School of Government"),
    ),
    step(
        PhaseKind::RegionalWorkshop,
        "Team visit",
        294,
        5,
        ("TZ", "Dar es Salaam", ""),
    ),
    Step {
        study_visits: Some(7),
        ..step(PhaseKind::SwedenPhase, "Sweden phase", 448, 12, SWEDEN)
    },
    step(
        PhaseKind::Closing,
        "Final workshop",
        581,
        5,
        ("UG", "Kampala", "Uganda Management Institute"),
    ),
];

/// The common shape of the other programmes, about fifteen months long. Workshops start on a
/// Monday, as the cohort does.
fn usual(
    first: (&'static str, &'static str),
    follow_up: (&'static str, &'static str),
    closing: (&'static str, &'static str),
) -> Vec<Step> {
    vec![
        Step {
            compulsory: false,
            ..step(PhaseKind::Online, "Online kick-off", 0, 2, ONLINE)
        },
        step(
            PhaseKind::RegionalWorkshop,
            "Regional workshop",
            28,
            5,
            (first.0, first.1, ""),
        ),
        step(
            PhaseKind::HomeBasedWork,
            "Change project at home",
            33,
            205,
            ONLINE,
        ),
        Step {
            study_visits: Some(8),
            ..step(PhaseKind::SwedenPhase, "Sweden phase", 238, 14, SWEDEN)
        },
        step(
            PhaseKind::RegionalWorkshop,
            "Follow-up workshop",
            378,
            4,
            (follow_up.0, follow_up.1, ""),
        ),
        step(
            PhaseKind::Closing,
            "Closing seminar",
            448,
            3,
            (closing.0, closing.1, ""),
        ),
    ]
}

fn template(code: &str) -> Vec<Step> {
    match code {
        "GM" => GENDER_MAINSTREAMING.to_vec(),
        "MF" => usual(("UG", "Kampala"), ("ZM", "Lusaka"), ("ZA", "Pretoria")),
        "WPL" => usual(("KE", "Nairobi"), ("GE", "Tbilisi"), ("", "")),
        "LLG" => usual(("NA", "Windhoek"), ("BW", "Gaborone"), ("KE", "Nairobi")),
        "RBA" => usual(("BA", "Sarajevo"), ("MD", "Chișinău"), ("MK", "Skopje")),
        _ => usual(("ZA", "Johannesburg"), ("BW", "Gaborone"), ("ZM", "Lusaka")),
    }
}

fn add(d: NaiveDate, days: u64) -> NaiveDate {
    d.checked_add_days(Days::new(days)).unwrap_or(d)
}

fn sub(d: NaiveDate, days: u64) -> NaiveDate {
    d.checked_sub_days(Days::new(days)).unwrap_or(d)
}

/// Cohorts start on a Monday.
fn monday_on_or_after(d: NaiveDate) -> NaiveDate {
    let ahead = (7 - d.weekday().num_days_from_monday()) % 7;
    add(d, u64::from(ahead))
}

fn phases(code: &str, start: NaiveDate) -> Result<Vec<Phase>, PersistenceError> {
    template(code)
        .iter()
        .map(|s| {
            let first = add(start, s.day);
            let dates = DateSpan::new(first, add(first, s.days - 1))
                .ok_or_else(|| PersistenceError::Corrupt("demo phase dates".into()))?;
            let country = match s.place.0 {
                "" => None,
                c => Some(
                    CountryCode::parse(c).map_err(|e| PersistenceError::Corrupt(e.to_string()))?,
                ),
            };
            Ok(Phase {
                kind: s.kind,
                title: s.title.to_owned(),
                dates,
                country,
                city: s.place.1.to_owned(),
                venue: s.place.2.to_owned(),
                compulsory: s.compulsory,
                study_visits: s.study_visits.and_then(|o| {
                    let v = add(first, o);
                    DateSpan::new(v, add(v, 1))
                }),
            })
        })
        .collect()
}

/// 23:59 on `day` in `tz`: how ICLD words a deadline.
fn end_of_day(day: NaiveDate, tz: Tz) -> Option<DateTime<Utc>> {
    local_to_utc(tz, day.and_hms_opt(23, 59, 0)?, Pick::Later)
}

fn nine_am(day: NaiveDate, tz: Tz) -> Option<DateTime<Utc>> {
    local_to_utc(tz, day.and_hms_opt(9, 0, 0)?, Pick::Earlier)
}

/// A cohort the demo made, for granting roles on it afterwards.
pub struct DemoCohort {
    pub id: i32,
    pub code: &'static str,
    pub status: CohortStatus,
}

/// One programme's cohorts: last round (completed), this round (running or in selection), next
/// round (call open or still planned), and for one programme a cancelled round.
pub async fn seed(
    tx: &DatabaseTransaction,
    now: DateTime<Utc>,
    index: usize,
    programme_id: i32,
    code: &'static str,
    short_name: &str,
) -> Result<Vec<DemoCohort>, PersistenceError> {
    let year = now.year();
    let today = now.date_naive();
    let tz: Tz = if code == "RBA" {
        chrono_tz::Europe::Belgrade
    } else {
        chrono_tz::Africa::Nairobi
    };
    let length = template(code)
        .iter()
        .map(|s| s.day + s.days)
        .max()
        .unwrap_or(365);
    let i = index as u64;
    let this_round = if index.is_multiple_of(2) {
        CohortStatus::Running
    } else {
        CohortStatus::Selection
    };
    let next_round = if index < 4 {
        CohortStatus::CallOpen
    } else {
        CohortStatus::Planning
    };
    // (name, status, first day, deadline day)
    let mut rounds = vec![
        {
            let start = monday_on_or_after(sub(today, 45 + length + 7 * i));
            (
                format!("{short_name} {}", year - 1),
                CohortStatus::Completed,
                start,
                sub(start, 120),
            )
        },
        match this_round {
            CohortStatus::Running => {
                let start = monday_on_or_after(sub(today, 150 + 3 * i));
                (
                    format!("{short_name} {year}"),
                    this_round,
                    start,
                    sub(start, 120),
                )
            }
            _ => {
                let deadline = sub(today, 10 + i);
                (
                    format!("{short_name} {year}"),
                    this_round,
                    monday_on_or_after(add(today, 60)),
                    deadline,
                )
            }
        },
        match next_round {
            CohortStatus::CallOpen => {
                let deadline = add(today, 40 + 7 * i);
                (
                    format!("{short_name} {}", year + 1),
                    next_round,
                    monday_on_or_after(add(deadline, 100)),
                    deadline,
                )
            }
            _ => {
                let start = monday_on_or_after(add(today, 300));
                (
                    format!("{short_name} {}", year + 1),
                    next_round,
                    start,
                    sub(start, 150),
                )
            }
        },
    ];
    if code == "WPL" {
        let start = monday_on_or_after(add(today, 120));
        rounds.push((
            format!("{short_name} {year} (second round)"),
            CohortStatus::Cancelled,
            start,
            sub(start, 90),
        ));
    }

    let mut made = Vec::new();
    for (name, status, start, deadline) in rounds {
        let planned = phases(code, start)?;
        let dates = DateSpan::envelope(planned.iter().map(|p| &p.dates))
            .ok_or_else(|| PersistenceError::Corrupt("demo cohort without phases".into()))?;
        let settings = CohortSettings {
            name,
            seats: if code == "GM" { 24 } else { 25 },
            dates: Some(dates),
            call: CallWindow {
                opens_at: nine_am(sub(deadline, 75), tz),
                closes_at: end_of_day(deadline, tz),
                time_zone: tz,
            },
            // One round narrows the programme's list: Zimbabwe took part only once.
            eligible_countries: (code == "MF" && status == CohortStatus::CallOpen).then(|| {
                ["BW", "ZA", "TZ", "UG", "ZM"]
                    .iter()
                    .filter_map(|c| CountryCode::parse(c).ok())
                    .collect()
            }),
            per_diem_policy: "ICLD 2020".into(),
        };
        let id = cohort::create(
            tx,
            NewCohort {
                programme_id,
                settings: &settings,
                status,
                calendar_token: &new_token(),
                cloned_from_id: None,
            },
            now,
        )
        .await?;
        for p in &planned {
            phase::create(tx, id, p, now).await?;
        }
        if status == CohortStatus::Cancelled {
            cohort::set_status(
                tx,
                id,
                status,
                Some("Postponed: local elections in several eligible countries fall in the same months."),
                now,
            )
            .await?;
        }
        made.push(DemoCohort { id, code, status });
    }
    Ok(made)
}
