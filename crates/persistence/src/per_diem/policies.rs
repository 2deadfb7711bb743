//! Programme per-diem policies: a code and name, and versions valid from a date, each with its
//! daily rates per country, the arrival/departure day share and the meal percentages. Versions
//! are only ever added, never changed, so a statement's "version valid from" stays meaningful.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use itp_domain::country::CountryCode;
use itp_domain::per_diem::{MealPercentages, ProgrammePolicy, ProgrammePolicyVersion};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    sea_query::Expr,
};

use super::{corrupt, from_basis_points, from_ore, to_basis_points, to_ore};
use crate::entities::{
    per_diem_policy as policy, per_diem_policy_rate as rate, per_diem_policy_version as version,
};
use crate::{PersistenceError, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPolicy {
    pub id: i32,
    pub name: String,
    /// The code and every version, oldest first.
    pub policy: ProgrammePolicy,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Every policy with its versions, in three queries whatever their number.
pub async fn list<C: ConnectionTrait>(conn: &C) -> Result<Vec<StoredPolicy>> {
    let policies = policy::Entity::find()
        .order_by_asc(policy::Column::Code)
        .all(conn)
        .await?;
    assemble(conn, policies).await
}

pub async fn find<C: ConnectionTrait>(conn: &C, id: i32) -> Result<Option<StoredPolicy>> {
    let rows = policy::Entity::find_by_id(id).all(conn).await?;
    Ok(assemble(conn, rows).await?.into_iter().next())
}

/// The policy a trip names as `programme:<code>`, whatever the case of the code.
pub async fn find_by_code<C: ConnectionTrait>(
    conn: &C,
    code: &str,
) -> Result<Option<StoredPolicy>> {
    let rows = policy::Entity::find()
        .filter(policy::Column::Code.eq(code.trim().to_uppercase()))
        .all(conn)
        .await?;
    Ok(assemble(conn, rows).await?.into_iter().next())
}

async fn assemble<C: ConnectionTrait>(
    conn: &C,
    policies: Vec<policy::Model>,
) -> Result<Vec<StoredPolicy>> {
    if policies.is_empty() {
        return Ok(Vec::new());
    }
    let versions = version::Entity::find()
        .filter(version::Column::PolicyId.is_in(policies.iter().map(|p| p.id)))
        .order_by_asc(version::Column::ValidFrom)
        .all(conn)
        .await?;
    let rates = rate::Entity::find()
        .filter(rate::Column::VersionId.is_in(versions.iter().map(|v| v.id)))
        .all(conn)
        .await?;
    let mut rates_of: HashMap<i32, BTreeMap<CountryCode, rust_decimal::Decimal>> = HashMap::new();
    for r in rates {
        let country = CountryCode::parse(&r.country).map_err(|e| corrupt("policy rate", e))?;
        rates_of
            .entry(r.version_id)
            .or_default()
            .insert(country, from_ore(r.amount_ore));
    }
    let mut versions_of: HashMap<i32, Vec<ProgrammePolicyVersion>> = HashMap::new();
    for v in versions {
        versions_of
            .entry(v.policy_id)
            .or_default()
            .push(ProgrammePolicyVersion {
                valid_from: v.valid_from,
                daily_rates: rates_of.remove(&v.id).unwrap_or_default(),
                travel_day_percent: from_basis_points(v.travel_day_basis_points),
                meal_percentages: MealPercentages {
                    breakfast: from_basis_points(v.breakfast_basis_points),
                    lunch: from_basis_points(v.lunch_basis_points),
                    dinner: from_basis_points(v.dinner_basis_points),
                },
            });
    }
    policies
        .into_iter()
        .map(|p| {
            let versions = versions_of.remove(&p.id).unwrap_or_default();
            Ok(StoredPolicy {
                id: p.id,
                name: p.name,
                policy: ProgrammePolicy::new(p.code, versions)
                    .map_err(|e| corrupt("programme policy", e))?,
                created_at: p.created_at,
                updated_at: p.updated_at,
            })
        })
        .collect()
}

/// Creates a policy with its first version; the code must be new.
pub async fn create<C: ConnectionTrait>(
    conn: &C,
    code: &str,
    name: &str,
    first: &ProgrammePolicyVersion,
    now: DateTime<Utc>,
) -> Result<i32> {
    let res = policy::Entity::insert(policy::ActiveModel {
        code: Set(code.to_uppercase()),
        name: Set(name.to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec(conn)
    .await
    .map_err(|e| {
        PersistenceError::conflict_on_unique(
            e,
            format!("There is a per-diem policy with the code {code} already."),
        )
    })?;
    insert_version(conn, res.last_insert_id, first, now).await?;
    Ok(res.last_insert_id)
}

/// Adds a version to a policy; a version valid from the same date must not exist.
pub async fn add_version<C: ConnectionTrait>(
    conn: &C,
    policy_id: i32,
    v: &ProgrammePolicyVersion,
    now: DateTime<Utc>,
) -> Result<i32> {
    let id = insert_version(conn, policy_id, v, now).await?;
    policy::Entity::update_many()
        .col_expr(policy::Column::UpdatedAt, Expr::value(now))
        .filter(policy::Column::Id.eq(policy_id))
        .exec(conn)
        .await?;
    Ok(id)
}

async fn insert_version<C: ConnectionTrait>(
    conn: &C,
    policy_id: i32,
    v: &ProgrammePolicyVersion,
    now: DateTime<Utc>,
) -> Result<i32> {
    let res = version::Entity::insert(version::ActiveModel {
        policy_id: Set(policy_id),
        valid_from: Set(v.valid_from),
        travel_day_basis_points: Set(to_basis_points(v.travel_day_percent)?),
        breakfast_basis_points: Set(to_basis_points(v.meal_percentages.breakfast)?),
        lunch_basis_points: Set(to_basis_points(v.meal_percentages.lunch)?),
        dinner_basis_points: Set(to_basis_points(v.meal_percentages.dinner)?),
        created_at: Set(now),
        ..Default::default()
    })
    .exec(conn)
    .await
    .map_err(|e| {
        PersistenceError::conflict_on_unique(
            e,
            format!("A version valid from {} exists already.", v.valid_from),
        )
    })?;
    let version_id = res.last_insert_id;
    let rates = v
        .daily_rates
        .iter()
        .map(|(country, amount)| {
            Ok(rate::ActiveModel {
                version_id: Set(version_id),
                country: Set(country.as_str().to_owned()),
                amount_ore: Set(to_ore(*amount)?),
                ..Default::default()
            })
        })
        .collect::<Result<Vec<_>>>()?;
    if !rates.is_empty() {
        rate::Entity::insert_many(rates).exec(conn).await?;
    }
    Ok(version_id)
}
