//! Synthetic cost items for load tests (`itp seed --cost-items N`): the running MF cohort's
//! budget gets N costs spread over its lines and the last two years, one in five in US dollars
//! at the demo's rate, two in three paid. The budget page, the totals and the costs export then
//! read a budget of that size.

use chrono::{Datelike, Duration, NaiveDate};
use itp_domain::budget::{Category, Payment, Rate, RateSource, convert};
use itp_domain::{Code, Currency, Money};
use itp_persistence::budget::cost_items::{self, Converted, CostDraft};
use itp_persistence::per_diem::cohorts;
use rust_decimal::Decimal;

use crate::app::AppState;
use crate::ops::{Context, OpError};

const SUPPLIERS: [&str; 6] = [
    "Kenya Airways",
    "Qatar Airways",
    "Speke Resort Munyonyo",
    "Scandic Visby",
    "Kammarkollegiet",
    "Kampala Coach Hire",
];

/// The seeds' dollar rate, 10.71 SEK, from the first of January four years back: before the
/// oldest cost either seed dates.
pub(super) fn usd_rate(today: NaiveDate) -> Rate {
    Rate {
        currency: Currency::USD,
        on: NaiveDate::from_ymd_opt(today.year() - 4, 1, 1).unwrap_or(today),
        sek_per_unit: Decimal::new(1071, 2),
        source: RateSource::Manual,
    }
}

/// The `i`th synthetic cost of a cohort, incurred `on`: on each line in turn, 100 to 9,100 in
/// its currency, one in five in US dollars, two in three paid.
pub(super) fn cost<'a>(
    cohort_id: i32,
    i: usize,
    description: &'a str,
    on: NaiveDate,
    usd_rate: &Rate,
) -> Result<Converted<'a>, String> {
    let cents = 10_000 + (i as i64 * 7_919) % 900_000;
    let currency = if i.is_multiple_of(5) {
        Currency::USD
    } else {
        Currency::SEK
    };
    let original = Money::new(Decimal::new(cents, 2), currency);
    let conversion =
        convert(original, on, std::slice::from_ref(usd_rate)).map_err(|e| e.to_string())?;
    let paid = (!i.is_multiple_of(3)).then(|| Payment {
        paid_on: on,
        voucher: format!("V-{}", 100_000 + i),
    });
    Ok(Converted {
        draft: CostDraft {
            cohort_id,
            category: Category::ALL[i % Category::ALL.len()],
            participant_id: None,
            phase_id: None,
            supplier: SUPPLIERS[i % SUPPLIERS.len()],
            description,
            incurred_on: on,
            original,
        },
        conversion,
        paid,
    })
}

/// Adds `n` cost items to the running MF cohort in one unit of work; returns its id.
pub async fn seed(state: &AppState, n: usize) -> Result<i32, String> {
    let op = |e: OpError| e.to_string();
    let e = |e: itp_persistence::PersistenceError| e.to_string();
    let ctx = Context::system(state, "itp seed");
    let uow = ctx.begin().await.map_err(op)?;
    let conn = uow.conn();
    let cohort = cohorts::list(conn, None)
        .await
        .map_err(e)?
        .into_iter()
        .find(|c| c.programme_code == "MF" && c.status == "running")
        .ok_or("the demo data has no running MF cohort")?;
    let now = uow.now();
    let today = now.date_naive();
    let usd_rate = usd_rate(today);
    let descriptions: Vec<String> = (0..n)
        .map(|i| format!("Synthetic cost {}", i + 1))
        .collect();
    let items = descriptions
        .iter()
        .enumerate()
        .map(|(i, description)| {
            let on = today - Duration::days((i % 730) as i64);
            cost(cohort.id, i, description, on, &usd_rate)
        })
        .collect::<Result<Vec<_>, String>>()?;
    cost_items::insert_synthetic(conn, &items, now)
        .await
        .map_err(e)?;
    uow.commit().await.map_err(op)?;
    Ok(cohort.id)
}
