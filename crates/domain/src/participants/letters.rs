//! The programme's letter templates: the certificate of completion and the invitation letter
//! for a visa application. A template is plain text with placeholders in braces, `{name}`; only
//! the placeholders listed here exist, and a template naming another one is refused when it is
//! saved, so a letter never goes out with a literal `{nmae}` in it.

use crate::validation::{FieldErrors, is_unstorable};

/// A placeholder and what it stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placeholder {
    pub name: &'static str,
    pub meaning: &'static str,
}

const fn p(name: &'static str, meaning: &'static str) -> Placeholder {
    Placeholder { name, meaning }
}

pub const CERTIFICATE_PLACEHOLDERS: &[Placeholder] = &[
    p("name", "the participant's full name"),
    p(
        "organisation",
        "the organisation the participant's team came from",
    ),
    p("country", "the participant's country"),
    p("programme", "the programme's name"),
    p("cohort", "the cohort's name"),
    p("phases", "the phases attended, with their dates and places"),
    p("today", "the date the certificate is issued"),
];

pub const INVITATION_PLACEHOLDERS: &[Placeholder] = &[
    p("name", "the participant's full name"),
    p(
        "organisation",
        "the organisation the participant's team came from",
    ),
    p("country", "the participant's country"),
    p("programme", "the programme's name"),
    p("cohort", "the cohort's name"),
    p("phase", "the phase's title"),
    p("dates", "the phase's first and last day"),
    p("place", "where the phase takes place"),
    p("today", "the date of the letter"),
];

pub const DEFAULT_CERTIFICATE: &str = "This is to certify that {name} of {organisation}, {country}, \
has completed the international training programme {programme} ({cohort}).\n\n\
Phases attended:\n{phases}\n\nVisby, {today}";

pub const DEFAULT_INVITATION: &str = "To the Embassy of Sweden\n\n\
ICLD invites {name} of {organisation}, {country}, to take part in {phase} of the international \
training programme {programme} ({cohort}), {dates}, in {place}.\n\n\
ICLD pays the participant's travel, board and lodging, and insurance for the stay.\n\n\
Visby, {today}";

/// The longest template accepted.
pub const MAX_TEMPLATE: usize = 5000;

/// A checked template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template(String);

impl Template {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The template with each placeholder replaced by its value; a placeholder without a value
    /// becomes empty.
    pub fn render(&self, values: &[(&str, String)]) -> String {
        let mut out = String::with_capacity(self.0.len());
        let mut rest = self.0.as_str();
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                out.push_str(&rest[open..]);
                return out;
            };
            let name = &after[..close];
            if let Some((_, v)) = values.iter().find(|(n, _)| *n == name) {
                out.push_str(v);
            }
            rest = &after[close + 1..];
        }
        out.push_str(rest);
        out
    }

    /// A template known to be good (the defaults).
    pub fn trusted(text: &str) -> Template {
        Template(text.to_owned())
    }
}

/// Checks a template typed into `field` against the placeholders it may use.
pub fn parse_template(
    field: &str,
    label: &str,
    text: &str,
    allowed: &[Placeholder],
) -> Result<Template, FieldErrors> {
    let text = text.trim().replace("\r\n", "\n");
    let fail = |m: String| Err(FieldErrors::single(field, m));
    if text.is_empty() {
        return fail(format!("Enter the {label}."));
    }
    if text.chars().count() > MAX_TEMPLATE {
        return fail(format!(
            "The {label} must be at most {MAX_TEMPLATE} characters."
        ));
    }
    if text
        .chars()
        .any(|c| c != '\n' && c != '\t' && is_unstorable(c))
    {
        return fail(format!(
            "The {label} contains control characters; remove them."
        ));
    }
    let names: Vec<&str> = allowed.iter().map(|p| p.name).collect();
    let mut rest = text.as_str();
    while let Some(i) = rest.find(['{', '}']) {
        if rest[i..].starts_with('}') {
            return fail(format!(
                "The {label} has a '}}' without its '{{'. Placeholders look like {{name}}."
            ));
        }
        let after = &rest[i + 1..];
        let Some(close) = after.find('}') else {
            return fail(format!(
                "The {label} has a '{{' without its '}}'. Placeholders look like {{name}}."
            ));
        };
        let name = &after[..close];
        if !names.contains(&name) {
            return fail(format!(
                "{{{name}}} is not a placeholder of the {label}; use one of {}.",
                names
                    .iter()
                    .map(|n| format!("{{{n}}}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        rest = &after[close + 1..];
    }
    Ok(Template(text))
}
