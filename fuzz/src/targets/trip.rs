//! The trip JSON of the per-diem contract (`Trip::from_json`), and the engine quoting what it
//! accepts against the shipped Skatteverket tables.

use std::sync::OnceLock;

use itp_domain::per_diem::{Policy, PolicyRef, RateTable, Trip, quote};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

use crate::Target;
use crate::mutate::text_from;

const KEYS: &[&str] = &[
    "policy",
    "departure",
    "return",
    "stays",
    "free_meals",
    "lodging_paid",
    "country",
    "from",
    "to",
];
const TIMES: &[&str] = &[
    "2024-03-04T08:30",
    "2024-03-10T19:05",
    "2024-03-04T00:00",
    "2024-12-31T23:59:59",
    "2024-02-29T12:00",
    "2023-02-29T12:00",
    "2025-01-01T00:00",
    "2024-03-04",
    "24-03-04T08:30",
    "2024-03-04T24:00",
    "262143-12-31T23:59",
    "-0001-01-01T00:00",
];
const DATES: &[&str] = &[
    "2024-03-04",
    "2024-03-05",
    "2024-03-10",
    "2024-02-30",
    "2025-01-01",
];
const COUNTRIES: &[&str] = &["SE", "UG", "KE", "GL", "IR", "XK", "se", "ZZ", "", "SWE"];
const MEALS: &[&str] = &["breakfast", "lunch", "dinner", "Breakfast", "brunch"];
const POLICIES: &[&str] = &["skatteverket", "programme:MF", "programme:", "Skatteverket"];

fn rates() -> &'static RateTable {
    static RATES: OnceLock<RateTable> = OnceLock::new();
    RATES.get_or_init(RateTable::with_shipped_defaults)
}

fn check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(trip) = Trip::from_json(text) else {
        return;
    };
    let json = serde_json::to_string(&trip).expect("a trip serialises");
    let again = Trip::from_json(&json)
        .unwrap_or_else(|e| panic!("a trip's own JSON {json} does not parse again: {e}"));
    assert_eq!(again, trip, "round trip through {json}");
    if *trip.policy() == PolicyRef::Skatteverket
        && let Ok(statement) = quote(&trip, &Policy::Skatteverket, rates())
    {
        assert!(
            !statement.total.amount().is_sign_negative(),
            "negative total for {json}"
        );
        assert!(
            statement.days.len() <= trip.dates().count(),
            "more day lines than dates"
        );
    }
}

fn stay() -> impl Strategy<Value = Value> {
    (text_from(COUNTRIES), text_from(TIMES), text_from(TIMES))
        .prop_map(|(c, f, t)| json!({ "country": c, "from": f, "to": t }))
}

fn generate() -> BoxedStrategy<Vec<u8>> {
    (
        text_from(POLICIES),
        text_from(TIMES),
        text_from(TIMES),
        proptest::collection::vec(stay(), 0..4),
        proptest::collection::btree_map(
            text_from(DATES),
            proptest::collection::vec(text_from(MEALS), 0..4),
            0..3,
        ),
        proptest::option::of(any::<bool>()),
        proptest::option::of(text_from(KEYS)),
    )
        .prop_map(|(policy, dep, ret, stays, meals, lodging, extra)| {
            let mut trip = Map::new();
            trip.insert("policy".into(), policy.into());
            trip.insert("departure".into(), dep.into());
            trip.insert("return".into(), ret.into());
            trip.insert("stays".into(), stays.into());
            trip.insert("free_meals".into(), json!(meals));
            if let Some(l) = lodging {
                trip.insert("lodging_paid".into(), l.into());
            }
            if let Some(k) = extra {
                trip.insert(k, Value::Null);
            }
            serde_json::to_vec(&Value::Object(trip)).expect("JSON")
        })
        .boxed()
}

pub fn target() -> Target {
    Target {
        name: "trip",
        check,
        dictionary: KEYS,
        generator: generate,
    }
}
