//! Small pieces every view shares: form fields, the error summary, the CSRF field, tables and
//! pagination. Views use these; they never copy them.

use itp_domain::validation::FieldErrors;
use maud::{Markup, html};

pub fn csrf_field(token: &str) -> Markup {
    html! { input type="hidden" name="csrf_token" value=(token); }
}

/// The list of every problem at the top of a form, each linking to its field (GOV.UK pattern).
/// It takes focus when the page opens (`autofocus`, no script needed), so keyboard and screen
/// reader users start at the problems.
pub fn error_summary(errors: &FieldErrors) -> Markup {
    html! {
        @if !errors.is_empty() {
            div.error-summary role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus {
                h2 #error-summary-title { "There is a problem" }
                ul {
                    @for e in errors.iter() {
                        li { a href={ "#" (e.field) } { (e.message) } }
                    }
                }
            }
        }
    }
}

/// What kind of input a [`field`] renders.
pub enum Input<'a> {
    Text,
    Email,
    Password,
    Number,
    Date,
    DateTime,
    TextArea { rows: u8 },
    Select(&'a [(&'a str, &'a str)]),
}

/// A labelled form field that shows its own error and keeps what the person typed.
pub struct Field<'a> {
    pub name: &'a str,
    pub label: &'a str,
    pub value: &'a str,
    pub input: Input<'a>,
    pub hint: Option<&'a str>,
    pub required: bool,
    pub autocomplete: Option<&'a str>,
}

impl<'a> Field<'a> {
    pub fn new(name: &'a str, label: &'a str, value: &'a str) -> Self {
        Field {
            name,
            label,
            value,
            input: Input::Text,
            hint: None,
            required: false,
            autocomplete: None,
        }
    }

    pub fn input(mut self, input: Input<'a>) -> Self {
        self.input = input;
        self
    }

    pub fn hint(mut self, hint: &'a str) -> Self {
        self.hint = Some(hint);
        self
    }

    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    pub fn autocomplete(mut self, value: &'a str) -> Self {
        self.autocomplete = Some(value);
        self
    }

    pub fn render(&self, errors: &FieldErrors) -> Markup {
        let error = errors.for_field(self.name);
        let hint_id = format!("{}-hint", self.name);
        let error_id = format!("{}-error", self.name);
        let described_by = match (self.hint.is_some(), error.is_some()) {
            (true, true) => Some(format!("{hint_id} {error_id}")),
            (true, false) => Some(hint_id.clone()),
            (false, true) => Some(error_id.clone()),
            (false, false) => None,
        };
        let input_type = match self.input {
            Input::Email => "email",
            Input::Password => "password",
            Input::Number => "number",
            Input::Date => "date",
            Input::DateTime => "datetime-local",
            _ => "text",
        };
        html! {
            div.field.has-error[error.is_some()] {
                label for=(self.name) {
                    (self.label)
                    @if !self.required { span.optional { " (optional)" } }
                }
                @if let Some(hint) = self.hint {
                    p.hint id=(hint_id) { (hint) }
                }
                @if let Some(message) = error {
                    p.error-message id=(error_id) { span.visually-hidden { "Error: " } (message) }
                }
                @match &self.input {
                    Input::TextArea { rows } => {
                        textarea id=(self.name) name=(self.name) rows=(rows)
                            aria-describedby=[described_by.as_deref()]
                            aria-invalid=[error.map(|_| "true")]
                            required[self.required] { (self.value) }
                    }
                    Input::Select(options) => {
                        select id=(self.name) name=(self.name)
                            aria-describedby=[described_by.as_deref()]
                            aria-invalid=[error.map(|_| "true")]
                            required[self.required] {
                            @for (value, label) in *options {
                                option value=(value) selected[*value == self.value] { (label) }
                            }
                        }
                    }
                    _ => {
                        input id=(self.name) name=(self.name) type=(input_type) value=(self.value)
                            aria-describedby=[described_by.as_deref()]
                            aria-invalid=[error.map(|_| "true")]
                            autocomplete=[self.autocomplete]
                            required[self.required];
                    }
                }
            }
        }
    }
}

/// Page links for a list of `total` items shown `per_page` at a time; `href` builds the link
/// for a page number.
pub fn pagination(page: u64, per_page: u64, total: u64, href: impl Fn(u64) -> String) -> Markup {
    let pages = total.div_ceil(per_page).max(1);
    html! {
        @if pages > 1 {
            nav.pagination aria-label="Pages" {
                @if page > 1 { a rel="prev" href=(href(page - 1)) { "← Previous" } }
                span { "Page " (page) " of " (pages) " (" (total) " in all)" }
                @if page < pages { a rel="next" href=(href(page + 1)) { "Next →" } }
            }
        }
    }
}

/// The state of a record as a small coloured label.
pub fn badge(text: &str, kind: &str) -> Markup {
    html! { span class={ "badge badge-" (kind) } { (text) } }
}

/// A group of check boxes sharing one field name, with its own error (the whole group is the
/// field the error summary links to).
pub fn checkboxes(
    name: &str,
    legend: &str,
    hint: Option<&str>,
    options: &[(String, String)],
    selected: &[String],
    errors: &FieldErrors,
) -> Markup {
    let error = errors.for_field(name);
    html! {
        div.field.has-error[error.is_some()] id=(name) {
            fieldset {
                legend { (legend) }
                @if let Some(hint) = hint { p.hint { (hint) } }
                @if let Some(message) = error {
                    p.error-message { span.visually-hidden { "Error: " } (message) }
                }
                @for (i, (value, label)) in options.iter().enumerate() {
                    @let id = format!("{name}-{i}");
                    div.checkbox {
                        input type="checkbox" id=(id) name=(name) value=(value)
                            checked[selected.iter().any(|s| s == value)];
                        label for=(id) { (label) }
                    }
                }
            }
        }
    }
}

/// One check box that sends `true` when ticked.
pub fn checkbox(name: &str, label: &str, checked: bool) -> Markup {
    html! {
        div.field {
            div.checkbox {
                input type="checkbox" id=(name) name=(name) value="true" checked[checked];
                label for=(name) { (label) }
            }
        }
    }
}

/// Where the page sits: each level a link, the page itself last and marked current (the
/// WAI-ARIA breadcrumb pattern). `trail` is the levels above the page, outermost first.
pub fn breadcrumbs(trail: &[(String, String)], current: &str) -> Markup {
    html! {
        nav.breadcrumbs aria-label="Breadcrumbs" {
            ol {
                @for (href, label) in trail { li { a href=(href) { bdi { (label) } } } }
                li { span aria-current="page" { bdi { (current) } } }
            }
        }
    }
}

/// The levels above a cohort's pages: the programmes, its programme, and (for pages below the
/// cohort) the cohort.
pub fn cohort_trail(
    programme_id: i32,
    programme: &str,
    cohort: Option<(i32, &str)>,
) -> Vec<(String, String)> {
    let mut trail = vec![
        ("/programmes".to_owned(), "Programmes".to_owned()),
        (format!("/programmes/{programme_id}"), programme.to_owned()),
    ];
    if let Some((id, name)) = cohort {
        trail.push((format!("/cohorts/{id}"), name.to_owned()));
    }
    trail
}
