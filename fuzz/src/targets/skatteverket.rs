//! Skatteverket's open-data file of foreign normalbelopp (`parse_open_data`), and what an
//! import does with the rows it accepts.

use std::sync::OnceLock;

use itp_domain::per_diem::{RateTable, parse_open_data};
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::json;

use crate::Target;
use crate::mutate::text_from;

const NAMES: &[&str] = &[
    "Uganda",
    "Danmark",
    "Grönland",
    "Iran",
    "Övriga länder och områden",
    "Kenya",
    "Storbritannien och Nordirland",
    "Nederländska Antillerna",
    "Sverige",
    "Kosovo",
    "Atlantis",
    "uganda",
    " Uganda ",
    "Se Danmark",
];
const AMOUNTS: &[&str] = &[
    "422",
    "422,50",
    "1 274",
    "0",
    "-5",
    "Se Danmark",
    "Se Övriga länder och områden",
    "Se Grönland",
    "Se Iran",
    "se Uganda",
    "Se ",
    "1e3",
    "99999999999999999999999999999",
];
const YEARS: &[&str] = &["2024", "2023", "1899", "3000", "20 24", "-2024"];
const KEYS: &[&str] = &[
    "resultCount",
    "results",
    "land eller område",
    "normalbelopp",
    "år",
];

fn check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(rows) = parse_open_data(text) else {
        return;
    };
    assert!(!rows.is_empty(), "accepted a file with no rows");
    for pair in rows.windows(2) {
        assert!(
            (pair[0].year, pair[0].area) < (pair[1].year, pair[1].area),
            "rows not sorted, or two for one year and area: {:?} then {:?}",
            pair[0],
            pair[1]
        );
    }
    for row in &rows {
        assert!(!row.amount.is_sign_negative(), "negative amount: {row:?}");
        assert!((1900..=2999).contains(&row.year), "odd year: {row:?}");
    }
    static SHIPPED: OnceLock<RateTable> = OnceLock::new();
    let table = SHIPPED.get_or_init(RateTable::with_shipped_defaults);
    let preview = table.preview_foreign_import(&rows);
    let mut imported = table.clone();
    let years = imported.replace_foreign_years(rows.iter().cloned());
    assert_eq!(preview.years, years);
    for row in &rows {
        let stored = imported
            .foreign_rate(row.year, row.area)
            .expect("an imported row is in the table");
        assert_eq!(stored.amount, row.amount);
    }
}

/// The names Skatteverket uses, read from the real file among the seeds.
fn real_names() -> Vec<String> {
    let file = crate::runner::root().join("corpus/skatteverket/full-2024.json");
    let json: serde_json::Value = std::fs::read(&file)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    json["results"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .filter_map(|r| r["land eller område"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Files shaped like the real one: real names, mostly plain amounts, references to rows of the
/// same file, one or two years, with now and then an odd name, amount or year.
fn generate() -> BoxedStrategy<Vec<u8>> {
    #[derive(Debug, Clone)]
    enum Amount {
        Kronor(u32),
        SeeRow(usize),
        Odd(String),
    }
    let mut names = real_names();
    names.extend(NAMES.iter().map(|s| (*s).to_owned()));
    names.extend(real_names());
    let amount = prop_oneof![
        // Rare enough that most files have no odd amount at all and get through to the end.
        60 => (1u32..3000).prop_map(Amount::Kronor),
        8 => any::<usize>().prop_map(Amount::SeeRow),
        1 => text_from(AMOUNTS).prop_map(Amount::Odd),
    ];
    let year = prop_oneof![
        50 => Just("2024".to_owned()),
        10 => Just("2025".to_owned()),
        1 => text_from(YEARS),
    ];
    let row = (select(names), amount, year);
    (
        proptest::collection::btree_map(any::<u16>(), row, 1..40),
        proptest::option::weighted(0.2, 0u64..60),
    )
        .prop_map(|(rows, count)| {
            let rows: Vec<_> = rows.into_values().collect();
            let json_rows: Vec<_> = rows
                .iter()
                .map(|(name, amount, year)| {
                    let amount = match amount {
                        Amount::Kronor(n) => n.to_string(),
                        Amount::SeeRow(i) => format!("Se {}", rows[i % rows.len()].0),
                        Amount::Odd(text) => text.clone(),
                    };
                    json!({ "land eller område": name, "normalbelopp": amount, "år": year })
                })
                .collect();
            let mut file = json!({ "results": json_rows });
            if let Some(c) = count {
                file["resultCount"] = json!(c);
            }
            serde_json::to_vec(&file).expect("JSON")
        })
        .boxed()
}

pub fn target() -> Target {
    Target {
        name: "skatteverket",
        check,
        dictionary: KEYS,
        generator: generate,
    }
}
