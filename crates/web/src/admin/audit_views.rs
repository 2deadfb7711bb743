use itp_domain::validation::FieldErrors;
use itp_persistence::audit::Page;
use maud::{Markup, html};

use super::audit::{AuditQuery, PER_PAGE};
use crate::views::components::{Field, Input, pagination};
use crate::views::error_pages::urlencode;
use crate::views::{PageContext, page};

fn query_string(q: &AuditQuery, page: u64) -> String {
    let pairs = [
        ("actor", &q.actor),
        ("action", &q.action),
        ("entity_type", &q.entity_type),
        ("entity_id", &q.entity_id),
        ("from", &q.from),
        ("until", &q.until),
    ];
    let mut parts: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}={}", urlencode(v.trim())))
        .collect();
    parts.push(format!("page={page}"));
    format!("/admin/audit?{}", parts.join("&"))
}

/// The changed fields as "field: before → after" lines.
fn describe_changes(json: &str) -> String {
    let Ok(serde_json::Value::Array(items)) = serde_json::from_str::<serde_json::Value>(json)
    else {
        return json.to_owned();
    };
    items
        .iter()
        .map(|item| {
            let field = item.get("field").and_then(|v| v.as_str()).unwrap_or("?");
            let before = item.get("before").and_then(|v| v.as_str());
            let after = item.get("after").and_then(|v| v.as_str()).unwrap_or("");
            match before {
                Some(b) => format!("{field}: {b} → {after}"),
                None => format!("{field}: {after}"),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn list(
    ctx: &PageContext,
    q: &AuditQuery,
    page_no: u64,
    result: &Page,
    types: &[String],
) -> Markup {
    let none = FieldErrors::new();
    let mut type_choices: Vec<(&str, &str)> = vec![("", "Any")];
    type_choices.extend(types.iter().map(|t| (t.as_str(), t.as_str())));
    page(
        ctx,
        "Audit log",
        html! {
            h1 { "Audit log" }
            p.lead { "Who changed what, and when. Every change is written in the same transaction as the change itself." }
            form.filters method="get" action="/admin/audit" {
                (Field::new("actor", "Who", &q.actor).hint("Part of an e-mail address").render(&none))
                (Field::new("action", "Action", &q.action).hint("For example user. or account.login").render(&none))
                (Field::new("entity_type", "Record type", &q.entity_type).input(Input::Select(&type_choices)).render(&none))
                (Field::new("entity_id", "Record number", &q.entity_id).render(&none))
                (Field::new("from", "From", &q.from).input(Input::Date).render(&none))
                (Field::new("until", "Until", &q.until).input(Input::Date).render(&none))
                button type="submit" { "Filter" }
                a href="/admin/audit" { "Clear" }
            }
            @if result.entries.is_empty() {
                p { "Nothing matches these filters." }
            } @else {
                div.table-wrap {
                    table {
                        thead { tr { th { "When (UTC)" } th { "Who" } th { "Action" } th { "Record" } th { "Changes" } } }
                        tbody {
                            @for e in &result.entries {
                                tr {
                                    td { time datetime=(e.at.to_rfc3339()) { (e.at.format("%Y-%m-%d %H:%M:%S")) } }
                                    td { (e.actor_label) }
                                    td { code { (e.action) } }
                                    td { (e.entity_type) @if let Some(id) = &e.entity_id { " #" (id) } }
                                    td { pre.changes { (describe_changes(&e.changes)) } }
                                }
                            }
                        }
                    }
                }
            }
            (pagination(page_no, PER_PAGE, result.total, |p| query_string(q, p)))
        },
    )
}
