//! The cohorts per-diem statements belong to, with their programme (for the scope check and the
//! statement's heading) and the programme per-diem policy the cohort names (its code, as trips
//! write it after `programme:`).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};

use crate::entities::{cohort, programme};
use crate::{PersistenceError, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementCohort {
    pub id: i32,
    pub name: String,
    pub status: String,
    pub programme_id: i32,
    pub programme_code: String,
    pub programme_name: String,
    /// The code of the programme per-diem policy the cohort uses, if it names one.
    pub per_diem_policy: Option<String>,
}

async fn with_programmes<C: ConnectionTrait>(
    conn: &C,
    cohorts: Vec<cohort::Model>,
) -> Result<Vec<StatementCohort>> {
    let programmes: HashMap<i32, programme::Model> = programme::Entity::find()
        .filter(programme::Column::Id.is_in(cohorts.iter().map(|c| c.programme_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    cohorts
        .into_iter()
        .map(|c| {
            let p = programmes.get(&c.programme_id).ok_or_else(|| {
                PersistenceError::Corrupt(format!("cohort {} has no programme", c.id))
            })?;
            Ok(StatementCohort {
                id: c.id,
                name: c.name,
                status: c.status,
                programme_id: p.id,
                programme_code: p.code.clone(),
                programme_name: p.name.clone(),
                per_diem_policy: c.per_diem_policy.filter(|code| !code.trim().is_empty()),
            })
        })
        .collect()
}

pub async fn find<C: ConnectionTrait>(conn: &C, cohort_id: i32) -> Result<Option<StatementCohort>> {
    let rows = cohort::Entity::find_by_id(cohort_id).all(conn).await?;
    Ok(with_programmes(conn, rows).await?.into_iter().next())
}

/// Cohorts of the given programmes (every cohort when `None`), by programme code, newest first.
pub async fn list<C: ConnectionTrait>(
    conn: &C,
    programme_ids: Option<&[i32]>,
) -> Result<Vec<StatementCohort>> {
    let mut query = cohort::Entity::find().order_by_desc(cohort::Column::Id);
    if let Some(ids) = programme_ids {
        query = query.filter(cohort::Column::ProgrammeId.is_in(ids.iter().copied()));
    }
    let mut cohorts = with_programmes(conn, query.all(conn).await?).await?;
    cohorts.sort_by(|a, b| {
        a.programme_code
            .cmp(&b.programme_code)
            .then(b.id.cmp(&a.id))
    });
    Ok(cohorts)
}

/// The cohorts that name a programme policy.
pub async fn using_policy<C: ConnectionTrait>(
    conn: &C,
    code: &str,
) -> Result<Vec<StatementCohort>> {
    let rows = cohort::Entity::find()
        .filter(cohort::Column::PerDiemPolicy.eq(code.to_uppercase()))
        .order_by_desc(cohort::Column::Id)
        .all(conn)
        .await?;
    with_programmes(conn, rows).await
}

/// Names the programme policy a cohort uses (the cohort planning screens set it; the demo data
/// uses this).
pub async fn set_policy<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
    code: Option<&str>,
    now: DateTime<Utc>,
) -> Result<()> {
    cohort::Entity::update(cohort::ActiveModel {
        id: Set(cohort_id),
        per_diem_policy: Set(code.map(str::to_uppercase)),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec(conn)
    .await?;
    Ok(())
}
