//! The exports pages: the list of reports, a report's filters and format, its data dictionary,
//! and the ledger accounts.

use itp_domain::Code;
use itp_domain::ledger::{AccountMapping, Category, MappingInput};
use itp_domain::reports::Report;
use itp_domain::validation::FieldErrors;
use itp_persistence::per_diem::cohorts::StatementCohort;
use maud::{Markup, html};

use super::routes::ExportQuery;
use crate::export::Dictionary;
use crate::views::components::{Field, Input, breadcrumbs, csrf_field, error_summary};
use crate::views::{PageContext, page};
use itp_domain::authz::Action;

fn trail() -> Vec<(String, String)> {
    vec![("/exports".to_owned(), "Exports".to_owned())]
}

pub fn index(ctx: &PageContext, reports: &[Report]) -> Markup {
    let content = html! {
        h1 { "Exports" }
        p { "Reports for finance and the funder, as files that open right in Excel with a \
             Swedish locale (or as plain CSV), and the ledger also as SIE 4 for the accounting \
             system. Each report says what every column means in its data dictionary." }
        @if reports.is_empty() {
            p { "There is no report you may run." }
        } @else {
            table {
                caption.visually-hidden { "Reports" }
                thead { tr { th scope="col" { "Report" } th scope="col" { "What it holds" } th scope="col" { "Columns" } } }
                tbody {
                    @for r in reports {
                        tr {
                            td { a href={ "/exports/" (r.code()) } { (r.label()) } }
                            td {
                                (super::dictionary(*r).map(|d| d.description).unwrap_or_default())
                                @if r.has_personal_data() {
                                    " " strong { "Names people: the export is recorded in the audit log." }
                                }
                            }
                            td { a href={ "/exports/" (r.code()) "/dictionary" } { "Data dictionary" span.visually-hidden { " of " (r.label()) } } }
                        }
                    }
                }
            }
        }
        @if ctx.can(Action::ManageLedgerAccounts) {
            h2 { "Ledger accounts" }
            p { a href="/exports/ledger-accounts" { "Choose the account, cost centre and project of each category" } }
        }
    };
    page(ctx, "Exports", content)
}

fn cohort_label(c: &StatementCohort) -> String {
    format!("{} · {}", c.programme_code, c.name)
}

pub fn form(
    ctx: &PageContext,
    report: Report,
    cohorts: &[StatementCohort],
    q: &ExportQuery,
    errors: &FieldErrors,
) -> Markup {
    let formats: Vec<(&str, &str)> = report
        .formats()
        .iter()
        .map(|f| (f.code(), f.label()))
        .collect();
    let mut programmes: Vec<(String, String)> = cohorts
        .iter()
        .map(|c| {
            (
                c.programme_code.clone(),
                format!("{} · {}", c.programme_code, c.programme_name),
            )
        })
        .collect();
    programmes.sort();
    programmes.dedup();
    let mut programme_options: Vec<(&str, &str)> = vec![("", "All programmes")];
    programme_options.extend(programmes.iter().map(|(v, l)| (v.as_str(), l.as_str())));
    let mut sorted: Vec<&StatementCohort> = cohorts.iter().collect();
    sorted.sort_by(|a, b| (&a.programme_code, &a.name).cmp(&(&b.programme_code, &b.name)));
    let cohort_labels: Vec<(String, String)> = sorted
        .iter()
        .map(|c| (c.id.to_string(), cohort_label(c)))
        .collect();
    let all_cohorts = if report == Report::Applications {
        "Choose a cohort"
    } else {
        "All cohorts"
    };
    let mut cohort_options: Vec<(&str, &str)> = vec![("", all_cohorts)];
    cohort_options.extend(cohort_labels.iter().map(|(v, l)| (v.as_str(), l.as_str())));
    let mut state_options: Vec<(&str, &str)> = vec![("", "Any state")];
    state_options.extend(report.states().iter().copied());
    let content = html! {
        (breadcrumbs(&trail(), report.label()))
        h1 { (report.label()) }
        @if let Some(d) = super::dictionary(report) { p { (d.description) } }
        p { a href={ "/exports/" (report.code()) "/dictionary" } { "What each column means" } }
        @if report.has_personal_data() {
            p { strong { "This file names people." } " The export is recorded in the audit log with your name, the filters and the number of rows." }
        }
        (error_summary(errors))
        form method="get" action={ "/exports/" (report.code()) "/download" } novalidate {
            (Field::new("format", "Format", &q.format).input(Input::Select(&formats)).required().render(errors))
            (Field::new("from", "From", &q.from).input(Input::Date).hint("The first day of the period, 2027-01-31.").render(errors))
            (Field::new("to", "To", &q.to).input(Input::Date).hint("The last day of the period.").render(errors))
            (Field::new("programme", "Programme", &q.programme).input(Input::Select(&programme_options)).render(errors))
            @if report == Report::Applications {
                (Field::new("cohort", "Cohort", &q.cohort).input(Input::Select(&cohort_options)).required().render(errors))
            } @else {
                (Field::new("cohort", "Cohort", &q.cohort).input(Input::Select(&cohort_options)).render(errors))
            }
            @if !report.states().is_empty() {
                (Field::new("state", "State", &q.state).input(Input::Select(&state_options)).render(errors))
            }
            button type="submit" { "Download" }
        }
    };
    page(ctx, report.label(), content)
}

pub fn dictionary(ctx: &PageContext, report: Report, d: &Dictionary) -> Markup {
    let title = format!("Data dictionary: {}", report.label());
    let content = html! {
        (breadcrumbs(&[("/exports".to_owned(), "Exports".to_owned()), (format!("/exports/{}", report.code()), report.label().to_owned())], "Data dictionary"))
        h1 { (title) }
        p { (d.description) }
        p { "Formats: "
            @for (i, f) in report.formats().iter().enumerate() {
                @if i > 0 { ", " }
                code { (f.code()) } " (" (f.label()) ")"
            }
            ". Columns never move: new ones are added at the end."
        }
        table {
            caption { "Columns, in file order" }
            thead { tr { th scope="col" { "Column" } th scope="col" { "Type" } th scope="col" { "Meaning" } } }
            tbody {
                @for c in &d.columns {
                    tr { td { code { (c.name) } } td { (c.kind.label()) } td { (c.description) } }
                }
            }
        }
    };
    page(ctx, &title, content)
}

pub fn accounts(ctx: &PageContext, mapping: &[AccountMapping]) -> Markup {
    let content = html! {
        (breadcrumbs(&trail(), "Ledger accounts"))
        h1 { "Ledger accounts" }
        p { "Where the ledger export posts each category: the account of your chart, the cost \
             centre (SIE dimension 1) and the project (dimension 6). An empty project posts to \
             the programme's code. Until changed, each category posts to its BAS 2024 default." }
        table {
            caption.visually-hidden { "Ledger accounts by category" }
            thead { tr {
                th scope="col" { "Category" } th scope="col" { "Account" } th scope="col" { "Name" }
                th scope="col" { "Cost centre" } th scope="col" { "Project" } th scope="col" { span.visually-hidden { "Change" } }
            } }
            tbody {
                @for m in mapping {
                    tr {
                        td { (m.category.label()) }
                        td { (m.account) }
                        td { (m.account_name) }
                        td { @if m.cost_centre.is_empty() { "none" } @else { (m.cost_centre) } }
                        td { @if m.project.is_empty() { "programme's code" } @else { (m.project) } }
                        td { a href={ "/exports/ledger-accounts/" (m.category.code()) } { "Change" span.visually-hidden { " " (m.category.label()) } } }
                    }
                }
            }
        }
    };
    page(ctx, "Ledger accounts", content)
}

pub fn account_form(
    ctx: &PageContext,
    category: Category,
    input: &MappingInput,
    errors: &FieldErrors,
) -> Markup {
    let title = format!("Ledger account: {}", category.label());
    let content = html! {
        (breadcrumbs(&[("/exports".to_owned(), "Exports".to_owned()), ("/exports/ledger-accounts".to_owned(), "Ledger accounts".to_owned())], category.label()))
        h1 { (title) }
        (error_summary(errors))
        form method="post" action={ "/exports/ledger-accounts/" (category.code()) } novalidate {
            (csrf_field(ctx.csrf()))
            (Field::new("account", "Account", &input.account).input(Input::Number).hint("Four digits of your chart (BAS: 7323 for per diems abroad).").required().render(errors))
            (Field::new("account_name", "Account name", &input.account_name).required().render(errors))
            (Field::new("cost_centre", "Cost centre", &input.cost_centre).hint("SIE dimension 1: letters, digits, - or _.").render(errors))
            (Field::new("project", "Project", &input.project).hint("SIE dimension 6; empty for the programme's code.").render(errors))
            button type="submit" { "Save" }
        }
    };
    page(ctx, &title, content)
}
