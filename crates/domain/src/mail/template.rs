//! Plain-text mail templates: `{name}` placeholders filled from [`Values`]; `{{` and `}}` stand
//! for literal braces.
//!
//! Filling is safe by construction: one pass over the template, so a value that itself contains
//! `{link}` is printed as it is and never expanded; a placeholder without a value is an error, so
//! no mail goes out with `{name}` in it; and values are one line unless the code says otherwise,
//! so a name typed into a form cannot add lines ("Your account is locked, go to …") to a mail
//! that carries our sender address.

use std::fmt;

/// A mail text with its stable key (stored with each message, so the outbox shows which text a
/// message came from).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Template {
    pub key: &'static str,
    pub subject: &'static str,
    pub body: &'static str,
}

/// A subject and body with every placeholder filled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub key: &'static str,
    pub subject: String,
    pub body: String,
}

impl Template {
    pub fn render(&self, values: &Values<'_>) -> Result<Rendered, TemplateError> {
        Ok(Rendered {
            key: self.key,
            subject: render_line(self.subject, values)?,
            body: render_body(self.body, values)?,
        })
    }

    /// Every placeholder the subject and body use, in order of first use.
    pub fn placeholders(&self) -> Result<Vec<String>, TemplateError> {
        let mut names = placeholders(self.subject)?;
        for name in placeholders(self.body)? {
            if !names.contains(&name) {
                names.push(name);
            }
        }
        Ok(names)
    }
}

/// What goes into the placeholders.
#[derive(Debug, Clone, Default)]
pub struct Values<'a> {
    entries: Vec<(&'a str, String, bool)>,
}

impl<'a> Values<'a> {
    pub fn new() -> Self {
        Values::default()
    }

    /// A one-line value: line breaks and other control characters become spaces.
    pub fn set(mut self, name: &'a str, value: impl fmt::Display) -> Self {
        self.entries.push((name, value.to_string(), false));
        self
    }

    /// A value that may span lines (a reviewer's feedback), for the body only; in a subject it
    /// is still put on one line.
    pub fn set_multiline(mut self, name: &'a str, value: impl fmt::Display) -> Self {
        self.entries.push((name, value.to_string(), true));
        self
    }

    fn get(&self, name: &str) -> Option<(&str, bool)> {
        self.entries
            .iter()
            .rev()
            .find(|(n, _, _)| *n == name)
            .map(|(_, v, multiline)| (v.as_str(), *multiline))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error("the template uses {{{0}}} but no value was given for it")]
    MissingValue(String),
    #[error("a '{{' at character {0} is not closed by '}}' (write '{{{{' for a literal brace)")]
    Unclosed(usize),
    #[error("a '}}' at character {0} closes nothing (write '}}}}' for a literal brace)")]
    StrayBrace(usize),
    #[error("'{{{0}}}' is not a placeholder: names are lower-case letters, digits and underscores")]
    BadName(String),
}

/// One piece of a parsed template.
enum Piece<'t> {
    Text(&'t str),
    Brace(char),
    Placeholder(&'t str),
}

fn parse(template: &str) -> Result<Vec<Piece<'_>>, TemplateError> {
    let mut pieces = Vec::new();
    let mut rest = template;
    let mut offset = 0;
    while let Some(at) = rest.find(['{', '}']) {
        if at > 0 {
            pieces.push(Piece::Text(&rest[..at]));
        }
        let brace = rest[at..].chars().next().unwrap_or('{');
        let position = template[..offset + at].chars().count();
        let after = &rest[at + 1..];
        if after.starts_with(brace) {
            pieces.push(Piece::Brace(brace));
            offset += at + 2;
            rest = &after[1..];
            continue;
        }
        if brace == '}' {
            return Err(TemplateError::StrayBrace(position));
        }
        let end = after.find('}').ok_or(TemplateError::Unclosed(position))?;
        let name = &after[..end];
        let valid = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !valid {
            return Err(TemplateError::BadName(name.to_owned()));
        }
        pieces.push(Piece::Placeholder(name));
        offset += at + 1 + end + 1;
        rest = &after[end + 1..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest));
    }
    Ok(pieces)
}

/// The placeholders a template text uses, in order of first use (for checking a text before it
/// is saved, and for tests).
pub fn placeholders(template: &str) -> Result<Vec<String>, TemplateError> {
    let mut names: Vec<String> = Vec::new();
    for piece in parse(template)? {
        if let Piece::Placeholder(name) = piece
            && !names.iter().any(|n| n == name)
        {
            names.push(name.to_owned());
        }
    }
    Ok(names)
}

/// The text on one line: line breaks and other control characters become spaces.
pub fn one_line(value: &str) -> String {
    value
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Line breaks normalised to `\n`; control characters other than line breaks and tabs dropped
/// (they have no business in a plain-text mail and can confuse mail clients).
pub fn text_block(value: &str) -> String {
    value
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect()
}

/// How a filled value is written into the text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    Line,
    Body,
    Html,
}

fn fill(template: &str, values: &Values<'_>, target: Target) -> Result<String, TemplateError> {
    let mut out = String::with_capacity(template.len() + 64);
    for piece in parse(template)? {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Brace(brace) => out.push(brace),
            Piece::Placeholder(name) => {
                let (value, multiline) = values
                    .get(name)
                    .ok_or_else(|| TemplateError::MissingValue(name.to_owned()))?;
                match target {
                    Target::Body if multiline => out.push_str(&text_block(value)),
                    Target::Line | Target::Body => out.push_str(&one_line(value)),
                    Target::Html if multiline => {
                        out.push_str(&escape_html(&text_block(value)).replace('\n', "<br>\n"))
                    }
                    Target::Html => out.push_str(&escape_html(&one_line(value))),
                }
            }
        }
    }
    Ok(out)
}

/// The text with `&`, `<`, `>`, `"` and `'` written as entities: a value filled into an HTML
/// template is text, never markup (a team called `<script>` is shown as it is).
pub fn escape_html(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Fills an HTML alternative: every value is escaped, so only the template's own markup is
/// markup; multi-line values keep their lines as `<br>`.
pub fn render_html(template: &str, values: &Values<'_>) -> Result<String, TemplateError> {
    Ok(text_block(&fill(template, values, Target::Html)?))
}

/// Fills a one-line text (a subject): the result never contains a line break.
pub fn render_line(template: &str, values: &Values<'_>) -> Result<String, TemplateError> {
    Ok(one_line(&fill(template, values, Target::Line)?)
        .trim()
        .to_owned())
}

/// Fills a body: one-line values stay on their line; only values set with
/// [`Values::set_multiline`] may add lines.
pub fn render_body(template: &str, values: &Values<'_>) -> Result<String, TemplateError> {
    Ok(text_block(&fill(template, values, Target::Body)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    const WELCOME: Template = Template {
        key: "test.welcome",
        subject: "Welcome, {name}",
        body: "Hello {name},\n\nYour link: {link}\n\nBraces: {{literal}}\n",
    };

    #[test]
    fn placeholders_are_filled() {
        let values = Values::new()
            .set("name", "Ana Kovač")
            .set("link", "https://itp.example.org/x");
        let mail = WELCOME.render(&values).unwrap();
        assert_eq!(mail.subject, "Welcome, Ana Kovač");
        assert_eq!(
            mail.body,
            "Hello Ana Kovač,\n\nYour link: https://itp.example.org/x\n\nBraces: {literal}\n"
        );
        assert_eq!(mail.key, "test.welcome");
    }

    #[test]
    fn a_missing_value_is_an_error_not_a_placeholder_in_the_mail() {
        let err = WELCOME
            .render(&Values::new().set("name", "Ana"))
            .unwrap_err();
        assert_eq!(err, TemplateError::MissingValue("link".into()));
    }

    #[test]
    fn values_are_not_expanded_again() {
        let values = Values::new()
            .set("name", "{link}")
            .set("link", "https://itp.example.org/x");
        let mail = WELCOME.render(&values).unwrap();
        assert_eq!(mail.subject, "Welcome, {link}");
        assert!(mail.body.starts_with("Hello {link},"));
    }

    #[test]
    fn a_one_line_value_cannot_add_lines() {
        let values = Values::new()
            .set(
                "name",
                "Ana\r\n\r\nYour account is locked: go to http://evil.example",
            )
            .set("link", "x");
        let mail = WELCOME.render(&values).unwrap();
        assert!(!mail.subject.contains('\n') && !mail.subject.contains('\r'));
        let first_line = mail.body.lines().next().unwrap();
        assert!(first_line.contains("evil.example"), "{first_line}");
        assert_eq!(mail.body.lines().count(), WELCOME.body.lines().count());
    }

    #[test]
    fn multiline_values_keep_their_lines_in_the_body_only() {
        let template = Template {
            key: "test.feedback",
            subject: "Feedback: {feedback}",
            body: "Feedback:\n{feedback}\n",
        };
        let values = Values::new().set_multiline("feedback", "Strong plan.\r\nClear budget.\u{7}");
        let mail = template.render(&values).unwrap();
        assert_eq!(mail.body, "Feedback:\nStrong plan.\nClear budget.\n");
        assert_eq!(mail.subject, "Feedback: Strong plan.  Clear budget.");
    }

    #[test]
    fn malformed_templates_are_refused_with_the_place() {
        let v = Values::new().set("a", "1");
        assert_eq!(
            render_body("x {a", &v).unwrap_err(),
            TemplateError::Unclosed(2)
        );
        assert_eq!(
            render_body("é } x", &v).unwrap_err(),
            TemplateError::StrayBrace(2)
        );
        assert_eq!(
            render_body("{Name}", &v).unwrap_err(),
            TemplateError::BadName("Name".into())
        );
        assert_eq!(
            render_body("{}", &v).unwrap_err(),
            TemplateError::BadName(String::new())
        );
    }

    #[test]
    fn placeholders_are_listed_once_in_order() {
        assert_eq!(WELCOME.placeholders().unwrap(), vec!["name", "link"]);
        assert_eq!(placeholders("{{a}} {b} {b}").unwrap(), vec!["b"]);
    }

    #[test]
    fn the_last_value_set_for_a_name_wins() {
        let v = Values::new().set("a", "1").set("a", "2");
        assert_eq!(render_line("{a}", &v).unwrap(), "2");
    }

    #[test]
    fn html_values_are_escaped_and_the_template_markup_kept() {
        let v = Values::new()
            .set("team", "<script>alert('x')</script> & co")
            .set_multiline("note", "one\ntwo");
        let html = render_html("<p>{team}</p><p>{note}</p>", &v).unwrap();
        assert_eq!(
            html,
            "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co</p><p>one<br>\ntwo</p>"
        );
    }

    #[test]
    fn unused_values_are_allowed() {
        let v = Values::new().set("a", "1").set("unused", "2");
        assert_eq!(render_line("x{a}x", &v).unwrap(), "x1x");
    }
}
