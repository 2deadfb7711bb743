//! Application imports: the record of each upload (its progress, its row errors) and the insert
//! of a whole valid file in one transaction.

use chrono::{DateTime, Utc};
use itp_domain::Code;
use itp_domain::application::ApplicationSource;
use itp_domain::application::eligibility::Eligibility;
use itp_domain::application::import::{ImportStatus, ImportedApplication, RowError};
use itp_domain::application::lifecycle;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, sea_query::Expr,
};

use super::{derived, insert_draft, replace_members_from_draft};
use crate::entities::{application, application_import};
use crate::{PersistenceError, Result, decode};

/// The record of one upload of a file of applications.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRow {
    pub id: i32,
    pub cohort_id: i32,
    pub uploaded_by: Option<i32>,
    pub file_name: String,
    pub status: ImportStatus,
    pub total_rows: i32,
    pub processed_rows: i32,
    pub application_count: i32,
    /// The row errors as JSON; read them with [`errors_of`].
    pub errors: String,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

impl TryFrom<application_import::Model> for ImportRow {
    type Error = PersistenceError;

    fn try_from(m: application_import::Model) -> Result<ImportRow> {
        Ok(ImportRow {
            id: m.id,
            cohort_id: m.cohort_id,
            uploaded_by: m.uploaded_by,
            file_name: m.file_name,
            status: decode(&m.status, "application_imports.status")?,
            total_rows: m.total_rows,
            processed_rows: m.processed_rows,
            application_count: m.application_count,
            errors: m.errors,
            created_at: m.created_at,
            finished_at: m.finished_at,
        })
    }
}

pub async fn start<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
    uploaded_by: i32,
    file_name: &str,
    total_rows: usize,
    now: DateTime<Utc>,
) -> Result<i32> {
    let res = application_import::Entity::insert(application_import::ActiveModel {
        cohort_id: Set(cohort_id),
        uploaded_by: Set(Some(uploaded_by)),
        file_name: Set(file_name.chars().take(255).collect()),
        status: Set(ImportStatus::Checking.code().to_owned()),
        total_rows: Set(i32::try_from(total_rows).unwrap_or(i32::MAX)),
        processed_rows: Set(0),
        application_count: Set(0),
        errors: Set("[]".to_owned()),
        created_at: Set(now),
        finished_at: Set(None),
        ..Default::default()
    })
    .exec(conn)
    .await?;
    Ok(res.last_insert_id)
}

pub async fn progress<C: ConnectionTrait>(conn: &C, id: i32, processed_rows: usize) -> Result<()> {
    application_import::Entity::update_many()
        .col_expr(
            application_import::Column::ProcessedRows,
            Expr::value(i32::try_from(processed_rows).unwrap_or(i32::MAX)),
        )
        .filter(application_import::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

pub async fn finish<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    outcome: ImportStatus,
    applications: usize,
    errors: &[RowError],
    now: DateTime<Utc>,
) -> Result<()> {
    let errors: Vec<serde_json::Value> = errors
        .iter()
        .map(|e| serde_json::json!({ "line": e.line, "message": e.message }))
        .collect();
    application_import::Entity::update_many()
        .col_expr(
            application_import::Column::Status,
            Expr::value(outcome.code()),
        )
        .col_expr(
            application_import::Column::ApplicationCount,
            Expr::value(i32::try_from(applications).unwrap_or(i32::MAX)),
        )
        .col_expr(
            application_import::Column::Errors,
            Expr::value(serde_json::Value::Array(errors).to_string()),
        )
        .col_expr(
            application_import::Column::ProcessedRows,
            Expr::col(application_import::Column::TotalRows),
        )
        .col_expr(application_import::Column::FinishedAt, Expr::value(now))
        .filter(application_import::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

pub async fn find<C: ConnectionTrait>(conn: &C, id: i32) -> Result<Option<ImportRow>> {
    application_import::Entity::find_by_id(id)
        .one(conn)
        .await?
        .map(ImportRow::try_from)
        .transpose()
}

pub async fn recent<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
    limit: u64,
) -> Result<Vec<ImportRow>> {
    application_import::Entity::find()
        .filter(application_import::Column::CohortId.eq(cohort_id))
        .order_by_desc(application_import::Column::Id)
        .limit(limit)
        .all(conn)
        .await?
        .into_iter()
        .map(ImportRow::try_from)
        .collect()
}

pub fn errors_of(row: &ImportRow) -> Vec<RowError> {
    serde_json::from_str::<Vec<serde_json::Value>>(&row.errors)
        .unwrap_or_default()
        .into_iter()
        .map(|v| RowError {
            line: v
                .get("line")
                .and_then(serde_json::Value::as_u64)
                .and_then(|l| usize::try_from(l).ok())
                .unwrap_or(0),
            message: v
                .get("message")
                .and_then(serde_json::Value::as_str)
                .unwrap_or("")
                .to_owned(),
        })
        .collect()
}

/// References already used in the cohort, among those given: an import must not repeat one.
pub async fn existing_references<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
    references: Vec<String>,
) -> Result<Vec<String>> {
    let mut found = Vec::new();
    for chunk in references.chunks(500) {
        let rows: Vec<Option<String>> = application::Entity::find()
            .select_only()
            .column(application::Column::Reference)
            .filter(application::Column::CohortId.eq(cohort_id))
            .filter(application::Column::Reference.is_in(chunk.to_vec()))
            .into_tuple()
            .all(conn)
            .await?;
        found.extend(rows.into_iter().flatten());
    }
    Ok(found)
}

/// Inserts every application of a valid file as submitted; returns their ids. Call inside one
/// transaction: either the whole file is imported or nothing.
pub async fn insert_all<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
    imported: &[ImportedApplication],
    now: DateTime<Utc>,
) -> Result<Vec<i32>> {
    let mut ids = Vec::with_capacity(imported.len());
    for app in imported {
        let (name, country, members, women) = derived(&app.draft);
        let res = application::Entity::insert(application::ActiveModel {
            cohort_id: Set(cohort_id),
            applicant_user_id: Set(None),
            reference: Set(Some(app.reference.chars().take(64).collect())),
            status: Set(lifecycle::initial(ApplicationSource::Import)
                .code()
                .to_owned()),
            source: Set(ApplicationSource::Import.code().to_owned()),
            organisation_name: Set(name),
            country: Set(country),
            member_count: Set(members),
            women_count: Set(women),
            eligibility: Set(Eligibility::Unchecked.code().to_owned()),
            flag_count: Set(0),
            created_at: Set(now),
            updated_at: Set(now),
            submitted_at: Set(Some(now)),
            withdrawn_at: Set(None),
            ..Default::default()
        })
        .exec(conn)
        .await
        .map_err(|e| {
            PersistenceError::conflict_on_unique(
                e,
                format!(
                    "Reference {} is already used in this cohort.",
                    app.reference
                ),
            )
        })?;
        insert_draft(conn, res.last_insert_id, &app.draft).await?;
        replace_members_from_draft(conn, res.last_insert_id, &app.draft).await?;
        ids.push(res.last_insert_id);
    }
    Ok(ids)
}
