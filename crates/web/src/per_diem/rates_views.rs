//! The rate-table pages: domestic amounts and foreign years, one year's table, and the import of
//! Skatteverket's file with its preview.

use itp_domain::per_diem::{ForeignImportPreview, RateArea};
use itp_domain::validation::FieldErrors;
use itp_persistence::per_diem::imports::{RateUpload, UploadSummary};
use itp_persistence::per_diem::rates::{DomesticRate, ForeignYear, StoredForeignRate};
use maud::{Markup, html};
use serde::Deserialize;

use super::sek;
use crate::views::components::{Field, Input, badge, csrf_field, error_summary};
use crate::views::{PageContext, page};
use itp_domain::format::{self, Lang};

/// `6 July 2026, 14:05 UTC`.
fn utc(at: chrono::DateTime<chrono::Utc>) -> String {
    format!("{} UTC", format::date_time(at.naive_utc(), Lang::En))
}

#[derive(Debug, Default, Deserialize)]
pub struct DomesticForm {
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub amount: String,
}

fn rate_links() -> Markup {
    html! {
        p {
            a href="/per-diem/rates" { "Skatteverket's rates" } " · "
            a href="/per-diem/rates/import" { "Import Skatteverket's list" } " · "
            a href="/per-diem/policies" { "Programme policies" }
        }
    }
}

pub struct RatesPage<'a> {
    pub domestic: &'a [DomesticRate],
    pub foreign_years: &'a [ForeignYear],
    pub uploads: &'a [UploadSummary],
    pub form: &'a DomesticForm,
    pub errors: &'a FieldErrors,
}

pub fn index(ctx: &PageContext, p: RatesPage<'_>) -> Markup {
    page(
        ctx,
        "Per-diem rates",
        html! {
            (rate_links())
            h1 { "Per-diem rates" }
            p.lead { "Skatteverket's amounts for staff, mentors and Swedish resource persons travelling on ICLD's behalf. Participants are paid under their programme's own policy." }
            (error_summary(p.errors))
            h2 { "Domestic maximum amounts (days in Sweden)" }
            p { "0.5 % of the year's price base amount, rounded to the nearest 10 kronor (Inkomstskattelagen 12 kap. 10 §)." }
            @if p.domestic.is_empty() {
                p.empty { "No domestic amount yet: add the year's amount below." }
            } @else {
            div.table-wrap {
                table {
                    thead { tr { th { "Year" } th.num { "Full day" } th { "Last changed" } } }
                    tbody {
                        @for r in p.domestic {
                            tr {
                                td { (r.year) }
                                td.num { (sek(r.amount)) }
                                td { (utc(r.updated_at)) }
                            }
                        }
                    }
                }
            }
            }
            form method="post" action="/per-diem/rates/domestic" novalidate {
                (csrf_field(ctx.csrf()))
                h3 { "Add or change a year" }
                (Field::new("year", "Year", &p.form.year).input(Input::Number).required().render(p.errors))
                (Field::new("amount", "Maximum amount, kronor a full day", &p.form.amount)
                    .hint("Whole kronor, as Skatteverket publishes it.").required().render(p.errors))
                div.actions { button type="submit" { "Save the amount" } }
            }
            h2 { "Foreign normal amounts (normalbelopp)" }
            @if p.foreign_years.is_empty() {
                p { "No year yet. " a href="/per-diem/rates/import" { "Import Skatteverket's list." } }
            } @else {
                div.table-wrap {
                    table {
                        thead { tr { th { "Year" } th.num { "Countries and areas" } } }
                        tbody {
                            @for y in p.foreign_years {
                                tr {
                                    td { a href={ "/per-diem/rates/foreign/" (y.year) } { (y.year) } }
                                    td.num { (y.rows) }
                                }
                            }
                        }
                    }
                }
            }
            @if !p.uploads.is_empty() {
                h2 { "Recent uploads" }
                div.table-wrap {
                    table {
                        thead { tr { th { "File" } th { "Uploaded" } th { "By" } th { "Status" } } }
                        tbody {
                            @for u in p.uploads {
                                tr {
                                    td { a href={ "/per-diem/rates/import/" (u.id) } { (u.file_name) } }
                                    td { (utc(u.uploaded_at)) }
                                    td { (u.uploaded_by) }
                                    td {
                                        @if let Some(at) = u.applied_at {
                                            (badge("Imported", "ok")) " " (utc(at))
                                        } @else { (badge("Not imported", "neutral")) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

fn area_name(area: RateArea) -> String {
    match area {
        RateArea::Country(code) => code.name().to_owned(),
        RateArea::OtherCountries => "Other countries and areas".to_owned(),
    }
}

pub fn foreign_year(ctx: &PageContext, year: i32, rates: &[StoredForeignRate]) -> Markup {
    let title = format!("Normalbelopp {year}");
    page(
        ctx,
        &title,
        html! {
            (rate_links())
            h1 { (title) }
            p.lead { (rates.len()) " countries and areas. A country without a row of its own takes the amount for other countries and areas." }
            div.table-wrap {
                table {
                    thead { tr { th { "Country or area" } th { "Code" } th { "On Skatteverket's list" } th.num { "Full day" } } }
                    tbody {
                        @for r in rates {
                            tr {
                                td { (area_name(r.area)) }
                                td { code { (r.area) } }
                                td {
                                    (r.swedish_name)
                                    @if let Some(via) = r.via { span.muted { " (as " (area_name(via)) ")" } }
                                }
                                td.num { (sek(r.amount)) }
                            }
                        }
                    }
                }
            }
        },
    )
}

pub fn import_form(ctx: &PageContext, errors: &FieldErrors) -> Markup {
    page(
        ctx,
        "Import Skatteverket's list",
        html! {
            (rate_links())
            h1 { "Import Skatteverket's list of normalbelopp" }
            p { "Download the year's list from Skatteverket's open data (JSON, every row) and upload it here. You will see what it changes before anything is imported." }
            p { "An import replaces the whole table of every year the file holds; other years and the domestic amounts stay as they are. A file with a row that cannot be read is refused whole." }
            (error_summary(errors))
            form method="post" action="/per-diem/rates/import" enctype="multipart/form-data" novalidate {
                (csrf_field(ctx.csrf()))
                div.field.has-error[errors.for_field("file").is_some()] {
                    label for="file" { "Skatteverket's file (JSON)" }
                    @if let Some(message) = errors.for_field("file") {
                        p.error-message id="file-error" { span.visually-hidden { "Error: " } (message) }
                    }
                    input #file name="file" type="file" accept=".json,application/json" required;
                }
                div.actions { button type="submit" { "Upload and preview" } }
            }
        },
    )
}

fn change_kind(
    before: Option<rust_decimal::Decimal>,
    after: Option<rust_decimal::Decimal>,
) -> Markup {
    match (before, after) {
        (None, _) => badge("Added", "ok"),
        (_, None) => badge("Removed", "bad"),
        _ => badge("Changed", "warn"),
    }
}

pub fn preview(
    ctx: &PageContext,
    upload: &RateUpload,
    preview: Result<&ForeignImportPreview, String>,
) -> Markup {
    page(
        ctx,
        "Preview of the import",
        html! {
            (rate_links())
            h1 { "What importing " (upload.file_name) " changes" }
            p.muted { "Uploaded by " (upload.uploaded_by) " on " (utc(upload.uploaded_at)) "." }
            @match preview {
                Err(message) => {
                    div.error-summary role="alert" { h2 { "The file cannot be imported" } p { (message) } }
                }
                Ok(preview) => {
                    @if let Some(at) = upload.applied_at {
                        p.notice { "This file was imported on " (utc(at)) ". The list below compares it with the tables as they are now." }
                    }
                    @for counts in preview.counts_by_year() {
                        h2 { (counts.year) }
                        p {
                            (counts.added) " added, " (counts.changed) " changed, "
                            (counts.removed) " removed, " (counts.unchanged) " unchanged."
                        }
                        @let changes: Vec<_> = preview.changes_in(counts.year).collect();
                        @if !changes.is_empty() {
                            div.table-wrap {
                                table {
                                    thead { tr { th { "Country or area" } th { "Change" } th.num { "Now" } th.num { "After the import" } } }
                                    tbody {
                                        @for c in changes {
                                            tr {
                                                td { (area_name(c.area)) " " code { (c.area) } }
                                                td { (change_kind(c.before, c.after)) }
                                                td.num { @if let Some(b) = c.before { (sek(b)) } @else { "—" } }
                                                td.num { @if let Some(a) = c.after { (sek(a)) } @else { "—" } }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    @if upload.applied_at.is_none() {
                        form method="post" action={ "/per-diem/rates/import/" (upload.id) "/apply" } {
                            (csrf_field(ctx.csrf()))
                            p { "Importing replaces the whole table of "
                                (preview.years.iter().map(|y| y.to_string()).collect::<Vec<_>>().join(", "))
                                " with the file's rows." }
                            div.actions {
                                button type="submit" { "Import these rates" }
                                a href="/per-diem/rates" { "Cancel" }
                            }
                        }
                    }
                }
            }
        },
    )
}
