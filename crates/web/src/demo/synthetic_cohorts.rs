//! Synthetic cohorts for load tests (`itp seed --cohorts N`): N completed cohorts spread over
//! the demo's programmes and the last three years, each with every budget line planned and a
//! few dozen cost items (one in five in US dollars, two in three paid), so finance's totals
//! across cohorts read as many budgets as a real archive holds.

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc};
use itp_domain::budget::{Category, LinePlan};
use itp_domain::cohort::{CallWindow, CohortSettings, CohortStatus};
use itp_domain::phase::DateSpan;
use itp_domain::{Code, Money};
use itp_persistence::budget::cost_items;
use itp_persistence::budget::lines::{self, Saved};
use itp_persistence::cohort::{self, NewCohort};
use itp_persistence::{PersistenceError, programme};
use rust_decimal::Decimal;

use super::synthetic_costs::{cost, usd_rate};
use crate::app::AppState;
use crate::ops::{Context, OpError};
use crate::security::tokens::new_token;

const NAME: &str = "Synthetic cohort";
/// A cohort runs five months, from a Monday between February and June of its year, so every
/// one of them is over and its status is completed.
const DAYS: i64 = 150;

/// What the seed added, for the command to print.
pub struct Seeded {
    pub cohorts: usize,
    /// The numbers in the names: "Synthetic cohort 1" to "Synthetic cohort 60".
    pub numbers: (usize, usize),
    pub years: (i32, i32),
    pub lines: usize,
    pub planned: Money,
    pub cost_items: usize,
    pub committed: Money,
    pub paid: Money,
}

/// One line for the command, amounts as scripts read them (`817500.00 SEK`).
impl std::fmt::Display for Seeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} cohorts added ({NAME} {} to {}, {} to {}): {} budget lines planned at {} SEK; \
             {} cost items committed for {} SEK, {} SEK of it paid",
            self.cohorts,
            self.numbers.0,
            self.numbers.1,
            self.years.0,
            self.years.1,
            self.lines,
            self.planned.plain(),
            self.cost_items,
            self.committed.plain(),
            self.paid.plain()
        )
    }
}

/// The planned amount of the `k`th line of the `i`th seeded cohort, in SEK: 15,000 to 37,500
/// by line, a thousand more for each step of five cohorts.
fn planned(i: usize, k: usize) -> Money {
    Money::sek(Decimal::from(15_000 + 2_500 * k + 1_000 * (i % 5)))
}

/// The `i`th cohort's programme (by turns), year (one of the three before this one, the next
/// after each round of the programmes) and first day (a Monday from February on).
fn placement(i: usize, programmes: usize, this_year: i32) -> (usize, i32, NaiveDate) {
    let year = this_year - 1 - ((i / programmes) % 3) as i32;
    let february = NaiveDate::from_ymd_opt(year, 2, 1).unwrap_or_default();
    let monday = february
        + Duration::days(
            i64::from((7 - february.weekday().num_days_from_monday()) % 7) + 7 * (i % 20) as i64,
        );
    (i % programmes, year, monday)
}

/// Adds `n` cohorts with budgets and costs in one unit of work.
pub async fn seed(state: &AppState, n: usize) -> Result<Seeded, String> {
    let op = |e: OpError| e.to_string();
    let e = |e: PersistenceError| e.to_string();
    let ctx = Context::system(state, "itp seed");
    let uow = ctx.begin().await.map_err(op)?;
    let conn = uow.conn();
    let now = uow.now();
    let programmes = programme::list_summaries(conn, false).await.map_err(e)?;
    if programmes.is_empty() {
        return Err("no programme: run with the demo data".into());
    }
    // A second seed numbers on, so every cohort's name stays its own.
    let mut earlier = 0;
    for p in &programmes {
        earlier += cohort::of_programme(conn, p.id)
            .await
            .map_err(e)?
            .iter()
            .filter(|c| c.settings.name.starts_with(NAME))
            .count();
    }
    let usd_rate = usd_rate(now.date_naive());
    let mut years = (i32::MAX, i32::MIN);
    let mut lines = 0;
    let mut planned_sek = Decimal::ZERO;
    let mut costs = Vec::new();
    for i in 0..n {
        let (p, year, start) = placement(i, programmes.len(), now.year());
        years = (years.0.min(year), years.1.max(year));
        let deadline = (start - Duration::days(120))
            .and_hms_opt(20, 59, 0)
            .map(|t| Utc.from_utc_datetime(&t));
        let settings = CohortSettings {
            name: format!("{NAME} {}", earlier + i + 1),
            seats: 25,
            dates: DateSpan::new(start, start + Duration::days(DAYS - 1)),
            call: CallWindow {
                opens_at: deadline.map(|d| d - Duration::days(75)),
                closes_at: deadline,
                time_zone: chrono_tz::Africa::Nairobi,
            },
            eligible_countries: None,
            per_diem_policy: "ICLD 2020".into(),
        };
        let id = cohort::create(
            conn,
            NewCohort {
                programme_id: programmes[p].id,
                settings: &settings,
                status: CohortStatus::Completed,
                calendar_token: &new_token(),
                cloned_from_id: None,
            },
            now,
        )
        .await
        .map_err(e)?;
        for (k, category) in Category::ALL.iter().enumerate() {
            let plan = LinePlan {
                planned: planned(i, k),
                unit_cost: None,
                note: String::new(),
            };
            if let Saved::Stale(_) = lines::save_plan(conn, id, *category, 0, &plan, None, now)
                .await
                .map_err(e)?
            {
                return Err(format!("cohort {id} had a {category:?} line already"));
            }
            lines += 1;
            planned_sek += plan.planned.amount();
        }
        for j in 0..30 + i % 13 {
            costs.push((id, start + Duration::days((j as i64 * 11) % DAYS)));
        }
    }
    let descriptions: Vec<String> = (0..costs.len())
        .map(|g| format!("{NAME} cost {}", g + 1))
        .collect();
    let items = costs
        .iter()
        .zip(&descriptions)
        .enumerate()
        .map(|(g, ((id, on), description))| cost(*id, g, description, *on, &usd_rate))
        .collect::<Result<Vec<_>, String>>()?;
    let sek = |paid_only: bool| {
        Money::sek(
            items
                .iter()
                .filter(|item| !paid_only || item.paid.is_some())
                .map(|item| item.conversion.sek.amount())
                .sum(),
        )
    };
    let written = cost_items::insert_synthetic(conn, &items, now)
        .await
        .map_err(e)? as usize;
    let seeded = Seeded {
        cohorts: n,
        numbers: (earlier + 1, earlier + n),
        years,
        lines,
        planned: Money::sek(planned_sek),
        cost_items: written,
        committed: sek(false),
        paid: sek(true),
    };
    uow.commit().await.map_err(op)?;
    // A load test should meet the database as it is days after the load, not minutes.
    state.db.refresh_statistics().await.map_err(e)?;
    Ok(seeded)
}
