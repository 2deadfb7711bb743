//! Skatteverket's open-data file of foreign normalbelopp (`parse_open_data`), and what an
//! import does with the rows it accepts.

use itp_domain::per_diem::{RateTable, parse_open_data};
use proptest::prelude::*;
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
    let table = RateTable::with_shipped_defaults();
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

fn generate() -> BoxedStrategy<Vec<u8>> {
    let row = (text_from(NAMES), text_from(AMOUNTS), text_from(YEARS))
        .prop_map(|(n, a, y)| json!({ "land eller område": n, "normalbelopp": a, "år": y }));
    (
        proptest::collection::vec(row, 0..12),
        proptest::option::of(0u64..20),
    )
        .prop_map(|(rows, count)| {
            let mut file = json!({ "results": rows });
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
