//! Mail texts typed into the template editor (`itp_domain::mail::TemplateInput::validate`, then
//! rendering): whatever is typed, checking never panics, and a text that passes renders with the
//! values of its kind, with no placeholder left and every value in the HTML escaped.

use itp_domain::mail::{KINDS, TemplateInput, Values};
use proptest::prelude::*;

use crate::Target;
use crate::mutate::text_from;

const PARTS: &[&str] = &[
    "{name}",
    "{link}",
    "{deadline}",
    "{reference}",
    "{cohort}",
    "{host}",
    "{dates}",
    "{expires}",
    "{team_name}",
    "{Name}",
    "{}",
    "{{",
    "}}",
    "{",
    "}",
    "\n",
    "\r\n",
    "<p>",
    "</p>",
    "<a href=\"",
    "\">",
    "&",
    "é",
    "\u{202e}",
    "\u{0}",
    "Hello ",
];

fn check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The first line is the subject, the rest the body; the body is the HTML too.
    let (subject, body) = text.split_once('\n').unwrap_or((text, ""));
    for kind in KINDS {
        let input = TemplateInput {
            subject: subject.to_owned(),
            body: body.to_owned(),
            html: body.to_owned(),
        };
        let Ok(checked) = input.validate(kind) else {
            continue;
        };
        let values = kind
            .placeholders
            .iter()
            .fold(Values::new(), |v, p| v.set(p.name, "<&v>"));
        let mail = checked
            .render(&values)
            .expect("a checked text renders with its kind's values");
        assert!(!mail.subject.contains('\n'), "{:?}", mail.subject);
        if let Some(html) = &mail.html {
            assert!(
                !html.contains("<&v>"),
                "a value unescaped in the HTML: {html}"
            );
        }
    }
}

fn generate() -> BoxedStrategy<Vec<u8>> {
    (
        proptest::collection::vec(text_from(PARTS), 0..4),
        proptest::collection::vec(text_from(PARTS), 0..12),
    )
        .prop_map(|(s, b)| format!("{}\n{}", s.concat(), b.concat()).into_bytes())
        .boxed()
}

pub fn target() -> Target {
    Target {
        name: "mail_template",
        check,
        dictionary: PARTS,
        generator: generate,
    }
}
