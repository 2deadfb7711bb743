//! Attachment records. The files themselves live under the data directory with random names
//! (the web layer writes them); these rows say what each file is and whose it is.

use chrono::{DateTime, Utc};
use itp_domain::Code;
use itp_domain::application::submission::PresentDocument;
use itp_domain::application::{DocumentKind, FileType};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};

use crate::entities::application_document;
use crate::{PersistenceError, Result, decode};

/// A stored document of an application (the file itself is in the file store, under its key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRow {
    pub id: i32,
    pub application_id: i32,
    pub kind: DocumentKind,
    pub member_position: Option<i32>,
    pub original_name: String,
    pub file_type: FileType,
    pub size_bytes: i64,
    pub storage_key: String,
    pub sha256: String,
    pub uploaded_at: DateTime<Utc>,
}

impl TryFrom<application_document::Model> for DocumentRow {
    type Error = PersistenceError;

    fn try_from(m: application_document::Model) -> Result<DocumentRow> {
        Ok(DocumentRow {
            id: m.id,
            application_id: m.application_id,
            kind: decode(&m.kind, "application_documents.kind")?,
            member_position: m.member_position,
            original_name: m.original_name,
            file_type: decode(&m.content_type, "application_documents.content_type")?,
            size_bytes: m.size_bytes,
            storage_key: m.storage_key,
            sha256: m.sha256,
            uploaded_at: m.uploaded_at,
        })
    }
}

pub struct NewDocument<'a> {
    pub application_id: i32,
    pub kind: DocumentKind,
    pub member_position: Option<i32>,
    pub original_name: &'a str,
    pub file_type: FileType,
    pub size_bytes: i64,
    pub storage_key: &'a str,
    pub sha256: &'a str,
}

/// Adds a document, replacing any earlier one of the same kind for the same member. Returns the
/// storage keys of replaced files, for the caller to delete after the transaction commits.
pub async fn put<C: ConnectionTrait>(
    conn: &C,
    doc: NewDocument<'_>,
    now: DateTime<Utc>,
) -> Result<(i32, Vec<String>)> {
    let mut replaced_query = application_document::Entity::find()
        .filter(application_document::Column::ApplicationId.eq(doc.application_id))
        .filter(application_document::Column::Kind.eq(doc.kind.code()));
    replaced_query = match doc.member_position {
        Some(p) => replaced_query.filter(application_document::Column::MemberPosition.eq(p)),
        None => replaced_query.filter(application_document::Column::MemberPosition.is_null()),
    };
    let replaced = replaced_query.all(conn).await?;
    let ids: Vec<i32> = replaced.iter().map(|r| r.id).collect();
    if !ids.is_empty() {
        application_document::Entity::delete_many()
            .filter(application_document::Column::Id.is_in(ids))
            .exec(conn)
            .await?;
    }
    let name: String = doc.original_name.chars().take(255).collect();
    let res = application_document::Entity::insert(application_document::ActiveModel {
        application_id: Set(doc.application_id),
        kind: Set(doc.kind.code().to_owned()),
        member_position: Set(doc.member_position),
        original_name: Set(name),
        content_type: Set(doc.file_type.content_type().to_owned()),
        size_bytes: Set(doc.size_bytes),
        storage_key: Set(doc.storage_key.to_owned()),
        sha256: Set(doc.sha256.to_owned()),
        uploaded_at: Set(now),
        ..Default::default()
    })
    .exec(conn)
    .await?;
    Ok((
        res.last_insert_id,
        replaced.into_iter().map(|r| r.storage_key).collect(),
    ))
}

pub async fn of_application<C: ConnectionTrait>(
    conn: &C,
    application_id: i32,
) -> Result<Vec<DocumentRow>> {
    application_document::Entity::find()
        .filter(application_document::Column::ApplicationId.eq(application_id))
        .order_by_asc(application_document::Column::Kind)
        .order_by_asc(application_document::Column::MemberPosition)
        .all(conn)
        .await?
        .into_iter()
        .map(DocumentRow::try_from)
        .collect()
}

pub async fn find<C: ConnectionTrait>(conn: &C, id: i32) -> Result<Option<DocumentRow>> {
    application_document::Entity::find_by_id(id)
        .one(conn)
        .await?
        .map(DocumentRow::try_from)
        .transpose()
}

/// Removes a document record; returns its storage key for the caller to delete the file.
pub async fn remove<C: ConnectionTrait>(
    conn: &C,
    application_id: i32,
    id: i32,
) -> Result<Option<String>> {
    let Some(row) = application_document::Entity::find_by_id(id)
        .filter(application_document::Column::ApplicationId.eq(application_id))
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    application_document::Entity::delete_by_id(id)
        .exec(conn)
        .await?;
    Ok(Some(row.storage_key))
}

/// The documents as the submission and eligibility rules see them.
pub fn present(rows: &[DocumentRow]) -> Vec<PresentDocument> {
    rows.iter()
        .map(|r| {
            (
                r.kind,
                r.member_position.and_then(|p| usize::try_from(p).ok()),
            )
        })
        .collect()
}
