//! Skatteverket's rates as stored: the domestic maximum amount per year, and the foreign
//! normalbelopp per year and country (or the year's catch-all "other"). Loaded whole into the
//! domain's [`RateTable`] for quoting; an import replaces the whole foreign table of each year it
//! holds; and [`ensure_shipped_rates`] gives a fresh database the amounts the application ships.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use itp_domain::audit::ChangeSet;
use itp_domain::per_diem::rates::{SHIPPED_DOMESTIC_MAXIMUMS, SHIPPED_NORMALBELOPP_2024};
use itp_domain::per_diem::{
    ForeignImportPreview, ForeignRate, ForeignRateRow, RateArea, RateTable, YearCounts,
    parse_open_data,
};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, SqlErr,
};

use super::{corrupt, from_ore, to_ore};
use crate::audit::{self, Actor, Entry};
use crate::entities::{per_diem_domestic_rate as domestic_rate, per_diem_foreign_rate as foreign};
use crate::{PersistenceError, Result, begin_write};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomesticRate {
    pub year: i32,
    pub amount: Decimal,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredForeignRate {
    pub year: i32,
    pub area: RateArea,
    pub amount: Decimal,
    /// The row Skatteverket's list referred to ("Grönland: Se Danmark").
    pub via: Option<RateArea>,
    /// The name on Skatteverket's list.
    pub swedish_name: String,
}

/// A year that has a foreign table, and how many rows it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ForeignYear {
    pub year: i32,
    pub rows: u64,
}

/// What an import did to one year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearImport {
    pub counts: YearCounts,
    /// Per country, old → new amount: what the audit log records.
    pub changes: ChangeSet,
}

fn area(text: &str) -> Result<RateArea> {
    RateArea::parse(text).map_err(|e| corrupt("foreign rate area", e))
}

/// The whole rate table, in two queries.
pub async fn load_table<C: ConnectionTrait>(conn: &C) -> Result<RateTable> {
    let mut table = RateTable::new();
    for row in domestic_rate::Entity::find().all(conn).await? {
        table.set_domestic_maximum(row.year, from_ore(row.amount_ore));
    }
    for row in foreign::Entity::find().all(conn).await? {
        let via = row.via.as_deref().map(area).transpose()?;
        table.set_foreign_rate(
            row.year,
            area(&row.area)?,
            ForeignRate {
                amount: from_ore(row.amount_ore),
                via,
            },
        );
    }
    Ok(table)
}

/// The domestic maximum amounts, latest year first.
pub async fn domestic<C: ConnectionTrait>(conn: &C) -> Result<Vec<DomesticRate>> {
    Ok(domestic_rate::Entity::find()
        .order_by_desc(domestic_rate::Column::Year)
        .all(conn)
        .await?
        .into_iter()
        .map(|r| DomesticRate {
            year: r.year,
            amount: from_ore(r.amount_ore),
            updated_at: r.updated_at,
        })
        .collect())
}

/// Sets a year's domestic maximum amount; returns the amount it replaced, if any.
pub async fn set_domestic<C: ConnectionTrait>(
    conn: &C,
    year: i32,
    amount: Decimal,
    now: DateTime<Utc>,
) -> Result<Option<Decimal>> {
    let model = domestic_rate::ActiveModel {
        year: Set(year),
        amount_ore: Set(to_ore(amount)?),
        updated_at: Set(now),
    };
    match domestic_rate::Entity::find_by_id(year).one(conn).await? {
        Some(previous) => {
            domestic_rate::Entity::update(model).exec(conn).await?;
            Ok(Some(from_ore(previous.amount_ore)))
        }
        None => {
            domestic_rate::Entity::insert(model).exec(conn).await?;
            Ok(None)
        }
    }
}

/// The years with a foreign table, latest first, with their row counts.
pub async fn foreign_years<C: ConnectionTrait>(conn: &C) -> Result<Vec<ForeignYear>> {
    let rows: Vec<(i32, i64)> = foreign::Entity::find()
        .select_only()
        .column(foreign::Column::Year)
        .column_as(foreign::Column::Id.count(), "n")
        .group_by(foreign::Column::Year)
        .order_by_desc(foreign::Column::Year)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(year, n)| ForeignYear {
            year,
            rows: u64::try_from(n).unwrap_or(0),
        })
        .collect())
}

/// One year's foreign table, sorted by code, the catch-all last.
pub async fn foreign_year<C: ConnectionTrait>(
    conn: &C,
    year: i32,
) -> Result<Vec<StoredForeignRate>> {
    let mut rates = foreign::Entity::find()
        .filter(foreign::Column::Year.eq(year))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| {
            Ok(StoredForeignRate {
                year: r.year,
                area: area(&r.area)?,
                amount: from_ore(r.amount_ore),
                via: r.via.as_deref().map(area).transpose()?,
                swedish_name: r.swedish_name,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    rates.sort_by_key(|r| r.area);
    Ok(rates)
}

/// The audit record of one year of an import: each country's old → new amount.
pub fn year_changes(preview: &ForeignImportPreview, year: i32) -> ChangeSet {
    let money = |a: Decimal| itp_domain::Money::sek(a).plain();
    preview
        .changes_in(year)
        .fold(ChangeSet::new(), |set, c| match (c.before, c.after) {
            (None, Some(after)) => set.set(c.area.as_str(), money(after)),
            (Some(before), None) => set.unset(c.area.as_str(), money(before)),
            (Some(before), Some(after)) => set.field(c.area.as_str(), money(before), money(after)),
            (None, None) => set,
        })
}

/// Replaces the whole foreign table of every year the rows hold, leaving other years and the
/// domestic amounts alone (Skatteverket publishes complete lists, so no stale row may linger).
/// Run it inside the caller's transaction, with the audit entries the result describes.
pub async fn replace_foreign_years<C: ConnectionTrait>(
    conn: &C,
    rows: &[ForeignRateRow],
) -> Result<Vec<YearImport>> {
    let current = load_table(conn).await?;
    let preview = current.preview_foreign_import(rows);
    foreign::Entity::delete_many()
        .filter(foreign::Column::Year.is_in(preview.years.clone()))
        .exec(conn)
        .await?;
    let models = rows
        .iter()
        .map(|r| {
            Ok(foreign::ActiveModel {
                year: Set(r.year),
                area: Set(r.area.as_str().to_owned()),
                amount_ore: Set(to_ore(r.amount)?),
                via: Set(r.via.map(|v| v.as_str().to_owned())),
                swedish_name: Set(r.swedish_name.chars().take(200).collect()),
                ..Default::default()
            })
        })
        .collect::<Result<Vec<_>>>()?;
    // Well under every database's limit of bound values per statement.
    for chunk in models.chunks(200) {
        foreign::Entity::insert_many(chunk.to_vec())
            .exec(conn)
            .await
            .map_err(|e| {
                PersistenceError::conflict_on_unique(e, "the file gives a country twice in a year")
            })?;
    }
    Ok(preview
        .counts_by_year()
        .into_iter()
        .map(|counts| YearImport {
            counts,
            changes: year_changes(&preview, counts.year),
        })
        .collect())
}

/// What [`ensure_shipped_rates`] added.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShippedRates {
    pub domestic_years: Vec<i32>,
    pub foreign_years: Vec<i32>,
}

/// Gives the database the rates the application ships: the contract's domestic maximum amounts
/// and Skatteverket's 2024 normalbelopp list. Only years that have no rate at all are added, so a
/// year finance has set or imported is never overwritten; each addition is audited as the
/// system's, in the same transaction.
///
/// Why this and not a data migration: the shipped list is parsed by the same parser as any
/// import (one source of truth: the JSON file Skatteverket publishes), which a frozen migration
/// must not depend on; and amounts shipped by a later release (a new year) reach existing
/// databases at their next start without a migration per year.
pub async fn ensure_shipped_rates(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<ShippedRates> {
    let shipped_rows =
        parse_open_data(SHIPPED_NORMALBELOPP_2024).map_err(|e| corrupt("shipped rates", e))?;
    let tx = begin_write(db).await?;
    match add_missing(&tx, &shipped_rows, now).await {
        Ok(added) => {
            tx.commit().await?;
            Ok(added)
        }
        // Another instance starting at the same moment shipped them first.
        Err(PersistenceError::Db(e))
            if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) =>
        {
            tx.rollback().await?;
            Ok(ShippedRates::default())
        }
        Err(PersistenceError::Conflict(_)) => {
            tx.rollback().await?;
            Ok(ShippedRates::default())
        }
        Err(e) => Err(e),
    }
}

async fn add_missing<C: ConnectionTrait>(
    conn: &C,
    shipped_rows: &[ForeignRateRow],
    now: DateTime<Utc>,
) -> Result<ShippedRates> {
    let actor = Actor::system("shipped rates");
    let present: BTreeSet<i32> = domestic(conn).await?.iter().map(|r| r.year).collect();
    let mut added = ShippedRates::default();
    let mut changes = ChangeSet::new();
    for (year, amount) in SHIPPED_DOMESTIC_MAXIMUMS {
        if !present.contains(&year) {
            set_domestic(conn, year, Decimal::from(amount), now).await?;
            changes = changes.set(&year.to_string(), format!("{amount}.00"));
            added.domestic_years.push(year);
        }
    }
    if !changes.is_empty() {
        audit::record(
            conn,
            &actor,
            now,
            Entry {
                action: "per_diem_rates.ship_domestic",
                entity_type: "per_diem_domestic_rates",
                entity_id: None,
                changes,
            },
        )
        .await?;
    }
    let present: BTreeSet<i32> = foreign_years(conn).await?.iter().map(|y| y.year).collect();
    let missing: Vec<ForeignRateRow> = shipped_rows
        .iter()
        .filter(|r| !present.contains(&r.year))
        .cloned()
        .collect();
    if !missing.is_empty() {
        for year in replace_foreign_years(conn, &missing).await? {
            audit::record(
                conn,
                &actor,
                now,
                Entry {
                    action: "per_diem_rates.ship_foreign",
                    entity_type: "per_diem_foreign_rates",
                    entity_id: Some(year.counts.year.to_string()),
                    changes: year.changes,
                },
            )
            .await?;
            added.foreign_years.push(year.counts.year);
        }
    }
    Ok(added)
}
