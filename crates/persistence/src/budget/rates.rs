//! The exchange-rate table: SEK per unit of a currency from a date, entered by hand or imported
//! from the Riksbank's files. One rate per currency and date; saving one again replaces it.

use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use itp_domain::Code;
use itp_domain::Currency;
use itp_domain::budget::Rate;
use rust_decimal::Decimal;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, sea_query::OnConflict,
};

use super::corrupt;
use crate::entities::exchange_rate;
use crate::{Result, decode};

fn to_rate(m: exchange_rate::Model) -> Result<Rate> {
    Ok(Rate {
        currency: Currency::parse(&m.currency)
            .map_err(|e| corrupt("exchange_rates.currency", e))?,
        on: m.rate_on,
        sek_per_unit: Decimal::from_str(&m.sek_per_unit)
            .map_err(|e| corrupt("exchange_rates.sek_per_unit", e))?,
        source: decode(&m.source, "exchange_rates.source")?,
    })
}

/// The latest rate of `currency` on or before `on`.
pub async fn on_or_before<C: ConnectionTrait>(
    conn: &C,
    currency: Currency,
    on: NaiveDate,
) -> Result<Option<Rate>> {
    exchange_rate::Entity::find()
        .filter(exchange_rate::Column::Currency.eq(currency.code()))
        .filter(exchange_rate::Column::RateOn.lte(on))
        .order_by_desc(exchange_rate::Column::RateOn)
        .one(conn)
        .await?
        .map(to_rate)
        .transpose()
}

/// The latest rates, newest first (the rates page), optionally of one currency.
pub async fn recent<C: ConnectionTrait>(
    conn: &C,
    currency: Option<Currency>,
    limit: u64,
) -> Result<Vec<Rate>> {
    let mut q = exchange_rate::Entity::find();
    if let Some(c) = currency {
        q = q.filter(exchange_rate::Column::Currency.eq(c.code()));
    }
    q.order_by_desc(exchange_rate::Column::RateOn)
        .order_by_asc(exchange_rate::Column::Currency)
        .limit(limit)
        .all(conn)
        .await?
        .into_iter()
        .map(to_rate)
        .collect()
}

/// How many rates the table holds.
pub async fn count<C: ConnectionTrait>(conn: &C) -> Result<u64> {
    use sea_orm::PaginatorTrait;
    Ok(exchange_rate::Entity::find().count(conn).await?)
}

/// Saves rates, replacing any of the same currency and date; returns how many were saved.
pub async fn save<C: ConnectionTrait>(
    conn: &C,
    rates: &[Rate],
    by: Option<i32>,
    now: DateTime<Utc>,
) -> Result<usize> {
    for chunk in rates.chunks(200) {
        let rows = chunk.iter().map(|r| exchange_rate::ActiveModel {
            currency: Set(r.currency.code().to_owned()),
            rate_on: Set(r.on),
            sek_per_unit: Set(r.sek_per_unit.normalize().to_string()),
            source: Set(r.source.code().to_owned()),
            entered_by_user_id: Set(by),
            created_at: Set(now),
            ..Default::default()
        });
        exchange_rate::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::columns([
                    exchange_rate::Column::Currency,
                    exchange_rate::Column::RateOn,
                ])
                .update_columns([
                    exchange_rate::Column::SekPerUnit,
                    exchange_rate::Column::Source,
                    exchange_rate::Column::EnteredByUserId,
                    exchange_rate::Column::CreatedAt,
                ])
                .to_owned(),
            )
            .exec_without_returning(conn)
            .await?;
    }
    Ok(rates.len())
}
