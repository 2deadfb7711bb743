//! The applicant's documents: uploading one (checked for its kind and type, stored before its
//! row is written) and removing one; and how every document is sent when someone opens it.

use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use itp_domain::Code;
use itp_domain::application::document::{DocumentKind, check_upload};
use itp_domain::application::submission::Step;
use itp_domain::validation::FieldErrors;
use itp_persistence::application::{self, documents};

use super::form_routes::{editable, render_step};
use super::service;
use crate::app::AppState;
use crate::error::{AppError, Result};
use crate::ops::Context;
use crate::security::session::{Session, SignedIn};
use crate::storage::DocumentStore;
use crate::views::PageContext;

/// Said when an upload is over the request limit (the per-document limit is checked after).
const TOO_LARGE: &str = "The file is larger than 10 MB. Scan at a lower resolution or split it.";

pub(super) async fn upload(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    pctx: PageContext,
    Path(id): Path<i32>,
    mut multipart: Multipart,
) -> Result<Response> {
    let app = match editable(&state, &user, id).await? {
        Ok(app) => app,
        Err(summary) => return Ok(summary.into_response()),
    };
    let mut kind: Option<DocumentKind> = None;
    let mut member: Option<usize> = None;
    let mut file: Option<(String, Vec<u8>)> = None;
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        AppError::unreadable_upload(e.status(), TOO_LARGE)
    };
    while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
        match field.name().unwrap_or("") {
            "kind" => kind = DocumentKind::parse(&field.text().await.unwrap_or_default()),
            "member" => member = field.text().await.ok().and_then(|t| t.trim().parse().ok()),
            "file" => {
                let name = field.file_name().unwrap_or("document").to_owned();
                let bytes = field.bytes().await.map_err(unreadable)?;
                file = Some((name, bytes.to_vec()));
            }
            _ => {}
        }
    }
    let kind = kind
        .ok_or_else(|| AppError::BadRequest("Choose which document you are uploading.".into()))?;
    let draft = application::draft_of(&state.db.conn, app.application.id).await?;
    let member = if kind.per_member() {
        match member {
            Some(m) if draft.members().any(|(i, _)| i == m) => Some(m),
            _ => {
                return Err(AppError::BadRequest(
                    "That team member does not exist; add the member first.".into(),
                ));
            }
        }
    } else {
        None
    };
    let field = match member {
        Some(i) => format!("doc_{}_{i}", kind.code()),
        None => format!("doc_{}", kind.code()),
    };
    // The documents step again with the problem beside the file's field.
    let refuse = async |message: String| {
        let errors = FieldErrors::single(&field, message);
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        render_step(&state, &pctx, &app, Step::Documents, &errors, status).await
    };
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return refuse("Choose a file to upload.".into()).await;
    };
    let file_type = match check_upload(kind, &bytes) {
        Ok(t) => t,
        Err(problem) => return refuse(format!("{name}: {problem}")).await,
    };
    let pending = DocumentStore::prepare(&bytes);
    let document = documents::NewDocument {
        application_id: id,
        kind,
        member_position: member.and_then(|m| i32::try_from(m).ok()),
        original_name: &name,
        file_type,
        size_bytes: pending.size_bytes,
        storage_key: &pending.key,
        sha256: &pending.sha256,
    };
    service::add_document(&Context::person(&state, &user), document, &pending).await?;
    Ok(Redirect::to(&format!("/applications/{id}/edit/documents#{field}")).into_response())
}

pub(super) async fn delete_document(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    Path((id, document_id)): Path<(i32, i32)>,
) -> Result<Redirect> {
    if let Err(summary) = editable(&state, &user, id).await? {
        return Ok(summary);
    }
    service::remove_document(&Context::person(&state, &user), id, document_id).await?;
    session.flash("The document was removed.").await?;
    Ok(Redirect::to(&format!("/applications/{id}/edit/documents")))
}
