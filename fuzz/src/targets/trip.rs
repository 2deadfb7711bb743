//! The trip JSON of the per-diem contract (`Trip::from_json`), and the engine quoting what it
//! accepts against the shipped Skatteverket tables.

use std::sync::OnceLock;

use chrono::{Duration, NaiveDate};
use itp_domain::per_diem::{Policy, PolicyRef, RateTable, Trip, quote};
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Map, Value, json};

use crate::Target;
use crate::mutate::text_from;

/// Fields a spoiled input gets an odd value in.
const SPOILABLE: &[&str] = &["policy", "departure", "return", "lodging_paid"];
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
const COUNTRIES: &[&str] = &["SE", "UG", "KE", "GL", "IR", "XK", "NA", "ZA", "DK", "US"];
const MEALS: &[&str] = &[
    "breakfast",
    "lunch",
    "dinner",
    "breakfast",
    "lunch",
    "dinner",
    "brunch",
];
const POLICIES: &[&str] = &[
    "skatteverket",
    "skatteverket",
    "skatteverket",
    "programme:MF",
    "Skatteverket",
];

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

/// A coherent trip (stays inside the trip, meals on its dates) in 2023–2025, as JSON, with now
/// and then one field replaced by a hostile or odd value: most inputs get past the checks and
/// reach the engine, the rest probe the checks one field at a time.
fn generate() -> BoxedStrategy<Vec<u8>> {
    let start = NaiveDate::from_ymd_opt(2023, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .expect("a date");
    (
        prop_oneof![4 => (365 * 24 * 60i64)..(2 * 365 * 24 * 60), 1 => 0i64..(3 * 365 * 24 * 60)],
        0i64..(45 * 24 * 60),
        proptest::collection::vec((0u16..1000, 0u16..1000, select(COUNTRIES)), 1..4),
        proptest::collection::vec(
            (0i64..50, proptest::collection::vec(select(MEALS), 0..3)),
            0..4,
        ),
        any::<bool>(),
        proptest::option::weighted(0.25, (select(SPOILABLE), text_from(TIMES))),
        select(POLICIES),
    )
        .prop_map(
            move |(offset, minutes, cuts, meals, lodging, spoil, policy)| {
                // Every trip is at least an hour, so it has room for a stay.
                let minutes = minutes + 60;
                let departure = start + Duration::minutes(offset);
                let ret = departure + Duration::minutes(minutes);
                let at = |per_mille: u16| {
                    departure + Duration::minutes(minutes * i64::from(per_mille) / 1000)
                };
                let mut cuts = cuts;
                cuts.sort();
                let mut stays = Vec::new();
                if cuts.iter().all(|(a, b, _)| a >= b) {
                    cuts.push((0, 1000, "SE"));
                }
                let mut free_from = 0u16;
                for (a, b, country) in cuts {
                    let (from, to) = (a.max(free_from), b.max(free_from));
                    if at(from) >= at(to) {
                        continue;
                    }
                    stays.push(
                        json!({ "country": country, "from": time(at(from)), "to": time(at(to)) }),
                    );
                    free_from = to;
                }
                let days = (ret.date() - departure.date()).num_days();
                let mut free_meals = Map::new();
                for (day, set) in meals {
                    let date = departure.date() + Duration::days(day.min(days));
                    free_meals.insert(date.to_string(), json!(set));
                }
                let mut trip = json!({
                    "policy": policy,
                    "departure": time(departure),
                    "return": time(ret),
                    "stays": stays,
                    "free_meals": free_meals,
                    "lodging_paid": lodging,
                });
                if let Some((key, value)) = spoil {
                    trip[key] = Value::from(value);
                }
                serde_json::to_vec(&trip).expect("JSON")
            },
        )
        .boxed()
}

fn time(t: chrono::NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M").to_string()
}

pub fn target() -> Target {
    Target {
        name: "trip",
        check,
        dictionary: KEYS,
        generator: generate,
    }
}
