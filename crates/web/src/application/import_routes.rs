//! Importing applications received elsewhere: upload, a check of every row (a dry run, or the
//! check before the import), then the whole file in one transaction, or nothing. The check and
//! the write run as leased background work (`crate::background`), which a restart does not lose.

use axum::extract::{Multipart, Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use itp_domain::application::ApplicationDraft;
use itp_domain::application::eligibility::{EligibilityContext, evaluate};
use itp_domain::application::import::ImportStatus;
use itp_domain::application::import::{self, COLUMNS, ImportedApplication, RowError};
use itp_domain::audit::ChangeSet;
use itp_domain::authz::Action;
use itp_persistence::application::eligibility;
use itp_persistence::application::imports;
use itp_persistence::audit::{Actor, Entry};
use maud::Markup;
use serde::{Deserialize, Serialize};

use super::context::CallContext;
use super::import_views;
use crate::app::{AppState, Routes};
use crate::background::{self, Claimed, Work, WorkFuture};
use crate::error::{AppError, Result};
use crate::import_file;
use crate::ops::{Context, Internal, OpError, OpResult};
use crate::security::access;
use crate::security::guard::Access;
use crate::security::session::{CurrentUser, SignedIn};
use crate::views::PageContext;

pub fn routes(r: Routes) -> Routes {
    let manage = Access::Can(Action::ManageApplications);
    r.get(
        "/cohorts/{cohort_id}/applications/import",
        manage,
        import_page,
    )
    .get(
        "/cohorts/{cohort_id}/applications/import/template.csv",
        manage,
        template,
    )
    .post("/cohorts/{cohort_id}/applications/import", manage, upload)
    .get(
        "/cohorts/{cohort_id}/applications/import/{import_id}",
        manage,
        import_status,
    )
}

async fn import_page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path(cohort_id): Path<i32>,
) -> Result<Markup> {
    let call =
        access::load::<CallContext>(&state, &user, cohort_id, Action::ManageApplications).await?;
    let recent = imports::recent(&state.db.conn, cohort_id, 10).await?;
    Ok(import_views::import_page(&ctx, &call, &recent, None))
}

async fn template() -> Response {
    let header_line = COLUMNS
        .iter()
        .map(|(n, _, _)| *n)
        .collect::<Vec<_>>()
        .join(";");
    let example = "HOI-1;Hoima Municipal Council;municipality;local;UG;Plot 1, Hoima;Hoima Municipal Council;Tree nurseries for revenue;Low own-source revenue;Self-financing nurseries;Seedling sales;Farmers, schools;Land and staff time;Grace Namubiru;woman;politician;Deputy mayor;grace@hoima.go.ug;B2;1984;yes";
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"applications-template.csv\"",
            ),
        ],
        format!("\u{feff}{header_line}\n{example}\n"),
    )
        .into_response()
}

async fn upload(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path(cohort_id): Path<i32>,
    mut multipart: Multipart,
) -> Result<Response> {
    let call =
        access::load::<CallContext>(&state, &user, cohort_id, Action::ManageApplications).await?;
    let (mut file, mut dry_run) = (None, true);
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        AppError::unreadable_upload(
            e.status(),
            "The file is too large to import in one go; split it into files of at most 30 MB.",
        )
    };
    while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
        match field.name().unwrap_or("") {
            "mode" => dry_run = field.text().await.unwrap_or_default() != "import",
            "file" => {
                let name = field.file_name().unwrap_or("upload").to_owned();
                let bytes = field.bytes().await.map_err(unreadable)?;
                file = Some((name, bytes));
            }
            _ => {}
        }
    }
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return refused(&state, &ctx, &call, "Choose a CSV or XLSX file to import.").await;
    };
    let table = match tokio::task::spawn_blocking(move || import_file::read(&bytes))
        .await
        .map_err(AppError::internal)?
    {
        Ok(t) => t,
        Err(problem) => return refused(&state, &ctx, &call, &format!("{name}: {problem}")).await,
    };
    let payload = ImportPayload {
        cohort_id,
        import_id: 0,
        user_id: user.id,
        user_email: user.email.clone(),
        dry_run,
        header: table.header,
        rows: table.rows,
    };
    let import_id = queue(&state, &user, &name, payload).await?;
    Ok(Redirect::to(&format!(
        "/cohorts/{cohort_id}/applications/import/{import_id}"
    ))
    .into_response())
}

/// Records the import and queues its check (and write) as background work, in one unit of work,
/// so an import that shows on the page is never without the work that finishes it; then starts
/// the work on this instance.
async fn queue(
    state: &AppState,
    user: &CurrentUser,
    file_name: &str,
    mut payload: ImportPayload,
) -> OpResult<i32> {
    let ctx = Context::person(state, user);
    let uow = ctx.begin().await?;
    payload.import_id = imports::start(
        uow.conn(),
        payload.cohort_id,
        user.id,
        file_name,
        payload.rows.len(),
        uow.now(),
    )
    .await?;
    let import_id = payload.import_id;
    let json = tokio::task::spawn_blocking(move || serde_json::to_string(&payload))
        .await
        .map_err(OpError::internal)?
        .map_err(|e| OpError::Internal(Internal::caused_by(e)))?;
    let work = background::enqueue(uow.conn(), &ImportWork, &json, uow.now()).await?;
    uow.commit().await?;
    background::start(state, work);
    Ok(import_id)
}

async fn refused(
    state: &AppState,
    ctx: &PageContext,
    call: &CallContext,
    message: &str,
) -> Result<Response> {
    let recent = imports::recent(&state.db.conn, call.cohort.id, 10).await?;
    Ok((
        axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        import_views::import_page(ctx, call, &recent, Some(message)),
    )
        .into_response())
}

/// What the import's background work needs: who uploaded the file, into which cohort, and the
/// table as read from it.
#[derive(Serialize, Deserialize)]
struct ImportPayload {
    import_id: i32,
    cohort_id: i32,
    user_id: i32,
    user_email: String,
    dry_run: bool,
    header: Vec<String>,
    rows: Vec<(usize, Vec<String>)>,
}

/// The import's background work: check every row, then import the file in one unit of work.
pub struct ImportWork;

impl Work for ImportWork {
    fn kind(&self) -> &'static str {
        "application_import"
    }

    fn run<'a>(&'a self, state: &'a AppState, item: &'a Claimed) -> WorkFuture<'a> {
        Box::pin(run(state, item))
    }

    fn give_up<'a>(&'a self, state: &'a AppState, payload: &'a str) -> WorkFuture<'a> {
        Box::pin(async move {
            #[derive(Deserialize)]
            struct Import {
                import_id: i32,
            }
            let Ok(Import { import_id }) = serde_json::from_str::<Import>(payload) else {
                return Ok(());
            };
            let conn = &state.db.conn;
            if imports::find(conn, import_id)
                .await?
                .is_some_and(|row| row.status == ImportStatus::Checking)
            {
                imports::finish(
                    conn,
                    import_id,
                    ImportStatus::Failed,
                    0,
                    &[RowError {
                        line: 0,
                        message: "The import stopped because of an error on our side; nothing was imported."
                            .into(),
                    }],
                    state.clock.now(),
                )
                .await?;
            }
            Ok(())
        })
    }
}

/// Checks every row; imports only a file without a single bad row, in one unit of work. Safe to
/// run again after a crash: the write and the import's final status commit together, and a
/// finished import is left alone.
async fn run(state: &AppState, item: &Claimed) -> OpResult<()> {
    let json = item.payload.clone();
    let payload: ImportPayload =
        tokio::task::spawn_blocking(move || serde_json::from_str::<ImportPayload>(&json))
            .await
            .map_err(OpError::internal)?
            .map_err(|e| OpError::Internal(Internal::caused_by(e)))?;
    let conn = &state.db.conn;
    let import_id = payload.import_id;
    match imports::find(conn, import_id).await? {
        Some(row) if row.status == ImportStatus::Checking => {}
        _ => return Ok(()),
    }
    let call = access::find::<CallContext>(state, payload.cohort_id)
        .await
        .map_err(|e| OpError::internal(format!("import {import_id}: {e}")))?;
    let table = import::Table {
        header: payload.header,
        rows: payload.rows,
    };
    let parsed = tokio::task::spawn_blocking(move || import::parse(&table))
        .await
        .map_err(OpError::internal)?;
    // A file with any bad row is refused whole: the import ends invalid, nothing written.
    let refuse = async |errors: &[RowError]| -> OpResult<()> {
        let now = state.clock.now();
        imports::finish(conn, import_id, ImportStatus::Invalid, 0, errors, now).await?;
        Ok(())
    };
    let apps: Vec<ImportedApplication> = match parsed {
        Ok(apps) => apps,
        Err(errors) => return refuse(&errors).await,
    };
    let references: Vec<String> = apps.iter().map(|a| a.reference.clone()).collect();
    let taken = imports::existing_references(conn, call.cohort.id, references).await?;
    if !taken.is_empty() {
        let errors: Vec<RowError> = apps
            .iter()
            .filter(|a| taken.contains(&a.reference))
            .map(|a| RowError {
                line: a.first_line,
                message: format!(
                    "reference {} was imported into this cohort before",
                    a.reference
                ),
            })
            .collect();
        return refuse(&errors).await;
    }
    let members: usize = apps.iter().map(|a| a.draft.members.len()).sum();
    imports::progress(conn, import_id, members).await?;
    item.progress(members as u64, members as u64).await?;
    if payload.dry_run {
        return Ok(imports::finish(
            conn,
            import_id,
            ImportStatus::Checked,
            apps.len(),
            &[],
            state.clock.now(),
        )
        .await?);
    }
    let ctx = Context::acting_as(state, Actor::user(payload.user_id, &payload.user_email));
    let mut uow = ctx.begin().await?;
    let now = uow.now();
    let ids = imports::insert_all(uow.conn(), call.cohort.id, &apps, now).await?;
    // New rows have no documents and no overrides yet: the checks need only the earlier
    // participants, fetched for the whole file at once, and one update per application.
    let drafts: Vec<&ApplicationDraft> = apps.iter().map(|a| &a.draft).collect();
    let earlier = eligibility::candidates_for_many(uow.conn(), &drafts).await?;
    let rules = call.rules();
    for (id, app) in ids.iter().zip(&apps) {
        let results = evaluate(
            &app.draft,
            &EligibilityContext {
                rules: &rules,
                documents: &[],
                earlier: &eligibility::relevant_to(&earlier, &app.draft),
                overrides: &[],
            },
        );
        eligibility::store_outcome(uow.conn(), *id, &results).await?;
    }
    uow.audit(Entry {
        action: "application.import",
        entity_type: "cohort",
        entity_id: Some(call.cohort.id.to_string()),
        changes: ChangeSet::new()
            .set("applications", ids.len())
            .set("import", import_id),
    })
    .await?;
    imports::finish(
        uow.conn(),
        import_id,
        ImportStatus::Imported,
        ids.len(),
        &[],
        now,
    )
    .await?;
    uow.commit().await
}

async fn import_status(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path((cohort_id, import_id)): Path<(i32, i32)>,
) -> Result<Markup> {
    let call =
        access::load::<CallContext>(&state, &user, cohort_id, Action::ManageApplications).await?;
    let row = imports::find(&state.db.conn, import_id)
        .await?
        .filter(|r| r.cohort_id == cohort_id)
        .ok_or(AppError::NotFound)?;
    Ok(import_views::status_page(&ctx, &call, &row))
}
