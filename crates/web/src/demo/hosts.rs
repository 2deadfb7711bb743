//! Demo hosts and study visits: Gotland (the demo host account's municipality), Örebro and
//! Umeå approved, Malmö waiting for approval and Lund declined; visits of the MF call's teams in
//! every state a host meets (requested, accepted with an agenda, held, reported with its
//! report), and teams left for the matching board of that cohort to suggest.

use chrono::{DateTime, Days, NaiveDate, NaiveTime, Utc};
use itp_domain::account::Email;
use itp_domain::hosts::{
    AgendaItem, HostLanguage, HostState, Logistics, Registration, Report, Theme, VisitState,
    by_code,
};
use itp_domain::money::Money;
use itp_domain::phase::DateSpan;
use itp_persistence::hosts::visits::{self, NewVisit};
use itp_persistence::hosts::{self};
use itp_persistence::{ConnectionTrait, PersistenceError, phase, review};
use rust_decimal::Decimal;

/// The demo host account's municipality.
pub const DEMO_HOST_CODE: &str = "0980";

struct DemoHost {
    code: &'static str,
    contact: &'static str,
    email: &'static str,
    themes: &'static [Theme],
    languages: &'static [HostLanguage],
    max_visitors: u32,
    teams: u32,
    state: HostState,
}

const HOSTS: &[DemoHost] = &[
    DemoHost {
        code: DEMO_HOST_CODE,
        contact: "Erik Nilsson",
        email: "host@example.org",
        themes: &[
            Theme::ClimateEnvironment,
            Theme::MunicipalFinance,
            Theme::CitizenParticipation,
        ],
        languages: &[HostLanguage::Swedish, HostLanguage::English],
        max_visitors: 4,
        teams: 3,
        state: HostState::Approved,
    },
    DemoHost {
        code: "1880",
        contact: "Sara Lindgren",
        email: "studiebesok@orebro.example",
        themes: &[Theme::GenderEquality, Theme::ServiceDelivery],
        languages: &[HostLanguage::English, HostLanguage::French],
        max_visitors: 5,
        teams: 2,
        state: HostState::Approved,
    },
    DemoHost {
        code: "2480",
        contact: "Oskar Berglund",
        email: "internationellt@umea.example",
        themes: &[
            Theme::UrbanPlanning,
            Theme::ClimateEnvironment,
            Theme::AntiCorruption,
        ],
        languages: &[HostLanguage::English],
        max_visitors: 3,
        teams: 1,
        state: HostState::Approved,
    },
    DemoHost {
        code: "1280",
        contact: "Amina Yusuf",
        email: "international@malmo.example",
        themes: &[Theme::CitizenParticipation, Theme::UrbanPlanning],
        languages: &[HostLanguage::English, HostLanguage::Arabic],
        max_visitors: 25,
        teams: 1,
        state: HostState::Requested,
    },
    DemoHost {
        code: "1281",
        contact: "Per Holm",
        email: "kansli@lund.example",
        themes: &[Theme::ServiceDelivery],
        languages: &[HostLanguage::Swedish],
        max_visitors: 2,
        teams: 1,
        state: HostState::Declined,
    },
];

fn corrupt(m: impl std::fmt::Display) -> PersistenceError {
    PersistenceError::Corrupt(format!("demo hosts: {m}"))
}

fn around(window: DateSpan) -> Result<DateSpan, PersistenceError> {
    let from = window.start.checked_sub_days(Days::new(30));
    let to = window.end.checked_add_days(Days::new(30));
    from.zip(to)
        .and_then(|(f, t)| DateSpan::new(f, t))
        .ok_or_else(|| corrupt("window"))
}

fn at(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default()
}

fn agenda(day: NaiveDate) -> Vec<AgendaItem> {
    let next = day.succ_opt().unwrap_or(day);
    let item = |day, from, to, topic: &str, place: &str, people: &str| AgendaItem {
        day,
        starts_at: from,
        ends_at: to,
        place: place.into(),
        people: people.into(),
        topic: topic.into(),
    };
    vec![
        item(
            day,
            at(9, 0),
            at(10, 30),
            "Välkommen: så styrs Region Gotland",
            "Rådhuset, Visby",
            "Kommundirektören",
        ),
        item(
            day,
            at(11, 0),
            at(12, 30),
            "Budgetprocessen och medborgarbudget",
            "Rådhuset, Visby",
            "Ekonomichefen",
        ),
        item(
            next,
            at(9, 30),
            at(12, 0),
            "Klimatanpassning av hamnen",
            "Visby hamn",
            "Miljöstrateg Lena Ek",
        ),
    ]
}

async fn window<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
) -> Result<DateSpan, PersistenceError> {
    phase::of_cohort(conn, cohort_id)
        .await?
        .into_iter()
        .find_map(|p| p.phase.study_visits)
        .ok_or_else(|| corrupt("the MF call has no study-visit days"))
}

/// Seeds the demo hosts, available around the study-visit days of the MF call `cohort_id`;
/// returns their ids, the demo host account's (Gotland) first.
pub async fn seed_hosts<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
    now: DateTime<Utc>,
) -> Result<Vec<i32>, PersistenceError> {
    let window = window(conn, cohort_id).await?;
    let mut ids = Vec::new();
    for h in HOSTS {
        let r = Registration {
            municipality: by_code(h.code).ok_or_else(|| corrupt(h.code))?,
            contact_name: h.contact.into(),
            email: Email::parse(h.email).map_err(corrupt)?,
            phone: "+46 10 123 45 67".into(),
            themes: h.themes.to_vec(),
            languages: h.languages.to_vec(),
            max_visitors: h.max_visitors,
            teams: h.teams,
            periods: vec![around(window)?],
            note: String::new(),
        };
        let id = hosts::register(conn, &r, now).await?;
        if h.state != HostState::Requested {
            let reason = if h.state == HostState::Declined {
                "Vi har redan värdar för service i år."
            } else {
                ""
            };
            hosts::decide(conn, id, h.state, reason, now).await?;
        }
        ids.push(id);
    }
    Ok(ids)
}

/// Seeds the visits of the MF call's first teams, once its applications exist.
pub async fn seed_visits<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
    host_ids: &[i32],
    now: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    let window = window(conn, cohort_id).await?;
    let (gotland, orebro) = (host_ids[0], host_ids[1]);
    let teams: Vec<i32> = review::candidates(conn, cohort_id)
        .await?
        .iter()
        .filter_map(|c| i32::try_from(c.application_id).ok())
        .collect();
    let today = now.date_naive();
    let earlier = today
        .checked_sub_days(Days::new(40))
        .and_then(|d| DateSpan::new(d, d.succ_opt()?))
        .ok_or_else(|| corrupt("earlier dates"))?;
    let plan: [(i32, VisitState, DateSpan, Theme); 4] = [
        (
            gotland,
            VisitState::Requested,
            window,
            Theme::ClimateEnvironment,
        ),
        (
            gotland,
            VisitState::Accepted,
            window,
            Theme::MunicipalFinance,
        ),
        (orebro, VisitState::Held, earlier, Theme::GenderEquality),
        (
            gotland,
            VisitState::Reported,
            earlier,
            Theme::CitizenParticipation,
        ),
    ];
    for (&application_id, (host_id, state, dates, theme)) in teams.iter().zip(plan) {
        let id = visits::create(
            conn,
            &NewVisit {
                host_id,
                cohort_id,
                application_id,
                dates,
                theme: Some(theme),
            },
            now,
        )
        .await?;
        let path: &[VisitState] = match state {
            VisitState::Requested => &[],
            VisitState::Accepted => &[VisitState::Accepted],
            VisitState::Held => &[VisitState::Accepted, VisitState::Planned, VisitState::Held],
            _ => &[
                VisitState::Accepted,
                VisitState::Planned,
                VisitState::Held,
                VisitState::Reported,
            ],
        };
        let mut from = VisitState::Requested;
        for &to in path {
            if to == VisitState::Planned || state == VisitState::Accepted {
                visits::set_agenda(conn, id, &agenda(dates.start)).await?;
            }
            if to == VisitState::Reported {
                visits::set_report(
                    conn,
                    id,
                    &Report {
                        shown: "Budgetprocessen, medborgarbudgeten i Slite och hur nämnderna följer upp den.".into(),
                        learned: "Gruppen tog med sig idén att visa budgeten som en affisch på torget och en enkel modell för uppföljning.".into(),
                        contacts: "Anna Berg, ekonomichef, anna.berg@gotland.example".into(),
                    },
                    now,
                )
                .await?;
                visits::set_logistics(
                    conn,
                    id,
                    &Logistics {
                        local_transport:
                            "Vi hämtar gruppen vid färjan och kör buss mellan besöken.".into(),
                        lodging: "Programteamet bokar hotell i Visby.".into(),
                        compensation: Some(Money::sek(Decimal::new(196_000, 2))),
                        compensation_covers: "Lunch och lokala resor".into(),
                    },
                    now,
                )
                .await?;
            }
            visits::set_state(conn, id, from, to, None, now).await?;
            from = to;
        }
    }
    Ok(())
}
