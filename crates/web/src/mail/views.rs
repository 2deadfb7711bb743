use chrono::{DateTime, Utc};
use itp_domain::Code;
use itp_domain::validation::FieldErrors;
use itp_persistence::mail::{Counts, MailState, Page, Recipient, StoredMail};
use maud::{Markup, html};

use super::routes::{OutboxQuery, PER_PAGE};
use crate::views::components::{Field, Input, badge, csrf_field, error_summary, pagination};
use crate::views::error_pages::urlencode;
use crate::views::{PageContext, page};

fn state_badge(state: MailState) -> Markup {
    let kind = match state {
        MailState::Sent => "ok",
        MailState::Failed => "bad",
        MailState::Held => "warn",
        MailState::Queued | MailState::Sending => "info",
    };
    badge(state.label(), kind)
}

fn when(at: DateTime<Utc>) -> Markup {
    html! { time datetime=(at.to_rfc3339()) { (at.format("%Y-%m-%d %H:%M UTC")) } }
}

fn query_string(q: &OutboxQuery, page: u64) -> String {
    let pairs = [
        ("state", &q.state),
        ("to", &q.to),
        ("cause_type", &q.cause_type),
        ("cause_id", &q.cause_id),
        ("person", &q.person),
        ("cohort", &q.cohort),
    ];
    let mut parts: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}={}", urlencode(v.trim())))
        .collect();
    parts.push(format!("page={page}"));
    format!("/admin/outbox?{}", parts.join("&"))
}

/// Where a cause can be looked at, when there is a page for it.
fn cause_link(mail: &StoredMail) -> Option<String> {
    match (mail.cause_type.as_str(), &mail.cause_id) {
        ("user", Some(id)) => Some(format!("/admin/users/{id}")),
        _ => None,
    }
}

fn cause_label(mail: &StoredMail) -> String {
    match &mail.cause_id {
        Some(id) => format!("{} #{id}", mail.cause_type),
        None => mail.cause_type.clone(),
    }
}

fn sender_notice(sender: Option<&str>) -> Markup {
    html! {
        @match sender {
            Some(sender) => p.lead { "Mail goes out through " (sender) ", within a minute of being queued." },
            None => p.notice role="status" {
                strong { "E-mail is not set up on this server" } " (" code { "ITP_SMTP_URL" } "), so nothing is sent: "
                "messages wait here, and the links in them can be read and passed on by hand."
            },
        }
    }
}

pub struct ListView<'a> {
    pub query: &'a OutboxQuery,
    /// The cohorts to filter by (id, name).
    pub cohorts: &'a [(i32, String)],
    /// Who the matching messages went to, most first.
    pub recipients: &'a [Recipient],
    /// Whether a person or cohort filter is set (the counts are then of those messages).
    pub narrowed: bool,
    pub page: u64,
    pub result: &'a Page,
    pub counts: Counts,
    /// The SMTP server and sender, when there is one.
    pub sender: Option<String>,
}

pub fn list(ctx: &PageContext, v: &ListView<'_>) -> Markup {
    let none = FieldErrors::new();
    let total: u64 = MailState::ALL.iter().map(|s| v.counts.get(*s)).sum();
    let labels: Vec<(MailState, String)> = MailState::ALL
        .iter()
        .map(|s| (*s, format!("{} ({})", s.label(), v.counts.get(*s))))
        .collect();
    let all = format!("Any ({total})");
    let cohort_labels: Vec<(String, String)> = v
        .cohorts
        .iter()
        .map(|(id, name)| (id.to_string(), name.clone()))
        .collect();
    let mut cohort_choices: Vec<(&str, &str)> = vec![("", "Any cohort")];
    cohort_choices.extend(
        cohort_labels
            .iter()
            .map(|(id, n)| (id.as_str(), n.as_str())),
    );
    let mut choices: Vec<(&str, &str)> = vec![("", all.as_str())];
    choices.extend(labels.iter().map(|(s, label)| (s.code(), label.as_str())));
    page(
        ctx,
        "Outbox",
        html! {
            h1 { "Outbox" }
            (sender_notice(v.sender.as_deref()))
            @if v.counts.failed > 0 || v.counts.held > 0 {
                p.actions {
                    @if v.counts.failed > 0 {
                        a href="/admin/outbox?state=failed" { (v.counts.failed) " failed" }
                    }
                    @if v.counts.held > 0 {
                        a href="/admin/outbox?state=held" { (v.counts.held) " held for review" }
                    }
                }
            }
            @if v.counts.held > 0 && !v.narrowed {
                form.inline method="post" action="/admin/outbox/release-all" {
                    (csrf_field(ctx.csrf()))
                    button type="submit" { "Release all " (v.counts.held) " held messages" }
                }
            }
            form.filters method="get" action="/admin/outbox" {
                (Field::new("state", "State", &v.query.state).input(Input::Select(&choices)).render(&none))
                (Field::new("to", "To", &v.query.to).hint("Part of an e-mail address").render(&none))
                (Field::new("cause_type", "About", &v.query.cause_type).hint("Record type, e.g. user").render(&none))
                (Field::new("cause_id", "Record number", &v.query.cause_id).render(&none))
                (Field::new("person", "Person", &v.query.person).hint("An exact e-mail address, or a user number").render(&none))
                (Field::new("cohort", "Cohort", &v.query.cohort).input(Input::Select(&cohort_choices)).render(&none))
                button type="submit" { "Filter" }
                a href="/admin/outbox" { "Clear" }
            }
            @if v.narrowed {
                section aria-labelledby="per-person" {
                    h2 #per-person { "Per person" }
                    p {
                        (itp_domain::wording::count(total as i64, "message")) " match: " (v.counts.sent) " sent, "
                        (v.counts.queued + v.counts.held + v.counts.sending) " waiting, " (v.counts.failed) " failed."
                    }
                    @if !v.recipients.is_empty() {
                        div.table-wrap {
                            table {
                                caption { "What went to whom" }
                                thead { tr { th scope="col" { "Person" } th scope="col" { "Sent" } th scope="col" { "Waiting" } th scope="col" { "Failed" } } }
                                tbody {
                                    @for r in v.recipients {
                                        tr {
                                            td {
                                                a href={ "/admin/outbox?person=" (urlencode(&r.address)) } {
                                                    @if !r.name.is_empty() { bdi { (r.name) } " " }
                                                    "<" (r.address) ">"
                                                }
                                            }
                                            td { (r.sent) } td { (r.waiting) } td { (r.failed) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @if v.result.mail.is_empty() {
                p { "No messages match these filters." }
            } @else {
                div.table-wrap {
                    table {
                        thead { tr { th { "#" } th { "Queued (UTC)" } th { "To" } th { "Subject" } th { "State" } th { "Attempts" } th { "Last error" } } }
                        tbody {
                            @for m in &v.result.mail {
                                tr {
                                    td { a href={ "/admin/outbox/" (m.id) } { (m.id) } }
                                    td { (when(m.created_at)) }
                                    td { (m.to_address) }
                                    td { a href={ "/admin/outbox/" (m.id) } { (m.subject) } }
                                    td { (state_badge(m.state())) }
                                    td { (m.attempts) }
                                    td { @if let Some(e) = &m.last_error { (e.chars().take(80).collect::<String>()) } }
                                }
                            }
                        }
                    }
                }
            }
            (pagination(v.page, PER_PAGE, v.result.total, |p| query_string(v.query, p)))
        },
    )
}

pub fn show(
    ctx: &PageContext,
    mail: &StoredMail,
    max_attempts: u32,
    configured: bool,
    now: DateTime<Utc>,
) -> Markup {
    show_with_edit(
        ctx,
        mail,
        max_attempts,
        configured,
        now,
        (&mail.subject, &mail.body),
        &FieldErrors::new(),
    )
}

/// The message page with the edit form of a held message filled with `typed`.
pub fn show_with_edit(
    ctx: &PageContext,
    mail: &StoredMail,
    max_attempts: u32,
    configured: bool,
    now: DateTime<Utc>,
    (subject, body): (&str, &str),
    errors: &FieldErrors,
) -> Markup {
    let state = mail.state();
    let expired = mail.expires_at.is_some_and(|at| at <= now);
    page(
        ctx,
        &format!("Message #{}", mail.id),
        html! {
            p { a href="/admin/outbox" { "← Outbox" } }
            h1 { "Message #" (mail.id) " " (state_badge(state)) }
            dl.facts {
                dt { "To" } dd {
                    @if !mail.to_name.is_empty() { (mail.to_name) " " }
                    "<" (mail.to_address) ">"
                }
                dt { "Subject" } dd { (mail.subject) }
                dt { "Queued" } dd { (when(mail.created_at)) }
                dt { "Attempts" } dd { (mail.attempts) " of " (max_attempts) }
                @if state == MailState::Queued {
                    dt { "Next attempt" } dd {
                        @if configured { "Not before " (when(mail.next_attempt_at)) }
                        @else { "None: e-mail is not set up on this server" }
                    }
                }
                @if let Some(at) = mail.sent_at { dt { "Sent" } dd { (when(at)) } }
                @if let Some(at) = mail.expires_at {
                    dt { "Expires" } dd { (when(at)) @if expired { " (expired)" } }
                }
                @if let Some(error) = &mail.last_error { dt { "Last error" } dd { (error) } }
                @if let Some(key) = &mail.template { dt { "Template" } dd { code { (key) } } }
                dt { "About" } dd {
                    @match cause_link(mail) {
                        Some(href) => a href=(href) { (cause_label(mail)) },
                        None => (cause_label(mail)),
                    }
                }
            }
            @if state == MailState::Held {
                div.actions {
                    p { "This message waits for someone to read it before it goes." }
                    form.inline method="post" action={ "/admin/outbox/" (mail.id) "/release" } {
                        (csrf_field(ctx.csrf()))
                        button type="submit" { "Release for sending" }
                    }
                    form.inline method="post" action={ "/admin/outbox/" (mail.id) "/discard" } {
                        (csrf_field(ctx.csrf()))
                        button.danger type="submit" { "Discard (do not send)" }
                    }
                }
                h2 { "Change the text before it goes" }
                @if mail.html_body.is_some() {
                    p { "A changed message goes as plain text only: its HTML alternative was written from the text as it was." }
                }
                (error_summary(errors))
                form method="post" action={ "/admin/outbox/" (mail.id) "/edit" } {
                    (csrf_field(ctx.csrf()))
                    (Field::new("subject", "Subject", subject).required().render(errors))
                    (Field::new("body", "Text", body).input(Input::TextArea { rows: 16 }).required().render(errors))
                    button type="submit" { "Save the text" }
                }
            }
            @if state == MailState::Failed && !expired {
                div.actions {
                    form.inline method="post" action={ "/admin/outbox/" (mail.id) "/retry" } {
                        (csrf_field(ctx.csrf()))
                        button type="submit" { "Try again" }
                    }
                }
            }
            h2 { "Text" }
            pre.mail-body { (mail.body) }
            @if let Some(html_body) = &mail.html_body {
                h2 { "HTML alternative (source)" }
                pre.mail-body { (html_body) }
            }
        },
    )
}
