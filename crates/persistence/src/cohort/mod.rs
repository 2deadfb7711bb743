//! Cohorts as rows and as domain types: settings, status, responsible managers, cloning, and the
//! dashboard's counts.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use itp_domain::Code;
use itp_domain::audit::ChangeSet;
use itp_domain::cohort::clone::ClonePlan;
use itp_domain::cohort::{CallWindow, CohortSettings, CohortStatus};
use itp_domain::country::CountryCode;
use itp_domain::phase::DateSpan;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder,
};

use crate::decode;
use crate::entities::cohort;
use crate::programme::country_json;
use crate::{PersistenceError, Result};

mod cloning;
pub mod dashboard;
mod managers;
pub use cloning::{BoxFuture, Cloning, CopyOnClone};
pub use dashboard::{CountsQuery, CountsRow, PeopleCounts, PhaseCounts, dashboard_row};
pub use managers::{Person, drop_unentitled, manager_candidates, managers, set_managers};

/// A cohort with its id and bookkeeping, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCohort {
    pub id: i32,
    pub programme_id: i32,
    pub status: CohortStatus,
    pub settings: CohortSettings,
    pub calendar_token: String,
    pub cancel_reason: Option<String>,
    pub cloned_from_id: Option<i32>,
    pub status_changed_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

pub(crate) fn corrupt(what: impl std::fmt::Display) -> PersistenceError {
    PersistenceError::Corrupt(what.to_string())
}

pub(crate) fn to_domain(row: &cohort::Model) -> Result<StoredCohort> {
    let status: CohortStatus = decode(&row.status, "cohorts.status")?;
    let time_zone = row
        .deadline_time_zone
        .parse::<Tz>()
        .map_err(|_| corrupt(format!("time zone {}", row.deadline_time_zone)))?;
    let eligible_countries = match &row.eligible_countries {
        None => None,
        Some(json) => {
            let codes: Vec<String> = serde_json::from_str(json).map_err(corrupt)?;
            Some(
                codes
                    .iter()
                    .map(|c| CountryCode::parse(c).map_err(corrupt))
                    .collect::<Result<Vec<_>>>()?,
            )
        }
    };
    let dates = match (row.starts_on, row.ends_on) {
        (Some(s), Some(e)) => Some(DateSpan::new(s, e).ok_or_else(|| corrupt("cohort dates"))?),
        _ => None,
    };
    let seats = u16::try_from(row.seats).map_err(|_| corrupt(format!("seats {}", row.seats)))?;
    Ok(StoredCohort {
        id: row.id,
        programme_id: row.programme_id,
        status,
        settings: CohortSettings {
            name: row.name.clone(),
            seats,
            dates,
            call: CallWindow {
                opens_at: row.call_opens_at,
                closes_at: row.call_closes_at,
                time_zone,
            },
            eligible_countries,
            per_diem_policy: row.per_diem_policy.clone().unwrap_or_default(),
        },
        calendar_token: row.calendar_token.clone(),
        cancel_reason: row.cancel_reason.clone(),
        cloned_from_id: row.cloned_from_id,
        status_changed_at: row.status_changed_at,
        updated_at: row.updated_at,
    })
}

fn settings_model(s: &CohortSettings) -> cohort::ActiveModel {
    cohort::ActiveModel {
        name: Set(s.name.clone()),
        seats: Set(i32::from(s.seats)),
        eligible_countries: Set(s.eligible_countries.as_deref().map(country_json)),
        call_opens_at: Set(s.call.opens_at),
        call_closes_at: Set(s.call.closes_at),
        deadline_time_zone: Set(s.call.time_zone.name().to_owned()),
        per_diem_policy: Set(Some(s.per_diem_policy.clone()).filter(|p| !p.is_empty())),
        starts_on: Set(s.dates.map(|d| d.start)),
        ends_on: Set(s.dates.map(|d| d.end)),
        ..Default::default()
    }
}

/// What a new cohort starts with besides its settings.
pub struct NewCohort<'a> {
    pub programme_id: i32,
    pub settings: &'a CohortSettings,
    pub status: CohortStatus,
    pub calendar_token: &'a str,
    pub cloned_from_id: Option<i32>,
}

pub async fn create<C: ConnectionTrait>(
    conn: &C,
    c: NewCohort<'_>,
    now: DateTime<Utc>,
) -> Result<i32> {
    let mut model = settings_model(c.settings);
    model.programme_id = Set(c.programme_id);
    model.status = Set(c.status.code().to_owned());
    model.calendar_token = Set(c.calendar_token.to_owned());
    model.cloned_from_id = Set(c.cloned_from_id);
    model.created_at = Set(now);
    model.updated_at = Set(now);
    Ok(cohort::Entity::insert(model)
        .exec(conn)
        .await?
        .last_insert_id)
}

pub async fn update_settings<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    s: &CohortSettings,
    now: DateTime<Utc>,
) -> Result<()> {
    let mut model = settings_model(s);
    model.id = Set(id);
    model.updated_at = Set(now);
    cohort::Entity::update(model).exec(conn).await?;
    Ok(())
}

pub async fn set_status<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    status: CohortStatus,
    cancel_reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<()> {
    cohort::Entity::update(cohort::ActiveModel {
        id: Set(id),
        status: Set(status.code().to_owned()),
        cancel_reason: Set(cancel_reason.map(str::to_owned)),
        status_changed_at: Set(Some(now)),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec(conn)
    .await?;
    Ok(())
}

pub async fn set_calendar_token<C: ConnectionTrait>(conn: &C, id: i32, token: &str) -> Result<()> {
    cohort::Entity::update(cohort::ActiveModel {
        id: Set(id),
        calendar_token: Set(token.to_owned()),
        ..Default::default()
    })
    .exec(conn)
    .await?;
    Ok(())
}

pub async fn find<C: ConnectionTrait>(conn: &C, id: i32) -> Result<Option<StoredCohort>> {
    cohort::Entity::find_by_id(id)
        .one(conn)
        .await?
        .as_ref()
        .map(to_domain)
        .transpose()
}

pub async fn find_by_calendar_token<C: ConnectionTrait>(
    conn: &C,
    token: &str,
) -> Result<Option<StoredCohort>> {
    cohort::Entity::find()
        .filter(cohort::Column::CalendarToken.eq(token))
        .one(conn)
        .await?
        .as_ref()
        .map(to_domain)
        .transpose()
}

/// A programme's cohorts, the latest first.
pub async fn of_programme<C: ConnectionTrait>(
    conn: &C,
    programme_id: i32,
) -> Result<Vec<StoredCohort>> {
    cohort::Entity::find()
        .filter(cohort::Column::ProgrammeId.eq(programme_id))
        .order_by_desc(cohort::Column::StartsOn)
        .order_by_desc(cohort::Column::Id)
        .all(conn)
        .await?
        .iter()
        .map(to_domain)
        .collect()
}

/// Cohorts whose call is open in programmes that are not archived, soonest deadline first, with
/// their programme's name (two queries).
pub async fn open_calls<C: ConnectionTrait>(conn: &C) -> Result<Vec<(StoredCohort, String)>> {
    use crate::entities::programme;
    let rows = cohort::Entity::find()
        .filter(cohort::Column::Status.eq(CohortStatus::CallOpen.code()))
        .order_by_asc(cohort::Column::CallClosesAt)
        .all(conn)
        .await?;
    let ids: Vec<i32> = rows.iter().map(|c| c.programme_id).collect();
    // An archived programme's calls are not open to anyone.
    let programmes = programme::Entity::find()
        .filter(programme::Column::Id.is_in(ids))
        .filter(programme::Column::Archived.eq(false))
        .all(conn)
        .await?;
    rows.iter()
        .filter_map(|row| {
            let name = programmes
                .iter()
                .find(|p| p.id == row.programme_id)?
                .name
                .clone();
            Some(to_domain(row).map(|c| (c, name)))
        })
        .collect()
}

/// The cohorts with these ids, in one query.
pub async fn with_ids<C: ConnectionTrait>(conn: &C, ids: &[i32]) -> Result<Vec<StoredCohort>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    cohort::Entity::find()
        .filter(cohort::Column::Id.is_in(ids.iter().copied()))
        .order_by_asc(cohort::Column::StartsOn)
        .all(conn)
        .await?
        .iter()
        .map(to_domain)
        .collect()
}

/// Cohorts whose span touches the days from `from` to `until`, in one query.
pub async fn overlapping<C: ConnectionTrait>(
    conn: &C,
    from: NaiveDate,
    until: NaiveDate,
) -> Result<Vec<StoredCohort>> {
    cohort::Entity::find()
        .filter(cohort::Column::StartsOn.lte(until))
        .filter(cohort::Column::EndsOn.gte(from))
        .order_by_asc(cohort::Column::StartsOn)
        .all(conn)
        .await?
        .iter()
        .map(to_domain)
        .collect()
}

/// Creates the planned copy of cohort `source_id` in the caller's transaction; returns its id and
/// what the audit entry records of it.
///
/// This is the one place a clone is made: every feature that keeps per-cohort configuration (the
/// phases, later a review rubric or budget lines) copies its rows through `parts`, inside the
/// same transaction, so a clone is either complete or not there at all. People are never copied.
pub async fn clone(
    tx: &DatabaseTransaction,
    source: &StoredCohort,
    plan: &ClonePlan,
    calendar_token: &str,
    now: DateTime<Utc>,
    parts: &dyn CopyOnClone,
) -> Result<(i32, ChangeSet)> {
    let id = create(
        tx,
        NewCohort {
            programme_id: source.programme_id,
            settings: &plan.settings,
            status: CohortStatus::Planning,
            calendar_token,
            cloned_from_id: Some(source.id),
        },
        now,
    )
    .await?;
    let cloning = Cloning {
        source,
        new_id: id,
        shift_days: plan.shift_days,
        now,
    };
    let copied = parts.copy(tx, &cloning).await?;
    let mut changes = plan
        .settings
        .as_new()
        .set("cloned_from", source.id)
        .set("shifted_days", plan.shift_days);
    for c in copied.changes() {
        changes = changes.set(&c.field, c.after.as_deref().unwrap_or_default());
    }
    Ok((id, changes))
}
