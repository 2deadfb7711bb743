//! The Riksbank's exchange-rate CSV files (`parse_riksbank_csv`): every accepted file yields
//! positive rates, sorted and unique per currency and date; every refused one names its lines.

use itp_domain::budget::parse_riksbank_csv;
use proptest::prelude::*;
use proptest::sample::select;

use crate::Target;
use crate::mutate::text_from;

const SERIES: &[&str] = &[
    "SEKUSDPMI",
    "SEKEURPMI",
    "SEKJPYPMI",
    "SEKNOKPMI",
    "1 USD",
    "100 JPY",
    "USD",
    "SEKSEKPMI",
    "SEKXYZ",
    "1 EUR",
    "10 DKK",
];
const PERIODS: &[&str] = &[
    "2026-11-02",
    "2026-11-03",
    "2026-11",
    "2026 M11",
    "2026 Nov",
    "nov 2026",
    "2026-13-01",
    "1899-01-01",
    "2026 W45",
    "",
];
const VALUES: &[&str] = &[
    "10,4235",
    "10.4235",
    "n/a",
    "..",
    "-",
    "0",
    "-1",
    "1e3",
    "0,00000000001",
    "99999999",
    "11,2010",
    "",
];
const KEYS: &[&str] = &[
    "Datum", "Date", "Period", "Grupp", "Serie", "Series", "Värde", "Value", "Enhet", ";", "\t",
    ",", "\"", "\n",
];

fn check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match parse_riksbank_csv(text) {
        Ok(rows) => {
            assert!(!rows.is_empty(), "accepted a file with no rates");
            for pair in rows.windows(2) {
                assert!(
                    (pair[0].currency, pair[0].on) < (pair[1].currency, pair[1].on),
                    "rates not sorted or repeated: {:?} then {:?}",
                    pair[0],
                    pair[1]
                );
            }
            for r in &rows {
                assert!(
                    r.sek_per_unit > rust_decimal::Decimal::ZERO,
                    "a rate not above zero: {r:?}"
                );
                assert_ne!(r.currency.code(), "SEK", "a rate of SEK itself: {r:?}");
            }
        }
        Err(e) => {
            let lines = text.lines().count().max(1);
            assert!(!e.problems.is_empty(), "a refusal without a reason");
            for (line, _) in &e.problems {
                assert!(
                    *line >= 1 && *line <= lines,
                    "line {line} of a {lines}-line file"
                );
            }
        }
    }
}

/// Files shaped like the export: a preamble, a header, rows of date, group, series and value.
fn generate() -> BoxedStrategy<Vec<u8>> {
    let row = (text_from(PERIODS), select(SERIES), text_from(VALUES));
    (
        proptest::bool::ANY,
        select(&[";", "\t", ","][..]),
        proptest::collection::vec(row, 1..30),
    )
        .prop_map(|(preamble, sep, rows)| {
            let mut text = String::new();
            if preamble {
                text.push_str("Sök räntor & valutakurser\nPeriod: 2026-11-01 - 2026-11-30\n\n");
            }
            text.push_str(&["Datum", "Grupp", "Serie", "Värde"].join(sep));
            text.push('\n');
            for (period, series, value) in rows {
                text.push_str(&[period.as_str(), "130", series, value.as_str()].join(sep));
                text.push('\n');
            }
            text.into_bytes()
        })
        .boxed()
}

pub fn target() -> Target {
    Target {
        name: "riksbank",
        check,
        dictionary: KEYS,
        generator: generate,
    }
}
