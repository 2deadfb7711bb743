//! A budget in progress for the running Municipal Financing cohort: every line planned (some
//! with the unit-cost calculator), costs in SEK, USD and UGX converted at dated rates, some paid,
//! and the visa line over its 90 % warning level.

use chrono::{DateTime, NaiveDate, Utc};
use itp_domain::budget::{Category, Control, LineInput, Payment, Rate, RateSource};
use itp_domain::{Currency, Money};
use itp_persistence::budget::cost_items::{self, CostDraft};
use itp_persistence::budget::lines::{self, Saved};
use itp_persistence::budget::rates;
use itp_persistence::{ConnectionTrait, PersistenceError, Result};
use rust_decimal::Decimal;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
}

fn corrupt(what: impl std::fmt::Display) -> PersistenceError {
    PersistenceError::Corrupt(format!("demo budget: {what}"))
}

const PLANS: &[(Category, &str, &str, &str, &str)] = &[
    // category, planned, units, nights, rate
    (Category::Flights, "", "24", "", "10000"),
    (Category::Visas, "12000", "", "", ""),
    (Category::Accommodation, "", "24", "12", "950"),
    (Category::Insurance, "15000", "", "", ""),
    (Category::PerDiem, "60000", "", "", ""),
    (Category::VenueAndTraining, "80000", "", "", ""),
    (Category::LocalTransport, "25000", "", "", ""),
    (Category::HostCompensation, "20000", "", "", ""),
    (Category::Mentors, "45000", "", "", ""),
    (Category::Other, "10000", "", "", ""),
];

// category, supplier, description, date, currency, amount, paid (date, voucher)
type Cost = (
    Category,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<(&'static str, &'static str)>,
);
const COSTS: &[Cost] = &[
    (
        Category::Flights,
        "Kenya Airways",
        "Entebbe–Stockholm, 12 tickets",
        "2026-11-03",
        "USD",
        "9748.80",
        Some(("2026-11-10", "V-2026-311")),
    ),
    (
        Category::Flights,
        "Qatar Airways",
        "Entebbe–Stockholm, 12 tickets",
        "2026-11-12",
        "USD",
        "10120.00",
        None,
    ),
    (
        Category::Visas,
        "Embassy of Sweden, Kampala",
        "Schengen visa fees, 24 applications",
        "2026-11-04",
        "SEK",
        "11500",
        Some(("2026-11-05", "V-2026-298")),
    ),
    (
        Category::Accommodation,
        "Speke Resort Munyonyo",
        "Inception workshop, 24 rooms × 4 nights",
        "2026-11-05",
        "UGX",
        "38400000",
        None,
    ),
    (
        Category::VenueAndTraining,
        "Makerere University",
        "Conference hall, three days",
        "2026-11-06",
        "UGX",
        "4500000",
        Some(("2026-11-20", "V-2026-340")),
    ),
    (
        Category::LocalTransport,
        "Kampala Coach Hire",
        "Airport and site transfers",
        "2026-11-06",
        "UGX",
        "2100000",
        None,
    ),
    (
        Category::Mentors,
        "Anna Lind Konsult AB",
        "Mentor fees, inception",
        "2026-11-08",
        "SEK",
        "18000",
        Some(("2026-11-25", "V-2026-352")),
    ),
    (
        Category::Insurance,
        "Kammarkollegiet",
        "Travel insurance, 24 participants",
        "2026-11-02",
        "SEK",
        "9600",
        Some(("2026-11-02", "V-2026-290")),
    ),
];

pub async fn seed<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
    finance: Option<i32>,
    now: DateTime<Utc>,
) -> Result<()> {
    let usd = Currency::USD;
    let ugx = Currency::parse("UGX").map_err(corrupt)?;
    let rate = |currency, on, text: &str, source| -> Result<Rate> {
        Ok(Rate {
            currency,
            on: day(on),
            sek_per_unit: text.parse::<Decimal>().map_err(corrupt)?,
            source,
        })
    };
    rates::save(
        conn,
        &[
            rate(usd, "2026-10-01", "10.71", RateSource::Riksbank)?,
            rate(usd, "2026-11-02", "10.4235", RateSource::Riksbank)?,
            rate(usd, "2026-11-09", "10.5510", RateSource::Riksbank)?,
            rate(ugx, "2026-10-01", "0.002871", RateSource::Manual)?,
        ],
        finance,
        now,
    )
    .await?;
    for (category, planned, units, nights, rate) in PLANS {
        let plan = LineInput {
            planned: (*planned).into(),
            units: (*units).into(),
            nights: (*nights).into(),
            rate: (*rate).into(),
            note: String::new(),
        }
        .validate()
        .map_err(|e| corrupt(format!("{category:?}: {e:?}")))?;
        if let Saved::Stale(_) =
            lines::save_plan(conn, cohort_id, *category, 0, &plan, finance, now).await?
        {
            return Err(corrupt("a line existed already"));
        }
    }
    lines::set_control(
        conn,
        cohort_id,
        Category::Mentors,
        1,
        Control::Stop,
        finance,
        now,
    )
    .await?;
    for (category, supplier, description, on, currency, amount, paid) in COSTS {
        let currency = Currency::parse(currency).map_err(corrupt)?;
        let draft = CostDraft {
            cohort_id,
            category: *category,
            participant_id: None,
            phase_id: None,
            supplier,
            description,
            incurred_on: day(on),
            original: Money::parse(amount, currency).map_err(corrupt)?,
        };
        let outcome = cost_items::add_manual(conn, &draft, None, finance, now).await?;
        let id = outcome
            .id()
            .ok_or_else(|| corrupt(outcome.refusal().unwrap_or_default()))?;
        if let Some((paid_on, voucher)) = paid {
            let payment = Payment {
                paid_on: day(paid_on),
                voucher: (*voucher).into(),
            };
            cost_items::mark_paid(conn, id, 1, &payment, now).await?;
        }
    }
    Ok(())
}
