//! Skatteverket files uploaded through the web, kept between the preview and finance's
//! confirmation (and afterwards, as a record of which file was applied when). Only files that
//! parsed are kept: a broken file is refused before anything is written.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, sea_query::Expr,
};

use crate::audit::Actor;
use crate::entities::per_diem_rate_import as upload;
use crate::{PersistenceError, Result};

/// An uploaded file of Skatteverket's rates, kept until it is applied so the preview and the
/// import read the same bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateUpload {
    pub id: i32,
    pub file_name: String,
    pub content: String,
    pub uploaded_by_user_id: Option<i32>,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
    pub applied_at: Option<DateTime<Utc>>,
}

impl From<upload::Model> for RateUpload {
    fn from(m: upload::Model) -> RateUpload {
        RateUpload {
            id: m.id,
            file_name: m.file_name,
            content: m.content,
            uploaded_by_user_id: m.uploaded_by_user_id,
            uploaded_by: m.uploaded_by,
            uploaded_at: m.uploaded_at,
            applied_at: m.applied_at,
        }
    }
}

/// A summary line of an upload, without its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadSummary {
    pub id: i32,
    pub file_name: String,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
    pub applied_at: Option<DateTime<Utc>>,
}

pub async fn store<C: ConnectionTrait>(
    conn: &C,
    file_name: &str,
    content: &str,
    by: &Actor,
    now: DateTime<Utc>,
) -> Result<i32> {
    let res = upload::Entity::insert(upload::ActiveModel {
        file_name: Set(file_name.chars().take(255).collect()),
        content: Set(content.to_owned()),
        uploaded_by_user_id: Set(by.user_id),
        uploaded_by: Set(by.label.chars().take(254).collect()),
        uploaded_at: Set(now),
        applied_at: Set(None),
        ..Default::default()
    })
    .exec(conn)
    .await?;
    Ok(res.last_insert_id)
}

pub async fn find<C: ConnectionTrait>(conn: &C, id: i32) -> Result<Option<RateUpload>> {
    Ok(upload::Entity::find_by_id(id)
        .one(conn)
        .await?
        .map(RateUpload::from))
}

/// Marks an upload applied; refuses one that was applied already (a second click, or two
/// people confirming the same preview).
pub async fn mark_applied<C: ConnectionTrait>(conn: &C, id: i32, now: DateTime<Utc>) -> Result<()> {
    let res = upload::Entity::update_many()
        .col_expr(upload::Column::AppliedAt, Expr::value(now))
        .filter(upload::Column::Id.eq(id))
        .filter(upload::Column::AppliedAt.is_null())
        .exec(conn)
        .await?;
    if res.rows_affected == 0 {
        return Err(PersistenceError::Conflict(
            "This file has been imported already; upload it again to see what it would change now."
                .into(),
        ));
    }
    Ok(())
}

type SummaryRow = (i32, String, String, DateTime<Utc>, Option<DateTime<Utc>>);

/// The latest uploads, newest first (without their content).
pub async fn recent<C: ConnectionTrait>(conn: &C, limit: u64) -> Result<Vec<UploadSummary>> {
    let rows: Vec<SummaryRow> = upload::Entity::find()
        .select_only()
        .column(upload::Column::Id)
        .column(upload::Column::FileName)
        .column(upload::Column::UploadedBy)
        .column(upload::Column::UploadedAt)
        .column(upload::Column::AppliedAt)
        .order_by_desc(upload::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, file_name, uploaded_by, uploaded_at, applied_at)| UploadSummary {
                id,
                file_name,
                uploaded_by,
                uploaded_at,
                applied_at,
            },
        )
        .collect())
}
