//! Per-diem operations shared by the web pages and the `itp` command. Each change is one unit of
//! work with its audit entries.

use itp_domain::audit::ChangeSet;
use itp_domain::per_diem::{
    ForeignRateRow, PerDiemError, Policy, PolicyRef, ProgrammePolicyVersion, RateTable, Statement,
    Trip, quote,
};
use itp_persistence::audit::Entry;
use itp_persistence::per_diem::rates::YearImport;
use itp_persistence::per_diem::{imports, policies, rates};
use itp_persistence::{ConnectionTrait, PersistenceError};

use crate::ops::{Context, OpResult};
use rust_decimal::Decimal;

/// Why a trip could not be quoted against the stored rates.
#[derive(Debug, thiserror::Error)]
pub enum QuoteError {
    #[error("{0}")]
    Trip(#[from] PerDiemError),
    #[error(
        "there is no programme per-diem policy {0}: create it (Per diem → Programme policies) or \
         quote under \"skatteverket\""
    )]
    UnknownPolicy(String),
    #[error("cannot read the rates: {0}")]
    Storage(#[from] PersistenceError),
}

/// The policy a trip names, and the rate table, as stored now.
pub async fn stored_policy<C: ConnectionTrait>(
    conn: &C,
    trip: &Trip,
) -> Result<(Policy, RateTable), QuoteError> {
    match trip.policy() {
        PolicyRef::Skatteverket => Ok((Policy::Skatteverket, rates::load_table(conn).await?)),
        PolicyRef::Programme(code) => {
            let stored = policies::find_by_code(conn, code)
                .await?
                .ok_or_else(|| QuoteError::UnknownPolicy(code.clone()))?;
            // A programme policy needs no Skatteverket table.
            Ok((Policy::Programme(stored.policy), RateTable::new()))
        }
    }
}

/// Quotes a trip against the rates stored now.
pub async fn quote_with_stored_rates<C: ConnectionTrait>(
    conn: &C,
    trip: &Trip,
) -> Result<Statement, QuoteError> {
    let (policy, table) = stored_policy(conn, trip).await?;
    Ok(quote(trip, &policy, &table)?)
}

fn year_entry(year: &YearImport) -> Entry<'static> {
    Entry {
        action: "per_diem_rates.import",
        entity_type: "per_diem_foreign_rates",
        entity_id: Some(year.counts.year.to_string()),
        changes: year.changes.clone(),
    }
}

/// Imports Skatteverket's rows: replaces the whole foreign table of each year they hold, in one
/// transaction, with one audit entry per year.
pub async fn import_foreign_rates(
    ctx: &Context<'_>,
    rows: &[ForeignRateRow],
) -> OpResult<Vec<YearImport>> {
    let mut uow = ctx.begin().await?;
    let report = rates::replace_foreign_years(uow.conn(), rows).await?;
    for year in &report {
        uow.audit(year_entry(year)).await?;
    }
    uow.commit().await?;
    Ok(report)
}

/// Applies an uploaded file that finance has previewed; refuses one applied already.
pub async fn apply_upload(
    ctx: &Context<'_>,
    upload_id: i32,
    rows: &[ForeignRateRow],
) -> OpResult<Vec<YearImport>> {
    let mut uow = ctx.begin().await?;
    imports::mark_applied(uow.conn(), upload_id, uow.now()).await?;
    let report = rates::replace_foreign_years(uow.conn(), rows).await?;
    for year in &report {
        let mut entry = year_entry(year);
        entry.changes = entry.changes.set("upload", upload_id);
        uow.audit(entry).await?;
    }
    uow.commit().await?;
    Ok(report)
}

/// Keeps an uploaded file for its preview (nothing in the rate tables changes).
pub async fn store_upload(ctx: &Context<'_>, file_name: &str, content: &str) -> OpResult<i32> {
    let mut uow = ctx.begin().await?;
    let id = imports::store(uow.conn(), file_name, content, uow.actor(), uow.now()).await?;
    uow.audit(Entry {
        action: "per_diem_rates.upload",
        entity_type: "per_diem_rate_import",
        entity_id: Some(id.to_string()),
        changes: ChangeSet::new().set("file_name", file_name),
    })
    .await?;
    uow.commit().await?;
    Ok(id)
}

/// Sets a year's domestic maximum amount.
pub async fn set_domestic_rate(
    ctx: &Context<'_>,
    year: i32,
    amount: Decimal,
) -> OpResult<Option<Decimal>> {
    let money = |a: Decimal| itp_domain::Money::sek(a).plain();
    let mut uow = ctx.begin().await?;
    let before = rates::set_domestic(uow.conn(), year, amount, uow.now()).await?;
    let changes = match before {
        Some(b) => ChangeSet::new().field("amount", money(b), money(amount)),
        None => ChangeSet::new().set("amount", money(amount)),
    };
    uow.audit(Entry {
        action: "per_diem_rates.set_domestic",
        entity_type: "per_diem_domestic_rates",
        entity_id: Some(year.to_string()),
        changes,
    })
    .await?;
    uow.commit().await?;
    Ok(before)
}

/// What the audit log records of a policy version, added to `changes`.
pub fn version_changes(changes: ChangeSet, v: &ProgrammePolicyVersion) -> ChangeSet {
    let rates: Vec<String> = v
        .daily_rates
        .iter()
        .map(|(c, a)| format!("{c} {}", a.normalize()))
        .collect();
    changes
        .set("valid_from", v.valid_from)
        .set("daily_rates", rates.join(", "))
        .set("travel_day_percent", v.travel_day_percent.normalize())
        .set(
            "meal_percentages",
            format!(
                "{}/{}/{}",
                v.meal_percentages.breakfast.normalize(),
                v.meal_percentages.lunch.normalize(),
                v.meal_percentages.dinner.normalize()
            ),
        )
}

pub async fn create_policy(
    ctx: &Context<'_>,
    code: &str,
    name: &str,
    first: &ProgrammePolicyVersion,
) -> OpResult<i32> {
    let mut uow = ctx.begin().await?;
    let id = policies::create(uow.conn(), code, name, first, uow.now()).await?;
    uow.audit(Entry {
        action: "per_diem_policy.create",
        entity_type: "per_diem_policy",
        entity_id: Some(id.to_string()),
        changes: version_changes(ChangeSet::new().set("code", code).set("name", name), first),
    })
    .await?;
    uow.commit().await?;
    Ok(id)
}

pub async fn add_policy_version(
    ctx: &Context<'_>,
    policy_id: i32,
    version: &ProgrammePolicyVersion,
) -> OpResult<()> {
    let mut uow = ctx.begin().await?;
    policies::add_version(uow.conn(), policy_id, version, uow.now()).await?;
    uow.audit(Entry {
        action: "per_diem_policy.add_version",
        entity_type: "per_diem_policy",
        entity_id: Some(policy_id.to_string()),
        changes: version_changes(ChangeSet::new(), version),
    })
    .await?;
    uow.commit().await?;
    Ok(())
}
