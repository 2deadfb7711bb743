//! A cohort's phases as rows and as domain types, always read in the order people number them.

use chrono::{DateTime, Utc};
use itp_domain::Code;
use itp_domain::country::CountryCode;
use itp_domain::phase::{DateSpan, Phase, PhaseKind};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};

use crate::decode;
use crate::entities::cohort_phase;
use crate::{PersistenceError, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPhase {
    pub id: i32,
    pub cohort_id: i32,
    pub phase: Phase,
    pub updated_at: DateTime<Utc>,
}

fn corrupt(what: impl std::fmt::Display) -> PersistenceError {
    PersistenceError::Corrupt(what.to_string())
}

fn to_domain(row: &cohort_phase::Model) -> Result<StoredPhase> {
    let span = |s, e, what: &str| {
        DateSpan::new(s, e).ok_or_else(|| corrupt(format!("{what} of phase {}", row.id)))
    };
    let study_visits = match (row.study_visits_start_on, row.study_visits_end_on) {
        (Some(s), Some(e)) => Some(span(s, e, "study visits")?),
        _ => None,
    };
    Ok(StoredPhase {
        id: row.id,
        cohort_id: row.cohort_id,
        phase: Phase {
            kind: decode::<PhaseKind>(&row.kind, "cohort_phases.kind")?,
            title: row.title.clone(),
            dates: span(row.starts_on, row.ends_on, "dates")?,
            country: row
                .country
                .as_deref()
                .map(CountryCode::parse)
                .transpose()
                .map_err(corrupt)?,
            city: row.city.clone(),
            venue: row.venue.clone(),
            compulsory: row.compulsory,
            study_visits,
        },
        updated_at: row.updated_at,
    })
}

fn active_model(p: &Phase) -> cohort_phase::ActiveModel {
    cohort_phase::ActiveModel {
        kind: Set(p.kind.code().to_owned()),
        title: Set(p.title.clone()),
        starts_on: Set(p.dates.start),
        ends_on: Set(p.dates.end),
        country: Set(p.country.map(|c| c.as_str().to_owned())),
        city: Set(p.city.clone()),
        venue: Set(p.venue.clone()),
        compulsory: Set(p.compulsory),
        study_visits_start_on: Set(p.study_visits.map(|s| s.start)),
        study_visits_end_on: Set(p.study_visits.map(|s| s.end)),
        ..Default::default()
    }
}

pub async fn create<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
    p: &Phase,
    now: DateTime<Utc>,
) -> Result<i32> {
    let mut model = active_model(p);
    model.cohort_id = Set(cohort_id);
    model.created_at = Set(now);
    model.updated_at = Set(now);
    Ok(cohort_phase::Entity::insert(model)
        .exec(conn)
        .await?
        .last_insert_id)
}

pub async fn update<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    p: &Phase,
    now: DateTime<Utc>,
) -> Result<()> {
    let mut model = active_model(p);
    model.id = Set(id);
    model.updated_at = Set(now);
    cohort_phase::Entity::update(model).exec(conn).await?;
    Ok(())
}

pub async fn delete<C: ConnectionTrait>(conn: &C, id: i32) -> Result<()> {
    cohort_phase::Entity::delete_by_id(id).exec(conn).await?;
    Ok(())
}

/// One phase of one cohort; `None` when the phase belongs to another cohort.
pub async fn find<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
    phase_id: i32,
) -> Result<Option<StoredPhase>> {
    cohort_phase::Entity::find_by_id(phase_id)
        .filter(cohort_phase::Column::CohortId.eq(cohort_id))
        .one(conn)
        .await?
        .as_ref()
        .map(to_domain)
        .transpose()
}

pub async fn of_cohort<C: ConnectionTrait>(conn: &C, cohort_id: i32) -> Result<Vec<StoredPhase>> {
    of_cohorts(conn, &[cohort_id]).await
}

/// The phases of every cohort that start between `from` and `to`, both included (the phase
/// reminders).
pub async fn starting_between<C: ConnectionTrait>(
    conn: &C,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Result<Vec<StoredPhase>> {
    cohort_phase::Entity::find()
        .filter(cohort_phase::Column::StartsOn.gte(from))
        .filter(cohort_phase::Column::StartsOn.lte(to))
        .order_by_asc(cohort_phase::Column::StartsOn)
        .order_by_asc(cohort_phase::Column::Id)
        .all(conn)
        .await?
        .iter()
        .map(to_domain)
        .collect()
}

/// The phases of several cohorts in one query, each cohort's in order.
pub async fn of_cohorts<C: ConnectionTrait>(
    conn: &C,
    cohort_ids: &[i32],
) -> Result<Vec<StoredPhase>> {
    if cohort_ids.is_empty() {
        return Ok(vec![]);
    }
    cohort_phase::Entity::find()
        .filter(cohort_phase::Column::CohortId.is_in(cohort_ids.iter().copied()))
        .order_by_asc(cohort_phase::Column::CohortId)
        .order_by_asc(cohort_phase::Column::StartsOn)
        .order_by_asc(cohort_phase::Column::EndsOn)
        .order_by_asc(cohort_phase::Column::Id)
        .all(conn)
        .await?
        .iter()
        .map(to_domain)
        .collect()
}
