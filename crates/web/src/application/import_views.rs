use itp_domain::Code;
use itp_domain::application::import::COLUMNS;
use itp_domain::application::import::ImportStatus;
use itp_persistence::application::imports::{ImportRow, errors_of};
use maud::{Markup, PreEscaped, html};

use super::context::CallContext;
use crate::views::components::{breadcrumbs, cohort_trail, csrf_field};
use crate::views::{PageContext, page};

pub fn import_page(
    ctx: &PageContext,
    call: &CallContext,
    recent: &[ImportRow],
    problem: Option<&str>,
) -> Markup {
    let id = call.cohort.id;
    page(
        ctx,
        "Import applications",
        html! {
            @let trail = { let mut t = cohort_trail(call.cohort.programme_id, &call.programme.programme.name, Some((id, &call.cohort.settings.name))); t.push((format!("/cohorts/{id}/applications"), "Applications".to_owned())); t };
            (breadcrumbs(&trail, "Import"))
            h1 { "Import applications" }
            p { "For applications received by e-mail or on paper. Every row is checked first; if any row has a problem, you get the list of problems with their line numbers and nothing is imported." }
            @if let Some(message) = problem {
                div.error-summary role="alert" { h2 { "The file could not be imported" } p { (message) } }
            }
            form method="post" action={ "/cohorts/" (id) "/applications/import" } enctype="multipart/form-data" {
                (csrf_field(ctx.csrf()))
                div.field {
                    label for="file" { "CSV or XLSX file" }
                    p.hint #file-hint { "One row per team member; the rows of one application share a reference. CSV with commas or semicolons, UTF-8." }
                    input #file type="file" name="file" aria-describedby="file-hint" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
                }
                fieldset {
                    legend { "What to do" }
                    div.checkbox { input #mode-check type="radio" name="mode" value="check" checked; label for="mode-check" { "Check the file only (dry run)" } }
                    div.checkbox { input #mode-import type="radio" name="mode" value="import"; label for="mode-import" { "Check and import" } }
                }
                div.actions { button type="submit" { "Upload" } a href={ "/cohorts/" (id) "/applications/import/template.csv" } { "Download a template" } }
            }
            h2 { "Column layout" }
            div.table-wrap {
                table {
                    thead { tr { th { "Column" } th { "Required" } th { "What it holds" } } }
                    tbody { @for (name, required, what) in COLUMNS { tr { td { code { (name) } } td { @if *required { "Yes" } @else { "No" } } td { (what) } } } }
                }
            }
            @if !recent.is_empty() {
                h2 { "Earlier imports" }
                ul {
                    @for r in recent {
                        li { a href={ "/cohorts/" (id) "/applications/import/" (r.id) } { (r.file_name) } " · " (r.status.code()) " · " (itp_domain::format::utc(r.created_at, itp_domain::format::Lang::En)) }
                    }
                }
            }
        },
    )
}

pub fn status_page(ctx: &PageContext, call: &CallContext, row: &ImportRow) -> Markup {
    let id = call.cohort.id;
    let running = row.status == ImportStatus::Checking;
    let errors = errors_of(row);
    page(
        ctx,
        "Import",
        html! {
            @if running {
                // Without JavaScript, the page reloads itself until the import is done.
                (PreEscaped("<meta http-equiv=\"refresh\" content=\"1\">"))
            }
            p { a href={ "/cohorts/" (id) "/applications/import" } { "← Import applications" } }
            h1 { "Import of " (row.file_name) }
            @match row.status {
                ImportStatus::Checking => {
                    p role="status" { "Checking " (row.total_rows) " rows…" }
                    progress max=(row.total_rows.max(1)) value=(row.processed_rows) { (row.processed_rows) " of " (row.total_rows) }
                }
                ImportStatus::Checked => {
                    div.flash role="status" { "All " (row.total_rows) " rows are valid: " (row.application_count) " applications would be imported. Nothing was imported (dry run)." }
                    p { a href={ "/cohorts/" (id) "/applications/import" } { "Upload the file again to import it" } }
                }
                ImportStatus::Imported => {
                    div.flash role="status" { (row.application_count) " applications were imported from " (row.total_rows) " rows." }
                    p { a href={ "/cohorts/" (id) "/applications" } { "See the applications" } }
                }
                _ => {
                    div.error-summary role="alert" {
                        h2 { "Nothing was imported" }
                        p { (errors.len()) " problem" @if errors.len() != 1 { "s" } " in the file:" }
                    }
                    div.table-wrap {
                        table {
                            thead { tr { th.num { "Line" } th { "Problem" } } }
                            tbody { @for e in &errors { tr { td.num { (e.line) } td { (e.message) } } } }
                        }
                    }
                }
            }
        },
    )
}
