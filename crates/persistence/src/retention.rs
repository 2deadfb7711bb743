//! The retention purge's reads and writes: what is due of each kind of personal data, deleting
//! what goes, pseudonymising what stays for the totals, and the record (`retention_done`) of
//! what has been pseudonymised, so it is done once.

use chrono::{DateTime, NaiveDate, Utc};
use itp_domain::Code;
use itp_domain::application::ApplicationStatus;
use itp_domain::application::document::DocumentKind;
use itp_domain::application::draft::ApplicationDraft;
use itp_domain::cohort::CohortStatus;
use itp_domain::retention::pseudonymise_draft;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use crate::Result;
use crate::entities::{
    application, application_document, application_draft, application_member, audit_log, cohort,
    participant, per_diem_statement, retention_done,
};

/// A cohort's dates, from which the clocks of its applications and documents start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CohortDates {
    pub id: i32,
    pub name: String,
    pub status: CohortStatus,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
}

impl CohortDates {
    /// Selection is over: the cohort has started, or was cancelled.
    pub fn selection_over(&self) -> bool {
        matches!(
            self.status,
            CohortStatus::Running
                | CohortStatus::Completed
                | CohortStatus::Closed
                | CohortStatus::Cancelled
        )
    }
}

pub async fn cohorts<C: ConnectionTrait>(conn: &C) -> Result<Vec<CohortDates>> {
    cohort::Entity::find()
        .order_by_asc(cohort::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|c| {
            Ok(CohortDates {
                id: c.id,
                status: crate::decode(&c.status, "cohorts.status")?,
                name: c.name,
                starts_on: c.starts_on,
                ends_on: c.ends_on,
            })
        })
        .collect()
}

/// Records that `kind` was done to a record; false if it had been.
pub async fn mark_done<C: ConnectionTrait>(
    conn: &C,
    kind: &str,
    entity_type: &str,
    entity_id: i32,
    now: DateTime<Utc>,
) -> Result<bool> {
    let inserted = retention_done::Entity::insert(retention_done::ActiveModel {
        kind: Set(kind.to_owned()),
        entity_type: Set(entity_type.to_owned()),
        entity_id: Set(entity_id),
        done_at: Set(now),
        ..Default::default()
    })
    .on_conflict_do_nothing_on([
        retention_done::Column::Kind,
        retention_done::Column::EntityType,
        retention_done::Column::EntityId,
    ])
    .exec_without_returning(conn)
    .await?;
    Ok(matches!(inserted, sea_orm::TryInsertResult::Inserted(1)))
}

async fn done_ids<C: ConnectionTrait>(conn: &C, kind: &str, entity_type: &str) -> Result<Vec<i32>> {
    Ok(retention_done::Entity::find()
        .filter(retention_done::Column::Kind.eq(kind))
        .filter(retention_done::Column::EntityType.eq(entity_type))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| r.entity_id)
        .collect())
}

// --- the audit log -------------------------------------------------------------------------

pub async fn delete_audit_before<C: ConnectionTrait>(
    conn: &C,
    before: DateTime<Utc>,
) -> Result<u64> {
    Ok(audit_log::Entity::delete_many()
        .filter(audit_log::Column::At.lt(before))
        .exec(conn)
        .await?
        .rows_affected)
}

pub async fn oldest_audit_entry<C: ConnectionTrait>(conn: &C) -> Result<Option<DateTime<Utc>>> {
    Ok(audit_log::Entity::find()
        .order_by_asc(audit_log::Column::At)
        .one(conn)
        .await?
        .map(|e| e.at))
}

// --- documents -------------------------------------------------------------------------------

/// A stored document: its row and its key in the document store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDocument {
    pub id: i32,
    pub application_id: i32,
    pub storage_key: String,
}

async fn application_ids<C: ConnectionTrait>(conn: &C, cohort_ids: &[i32]) -> Result<Vec<i32>> {
    if cohort_ids.is_empty() {
        return Ok(vec![]);
    }
    Ok(application::Entity::find()
        .filter(application::Column::CohortId.is_in(cohort_ids.iter().copied()))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| a.id)
        .collect())
}

async fn documents_where<C: ConnectionTrait>(
    conn: &C,
    application_ids: &[i32],
    kinds: Option<&[DocumentKind]>,
) -> Result<Vec<StoredDocument>> {
    if application_ids.is_empty() {
        return Ok(vec![]);
    }
    let mut q = application_document::Entity::find()
        .filter(application_document::Column::ApplicationId.is_in(application_ids.iter().copied()));
    if let Some(kinds) = kinds {
        q = q.filter(application_document::Column::Kind.is_in(kinds.iter().map(|k| k.code())));
    }
    Ok(q.order_by_asc(application_document::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|d| StoredDocument {
            id: d.id,
            application_id: d.application_id,
            storage_key: d.storage_key,
        })
        .collect())
}

/// Passports and medical statements of the applications of these cohorts.
pub async fn sensitive_documents_of<C: ConnectionTrait>(
    conn: &C,
    cohort_ids: &[i32],
) -> Result<Vec<StoredDocument>> {
    let apps = application_ids(conn, cohort_ids).await?;
    documents_where(
        conn,
        &apps,
        Some(&[DocumentKind::Passport, DocumentKind::MedicalStatement]),
    )
    .await
}

/// Clears the dietary and accessibility needs of the participants of these cohorts (special-
/// category data, kept no longer than the passports); how many participants had any.
pub async fn clear_needs<C: ConnectionTrait>(conn: &C, cohort_ids: &[i32]) -> Result<u64> {
    if cohort_ids.is_empty() {
        return Ok(0);
    }
    Ok(participant::Entity::update_many()
        .col_expr(participant::Column::DietaryNeeds, Expr::value(""))
        .col_expr(participant::Column::AccessibilityNeeds, Expr::value(""))
        .filter(participant::Column::CohortId.is_in(cohort_ids.iter().copied()))
        .filter(
            participant::Column::DietaryNeeds
                .ne("")
                .or(participant::Column::AccessibilityNeeds.ne("")),
        )
        .exec(conn)
        .await?
        .rows_affected)
}

/// Every document of these applications.
pub async fn documents_of_applications<C: ConnectionTrait>(
    conn: &C,
    application_ids: &[i32],
) -> Result<Vec<StoredDocument>> {
    documents_where(conn, application_ids, None).await
}

/// Deletes the rows of these documents (the caller deletes what they stored).
pub async fn delete_documents<C: ConnectionTrait>(conn: &C, ids: &[i32]) -> Result<u64> {
    if ids.is_empty() {
        return Ok(0);
    }
    Ok(application_document::Entity::delete_many()
        .filter(application_document::Column::Id.is_in(ids.iter().copied()))
        .exec(conn)
        .await?
        .rows_affected)
}

// --- applications of people not selected -----------------------------------------------------

pub const APPLICANTS_NOT_SELECTED: &str = "applicants_not_selected";
pub const FINANCE_RECORDS: &str = "finance_records";

/// Applications of these cohorts that did not lead to a place (drafts never submitted and
/// withdrawn ones; declined ones join once selection records its decisions), not yet
/// pseudonymised.
pub async fn not_selected<C: ConnectionTrait>(conn: &C, cohort_ids: &[i32]) -> Result<Vec<i32>> {
    if cohort_ids.is_empty() {
        return Ok(vec![]);
    }
    let done = done_ids(conn, APPLICANTS_NOT_SELECTED, "application").await?;
    Ok(application::Entity::find()
        .filter(application::Column::CohortId.is_in(cohort_ids.iter().copied()))
        .filter(application::Column::Status.is_in([
            ApplicationStatus::Draft.code(),
            ApplicationStatus::Withdrawn.code(),
        ]))
        .order_by_asc(application::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|a| a.id)
        .filter(|id| !done.contains(id))
        .collect())
}

/// Replaces the names, addresses and years of birth in one application (its members' rows and
/// its draft) and records it as done. Countries, genders and counts stay.
pub async fn pseudonymise_application<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    now: DateTime<Utc>,
) -> Result<bool> {
    if !mark_done(conn, APPLICANTS_NOT_SELECTED, "application", id, now).await? {
        return Ok(false);
    }
    let members = application_member::Entity::find()
        .filter(application_member::Column::ApplicationId.eq(id))
        .all(conn)
        .await?;
    for m in members {
        application_member::Entity::update_many()
            .col_expr(
                application_member::Column::FullName,
                Expr::value(format!("Member {} (pseudonymised)", m.position + 1)),
            )
            .col_expr(
                application_member::Column::NameKey,
                Expr::value(format!("pseudonymised-{}", m.id)),
            )
            .col_expr(application_member::Column::Email, Expr::value(""))
            .col_expr(
                application_member::Column::YearOfBirth,
                Expr::value(Option::<i32>::None),
            )
            .filter(application_member::Column::Id.eq(m.id))
            .exec(conn)
            .await?;
    }
    if let Some(row) = application_draft::Entity::find_by_id(id).one(conn).await? {
        // A draft that does not read is replaced by an empty one: its names must go all the
        // same, and the application's own columns keep its country and counts.
        let draft = ApplicationDraft::from_json(&row.draft).unwrap_or_default();
        application_draft::Entity::update_many()
            .col_expr(
                application_draft::Column::Draft,
                Expr::value(pseudonymise_draft(&draft).to_json()),
            )
            .filter(application_draft::Column::ApplicationId.eq(id))
            .exec(conn)
            .await?;
    }
    Ok(true)
}

// --- finance records -------------------------------------------------------------------------

/// Per-diem statements created before `before`, not yet pseudonymised.
pub async fn statements_created_before<C: ConnectionTrait>(
    conn: &C,
    before: DateTime<Utc>,
) -> Result<Vec<i32>> {
    let done = done_ids(conn, FINANCE_RECORDS, "per_diem_statement").await?;
    Ok(per_diem_statement::Entity::find()
        .filter(per_diem_statement::Column::CreatedAt.lt(before))
        .order_by_asc(per_diem_statement::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|s| s.id)
        .filter(|id| !done.contains(id))
        .collect())
}

/// The oldest statement not yet pseudonymised, by creation.
pub async fn oldest_statement<C: ConnectionTrait>(conn: &C) -> Result<Option<DateTime<Utc>>> {
    let done = done_ids(conn, FINANCE_RECORDS, "per_diem_statement").await?;
    Ok(per_diem_statement::Entity::find()
        .filter(per_diem_statement::Column::Id.is_not_in(done))
        .order_by_asc(per_diem_statement::Column::CreatedAt)
        .limit(1)
        .one(conn)
        .await?
        .map(|s| s.created_at))
}

/// Replaces the traveller's name on a statement and unlinks their account; amounts stay.
pub async fn pseudonymise_statement<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    now: DateTime<Utc>,
) -> Result<bool> {
    if !mark_done(conn, FINANCE_RECORDS, "per_diem_statement", id, now).await? {
        return Ok(false);
    }
    per_diem_statement::Entity::update_many()
        .col_expr(
            per_diem_statement::Column::TravellerName,
            Expr::value(format!("Traveller of statement {id} (pseudonymised)")),
        )
        .col_expr(
            per_diem_statement::Column::TravellerUserId,
            Expr::value(Option::<i32>::None),
        )
        .filter(per_diem_statement::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(true)
}

/// How many audit entries were written before `before`.
pub async fn count_audit_before<C: ConnectionTrait>(
    conn: &C,
    before: DateTime<Utc>,
) -> Result<u64> {
    use sea_orm::PaginatorTrait;
    Ok(audit_log::Entity::find()
        .filter(audit_log::Column::At.lt(before))
        .count(conn)
        .await?)
}
