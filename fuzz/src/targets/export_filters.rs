//! The filters of a finance report as a query string sends them (`/exports/REPORT/download?…`)
//! or the command line gives them: `from`, `to`, `programme`, `cohort`, `state`, `format`, read
//! by `FilterInput::validate` and `Format::parse`.

use itp_domain::Code;
use itp_domain::reports::{FilterInput, Format, Report};
use proptest::prelude::*;

use crate::Target;
use crate::mutate::text_from;

const PARTS: &[&str] = &[
    "from=",
    "to=",
    "programme=",
    "cohort=",
    "state=",
    "format=",
    "&",
    "=",
    "2026-01-01",
    "2026-12-31",
    "2026-02-30",
    "+2026-01-01",
    "99999-01-01",
    "MF",
    "mf",
    "MF'--",
    "%00",
    "%27",
    "3",
    "-1",
    "2147483648",
    "approved",
    "paid",
    "submitted",
    "csv",
    "csv-excel-sv",
    "sie4",
    "\u{202e}",
];

fn check(data: &[u8]) {
    let Ok(pairs) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(data) else {
        return;
    };
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let input = FilterInput {
        from: get("from"),
        to: get("to"),
        programme: get("programme"),
        cohort: get("cohort"),
        state: get("state"),
    };
    let _ = Format::parse(get("format").trim());
    for report in Report::ALL {
        match input.validate(*report) {
            Ok(f) => {
                if let (Some(a), Some(b)) = (f.from, f.to) {
                    assert!(a <= b, "a period that ends before it starts: {input:?}");
                }
                assert!(f.cohort.is_none_or(|c| c > 0), "{input:?}");
                if let Some(p) = &f.programme {
                    assert!(
                        p.len() <= 16
                            && p.bytes()
                                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
                        "{p:?}"
                    );
                }
                let states: Vec<&str> = report.states().iter().map(|(c, _)| *c).collect();
                assert!(
                    f.state.as_deref().is_none_or(|s| states.contains(&s)),
                    "{input:?}"
                );
                // What the audit log records reads back as the same filters.
                for (name, value) in f.describe() {
                    assert!(!value.is_empty(), "{name}");
                }
            }
            Err(errors) => assert!(!errors.is_empty(), "refused without saying why"),
        }
    }
}

fn generate() -> BoxedStrategy<Vec<u8>> {
    proptest::collection::vec(text_from(PARTS), 1..12)
        .prop_map(|parts| parts.concat().into_bytes())
        .boxed()
}

pub fn target() -> Target {
    Target {
        name: "export_filters",
        check,
        dictionary: PARTS,
        generator: generate,
    }
}
