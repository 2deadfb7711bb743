use itp_domain::mail::{RenderedText, TemplateInput, TemplateKind};
use itp_domain::validation::FieldErrors;
use itp_persistence::mail_templates::{PreviewRecord, StoredTemplate};
use maud::{Markup, html};

use crate::views::components::{Field, Input, badge, breadcrumbs, csrf_field, error_summary};
use crate::views::{PageContext, page};

/// One kind of mail on the list.
pub struct Row {
    pub kind: &'static TemplateKind,
    pub programme_id: Option<i32>,
    /// The text stored for exactly this scope.
    pub own: Option<StoredTemplate>,
    /// Whether a text for every programme exists (shown for a programme's list).
    pub shared: bool,
}

fn edit_href(kind: &TemplateKind, programme_id: Option<i32>) -> String {
    match programme_id {
        Some(id) => format!("/mail-templates/{}?programme={id}", kind.key),
        None => format!("/mail-templates/{}", kind.key),
    }
}

fn source(row: &Row) -> Markup {
    match (&row.own, row.shared, row.programme_id) {
        (Some(own), _, Some(_)) => html! {
            (badge("Own text", "ok")) " changed " (own.updated_at.format("%Y-%m-%d"))
        },
        (Some(own), _, None) => html! {
            (badge("Changed", "ok")) " " (own.updated_at.format("%Y-%m-%d"))
        },
        (None, true, _) => html! { (badge("Text for every programme", "info")) },
        (None, false, _) => html! { (badge("Built-in text", "info")) },
    }
}

pub fn list(
    ctx: &PageContext,
    programmes: &[(i32, String)],
    shared_allowed: bool,
    chosen: Option<i32>,
    rows: &[Row],
) -> Markup {
    let none = FieldErrors::new();
    let chosen_text = chosen.map(|id| id.to_string()).unwrap_or_default();
    let mut choices: Vec<(String, String)> = Vec::new();
    if shared_allowed {
        choices.push((String::new(), "Every programme".to_owned()));
    }
    choices.extend(
        programmes
            .iter()
            .map(|(id, name)| (id.to_string(), name.clone())),
    );
    let options: Vec<(&str, &str)> = choices
        .iter()
        .map(|(v, l)| (v.as_str(), l.as_str()))
        .collect();
    page(
        ctx,
        "Mail texts",
        html! {
            h1 { "Mail texts" }
            p.lead {
                "The text of each kind of mail the system writes. A programme's own text comes "
                "first, then the text for every programme, then the built-in text."
            }
            form.filters method="get" action="/mail-templates" {
                (Field::new("programme", "Programme", &chosen_text).input(Input::Select(&options)).render(&none))
                button type="submit" { "Show" }
            }
            table {
                caption { "Kinds of mail" }
                thead { tr { th scope="col" { "Mail" } th scope="col" { "Language" } th scope="col" { "Text in use" } } }
                tbody {
                    @for row in rows {
                        tr {
                            td { a href=(edit_href(row.kind, row.programme_id)) { (row.kind.label) } }
                            td { (row.kind.language.label()) }
                            td { (source(row)) }
                        }
                    }
                }
            }
        },
    )
}

/// What the editor shows.
pub struct Editor<'a> {
    pub kind: &'static TemplateKind,
    /// The programme (id, name), or `None` for every programme.
    pub programme: Option<(i32, &'a str)>,
    pub input: &'a TemplateInput,
    pub own: Option<&'a StoredTemplate>,
    pub records: &'a [PreviewRecord],
    pub record: Option<i32>,
    /// The preview and the record it was rendered from; `None` while the text has errors.
    pub rendered: Option<(&'a RenderedText, Option<&'a PreviewRecord>)>,
    pub notice: Option<String>,
}

fn preview_section(e: &Editor<'_>) -> Markup {
    html! {
        section aria-labelledby="preview-heading" {
            h2 #preview-heading { "Preview" }
            @match e.rendered {
                None => p { "The preview appears once the text has no errors." },
                Some((mail, from)) => {
                    @match from {
                        Some(r) => p { "Rendered from " strong { bdi { (r.label) } } "; what no record holds (links, deadlines) is an example." },
                        None => p { "Rendered with your own name and example values." },
                    }
                    dl.preview lang=(e.kind.language.code()) {
                        dt { "Subject" } dd { (mail.subject) }
                        dt { "Text" } dd { pre.mail-body { (mail.body) } }
                        @if let Some(html_body) = &mail.html {
                            dt { "HTML" }
                            dd { iframe title="The HTML alternative as a mail client shows it" sandbox="" srcdoc=(html_body) {} }
                        }
                    }
                }
            }
        }
    }
}

pub fn edit(ctx: &PageContext, e: &Editor<'_>, errors: &FieldErrors) -> Markup {
    let kind = e.kind;
    let action = format!("/mail-templates/{}", kind.key);
    let programme_value = e
        .programme
        .map(|(id, _)| id.to_string())
        .unwrap_or_default();
    let record_value = e.record.map(|id| id.to_string()).unwrap_or_default();
    let record_choices: Vec<(String, String)> = e
        .records
        .iter()
        .map(|r| (r.id.to_string(), r.label.clone()))
        .collect();
    let record_options: Vec<(&str, &str)> = record_choices
        .iter()
        .map(|(v, l)| (v.as_str(), l.as_str()))
        .collect();
    let list_href = match e.programme {
        Some((id, _)) => format!("/mail-templates?programme={id}"),
        None => "/mail-templates".to_owned(),
    };
    let placeholders_hint = format!("It can use {}.", kind.names());
    page(
        ctx,
        kind.label,
        html! {
            (breadcrumbs(&[(list_href, "Mail texts".to_owned())], kind.label))
            h1 { (kind.label) }
            p.lead {
                @match e.programme {
                    Some((_, name)) => { "For " bdi { (name) } ". " }
                    None => { "For every programme without its own text. " }
                }
                "Written in " (kind.language.label()) "."
            }
            @if let Some(notice) = &e.notice { p.notice role="status" { (notice) } }
            @if let Some(own) = e.own {
                p { "This text was changed on " (own.updated_at.format("%Y-%m-%d %H:%M UTC")) "." }
            }
            (error_summary(errors))
            form method="post" action=(action) {
                (csrf_field(ctx.csrf()))
                input type="hidden" name="programme" value=(programme_value);
                (Field::new("subject", "Subject", &e.input.subject).required().hint(&placeholders_hint).render(errors))
                (Field::new("body", "Text", &e.input.body).input(Input::TextArea { rows: 16 }).required()
                    .hint("Plain text. Write {name} for a placeholder and {{ or }} for a brace.").render(errors))
                (Field::new("html", "HTML alternative (optional)", &e.input.html).input(Input::TextArea { rows: 8 })
                    .hint("Leave empty for plain text only. Values are escaped; the required placeholders must be here too.").render(errors))
                @if !record_options.is_empty() {
                    (Field::new("record", "Preview from", &record_value).input(Input::Select(&record_options)).render(errors))
                }
                div.actions {
                    button type="submit" { "Save the text" }
                    button type="submit" formaction=(format!("{action}/preview")) { "Preview" }
                    button type="submit" formaction=(format!("{action}/test")) { "Send a test mail to myself" }
                }
            }
            table {
                caption { "Placeholders" }
                thead { tr { th scope="col" { "Placeholder" } th scope="col" { "Filled with" } th scope="col" { "Required" } } }
                tbody {
                    @for p in kind.placeholders {
                        tr {
                            td { code { "{" (p.name) "}" } }
                            td { (p.meaning) }
                            td { @if p.required { "Yes" } @else { "No" } }
                        }
                    }
                }
            }
            (preview_section(e))
            @if e.own.is_some() {
                form method="post" action=(format!("{action}/reset")) {
                    (csrf_field(ctx.csrf()))
                    input type="hidden" name="programme" value=(programme_value);
                    button type="submit" { "Remove this text and use the next one out" }
                }
            }
        },
    )
}
