//! The retention settings (`ITP_RETENTION`, `itp_domain::retention::Retention::parse`): read at
//! start from the environment, so a typo must stop the start with words, never a panic.

use itp_domain::retention::{Kind, Retention};
use proptest::prelude::*;

use crate::Target;
use crate::mutate::text_from;

const PARTS: &[&str] = &[
    "applicants_not_selected",
    "sensitive_documents",
    "finance_records",
    "audit_log",
    "=",
    ";",
    " ",
    "3m",
    "18",
    "2y",
    "0",
    "1200",
    "1201",
    "100y",
    "101y",
    "m",
    "y",
    "-1",
    "99999999999999999999",
    "٣",
];

fn check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(retention) = Retention::parse(Some(text)) else {
        return;
    };
    for kind in Kind::ALL {
        let period = retention.period(kind);
        let written = format!("{}={}m", kind.key(), period.in_months());
        let again = Retention::parse(Some(&written)).expect("a period written back reads again");
        assert_eq!(again.period(kind), period, "{written}");
    }
}

fn generate() -> BoxedStrategy<Vec<u8>> {
    proptest::collection::vec(
        (text_from(PARTS), text_from(PARTS)).prop_map(|(k, v)| format!("{k}={v}")),
        0..6,
    )
    .prop_map(|entries| entries.join(";").into_bytes())
    .boxed()
}

pub fn target() -> Target {
    Target {
        name: "retention",
        check,
        dictionary: PARTS,
        generator: generate,
    }
}
