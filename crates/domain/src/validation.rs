//! Errors a person can fix, tied to the form field they concern.

use std::fmt;

/// One problem with one field. `field` is the form field's name, so views can link the error
/// summary to the field and mark the field itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// Every problem found in a submission, gathered so the person sees them all at once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        FieldErrors::default()
    }

    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.to_owned(),
            message: message.into(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &FieldError> {
        self.0.iter()
    }

    /// The first message for a field, for showing beside it.
    pub fn for_field(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    /// `Ok(value)` when nothing was wrong.
    pub fn into_result<T>(self, value: T) -> Result<T, FieldErrors> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }

    /// `result` checked together with errors found elsewhere: every error of both at once (the
    /// result's first), so a form lists everything wrong in one round.
    pub fn alongside<T>(self, result: Result<T, FieldErrors>) -> Result<T, FieldErrors> {
        match result {
            Ok(value) => self.into_result(value),
            Err(mut errors) => {
                self.iter()
                    .for_each(|x| errors.add(&x.field, x.message.clone()));
                Err(errors)
            }
        }
    }

    pub fn single(field: &str, message: impl Into<String>) -> FieldErrors {
        let mut e = FieldErrors::new();
        e.add(field, message);
        e
    }
}

impl fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect();
        f.write_str(&parts.join("; "))
    }
}

impl std::error::Error for FieldErrors {}

/// Control characters other than line breaks and tabs: no one types them, PostgreSQL cannot store
/// NUL in text at all, and the others garble what is shown. The bidirectional embeddings,
/// overrides and isolates too (U+202A–U+202E, U+2066–U+2069): `Lars \u{202e}exe.live\u{202c}`
/// shows as another text than it is ("Trojan Source"). The left-to-right and right-to-left
/// marks, which Arabic and Hebrew text needs, are kept.
pub fn is_unstorable(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The text without [`is_unstorable`] characters (for drafts, which keep what was typed).
pub fn storable(value: &str) -> String {
    value.chars().filter(|c| !is_unstorable(*c)).collect()
}

fn unstorable(label: &str, value: &str) -> Option<String> {
    value
        .chars()
        .any(is_unstorable)
        .then(|| format!("The {label} contains control characters; remove them."))
}

/// Trimmed text that must be present and at most `max` characters.
pub fn required_text(
    errors: &mut FieldErrors,
    field: &str,
    label: &str,
    value: &str,
    max: usize,
) -> String {
    let v = value.trim();
    if v.is_empty() {
        errors.add(field, format!("Enter the {label}."));
    } else if let Some(problem) = unstorable(label, v) {
        errors.add(field, problem);
    } else if v.chars().count() > max {
        errors.add(
            field,
            format!("The {label} must be at most {max} characters."),
        );
    }
    v.to_owned()
}

/// Trimmed optional text of at most `max` characters.
pub fn optional_text(
    errors: &mut FieldErrors,
    field: &str,
    label: &str,
    value: &str,
    max: usize,
) -> String {
    let v = value.trim();
    if let Some(problem) = unstorable(label, v) {
        errors.add(field, problem);
    } else if v.chars().count() > max {
        errors.add(
            field,
            format!("The {label} must be at most {max} characters."),
        );
    }
    v.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bidi_overrides_are_dropped_and_rtl_marks_kept() {
        assert_eq!(
            storable("Lars \u{202e}exe.live\u{202c} Larsson"),
            "Lars exe.live Larsson"
        );
        assert_eq!(storable("\u{2067}x\u{2069}"), "x");
        assert_eq!(storable("مرحبا\u{200f}"), "مرحبا\u{200f}");
        let mut e = FieldErrors::new();
        required_text(&mut e, "name", "name", "Lars \u{202e}evil", 200);
        assert!(
            !e.is_empty(),
            "refused with a message where a form validates"
        );
    }

    #[test]
    fn errors_found_alongside_a_result_are_all_reported() {
        let elsewhere = FieldErrors::single("managers", "Choose managers.");
        let both = elsewhere
            .clone()
            .alongside::<()>(Err(FieldErrors::single("name", "Name it.")));
        let fields: Vec<_> = both.unwrap_err().iter().map(|e| e.field.clone()).collect();
        assert_eq!(fields, ["name", "managers"]);
        assert!(elsewhere.alongside(Ok(1)).is_err());
        assert_eq!(FieldErrors::new().alongside(Ok(1)), Ok(1));
    }

    #[test]
    fn control_characters_are_refused_but_line_breaks_kept() {
        // A NUL in a name gave a 500 on PostgreSQL (found by the hostile-input test).
        let mut e = FieldErrors::new();
        optional_text(&mut e, "display_name", "name", "Anna\0Svensson", 200);
        required_text(&mut e, "code", "code", "MF\u{1b}[31m", 10);
        optional_text(
            &mut e,
            "description",
            "description",
            "Line one\r\nLine two\tend",
            200,
        );
        assert_eq!(
            e.for_field("display_name"),
            Some("The name contains control characters; remove them.")
        );
        assert!(e.for_field("code").is_some());
        assert!(e.for_field("description").is_none());
    }

    #[test]
    fn gathers_every_problem() {
        let mut e = FieldErrors::new();
        let name = required_text(&mut e, "name", "name", "   ", 10);
        let code = required_text(&mut e, "code", "code", "ABCDEFGHIJKL", 10);
        assert_eq!(name, "");
        assert_eq!(code, "ABCDEFGHIJKL");
        assert_eq!(e.iter().count(), 2);
        assert_eq!(e.for_field("name"), Some("Enter the name."));
    }

    #[test]
    fn length_counts_characters_in_any_script() {
        let mut e = FieldErrors::new();
        required_text(&mut e, "name", "name", "Ілля Петренко", 13);
        assert!(e.is_empty());
    }
}
