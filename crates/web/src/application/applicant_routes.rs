//! The applicant's side: open calls, starting an application, the steps of the form, documents,
//! submitting and withdrawing.

use axum::extract::{Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use itp_domain::Code;
use itp_domain::application::document::{DocumentKind, check_upload};
use itp_domain::application::submission::{self, Step};
use itp_domain::audit::ChangeSet;
use itp_domain::authz::Action;
use itp_domain::validation::FieldErrors;
use itp_persistence::application::{self, documents};
use itp_persistence::audit::{self, Actor, Entry};
use itp_persistence::begin_write;
use maud::Markup;

use super::context::{ApplicationContext, CallContext};
use super::form_views::{self, FormPage};
use super::{applicant_views, service, storage};
use crate::app::{AppState, Routes};
use crate::error::{AppError, Result};
use crate::security::guard::Access;
use crate::security::session::{Session, SignedIn};
use crate::views::PageContext;

pub fn routes(r: Routes) -> Routes {
    let own = Access::Can(Action::HandleOwnApplication);
    r.post(
        "/calls/{cohort_id}/apply",
        Access::Can(Action::Apply),
        apply,
    )
    .get("/my/applications", own, my_applications)
    .get("/applications/{application_id}/edit/{step}", own, step_form)
    .post("/applications/{application_id}/edit/{step}", own, save_step)
    .post("/applications/{application_id}/documents", own, upload)
    .post(
        "/applications/{application_id}/documents/{document_id}/delete",
        own,
        delete_document,
    )
    .post("/applications/{application_id}/submit", own, submit)
    .post("/applications/{application_id}/withdraw", own, withdraw)
}

/// Said when an upload is over the request limit (the per-document limit is checked after).
const TOO_LARGE: &str = "The file is larger than 10 MB. Scan at a lower resolution or split it.";

async fn apply(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(cohort_id): Path<i32>,
) -> Result<Redirect> {
    let call = CallContext::load(&state, cohort_id).await?;
    let id = service::start_or_resume(&state, &user, &call).await?;
    Ok(Redirect::to(&format!(
        "/applications/{id}/edit/organisation"
    )))
}

async fn my_applications(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
) -> Result<Markup> {
    let apps = application::for_applicant(&state.db.conn, user.id).await?;
    let calls = itp_persistence::cohort::open_calls(&state.db.conn).await?;
    Ok(applicant_views::my_applications(
        &ctx,
        &apps,
        &calls,
        state.clock.now(),
    ))
}

fn parse_step(step: &str) -> Result<Step> {
    Step::parse(step).ok_or(AppError::NotFound)
}

/// Country choices for the organisation step: the call's countries, by name.
fn country_choices(app: &ApplicationContext) -> Vec<(String, String)> {
    let mut c: Vec<(String, String)> = app
        .call
        .eligible_countries()
        .iter()
        .map(|c| (c.as_str().to_owned(), c.name().to_owned()))
        .collect();
    c.sort_by(|a, b| a.1.cmp(&b.1));
    c
}

async fn render_step(
    state: &AppState,
    pctx: &PageContext,
    app: &ApplicationContext,
    step: Step,
    errors: &FieldErrors,
    status: StatusCode,
) -> Result<Response> {
    let draft = application::draft_of(&state.db.conn, app.application.id).await?;
    let docs = documents::of_application(&state.db.conn, app.application.id).await?;
    let review_errors;
    let errors = if step == Step::Review && errors.is_empty() {
        let present = documents::present(&docs);
        review_errors =
            submission::validate(&draft, &app.call.rules(), &present, state.clock.now())
                .err()
                .unwrap_or_default();
        &review_errors
    } else {
        errors
    };
    let page = FormPage {
        ctx: app,
        draft: &draft,
        documents: &docs,
        errors,
        now: state.clock.now(),
    };
    Ok((
        status,
        form_views::step_page(pctx, &page, step, &country_choices(app)),
    )
        .into_response())
}

/// A submitted or withdrawn application is read-only: its steps lead to its summary.
fn read_only(app: &ApplicationContext) -> Option<Redirect> {
    (app.application.status != itp_domain::application::ApplicationStatus::Draft)
        .then(|| Redirect::to(&format!("/applications/{}", app.application.id)))
}

async fn step_form(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    pctx: PageContext,
    Path((id, step)): Path<(i32, String)>,
) -> Result<Response> {
    let step = parse_step(&step)?;
    let app = ApplicationContext::load_for(&state, &user, id, Action::HandleOwnApplication).await?;
    if let Some(r) = read_only(&app) {
        return Ok(r.into_response());
    }
    render_step(
        &state,
        &pctx,
        &app,
        step,
        &FieldErrors::new(),
        StatusCode::OK,
    )
    .await
}

async fn save_step(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path((id, step)): Path<(i32, String)>,
    axum::Form(fields): axum::Form<Vec<(String, String)>>,
) -> Result<Response> {
    let step = parse_step(&step)?;
    let app = ApplicationContext::load_for(&state, &user, id, Action::HandleOwnApplication).await?;
    if let Some(r) = read_only(&app) {
        return Ok(r.into_response());
    }
    service::save_step(&state, &app, step, &fields).await?;
    let go = fields
        .iter()
        .find(|(k, _)| k == "go")
        .map(|(_, v)| v.as_str())
        .unwrap_or("stay");
    let target = match go {
        "next" => step.next().unwrap_or(step),
        "previous" => step.previous().unwrap_or(step),
        _ => step,
    };
    Ok(Redirect::to(&format!("/applications/{id}/edit/{}", target.code())).into_response())
}

async fn upload(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    pctx: PageContext,
    Path(id): Path<i32>,
    mut multipart: Multipart,
) -> Result<Response> {
    let app = ApplicationContext::load_for(&state, &user, id, Action::HandleOwnApplication).await?;
    if let Some(r) = read_only(&app) {
        return Ok(r.into_response());
    }
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
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        let errors = FieldErrors::single(&field, "Choose a file to upload.");
        return render_step(
            &state,
            &pctx,
            &app,
            Step::Documents,
            &errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let file_type = match check_upload(kind, &bytes) {
        Ok(t) => t,
        Err(problem) => {
            let errors = FieldErrors::single(&field, format!("{name}: {problem}"));
            return render_step(
                &state,
                &pctx,
                &app,
                Step::Documents,
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let (key, sha) = storage::store(&state, &bytes).await?;
    let now = state.clock.now();
    let result = async {
        let tx = begin_write(&state.db.conn).await?;
        let (doc_id, replaced) = documents::put(
            &tx,
            documents::NewDocument {
                application_id: id,
                kind,
                member_position: member.and_then(|m| i32::try_from(m).ok()),
                original_name: &name,
                file_type,
                size_bytes: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
                storage_key: &key,
                sha256: &sha,
            },
            now,
        )
        .await?;
        audit::record(
            &tx,
            &Actor::user(user.id, &user.email),
            now,
            Entry {
                action: "application.upload_document",
                entity_type: "application",
                entity_id: Some(id.to_string()),
                changes: ChangeSet::new()
                    .set("document", kind.code())
                    .set("file", &name)
                    .set("document_id", doc_id),
            },
        )
        .await?;
        tx.commit().await?;
        Ok::<_, AppError>(replaced)
    }
    .await;
    match result {
        Ok(replaced) => {
            storage::delete(&state, &replaced).await;
            Ok(Redirect::to(&format!("/applications/{id}/edit/documents#{field}")).into_response())
        }
        Err(e) => {
            storage::delete(&state, std::slice::from_ref(&key)).await;
            Err(e)
        }
    }
}

async fn delete_document(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    Path((id, document_id)): Path<(i32, i32)>,
) -> Result<Redirect> {
    let app = ApplicationContext::load_for(&state, &user, id, Action::HandleOwnApplication).await?;
    if let Some(r) = read_only(&app) {
        return Ok(r);
    }
    let now = state.clock.now();
    let tx = begin_write(&state.db.conn).await?;
    let key = documents::remove(&tx, id, document_id)
        .await?
        .ok_or(AppError::NotFound)?;
    audit::record(
        &tx,
        &Actor::user(user.id, &user.email),
        now,
        Entry {
            action: "application.remove_document",
            entity_type: "application",
            entity_id: Some(id.to_string()),
            changes: ChangeSet::new().set("document_id", document_id),
        },
    )
    .await?;
    tx.commit().await?;
    storage::delete(&state, &[key]).await;
    session.flash("The document was removed.").await?;
    Ok(Redirect::to(&format!("/applications/{id}/edit/documents")))
}

async fn submit(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    pctx: PageContext,
    Path(id): Path<i32>,
) -> Result<Response> {
    let app = ApplicationContext::load_for(&state, &user, id, Action::HandleOwnApplication).await?;
    if let Some(r) = read_only(&app) {
        return Ok(r.into_response());
    }
    match service::submit(&state, &user, &app).await? {
        Ok(()) => {
            session
                .flash("Your application is submitted. You can follow its status here.")
                .await?;
            Ok(Redirect::to(&format!("/applications/{id}")).into_response())
        }
        Err(errors) => {
            render_step(
                &state,
                &pctx,
                &app,
                Step::Review,
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

async fn withdraw(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    Path(id): Path<i32>,
) -> Result<Redirect> {
    let app = ApplicationContext::load_for(&state, &user, id, Action::HandleOwnApplication).await?;
    service::withdraw(&state, &user, &app).await?;
    session.flash("Your application is withdrawn.").await?;
    Ok(Redirect::to(&format!("/applications/{id}")))
}

/// Documents are sent as downloads with their checked type, never rendered inline as HTML.
pub fn document_response(content_type: &str, name: &str, bytes: Vec<u8>) -> Response {
    let safe_name: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ' '))
        .collect();
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"{}\"",
                    if safe_name.is_empty() {
                        "document".into()
                    } else {
                        safe_name
                    }
                ),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response()
}
