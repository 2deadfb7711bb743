//! The manager's side: a cohort's application list with its CSV export, and decisions on
//! eligibility checks.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use futures_util::StreamExt;
use itp_domain::Code;
use itp_domain::application::eligibility::CheckKind;
use itp_domain::application::{ApplicationStatus, Eligibility};
use itp_domain::authz::Action;
use itp_domain::validation::FieldErrors;
use itp_persistence::application::list::{self, Filter, ListRow, Sort};
use itp_persistence::application::{self, documents};
use maud::Markup;
use serde::Deserialize;

use super::context::{ApplicationContext, CallContext};
use super::export::{self, APPLICATIONS};
use super::manager_views::{self, ApplicationPage, ListQuery};
use super::service;
use crate::app::{AppState, Routes};
use crate::error::{AppError, Result};
use crate::export::csv_download;
use crate::forms::filter_text;
use crate::ops::Context;
use crate::security::access;
use crate::security::guard::Access;
use crate::security::session::{Session, SignedIn};
use crate::views::PageContext;

pub const PER_PAGE: u64 = 50;

pub fn routes(r: Routes) -> Routes {
    let view = Access::Can(Action::ViewApplications);
    let manage = Access::Can(Action::ManageApplications);
    r.get("/cohorts/{cohort_id}/applications", view, list_page)
        .get("/cohorts/{cohort_id}/applications.csv", view, export_csv)
        .post(
            "/applications/{application_id}/checks/{check}/override",
            manage,
            override_check,
        )
        .post(
            "/applications/{application_id}/checks/{check}/remove-override",
            manage,
            remove_override,
        )
}

fn filter_of(q: &ListQuery) -> (Filter, Sort, bool) {
    let filter = Filter {
        country: filter_text(&q.country),
        status: ApplicationStatus::parse(q.status.trim())
            .filter(|s| *s != ApplicationStatus::Draft),
        eligibility: Eligibility::parse(&q.eligibility),
        flagged_only: !q.flagged.is_empty(),
        search: filter_text(&q.q).map(|s| s.chars().take(100).collect()),
    };
    let sort = Sort::parse(&q.sort).unwrap_or_default();
    // Newest first by default; other columns read best ascending.
    let descending = match q.dir.as_str() {
        "asc" => false,
        "desc" => true,
        _ => sort == Sort::Submitted,
    };
    (filter, sort, descending)
}

async fn list_page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path(cohort_id): Path<i32>,
    Query(q): Query<ListQuery>,
) -> Result<Markup> {
    let call =
        access::load::<CallContext>(&state, &user, cohort_id, Action::ViewApplications).await?;
    let (filter, sort, descending) = filter_of(&q);
    let page_no = q.page.unwrap_or(1).clamp(1, 100_000);
    let result = list::page(
        &state.db.conn,
        cohort_id,
        &filter,
        sort,
        descending,
        (page_no - 1) * PER_PAGE,
        PER_PAGE,
    )
    .await?;
    let can_manage = access::may(&user, Action::ManageApplications, &call);
    let duplicates = export::duplicates_of(&state.db.conn, cohort_id, &result.rows).await?;
    Ok(manager_views::list(
        &ctx,
        &call,
        &q,
        manager_views::ListPage {
            page_no,
            per_page: PER_PAGE,
            result: &result,
            duplicates: &duplicates,
            can_manage,
        },
    ))
}

/// Rows completed with their teams and duplicates at a time.
const EXPORT_BATCH: usize = 200;

/// The list as a file for Excel (see `crate::export::csv`), written while the rows are read.
async fn export_csv(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(cohort_id): Path<i32>,
    Query(q): Query<ListQuery>,
) -> Result<Response> {
    let call =
        access::load::<CallContext>(&state, &user, cohort_id, Action::ViewApplications).await?;
    let (filter, sort, descending) = filter_of(&q);
    let conn = state.db.conn.clone();
    let lookups = state.db.conn.clone();
    let name = format!("applications-cohort-{}.csv", call.cohort.id);
    csv_download(&APPLICATIONS, &name, move |rows| async move {
        // The list streams; each batch of rows gets its team, title and duplicates in two
        // queries on a connection of its own, so a large cohort never sits in memory.
        let found = list::for_export(&conn, cohort_id, &filter, sort, descending).await?;
        let mut found = std::pin::pin!(found.chunks(EXPORT_BATCH));
        while let Some(batch) = found.next().await {
            let batch: Vec<ListRow> = batch.into_iter().collect::<itp_persistence::Result<_>>()?;
            for row in export::complete(&lookups, cohort_id, batch).await? {
                rows.send(row).await?;
            }
        }
        Ok(())
    })
    .await
}

#[derive(Deserialize)]
pub struct OverrideForm {
    #[serde(default)]
    reason: String,
}

fn check_of(slug: &str) -> Result<CheckKind> {
    CheckKind::parse(slug).ok_or(AppError::NotFound)
}

async fn override_check(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    ctx: PageContext,
    Path((id, check)): Path<(i32, String)>,
    Form(form): Form<OverrideForm>,
) -> Result<Response> {
    let kind = check_of(&check)?;
    let app =
        access::load::<ApplicationContext>(&state, &user, id, Action::ManageApplications).await?;
    match service::override_check(&Context::person(&state, &user), &app, kind, &form.reason).await?
    {
        Ok(()) => {
            session
                .flash(format!(
                    "The check “{}” now counts as passed; the reason is in the audit log.",
                    kind.label()
                ))
                .await?;
            Ok(Redirect::to(&format!("/applications/{id}")).into_response())
        }
        Err(problem) => {
            let mut errors = FieldErrors::new();
            for e in problem.iter() {
                errors.add(&format!("reason_{}", kind.code()), e.message.clone());
            }
            let draft = application::draft_of(&state.db.conn, app.application.id).await?;
            let docs = documents::of_application(&state.db.conn, id).await?;
            let checks = service::checks(&state.db.conn, &app, &draft).await?;
            let page = ApplicationPage {
                app: &app,
                draft: &draft,
                documents: &docs,
                checks: &checks,
                can_manage: true,
                can_see_sensitive: app.permits(&user, Action::ViewSensitiveDocuments),
            };
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                manager_views::application(&ctx, &page, &errors),
            )
                .into_response())
        }
    }
}

async fn remove_override(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    Path((id, check)): Path<(i32, String)>,
) -> Result<Redirect> {
    let kind = check_of(&check)?;
    let app =
        access::load::<ApplicationContext>(&state, &user, id, Action::ManageApplications).await?;
    service::remove_override(&Context::person(&state, &user), &app, kind).await?;
    session
        .flash(format!(
            "The override of “{}” was taken back.",
            kind.label()
        ))
        .await?;
    Ok(Redirect::to(&format!("/applications/{id}")))
}
