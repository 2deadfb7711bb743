//! Importing applications received elsewhere: upload, a check of every row (a dry run, or the
//! check before the import), then the whole file in one transaction, or nothing.

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
use itp_persistence::audit::{self, Actor, Entry};
use itp_persistence::begin_write;
use maud::Markup;

use super::context::CallContext;
use super::{import_files, import_views};
use crate::app::{AppState, Routes};
use crate::error::{AppError, Result};
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
    let call = CallContext::load_for(&state, &user, cohort_id, Action::ManageApplications).await?;
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
    let call = CallContext::load_for(&state, &user, cohort_id, Action::ManageApplications).await?;
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
    let table = match tokio::task::spawn_blocking(move || import_files::read(&bytes))
        .await
        .map_err(AppError::internal)?
    {
        Ok(t) => t,
        Err(problem) => return refused(&state, &ctx, &call, &format!("{name}: {problem}")).await,
    };
    let now = state.clock.now();
    let import_id = imports::start(
        &state.db.conn,
        cohort_id,
        user.id,
        &name,
        table.rows.len(),
        now,
    )
    .await?;
    let task_state = state.clone();
    tokio::spawn(async move {
        if let Err(e) = run(&task_state, &user, &call, import_id, table, dry_run).await {
            tracing::error!(import_id, error = %e, "application import failed");
            let _ = imports::finish(
                &task_state.db.conn,
                import_id,
                ImportStatus::Failed,
                0,
                &[RowError {
                    line: 0,
                    message:
                        "The import stopped because of an error on our side; nothing was imported."
                            .into(),
                }],
                task_state.clock.now(),
            )
            .await;
        }
    });
    Ok(Redirect::to(&format!(
        "/cohorts/{cohort_id}/applications/import/{import_id}"
    ))
    .into_response())
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

/// Checks every row; imports only a file without a single bad row, in one transaction.
async fn run(
    state: &AppState,
    user: &CurrentUser,
    call: &CallContext,
    import_id: i32,
    table: import::Table,
    dry_run: bool,
) -> Result<()> {
    let conn = &state.db.conn;
    let parsed = tokio::task::spawn_blocking(move || import::parse(&table))
        .await
        .map_err(AppError::internal)?;
    let apps: Vec<ImportedApplication> = match parsed {
        Ok(apps) => apps,
        Err(errors) => {
            return Ok(imports::finish(
                conn,
                import_id,
                ImportStatus::Invalid,
                0,
                &errors,
                state.clock.now(),
            )
            .await?);
        }
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
        return Ok(imports::finish(
            conn,
            import_id,
            ImportStatus::Invalid,
            0,
            &errors,
            state.clock.now(),
        )
        .await?);
    }
    imports::progress(
        conn,
        import_id,
        apps.iter().map(|a| a.draft.members.len()).sum(),
    )
    .await?;
    if dry_run {
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
    let now = state.clock.now();
    let tx = begin_write(conn).await?;
    let ids = imports::insert_all(&tx, call.cohort.id, &apps, now).await?;
    // New rows have no documents and no overrides yet: the checks need only the earlier
    // participants, fetched for the whole file at once, and one update per application.
    let drafts: Vec<&ApplicationDraft> = apps.iter().map(|a| &a.draft).collect();
    let earlier = eligibility::candidates_for_many(&tx, &drafts).await?;
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
        eligibility::store_outcome(&tx, *id, &results).await?;
    }
    audit::record(
        &tx,
        &Actor::user(user.id, &user.email),
        now,
        Entry {
            action: "application.import",
            entity_type: "cohort",
            entity_id: Some(call.cohort.id.to_string()),
            changes: ChangeSet::new()
                .set("applications", ids.len())
                .set("import", import_id),
        },
    )
    .await?;
    tx.commit().await?;
    imports::finish(
        conn,
        import_id,
        ImportStatus::Imported,
        ids.len(),
        &[],
        state.clock.now(),
    )
    .await?;
    Ok(())
}

async fn import_status(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path((cohort_id, import_id)): Path<(i32, i32)>,
) -> Result<Markup> {
    let call = CallContext::load_for(&state, &user, cohort_id, Action::ManageApplications).await?;
    let row = imports::find(&state.db.conn, import_id)
        .await?
        .filter(|r| r.cohort_id == cohort_id)
        .ok_or(AppError::NotFound)?;
    Ok(import_views::status_page(&ctx, &call, &row))
}
