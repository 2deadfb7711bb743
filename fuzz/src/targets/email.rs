//! E-mail addresses typed into the sign-in and invitation forms (`Email::parse`).

use itp_domain::account::Email;
use proptest::prelude::*;

use crate::Target;
use crate::mutate::text_from;

const PARTS: &[&str] = &[
    "anna",
    "Anna.Svensson",
    "x",
    "a+tag",
    "o'brien",
    "李",
    "İ",
    "ß",
    "example.org",
    "kommun.se",
    "b.c",
    "localhost",
    "-",
    "_",
    ".",
    "..",
    "@",
    " ",
    "\t",
];

fn check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(email) = Email::parse(text) else {
        return;
    };
    let s = email.as_str();
    assert_eq!(
        Email::parse(s).as_ref(),
        Ok(&email),
        "a parsed address must parse again to itself"
    );
    assert!(s.len() <= 254, "longer than 254 bytes: {s:?}");
    assert_eq!(s.matches('@').count(), 1, "not exactly one @: {s:?}");
    assert!(
        !s.chars()
            .any(|c| c.is_whitespace() || c.is_control() || is_invisible(c)),
        "holds a space, control or invisible formatting character: {s:?}"
    );
}

/// Characters that change how text is shown without being seen (bidirectional controls,
/// zero-width characters): an address holding one can pass for another.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}')
}

fn generate() -> BoxedStrategy<Vec<u8>> {
    (
        proptest::collection::vec(text_from(PARTS), 1..4),
        proptest::collection::vec(text_from(PARTS), 1..4),
    )
        .prop_map(|(local, domain)| format!("{}@{}", local.concat(), domain.join(".")).into_bytes())
        .boxed()
}

pub fn target() -> Target {
    Target {
        name: "email",
        check,
        dictionary: PARTS,
        generator: generate,
    }
}
