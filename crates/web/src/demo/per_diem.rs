//! Demo per diems: ICLD's own policy for participants (named by every demo cohort), and a few
//! statements in each state, computed by the real engine from the stored rates: a Swedish mentor
//! at an inception workshop in Kampala under Skatteverket's rules, participants' Sweden phases
//! under the programme policy, and a Swedish resource person at a study visit in Visby.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Utc};
use itp_domain::country::CountryCode;
use itp_domain::per_diem::{
    MealPercentages, Policy, ProgrammePolicyVersion, StatementState, Trip, quote,
};
use itp_domain::role::Role;
use itp_persistence::per_diem::statements::{self, StatementContent};
use itp_persistence::per_diem::{cohorts, policies, rates};
use itp_persistence::{ConnectionTrait, PersistenceError, Result};
use rust_decimal::Decimal;

pub struct DemoCohort {
    pub programme_code: &'static str,
    pub status: &'static str,
    pub id: i32,
}

const POLICY: &str = "ICLD";

fn version(valid_from: &str, sweden: i64) -> Result<ProgrammePolicyVersion> {
    Ok(ProgrammePolicyVersion {
        valid_from: valid_from
            .parse()
            .map_err(|e| PersistenceError::Corrupt(format!("demo policy date: {e}")))?,
        // ICLD pays no per diem for workshops outside Sweden since 2020.
        daily_rates: BTreeMap::from([(CountryCode::sweden(), Decimal::from(sweden))]),
        travel_day_percent: Decimal::from(50),
        meal_percentages: MealPercentages {
            breakfast: Decimal::from(15),
            lunch: Decimal::from(35),
            dinner: Decimal::from(35),
        },
    })
}

struct DemoStatement {
    programme: &'static str,
    cohort_status: &'static str,
    traveller: &'static str,
    account: Option<Role>,
    phase: &'static str,
    trip: String,
    state: StatementState,
}

fn trip(policy: &str, departure: &str, ret: &str, stays: &str, meals: &str) -> String {
    format!(
        r#"{{"policy": "{policy}", "departure": "{departure}", "return": "{ret}",
            "stays": [{stays}], "free_meals": {{{meals}}}}}"#
    )
}

/// The participants' Sweden phase of `year`: out from East Africa on the evening of 9 May, in
/// Sweden 10–21 May with breakfast at the hotel and lunch on programme days, home on 22 May.
fn sweden_phase(year: i32, month: u32) -> String {
    let d = |day: u32| format!("{year}-{month:02}-{day:02}");
    let mut meals: Vec<String> = (10..=21)
        .map(|day| {
            let programme_day = !matches!(day, 16 | 17);
            let mut m = vec!["\"breakfast\""];
            if programme_day {
                m.push("\"lunch\"");
            }
            if day == 10 || day == 20 {
                m.push("\"dinner\"");
            }
            format!("\"{}\": [{}]", d(day), m.join(", "))
        })
        .collect();
    meals.sort();
    trip(
        &format!("programme:{POLICY}"),
        &format!("{}T21:00", d(9)),
        &format!("{}T06:00", d(22)),
        &format!(
            r#"{{"country": "SE", "from": "{}T07:00", "to": "{}T16:00"}}"#,
            d(10),
            d(21)
        ),
        &meals.join(", "),
    )
}

pub async fn seed<C: ConnectionTrait>(
    conn: &C,
    now: DateTime<Utc>,
    demo_cohorts: &[DemoCohort],
    users: &[(Role, i32)],
) -> Result<()> {
    let id = policies::create(
        conn,
        POLICY,
        "ICLD participants",
        &version("2020-01-01", 250)?,
        now,
    )
    .await?;
    policies::add_version(conn, id, &version("2025-01-01", 280)?, now).await?;
    for c in demo_cohorts {
        cohorts::set_policy(conn, c.id, Some(POLICY), now).await?;
    }

    let table = rates::load_table(conn).await?;
    let year = now.year();
    // The shipped tables cover Skatteverket's 2024 list; trips abroad use the latest foreign
    // year there is, trips in Sweden the latest domestic year up to this one.
    let foreign_year = table.foreign_years().max().unwrap_or(2024);
    let domestic_year = table
        .domestic_maximums()
        .map(|(y, _)| y)
        .filter(|y| *y <= year)
        .max()
        .unwrap_or(year);
    let kampala = trip(
        "skatteverket",
        &format!("{foreign_year}-11-10T07:30"),
        &format!("{foreign_year}-11-15T21:40"),
        &format!(
            r#"{{"country": "UG", "from": "{foreign_year}-11-10T18:00", "to": "{foreign_year}-11-15T08:00"}}"#
        ),
        &(11..=15)
            .map(|day| {
                let lunch = if day < 15 { r#", "lunch""# } else { "" };
                format!(r#""{foreign_year}-11-{day}": ["breakfast"{lunch}]"#)
            })
            .collect::<Vec<_>>()
            .join(", "),
    );
    let visby = trip(
        "skatteverket",
        &format!("{domestic_year}-09-14T06:40"),
        &format!("{domestic_year}-09-15T20:30"),
        &format!(
            r#"{{"country": "SE", "from": "{domestic_year}-09-14T09:00", "to": "{domestic_year}-09-15T17:30"}}"#
        ),
        &format!(
            r#""{domestic_year}-09-14": ["lunch", "dinner"], "{domestic_year}-09-15": ["breakfast", "lunch"]"#
        ),
    );
    let demo = [
        DemoStatement {
            programme: "MF",
            cohort_status: "completed",
            traveller: "Karin Sjöberg",
            account: None,
            phase: "Inception workshop, Kampala (mentor)",
            trip: kampala,
            state: StatementState::Paid,
        },
        DemoStatement {
            programme: "MF",
            cohort_status: "running",
            traveller: "Grace Namubiru",
            account: Some(Role::Applicant),
            phase: "Sweden phase",
            trip: sweden_phase(year, 5),
            state: StatementState::Approved,
        },
        DemoStatement {
            programme: "GM",
            cohort_status: "running",
            traveller: "Joseph Mwale",
            account: None,
            phase: "Sweden phase",
            trip: sweden_phase(year, 9),
            state: StatementState::Draft,
        },
        DemoStatement {
            programme: "GM",
            cohort_status: "running",
            traveller: "Anders Holm",
            account: None,
            phase: "Study visit, Region Gotland (resource person)",
            trip: visby,
            state: StatementState::Draft,
        },
    ];
    let user = |role: Role| users.iter().find(|(r, _)| *r == role).map(|(_, id)| *id);
    let programme_policy = policies::find_by_code(conn, POLICY)
        .await?
        .ok_or_else(|| PersistenceError::Corrupt("demo policy missing".into()))?
        .policy;
    for d in demo {
        let corrupt = |e: &dyn std::fmt::Display| {
            PersistenceError::Corrupt(format!("demo statement for {}: {e}", d.traveller))
        };
        let cohort = demo_cohorts
            .iter()
            .find(|c| c.programme_code == d.programme && c.status == d.cohort_status)
            .ok_or_else(|| corrupt(&"no such demo cohort"))?;
        let trip = Trip::from_json(&d.trip).map_err(|e| corrupt(&e))?;
        let policy = match trip.policy() {
            itp_domain::per_diem::PolicyRef::Skatteverket => Policy::Skatteverket,
            itp_domain::per_diem::PolicyRef::Programme(_) => {
                Policy::Programme(programme_policy.clone())
            }
        };
        let statement = quote(&trip, &policy, &table).map_err(|e| corrupt(&e))?;
        let content = StatementContent {
            traveller_name: d.traveller,
            traveller_user_id: d.account.and_then(user),
            phase_label: Some(d.phase),
            trip: &trip,
            statement: &statement,
        };
        let manager = user(Role::ProgrammeManager);
        let finance = user(Role::Finance);
        let id = statements::insert(conn, cohort.id, &content, manager, now).await?;
        if d.state != StatementState::Draft {
            statements::transition(
                conn,
                id,
                StatementState::Draft,
                StatementState::Approved,
                finance,
                now,
            )
            .await?;
        }
        if d.state == StatementState::Paid {
            statements::transition(
                conn,
                id,
                StatementState::Approved,
                StatementState::Paid,
                finance,
                now,
            )
            .await?;
        }
    }
    Ok(())
}
