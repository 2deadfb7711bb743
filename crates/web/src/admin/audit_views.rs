use std::collections::HashMap;

use itp_domain::format::{self, Lang};
use itp_domain::role::ScopeKind;
use itp_domain::validation::FieldErrors;
use itp_persistence::audit::{AuditEntry, Page};
use maud::{Markup, html};

use super::audit::{AuditQuery, PER_PAGE};
use super::audit_labels::{action_label, record_href, record_label};
use super::scopes::Scopes;
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

/// Names for the people and records on the page, looked up once.
pub struct Names<'a> {
    /// Display names by user id.
    pub people: &'a HashMap<i32, (String, String)>,
    pub scopes: &'a Scopes,
}

impl Names<'_> {
    fn of_record(&self, entity_type: &str, id: &str) -> Option<String> {
        let n: i64 = id.parse().ok()?;
        match entity_type {
            "user" => self
                .people
                .get(&i32::try_from(n).ok()?)
                .map(|(name, _)| name.clone()),
            "programme" => self
                .scopes
                .find(ScopeKind::Programme, n)
                .map(|r| r.name.clone()),
            "cohort" => self
                .scopes
                .find(ScopeKind::Cohort, n)
                .map(|r| r.name.clone()),
            _ => None,
        }
    }
}

fn record(e: &AuditEntry, names: &Names<'_>) -> Markup {
    let kind = record_label(&e.entity_type);
    let Some(id) = &e.entity_id else {
        return html! { (kind) };
    };
    let text = match names.of_record(&e.entity_type, id) {
        Some(name) => format!("{kind}: {name}"),
        None => format!("{kind} {id}"),
    };
    html! {
        @match record_href(&e.entity_type, id) {
            Some(href) => a href=(href) { bdi { (text) } },
            None => bdi { (text) },
        }
    }
}

fn actor(e: &AuditEntry, names: &Names<'_>) -> Markup {
    let known = e
        .actor_user_id
        .and_then(|id| names.people.get(&id).map(|p| (id, p)));
    html! {
        @match known {
            Some((id, (name, email))) => a href={ "/admin/users/" (id) } title=(email) { bdi { (name) } },
            None => bdi { (e.actor_label) },
        }
    }
}

pub fn list(
    ctx: &PageContext,
    q: &AuditQuery,
    page_no: u64,
    result: &Page,
    types: &[String],
    names: &Names<'_>,
) -> Markup {
    let none = FieldErrors::new();
    let labels: Vec<String> = types.iter().map(|t| record_label(t)).collect();
    let mut type_choices: Vec<(&str, &str)> = vec![("", "Any")];
    type_choices.extend(
        types
            .iter()
            .zip(&labels)
            .map(|(t, l)| (t.as_str(), l.as_str())),
    );
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
                p.empty { "No entries match these filters." }
            } @else {
                div.table-wrap {
                    table {
                        thead { tr { th { "When (UTC)" } th { "Who" } th { "Action" } th { "Record" } th { "Changes" } } }
                        tbody {
                            @for e in &result.entries {
                                tr {
                                    td { time datetime=(e.at.to_rfc3339()) { (format::date_time(e.at.naive_utc(), Lang::En)) } }
                                    td { (actor(e, names)) }
                                    td.action {
                                        (action_label(&e.action))
                                        br;
                                        code.nowrap title="The action's code, for the filter" { (e.action) }
                                    }
                                    td { (record(e, names)) }
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
