//! Travel and accommodation costs: one row per cost item of the cohorts in the filter, with its
//! category, supplier and voucher, the amount in its own currency, the rate and the day of the
//! rate it was converted at, and the amount in SEK as stored (so the rows sum to the budget's
//! committed amounts to the öre).

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::Arc;

use futures_util::StreamExt;
use itp_domain::{Currency, Money};
use itp_persistence::Database;
use itp_persistence::reports::costs::{self, CostLine};
use rust_decimal::Decimal;

use super::run::Plan;
use crate::error::Result;
use crate::export::{Column, Export, RowSender};

#[derive(Debug, Clone, PartialEq)]
pub struct CostRow {
    pub line: CostLine,
    /// Shared by the rows of a cohort rather than copied into each.
    pub programme_code: Arc<str>,
    pub cohort: Arc<str>,
}

impl CostRow {
    fn original(&self) -> Option<Decimal> {
        let digits = Currency::parse(&self.line.currency)
            .map(|c| c.minor_digits())
            .unwrap_or(2);
        Some(Decimal::new(self.line.amount_minor, digits))
    }
}

pub static COSTS: Export<CostRow> = Export {
    name: "costs",
    title: "Travel and accommodation costs",
    description: "One row per cost item of the cohorts in the filter (by the day the cost was \
                  incurred, and by state when one is chosen): bookings of participants' travel, \
                  lodging and insurance, host compensation and costs entered on the budget \
                  page, each in its own currency and in SEK at the rate of its day, exact as \
                  stored.",
    columns: &[
        Column::integer("item", "The cost item's number in ITP Admin.", |r| {
            Some(r.line.id.into())
        }),
        Column::str(
            "programme",
            "The code of the cohort's programme (MF).",
            |r| &r.programme_code,
        ),
        Column::str("cohort", "The cohort the cost belongs to.", |r| &r.cohort),
        Column::str(
            "category",
            "The budget line: flights, visas, accommodation, insurance, per_diem, \
             venue_training, local_transport, host_compensation, mentors or other.",
            |r| r.line.category.as_str(),
        ),
        Column::str(
            "source",
            "Where the item comes from: manual, itinerary_leg, accommodation, insurance, visa \
             or host_compensation.",
            |r| r.line.source_kind.as_str(),
        ),
        Column::integer(
            "participant",
            "The participant's number for a participant's booking; empty otherwise.",
            |r| r.line.participant_id.map(i64::from),
        ),
        Column::str(
            "supplier",
            "Who is paid (carrier, hotel, insurer…).",
            |r| r.line.supplier.as_str(),
        ),
        Column::str("description", "What the cost is for.", |r| {
            r.line.description.as_str()
        }),
        Column::date(
            "incurred_on",
            "The day of the cost, whose rate converts it.",
            |r| Some(r.line.incurred_on),
        ),
        Column::str("currency", "The currency of the cost (ISO 4217).", |r| {
            r.line.currency.as_str()
        }),
        Column::decimal("amount", "The cost in its own currency.", CostRow::original),
        Column::decimal(
            "rate",
            "SEK per unit of the currency, as used (1 for SEK).",
            |r| Decimal::from_str(&r.line.rate).ok(),
        ),
        Column::date("rate_on", "The day of the rate used.", |r| {
            Some(r.line.rate_on)
        }),
        Column::money(
            "amount_sek",
            "The cost in SEK, rounded to the öre once when converted.",
            |r| Some(Money::from_minor_units(r.line.amount_ore, Currency::SEK)),
        ),
        Column::str("state", "committed or paid.", |r| r.line.state.as_str()),
        Column::date(
            "paid_on",
            "The day it was paid; empty while committed.",
            |r| r.line.paid_on,
        ),
        Column::str(
            "voucher",
            "The voucher (verifikation) it is booked under; empty while committed.",
            |r| r.line.voucher.as_str(),
        ),
    ],
};

pub async fn rows(db: Database, plan: Plan, out: &RowSender<CostRow>) -> Result<u64> {
    let mut found = costs::items(
        &db,
        &plan.cohort_ids(),
        plan.filter.state.as_deref(),
        plan.filter.from,
        plan.filter.to,
    )
    .await?;
    let names: HashMap<i32, (Arc<str>, Arc<str>)> = plan
        .cohorts
        .iter()
        .map(|c| {
            (
                c.id,
                (c.programme_code.as_str().into(), c.name.as_str().into()),
            )
        })
        .collect();
    let mut sent = 0;
    while let Some(line) = found.next().await {
        let line = line?;
        let (programme_code, cohort) = names
            .get(&line.cohort_id)
            .cloned()
            .unwrap_or_else(|| ("".into(), "".into()));
        out.send(CostRow {
            line,
            programme_code,
            cohort,
        })
        .await?;
        sent += 1;
    }
    Ok(sent)
}
