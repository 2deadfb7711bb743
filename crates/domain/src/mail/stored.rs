//! A mail text a person wrote for one kind of mail: checked against the kind's placeholders
//! before it is saved, so a stored text always renders with the values the code gives that
//! kind, and no mail goes out with a `{typo}` in it or without the link it exists for.

use super::kinds::TemplateKind;
use super::template::{TemplateError, Values, placeholders, render_body, render_html, render_line};
use crate::validation::{FieldErrors, optional_text, required_text};

const SUBJECT_MAX: usize = 200;
const BODY_MAX: usize = 20_000;
const HTML_MAX: usize = 50_000;

/// The form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TemplateInput {
    pub subject: String,
    pub body: String,
    /// An HTML alternative; empty for plain text only.
    pub html: String,
}

/// A checked text: subject, plain-text body and an optional HTML alternative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateText {
    pub subject: String,
    pub body: String,
    pub html: Option<String>,
}

/// A text with its placeholders filled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedText {
    pub subject: String,
    pub body: String,
    pub html: Option<String>,
}

impl TemplateInput {
    /// Checks the text against `kind`: every placeholder must be one of the kind's, every
    /// required one must be in the plain text (and in the HTML alternative, when there is one).
    pub fn validate(&self, kind: &TemplateKind) -> Result<TemplateText, FieldErrors> {
        let mut errors = FieldErrors::new();
        let subject = required_text(
            &mut errors,
            "subject",
            "subject",
            &self.subject,
            SUBJECT_MAX,
        );
        if subject.contains(['\n', '\r']) {
            errors.add("subject", "The subject must be one line.");
        }
        let body = required_text(&mut errors, "body", "text", &self.body, BODY_MAX);
        let html = optional_text(&mut errors, "html", "HTML text", &self.html, HTML_MAX);
        let subject_names = check_names(&mut errors, "subject", "subject", &subject, kind);
        let body_names = check_names(&mut errors, "body", "text", &body, kind);
        let html_names = check_names(&mut errors, "html", "HTML text", &html, kind);
        if let (Some(subject_names), Some(body_names)) = (&subject_names, &body_names) {
            for p in kind.placeholders.iter().filter(|p| p.required) {
                if !subject_names.iter().chain(body_names).any(|n| n == p.name) && !body.is_empty()
                {
                    errors.add(
                        "body",
                        format!(
                            "The text must contain {{{}}} ({}): without it the mail is of no use.",
                            p.name, p.meaning
                        ),
                    );
                }
            }
        }
        if let Some(html_names) = &html_names
            && !html.is_empty()
        {
            for p in kind.placeholders.iter().filter(|p| p.required) {
                if !html_names.iter().any(|n| n == p.name) {
                    errors.add(
                        "html",
                        format!(
                            "The HTML text must contain {{{}}} ({}) too.",
                            p.name, p.meaning
                        ),
                    );
                }
            }
        }
        errors.into_result(TemplateText {
            subject,
            body,
            html: (!html.is_empty()).then_some(html),
        })
    }
}

/// The placeholders of `text`, with an error for each that `kind` does not declare; `None`
/// when the text cannot be read at all.
fn check_names(
    errors: &mut FieldErrors,
    field: &str,
    label: &str,
    text: &str,
    kind: &TemplateKind,
) -> Option<Vec<String>> {
    match placeholders(text) {
        Ok(names) => {
            for name in &names {
                if kind.placeholder(name).is_none() {
                    errors.add(
                        field,
                        format!(
                            "{{{name}}} in the {label} is not a placeholder of this mail. It can use {}.",
                            kind.names()
                        ),
                    );
                }
            }
            Some(names)
        }
        Err(e) => {
            errors.add(field, format!("The {label} cannot be read: {e}."));
            None
        }
    }
}

impl TemplateText {
    /// Fills every placeholder. With a text that passed [`TemplateInput::validate`] and values
    /// for every placeholder of its kind this does not fail; the error is for the code that
    /// forgot a value.
    pub fn render(&self, values: &Values<'_>) -> Result<RenderedText, TemplateError> {
        Ok(RenderedText {
            subject: render_line(&self.subject, values)?,
            body: render_body(&self.body, values)?,
            html: self
                .html
                .as_deref()
                .map(|html| render_html(html, values))
                .transpose()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::kinds::{KINDS, kind};
    use proptest::prelude::*;

    fn selected() -> &'static TemplateKind {
        kind("selection.selected").unwrap()
    }

    fn input(subject: &str, body: &str, html: &str) -> TemplateInput {
        TemplateInput {
            subject: subject.into(),
            body: body.into(),
            html: html.into(),
        }
    }

    fn all_values(kind: &TemplateKind) -> Values<'static> {
        kind.placeholders.iter().fold(Values::new(), |v, p| {
            v.set(p.name, format!("<{}-value>", p.name))
        })
    }

    #[test]
    fn a_text_with_known_placeholders_is_accepted_and_renders() {
        let text = input(
            "Welcome to {cohort}",
            "Dear {name},\nconfirm by {deadline}: {link}",
            "<p>Dear {name}</p><a href=\"{link}\">Confirm</a> by {deadline}",
        )
        .validate(selected())
        .unwrap();
        let mail = text.render(&all_values(selected())).unwrap();
        assert_eq!(mail.subject, "Welcome to <cohort-value>");
        assert!(
            mail.body
                .contains("confirm by <deadline-value>: <link-value>")
        );
        let html = mail.html.unwrap();
        assert!(html.contains("&lt;name-value&gt;"), "{html}");
        assert!(!html.contains("<name-value>"), "{html}");
    }

    #[test]
    fn an_unknown_placeholder_is_refused_with_the_ones_it_may_use() {
        let errors = input("Hi", "Dear {team_name}, {link} by {deadline}", "")
            .validate(selected())
            .unwrap_err();
        let message = errors.for_field("body").unwrap();
        assert!(message.contains("{team_name}"), "{message}");
        assert!(message.contains("{reference}"), "{message}");
    }

    #[test]
    fn a_missing_required_placeholder_is_refused() {
        let errors = input("Hi {name}", "Dear {name}, you are selected.", "")
            .validate(selected())
            .unwrap_err();
        let messages: Vec<_> = errors.iter().map(|e| e.message.clone()).collect();
        assert!(
            messages.iter().any(|m| m.contains("{link}")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.contains("{deadline}")),
            "{messages:?}"
        );
    }

    #[test]
    fn the_html_alternative_needs_the_required_placeholders_too() {
        let errors = input("Hi", "{link} {deadline}", "<p>Selected</p>")
            .validate(selected())
            .unwrap_err();
        assert!(errors.for_field("html").unwrap().contains("{link}"));
    }

    #[test]
    fn malformed_text_and_empty_fields_are_refused() {
        let errors = input("", "Dear {name", "")
            .validate(selected())
            .unwrap_err();
        assert!(errors.for_field("subject").unwrap().contains("Enter"));
        assert!(errors.for_field("body").unwrap().contains("not closed"));
        let errors = input("Hi\nthere", "{link} {deadline}", "").validate(selected());
        assert!(errors.unwrap_err().for_field("subject").is_some());
    }

    #[test]
    fn an_empty_html_field_means_plain_text_only() {
        let text = input("Hi", "{link} {deadline}", "  ")
            .validate(selected())
            .unwrap();
        assert_eq!(text.html, None);
    }

    fn any_kind() -> impl Strategy<Value = &'static TemplateKind> {
        (0..KINDS.len()).prop_map(|i| &KINDS[i])
    }

    proptest! {
        #[test]
        fn checking_and_rendering_never_panic(
            k in any_kind(),
            subject in ".{0,80}",
            body in ".{0,300}",
            html in ".{0,200}",
            value in ".{0,40}",
        ) {
            let values = k.placeholders.iter().fold(Values::new(), |v, p| v.set(p.name, &value));
            if let Ok(text) = input(&subject, &body, &html).validate(k) {
                let rendered = text.render(&values);
                prop_assert!(rendered.is_ok(), "{:?}", rendered);
            }
            let _ = render_body(&body, &values);
            let _ = render_html(&html, &values);
        }

        #[test]
        fn every_declared_placeholder_substitutes(
            k in any_kind(),
            picks in proptest::collection::vec((0usize..16, "[a-zA-Z .,\n]{0,12}"), 0..12),
        ) {
            let mut body = String::new();
            for (i, text) in &picks {
                body.push_str(text);
                body.push_str(&format!("{{{}}}", k.placeholders[i % k.placeholders.len()].name));
            }
            for p in k.placeholders.iter().filter(|p| p.required) {
                body.push_str(&format!(" {{{}}}", p.name));
            }
            body.push_str(" end");
            let text = input("Subject", &body, "").validate(k);
            prop_assert!(text.is_ok(), "{:?}", text);
            let mail = text.unwrap().render(&all_values(k)).unwrap();
            prop_assert!(!mail.body.contains('{'), "{}", mail.body);
            for (i, _) in &picks {
                let name = k.placeholders[i % k.placeholders.len()].name;
                let value = format!("<{name}-value>");
                prop_assert!(mail.body.contains(&value), "{}", mail.body);
            }
        }

        #[test]
        fn unknown_placeholders_are_refused(k in any_kind(), name in "[a-z_]{1,20}") {
            prop_assume!(k.placeholder(&name).is_none());
            let mut body = format!("Hello {{{name}}}");
            for p in k.placeholders.iter().filter(|p| p.required) {
                body.push_str(&format!(" {{{}}}", p.name));
            }
            let errors = input("Subject", &body, "").validate(k);
            prop_assert!(errors.is_err());
            let message = errors.unwrap_err().for_field("body").unwrap_or_default().to_owned();
            let wanted = format!("{{{name}}}");
            prop_assert!(message.contains(&wanted), "{}", message);
        }
    }
}
