//! Public pages of open calls, and the application page everyone involved opens: the applicant
//! sees their own, staff see everything they may.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use itp_domain::Code;
use itp_domain::application::{ApplicationStatus, lifecycle};
use itp_domain::audit::ChangeSet;
use itp_domain::authz::Action;
use itp_persistence::application::{self, documents};
use itp_persistence::audit::{self, Actor, Entry};
use maud::Markup;

use super::context::{ApplicationContext, CallContext};
use super::{applicant_views, manager_views, service};
use crate::app::{AppState, Routes};
use crate::error::{AppError, Result};
use crate::security::access;
use crate::security::guard::Access;
use crate::security::session::SignedIn;
use crate::storage::DocumentStore;
use crate::views::PageContext;

pub fn routes(r: Routes) -> Routes {
    r.get("/calls", Access::Public, open_calls)
        .get("/calls/{cohort_id}", Access::Public, call_page)
        .get(
            "/applications/{application_id}",
            Access::SignedIn,
            application_page,
        )
        .get(
            "/applications/{application_id}/documents/{document_id}",
            Access::SignedIn,
            document,
        )
}

async fn open_calls(State(state): State<AppState>, ctx: PageContext) -> Result<Markup> {
    let calls = itp_persistence::cohort::open_calls(&state.db.conn).await?;
    Ok(applicant_views::open_calls(&ctx, &calls, state.clock.now()))
}

/// A call's page is public while its call is open or has been (so a late applicant reads that
/// it closed); a cohort still being planned is not shown.
async fn call_page(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(cohort_id): Path<i32>,
) -> Result<Markup> {
    let call = access::find::<CallContext>(&state, cohort_id).await?;
    if !call.is_public() {
        return Err(AppError::NotFound);
    }
    let now = state.clock.now();
    let phases = itp_persistence::phase::of_cohort(&state.db.conn, cohort_id).await?;
    Ok(applicant_views::call_page(
        &ctx,
        &call,
        &phases,
        now,
        call.accepts_at(now),
    ))
}

async fn application_page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path(id): Path<i32>,
) -> Result<Response> {
    let app = access::find::<ApplicationContext>(&state, id).await?;
    let draft = application::draft_of(&state.db.conn, app.application.id).await?;
    if app.permits(&user, Action::HandleOwnApplication) {
        if app.application.status == ApplicationStatus::Draft {
            return Ok(axum::response::Redirect::to(&format!(
                "/applications/{id}/edit/organisation"
            ))
            .into_response());
        }
        let facts = lifecycle::Facts {
            call_accepts: app.call.accepts_at(state.clock.now()),
        };
        let can_withdraw = lifecycle::check(
            app.application.status,
            lifecycle::Transition::Withdraw,
            facts,
        )
        .is_ok();
        let docs =
            itp_persistence::application::documents::of_application(&state.db.conn, id).await?;
        return Ok(applicant_views::own_application(
            &ctx,
            &app.application,
            &draft,
            &docs,
            &app.call,
            can_withdraw,
        )
        .into_response());
    }
    if !app.permits(&user, Action::ViewApplications) {
        return Err(access::refusal_of(&user, &app));
    }
    let docs = documents::of_application(&state.db.conn, id).await?;
    let checks = service::checks(&state.db.conn, &app, &draft).await?;
    let page = manager_views::ApplicationPage {
        app: &app,
        draft: &draft,
        documents: &docs,
        checks: &checks,
        can_manage: app.permits(&user, Action::ManageApplications),
        can_see_sensitive: app.permits(&user, Action::ViewSensitiveDocuments),
    };
    Ok(
        manager_views::application(&ctx, &page, &itp_domain::validation::FieldErrors::new())
            .into_response(),
    )
}

/// Sends a document to those allowed: its applicant, and staff who may view the application;
/// passports and medical statements only to admins and the cohort's managers, each view logged.
async fn document(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path((id, document_id)): Path<(i32, i32)>,
) -> Result<Response> {
    let app = access::find::<ApplicationContext>(&state, id).await?;
    let doc = documents::find(&state.db.conn, document_id)
        .await?
        .filter(|d| d.application_id == id)
        .ok_or(AppError::NotFound)?;
    let kind = doc.kind;
    let owner = app.permits(&user, Action::HandleOwnApplication);
    if !owner && !app.permits(&user, Action::ViewApplications) {
        return Err(access::refusal_of(&user, &app));
    }
    if kind.is_sensitive() && !owner && !app.permits(&user, Action::ViewSensitiveDocuments) {
        tracing::warn!(
            user = user.id,
            document = document_id,
            "refused a sensitive document"
        );
        return Err(AppError::Forbidden);
    }
    if kind.is_sensitive() {
        audit::record(
            &state.db.conn,
            &Actor::user(user.id, &user.email),
            state.clock.now(),
            Entry {
                action: "document.view",
                entity_type: "application",
                entity_id: Some(id.to_string()),
                changes: ChangeSet::new()
                    .set("document", kind.code())
                    .set("document_id", document_id),
            },
        )
        .await?;
    }
    let stored = crate::storage::Document {
        expected: crate::storage::Expected {
            key: &doc.storage_key,
            sha256: &doc.sha256,
            size_bytes: doc.size_bytes,
        },
        content_type: doc.file_type.content_type(),
        file_name: &doc.original_name,
        entity: ("application", id),
        document_id,
    };
    DocumentStore::of(&state)
        .download(&crate::ops::Context::person(&state, &user), &stored)
        .await
}
