//! Applications: drafts saved at every step, submission and withdrawal, and the rows the
//! manager's list filters on.

pub mod dashboard;
pub mod documents;
pub mod eligibility;
pub mod imports;
pub mod list;
#[cfg(test)]
mod list_tests;
#[cfg(test)]
mod migration_tests;

use chrono::{DateTime, Utc};
use itp_domain::Code;
use itp_domain::application::eligibility::Eligibility;
use itp_domain::application::lifecycle::{self, Transition};
use itp_domain::application::returning::name_key;
use itp_domain::application::submission::SubmittedApplication;
use itp_domain::application::{ApplicationDraft, ApplicationSource, ApplicationStatus, Gender};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    sea_query::Expr,
};

use crate::entities::{application, application_draft, application_member, cohort};
use crate::{PersistenceError, Result, decode};

/// An application as the lists and pages read it (what was typed is in its draft).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationRow {
    pub id: i32,
    pub cohort_id: i32,
    pub applicant_user_id: Option<i32>,
    pub reference: Option<String>,
    pub status: ApplicationStatus,
    pub source: ApplicationSource,
    pub organisation_name: String,
    pub country: String,
    pub member_count: i32,
    pub women_count: i32,
    pub eligibility: Eligibility,
    pub flag_count: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub withdrawn_at: Option<DateTime<Utc>>,
}

impl TryFrom<application::Model> for ApplicationRow {
    type Error = PersistenceError;

    fn try_from(m: application::Model) -> Result<ApplicationRow> {
        Ok(ApplicationRow {
            id: m.id,
            cohort_id: m.cohort_id,
            applicant_user_id: m.applicant_user_id,
            reference: m.reference,
            status: decode(&m.status, "applications.status")?,
            source: decode(&m.source, "applications.source")?,
            organisation_name: m.organisation_name,
            country: m.country,
            member_count: m.member_count,
            women_count: m.women_count,
            eligibility: decode(&m.eligibility, "applications.eligibility")?,
            flag_count: m.flag_count,
            created_at: m.created_at,
            updated_at: m.updated_at,
            submitted_at: m.submitted_at,
            withdrawn_at: m.withdrawn_at,
        })
    }
}

/// Columns copied out of the draft so the manager's list can filter and sort without reading it.
fn derived(draft: &ApplicationDraft) -> (String, String, i32, i32) {
    let name: String = draft.organisation.name.trim().chars().take(200).collect();
    let country: String = draft
        .organisation
        .country
        .trim()
        .to_uppercase()
        .chars()
        .take(2)
        .collect();
    let members = i32::try_from(draft.member_count()).unwrap_or(i32::MAX);
    let women = i32::try_from(
        draft
            .members()
            .filter(|(_, m)| Gender::parse(&m.gender) == Some(Gender::Woman))
            .count(),
    )
    .unwrap_or(0);
    (name, country, members, women)
}

pub async fn create_draft<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
    applicant_user_id: i32,
    now: DateTime<Utc>,
) -> Result<i32> {
    let res = application::Entity::insert(application::ActiveModel {
        cohort_id: Set(cohort_id),
        applicant_user_id: Set(Some(applicant_user_id)),
        reference: Set(None),
        status: Set(lifecycle::initial(ApplicationSource::Form)
            .code()
            .to_owned()),
        source: Set(ApplicationSource::Form.code().to_owned()),
        organisation_name: Set(String::new()),
        country: Set(String::new()),
        member_count: Set(0),
        women_count: Set(0),
        eligibility: Set(Eligibility::Unchecked.code().to_owned()),
        flag_count: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        submitted_at: Set(None),
        withdrawn_at: Set(None),
        ..Default::default()
    })
    .exec(conn)
    .await?;
    insert_draft(conn, res.last_insert_id, &ApplicationDraft::default()).await?;
    Ok(res.last_insert_id)
}

/// Drafts live in their own table, one-to-one with `applications`, so that listing and counting
/// a cohort's applications reads narrow rows.
pub(crate) async fn insert_draft<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    draft: &ApplicationDraft,
) -> Result<()> {
    application_draft::Entity::insert(application_draft::ActiveModel {
        application_id: Set(id),
        draft: Set(draft.to_json()),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

pub async fn find<C: ConnectionTrait>(conn: &C, id: i32) -> Result<Option<ApplicationRow>> {
    application::Entity::find_by_id(id)
        .one(conn)
        .await?
        .map(ApplicationRow::try_from)
        .transpose()
}

/// The drafts of several applications in one query, by application id.
pub async fn drafts_of<C: ConnectionTrait>(
    conn: &C,
    ids: &[i32],
) -> Result<std::collections::HashMap<i32, ApplicationDraft>> {
    if ids.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    application_draft::Entity::find()
        .filter(application_draft::Column::ApplicationId.is_in(ids.iter().copied()))
        .all(conn)
        .await?
        .into_iter()
        .map(|row| {
            let draft = ApplicationDraft::from_json(&row.draft).map_err(|e| {
                PersistenceError::Corrupt(format!("application {} draft: {e}", row.application_id))
            })?;
            Ok((row.application_id, draft))
        })
        .collect()
}

/// What the applicant typed (or the import brought). Every application has one.
pub async fn draft_of<C: ConnectionTrait>(conn: &C, id: i32) -> Result<ApplicationDraft> {
    let row = application_draft::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or_else(|| PersistenceError::Corrupt(format!("application {id} has no draft")))?;
    ApplicationDraft::from_json(&row.draft)
        .map_err(|e| PersistenceError::Corrupt(format!("application {id} draft: {e}")))
}

/// An applicant's applications with their cohorts' names, newest first (two queries).
pub async fn for_applicant<C: ConnectionTrait>(
    conn: &C,
    user_id: i32,
) -> Result<Vec<(ApplicationRow, String)>> {
    let apps = application::Entity::find()
        .filter(application::Column::ApplicantUserId.eq(user_id))
        .order_by_desc(application::Column::UpdatedAt)
        .all(conn)
        .await?;
    let ids: Vec<i32> = apps.iter().map(|a| a.cohort_id).collect();
    let cohorts = cohort::Entity::find()
        .filter(cohort::Column::Id.is_in(ids))
        .all(conn)
        .await?;
    apps.into_iter()
        .map(|a| {
            let name = cohorts
                .iter()
                .find(|c| c.id == a.cohort_id)
                .map(|c| c.name.clone())
                .unwrap_or_default();
            Ok((ApplicationRow::try_from(a)?, name))
        })
        .collect()
}

/// The applicant's open draft for a cohort, if any: one team application per applicant and call.
pub async fn draft_for<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
    user_id: i32,
) -> Result<Option<ApplicationRow>> {
    application::Entity::find()
        .filter(application::Column::CohortId.eq(cohort_id))
        .filter(application::Column::ApplicantUserId.eq(user_id))
        .filter(application::Column::Status.ne(ApplicationStatus::Withdrawn.code()))
        .one(conn)
        .await?
        .map(ApplicationRow::try_from)
        .transpose()
}

/// Saves what was typed. Only drafts change; `false` if the application is no longer a draft.
pub async fn save_draft<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    draft: &ApplicationDraft,
    now: DateTime<Utc>,
) -> Result<bool> {
    let (name, country, members, women) = derived(draft);
    let res = application::Entity::update_many()
        .col_expr(application::Column::OrganisationName, Expr::value(name))
        .col_expr(application::Column::Country, Expr::value(country))
        .col_expr(application::Column::MemberCount, Expr::value(members))
        .col_expr(application::Column::WomenCount, Expr::value(women))
        .col_expr(application::Column::UpdatedAt, Expr::value(now))
        .filter(application::Column::Id.eq(id))
        .filter(application::Column::Status.eq(ApplicationStatus::Draft.code()))
        .exec(conn)
        .await?;
    if res.rows_affected != 1 {
        return Ok(false);
    }
    application_draft::Entity::update_many()
        .col_expr(
            application_draft::Column::Draft,
            Expr::value(draft.to_json()),
        )
        .filter(application_draft::Column::ApplicationId.eq(id))
        .exec(conn)
        .await?;
    Ok(true)
}

/// Marks a draft submitted and records its members (for lists, statistics and returning-person
/// checks). `false` if it was not a draft any more (a double submit).
pub async fn submit<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    submitted: &SubmittedApplication,
    now: DateTime<Utc>,
) -> Result<bool> {
    let res = application::Entity::update_many()
        .col_expr(
            application::Column::Status,
            Expr::value(Transition::Submit.to().code()),
        )
        .col_expr(application::Column::SubmittedAt, Expr::value(now))
        .col_expr(application::Column::UpdatedAt, Expr::value(now))
        .filter(application::Column::Id.eq(id))
        .filter(application::Column::Status.eq(Transition::Submit.from().code()))
        .exec(conn)
        .await?;
    if res.rows_affected != 1 {
        return Ok(false);
    }
    replace_members(conn, id, submitted).await?;
    Ok(true)
}

pub(crate) async fn replace_members<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    submitted: &SubmittedApplication,
) -> Result<()> {
    let members = submitted.members.iter().map(|m| {
        (
            m.full_name.clone(),
            m.email.as_str().to_owned(),
            Some(m.year_of_birth),
            m.gender.code().to_owned(),
            m.role.code().to_owned(),
        )
    });
    write_members(conn, id, members).await
}

/// Members straight from a draft (imports, whose rows were checked by the import rules).
pub(crate) async fn replace_members_from_draft<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    draft: &ApplicationDraft,
) -> Result<()> {
    let members = draft.members().map(|(_, m)| {
        (
            m.full_name.trim().to_owned(),
            m.email.trim().to_lowercase(),
            m.year_of_birth.trim().parse().ok(),
            m.gender.clone(),
            m.role.clone(),
        )
    });
    write_members(conn, id, members).await
}

async fn write_members<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    members: impl Iterator<Item = (String, String, Option<i32>, String, String)>,
) -> Result<()> {
    application_member::Entity::delete_many()
        .filter(application_member::Column::ApplicationId.eq(id))
        .exec(conn)
        .await?;
    let rows: Vec<application_member::ActiveModel> = members
        .enumerate()
        .map(|(i, (full_name, email, year_of_birth, gender, role))| {
            application_member::ActiveModel {
                application_id: Set(id),
                position: Set(i32::try_from(i).unwrap_or(0)),
                name_key: Set(name_key(&full_name).chars().take(200).collect()),
                full_name: Set(full_name.chars().take(200).collect()),
                email: Set(email.chars().take(254).collect()),
                year_of_birth: Set(year_of_birth),
                gender: Set(gender.chars().take(16).collect()),
                role: Set(role.chars().take(16).collect()),
                ..Default::default()
            }
        })
        .collect();
    if !rows.is_empty() {
        application_member::Entity::insert_many(rows)
            .exec(conn)
            .await?;
    }
    Ok(())
}

/// Withdraws a submitted application. `false` if it was not submitted.
pub async fn withdraw<C: ConnectionTrait>(conn: &C, id: i32, now: DateTime<Utc>) -> Result<bool> {
    let res = application::Entity::update_many()
        .col_expr(
            application::Column::Status,
            Expr::value(Transition::Withdraw.to().code()),
        )
        .col_expr(application::Column::WithdrawnAt, Expr::value(now))
        .col_expr(application::Column::UpdatedAt, Expr::value(now))
        .filter(application::Column::Id.eq(id))
        .filter(application::Column::Status.eq(Transition::Withdraw.from().code()))
        .exec(conn)
        .await?;
    Ok(res.rows_affected == 1)
}
