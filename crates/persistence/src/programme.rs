//! The programme catalogue, as rows and as domain types, with cohort counts for the list.

use chrono::{DateTime, Utc};
use itp_domain::Code;
use itp_domain::cohort::CohortStatus;
use itp_domain::country::CountryCode;
use itp_domain::programme::{Programme, TeamRole};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use crate::decode;
use crate::entities::{cohort, programme};
use crate::{PersistenceError, Result};

/// A programme with its id, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredProgramme {
    pub id: i32,
    pub programme: Programme,
    pub updated_at: DateTime<Utc>,
}

/// A line of the programme list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgrammeSummary {
    pub id: i32,
    pub code: String,
    pub name: String,
    pub theme: String,
    pub partners: Vec<String>,
    pub eligible_countries: Vec<CountryCode>,
    pub archived: bool,
    pub cohort_count: u64,
    pub active_cohort_count: u64,
}

fn json_list(text: &str, what: &str) -> Result<Vec<String>> {
    serde_json::from_str(text).map_err(|e| PersistenceError::Corrupt(format!("{what}: {e}")))
}

fn to_json(list: &[String]) -> String {
    serde_json::to_string(list).unwrap_or_else(|_| "[]".to_owned())
}

fn countries(text: &str) -> Result<Vec<CountryCode>> {
    json_list(text, "eligible countries")?
        .iter()
        .map(|c| CountryCode::parse(c).map_err(|e| PersistenceError::Corrupt(e.to_string())))
        .collect()
}

pub fn country_json(codes: &[CountryCode]) -> String {
    to_json(
        &codes
            .iter()
            .map(|c| c.as_str().to_owned())
            .collect::<Vec<_>>(),
    )
}

fn to_domain(row: &programme::Model) -> Result<StoredProgramme> {
    let required_roles = json_list(&row.required_roles, "required roles")?
        .iter()
        .map(|r| decode::<TeamRole>(r, "programmes.required_roles"))
        .collect::<Result<Vec<_>>>()?;
    let size =
        |n: i32| u8::try_from(n).map_err(|_| PersistenceError::Corrupt(format!("team size {n}")));
    Ok(StoredProgramme {
        id: row.id,
        programme: Programme {
            code: row.code.clone(),
            name: row.name.clone(),
            theme: row.theme.clone(),
            description: row.description.clone(),
            partners: json_list(&row.partners, "partners")?,
            eligible_countries: countries(&row.eligible_countries)?,
            target_group: row.target_group.clone(),
            team_min: size(row.team_min)?,
            team_max: size(row.team_max)?,
            required_roles,
            language: row.language.clone(),
            archived: row.archived,
        },
        updated_at: row.updated_at,
    })
}

fn active_model(p: &Programme) -> programme::ActiveModel {
    programme::ActiveModel {
        code: Set(p.code.clone()),
        name: Set(p.name.clone()),
        theme: Set(p.theme.clone()),
        description: Set(p.description.clone()),
        partners: Set(to_json(&p.partners)),
        eligible_countries: Set(country_json(&p.eligible_countries)),
        target_group: Set(p.target_group.clone()),
        team_min: Set(i32::from(p.team_min)),
        team_max: Set(i32::from(p.team_max)),
        required_roles: Set(to_json(
            &p.required_roles
                .iter()
                .map(|r| r.code().to_owned())
                .collect::<Vec<_>>(),
        )),
        language: Set(p.language.clone()),
        archived: Set(p.archived),
        ..Default::default()
    }
}

pub async fn create<C: ConnectionTrait>(
    conn: &C,
    p: &Programme,
    now: DateTime<Utc>,
) -> Result<i32> {
    let mut model = active_model(p);
    model.created_at = Set(now);
    model.updated_at = Set(now);
    let res = programme::Entity::insert(model)
        .exec(conn)
        .await
        .map_err(|e| {
            PersistenceError::conflict_on_unique(
                e,
                format!("The code {} is already used by another programme.", p.code),
            )
        })?;
    Ok(res.last_insert_id)
}

pub async fn update<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    p: &Programme,
    now: DateTime<Utc>,
) -> Result<()> {
    let mut model = active_model(p);
    model.id = Set(id);
    model.updated_at = Set(now);
    programme::Entity::update(model)
        .exec(conn)
        .await
        .map_err(|e| {
            PersistenceError::conflict_on_unique(
                e,
                format!("The code {} is already used by another programme.", p.code),
            )
        })?;
    Ok(())
}

pub async fn find<C: ConnectionTrait>(conn: &C, id: i32) -> Result<Option<StoredProgramme>> {
    programme::Entity::find_by_id(id)
        .one(conn)
        .await?
        .as_ref()
        .map(to_domain)
        .transpose()
}

pub async fn find_by_code<C: ConnectionTrait>(
    conn: &C,
    code: &str,
) -> Result<Option<StoredProgramme>> {
    programme::Entity::find()
        .filter(programme::Column::Code.eq(code.to_uppercase()))
        .one(conn)
        .await?
        .as_ref()
        .map(to_domain)
        .transpose()
}

pub async fn count<C: ConnectionTrait>(conn: &C) -> Result<u64> {
    use sea_orm::PaginatorTrait;
    Ok(programme::Entity::find().count(conn).await?)
}

/// The programme list with cohort counts, in two queries whatever the number of programmes.
pub async fn list_summaries<C: ConnectionTrait>(
    conn: &C,
    include_archived: bool,
) -> Result<Vec<ProgrammeSummary>> {
    let mut query = programme::Entity::find().order_by_asc(programme::Column::Name);
    if !include_archived {
        query = query.filter(programme::Column::Archived.eq(false));
    }
    let rows = query.all(conn).await?;
    let counts: Vec<(i32, String, i64)> = cohort::Entity::find()
        .select_only()
        .column(cohort::Column::ProgrammeId)
        .column(cohort::Column::Status)
        .column_as(cohort::Column::Id.count(), "n")
        .group_by(cohort::Column::ProgrammeId)
        .group_by(cohort::Column::Status)
        .into_tuple()
        .all(conn)
        .await?;
    rows.iter()
        .map(|row| {
            let p = to_domain(row)?;
            let mine = counts.iter().filter(|(pid, _, _)| *pid == row.id);
            let cohort_count = mine.clone().map(|(_, _, n)| *n as u64).sum();
            let active_cohort_count = mine
                .map(|(_, status, n)| Ok((decode::<CohortStatus>(status, "cohorts.status")?, n)))
                .collect::<Result<Vec<_>>>()?
                .into_iter()
                .filter(|(status, _)| status.is_active())
                .map(|(_, n)| *n as u64)
                .sum();
            Ok(ProgrammeSummary {
                id: p.id,
                code: p.programme.code,
                name: p.programme.name,
                theme: p.programme.theme,
                partners: p.programme.partners,
                eligible_countries: p.programme.eligible_countries,
                archived: p.programme.archived,
                cohort_count,
                active_cohort_count,
            })
        })
        .collect()
}
