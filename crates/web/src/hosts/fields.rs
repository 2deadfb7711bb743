//! Form pieces of the translated host pages: the shared components' shape (labels tied to
//! inputs, hints and errors linked with `aria-describedby`, the error summary first), with every
//! text, the domain's message ids included, in the page's language.

use itp_domain::validation::FieldErrors;
use maud::{Markup, html};

use crate::views::PageContext;

/// The list of every problem at the top of a form, each linking to its field.
pub fn summary(ctx: &PageContext, errors: &FieldErrors) -> Markup {
    html! {
        @if !errors.is_empty() {
            div.error-summary role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus {
                h2 #error-summary-title { (ctx.t("form-problem")) }
                ul {
                    @for e in errors.iter() {
                        li { a href={ "#" (e.field) } { (ctx.t(&e.message)) } }
                    }
                }
            }
        }
    }
}

#[derive(Clone, Copy)]
pub enum Kind {
    Text,
    Email,
    Tel,
    Number,
    Date,
    Time,
    TextArea(u8),
}

/// One labelled field; `label` and `hint` are message ids.
pub struct Field<'a> {
    pub name: &'a str,
    pub label: &'a str,
    pub value: &'a str,
    pub kind: Kind,
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
            kind: Kind::Text,
            hint: None,
            required: false,
            autocomplete: None,
        }
    }

    pub fn kind(mut self, kind: Kind) -> Self {
        self.kind = kind;
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

    pub fn render(&self, ctx: &PageContext, errors: &FieldErrors) -> Markup {
        let error = errors.for_field(self.name);
        let hint_id = format!("{}-hint", self.name);
        let error_id = format!("{}-error", self.name);
        let described: Vec<&str> = [
            self.hint.map(|_| hint_id.as_str()),
            error.map(|_| error_id.as_str()),
        ]
        .into_iter()
        .flatten()
        .collect();
        let described = (!described.is_empty()).then(|| described.join(" "));
        let input_type = match self.kind {
            Kind::Email => "email",
            Kind::Tel => "tel",
            Kind::Number => "number",
            Kind::Date => "date",
            Kind::Time => "time",
            _ => "text",
        };
        html! {
            div.field.has-error[error.is_some()] {
                label for=(self.name) {
                    (ctx.t(self.label))
                    @if !self.required { span.optional { " (" (ctx.t("form-optional")) ")" } }
                }
                @if let Some(hint) = self.hint {
                    p.hint id=(hint_id) { (ctx.t(hint)) }
                }
                @if let Some(message) = error {
                    p.error-message id=(error_id) { span.visually-hidden { (ctx.t("form-error")) ": " } (ctx.t(message)) }
                }
                @match self.kind {
                    Kind::TextArea(rows) => {
                        textarea id=(self.name) name=(self.name) rows=(rows)
                            aria-describedby=[described.as_deref()]
                            aria-invalid=[error.map(|_| "true")]
                            required[self.required] { (self.value) }
                    }
                    _ => {
                        input id=(self.name) name=(self.name) type=(input_type) value=(self.value)
                            aria-describedby=[described.as_deref()]
                            aria-invalid=[error.map(|_| "true")]
                            autocomplete=[self.autocomplete]
                            required[self.required];
                    }
                }
            }
        }
    }
}

/// A group of check boxes under one name; `legend` and `hint` are message ids, the options'
/// labels are given in the page's language.
pub fn checks(
    ctx: &PageContext,
    errors: &FieldErrors,
    name: &str,
    legend: &str,
    hint: Option<&str>,
    options: &[(String, String)],
    selected: &[String],
) -> Markup {
    let error = errors.for_field(name);
    html! {
        div.field.has-error[error.is_some()] id=(name) {
            fieldset {
                legend { (ctx.t(legend)) }
                @if let Some(hint) = hint { p.hint { (ctx.t(hint)) } }
                @if let Some(message) = error {
                    p.error-message { span.visually-hidden { (ctx.t("form-error")) ": " } (ctx.t(message)) }
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
