//! Study visits: a team of a cohort at a host on given days, with the agenda, logistics and
//! report the host writes, and what the host may know of the visiting team.

use chrono::{DateTime, NaiveTime, Utc};
use itp_domain::Code;
use itp_domain::application::ApplicationDraft;
use itp_domain::hosts::{AgendaItem, Logistics, Report, Theme, VisitState};
use itp_domain::money::{Currency, Money};
use itp_domain::phase::DateSpan;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};

use crate::entities::{application, cohort, study_visit, study_visit_agenda, user};
use crate::{PersistenceError, Result, decode};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredVisit {
    pub id: i32,
    pub host_id: i32,
    pub cohort_id: i32,
    pub programme_id: i32,
    pub cohort_name: String,
    pub application_id: i32,
    pub state: VisitState,
    pub dates: DateSpan,
    pub theme: Option<Theme>,
    pub reason: String,
    pub logistics: Logistics,
    pub report: Report,
    pub reported_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A visit to ask a host for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewVisit {
    pub host_id: i32,
    pub cohort_id: i32,
    pub application_id: i32,
    pub dates: DateSpan,
    pub theme: Option<Theme>,
}

fn stored(m: study_visit::Model, c: &cohort::Model) -> Result<StoredVisit> {
    let corrupt = |what: &str| PersistenceError::Corrupt(format!("study_visits.{what}"));
    Ok(StoredVisit {
        id: m.id,
        host_id: m.host_id,
        cohort_id: m.cohort_id,
        programme_id: c.programme_id,
        cohort_name: c.name.clone(),
        application_id: m.application_id,
        state: decode(&m.state, "study_visits.state")?,
        dates: DateSpan::new(m.starts_on, m.ends_on).ok_or_else(|| corrupt("ends_on"))?,
        theme: if m.theme.is_empty() {
            None
        } else {
            Some(decode(&m.theme, "study_visits.theme")?)
        },
        reason: m.reason,
        logistics: Logistics {
            local_transport: m.local_transport,
            lodging: m.lodging,
            compensation: m
                .compensation_ore
                .map(|ore| Money::from_minor_units(ore, Currency::SEK)),
            compensation_covers: m.compensation_covers,
        },
        report: Report {
            shown: m.report_shown,
            learned: m.report_learned,
            contacts: m.report_contacts,
        },
        reported_at: m.reported_at,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

async fn with_cohorts<C: ConnectionTrait>(
    conn: &C,
    rows: Vec<study_visit::Model>,
) -> Result<Vec<StoredVisit>> {
    let ids: Vec<i32> = rows.iter().map(|r| r.cohort_id).collect();
    let cohorts = cohort::Entity::find()
        .filter(cohort::Column::Id.is_in(ids))
        .all(conn)
        .await?;
    rows.into_iter()
        .map(|r| {
            let c = cohorts
                .iter()
                .find(|c| c.id == r.cohort_id)
                .ok_or_else(|| PersistenceError::Corrupt("study_visits.cohort_id".into()))?;
            stored(r, c)
        })
        .collect()
}

pub async fn create<C: ConnectionTrait>(conn: &C, v: &NewVisit, now: DateTime<Utc>) -> Result<i32> {
    let row = study_visit::Entity::insert(study_visit::ActiveModel {
        host_id: Set(v.host_id),
        cohort_id: Set(v.cohort_id),
        application_id: Set(v.application_id),
        state: Set(VisitState::Requested.code().to_owned()),
        starts_on: Set(v.dates.start),
        ends_on: Set(v.dates.end),
        theme: Set(v.theme.map(|t| t.code().to_owned()).unwrap_or_default()),
        reason: Set(String::new()),
        local_transport: Set(String::new()),
        lodging: Set(String::new()),
        report_shown: Set(String::new()),
        report_learned: Set(String::new()),
        report_contacts: Set(String::new()),
        reported_at: Set(None),
        compensation_ore: Set(None),
        compensation_covers: Set(String::new()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec(conn)
    .await?;
    Ok(row.last_insert_id)
}

pub async fn find<C: ConnectionTrait>(conn: &C, id: i32) -> Result<Option<StoredVisit>> {
    let Some(row) = study_visit::Entity::find_by_id(id).one(conn).await? else {
        return Ok(None);
    };
    Ok(with_cohorts(conn, vec![row]).await?.pop())
}

/// A host's visits, soonest first.
pub async fn of_host<C: ConnectionTrait>(conn: &C, host_id: i32) -> Result<Vec<StoredVisit>> {
    let rows = study_visit::Entity::find()
        .filter(study_visit::Column::HostId.eq(host_id))
        .order_by_asc(study_visit::Column::StartsOn)
        .order_by_asc(study_visit::Column::Id)
        .all(conn)
        .await?;
    with_cohorts(conn, rows).await
}

/// The visits that start between `from` and `to` (both days included), soonest first.
pub async fn starting_between<C: ConnectionTrait>(
    conn: &C,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Result<Vec<StoredVisit>> {
    let rows = study_visit::Entity::find()
        .filter(study_visit::Column::StartsOn.gte(from))
        .filter(study_visit::Column::StartsOn.lte(to))
        .order_by_asc(study_visit::Column::StartsOn)
        .order_by_asc(study_visit::Column::Id)
        .all(conn)
        .await?;
    with_cohorts(conn, rows).await
}

/// A cohort's visits, in the order they were asked for.
pub async fn of_cohort<C: ConnectionTrait>(conn: &C, cohort_id: i32) -> Result<Vec<StoredVisit>> {
    let rows = study_visit::Entity::find()
        .filter(study_visit::Column::CohortId.eq(cohort_id))
        .order_by_asc(study_visit::Column::Id)
        .all(conn)
        .await?;
    with_cohorts(conn, rows).await
}

/// Moves a visit from `from` to `to`; `false` when it was no longer in `from` (someone else
/// moved it first).
pub async fn set_state<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    from: VisitState,
    to: VisitState,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<bool> {
    let mut update = study_visit::Entity::update_many()
        .col_expr(study_visit::Column::State, to.code().into())
        .col_expr(study_visit::Column::UpdatedAt, now.into());
    if let Some(reason) = reason {
        update = update.col_expr(study_visit::Column::Reason, reason.into());
    }
    if to == VisitState::Reported {
        update = update.col_expr(study_visit::Column::ReportedAt, now.into());
    }
    let result = update
        .filter(study_visit::Column::Id.eq(id))
        .filter(study_visit::Column::State.eq(from.code()))
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}

pub async fn set_logistics<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    l: &Logistics,
    now: DateTime<Utc>,
) -> Result<()> {
    let ore = l
        .compensation
        .map(|m| m.to_minor_units())
        .transpose()
        .map_err(|e| PersistenceError::Corrupt(format!("compensation: {e}")))?;
    study_visit::Entity::update_many()
        .col_expr(
            study_visit::Column::LocalTransport,
            l.local_transport.clone().into(),
        )
        .col_expr(study_visit::Column::Lodging, l.lodging.clone().into())
        .col_expr(study_visit::Column::CompensationOre, ore.into())
        .col_expr(
            study_visit::Column::CompensationCovers,
            l.compensation_covers.clone().into(),
        )
        .col_expr(study_visit::Column::UpdatedAt, now.into())
        .filter(study_visit::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

pub async fn set_report<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    r: &Report,
    now: DateTime<Utc>,
) -> Result<()> {
    study_visit::Entity::update_many()
        .col_expr(study_visit::Column::ReportShown, r.shown.clone().into())
        .col_expr(study_visit::Column::ReportLearned, r.learned.clone().into())
        .col_expr(
            study_visit::Column::ReportContacts,
            r.contacts.clone().into(),
        )
        .col_expr(study_visit::Column::UpdatedAt, now.into())
        .filter(study_visit::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

pub async fn agenda<C: ConnectionTrait>(conn: &C, visit_id: i32) -> Result<Vec<AgendaItem>> {
    let time = |s: &str| {
        NaiveTime::parse_from_str(s, "%H:%M")
            .map_err(|_| PersistenceError::Corrupt(format!("study_visit_agenda time: {s}")))
    };
    study_visit_agenda::Entity::find()
        .filter(study_visit_agenda::Column::VisitId.eq(visit_id))
        .order_by_asc(study_visit_agenda::Column::Position)
        .all(conn)
        .await?
        .into_iter()
        .map(|r| {
            Ok(AgendaItem {
                day: r.day,
                starts_at: time(&r.starts_at)?,
                ends_at: time(&r.ends_at)?,
                place: r.place,
                people: r.people,
                topic: r.topic,
            })
        })
        .collect()
}

/// Replaces the visit's agenda.
pub async fn set_agenda<C: ConnectionTrait>(
    conn: &C,
    visit_id: i32,
    items: &[AgendaItem],
) -> Result<()> {
    study_visit_agenda::Entity::delete_many()
        .filter(study_visit_agenda::Column::VisitId.eq(visit_id))
        .exec(conn)
        .await?;
    if items.is_empty() {
        return Ok(());
    }
    study_visit_agenda::Entity::insert_many(items.iter().enumerate().map(|(i, item)| {
        study_visit_agenda::ActiveModel {
            visit_id: Set(visit_id),
            position: Set(i32::try_from(i).unwrap_or(i32::MAX)),
            day: Set(item.day),
            starts_at: Set(item.starts_at.format("%H:%M").to_string()),
            ends_at: Set(item.ends_at.format("%H:%M").to_string()),
            place: Set(item.place.clone()),
            people: Set(item.people.clone()),
            topic: Set(item.topic.clone()),
            ..Default::default()
        }
    }))
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// One member of a visiting team, as the host may know them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitingMember {
    pub name: String,
    pub role: String,
    pub position: String,
}

/// What a host may know of a visiting team: never passports, medical data, scores or review
/// comments, none of which this reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitingTeam {
    pub reference: String,
    pub organisation: String,
    pub country: String,
    pub members: Vec<VisitingMember>,
    pub project_title: String,
    pub project_summary: String,
    /// The applicant's account, to which the team's mail goes.
    pub contact: Option<(String, String)>,
}

pub async fn visiting_team<C: ConnectionTrait>(
    conn: &C,
    application_id: i32,
) -> Result<Option<VisitingTeam>> {
    let Some(a) = application::Entity::find_by_id(application_id)
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let draft: ApplicationDraft = crate::application::draft_of(conn, application_id).await?;
    let contact = match a.applicant_user_id {
        Some(id) => user::Entity::find_by_id(id)
            .one(conn)
            .await?
            .map(|u| (u.email, u.display_name)),
        None => None,
    };
    Ok(Some(VisitingTeam {
        reference: crate::review::reference_of(&a),
        organisation: a.organisation_name,
        country: a.country,
        members: draft
            .members()
            .map(|(_, m)| VisitingMember {
                name: m.full_name.trim().to_owned(),
                role: m.role.trim().to_owned(),
                position: m.position.trim().to_owned(),
            })
            .collect(),
        project_title: draft.project.title.trim().to_owned(),
        project_summary: draft.project.goal.trim().to_owned(),
        contact,
    }))
}
