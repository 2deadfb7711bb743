//! Quoting a two-week trip: the issue's target is at least 100,000 quotes a second on one core.
//!
//! `cargo bench -p itp-domain --bench per_diem_quote`

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use itp_domain::per_diem::{Policy, RateTable, Trip, quote};

/// Two weeks in Uganda and Kenya, meals provided on most days, no lodging paid (so the night
/// allowance is computed too).
const TWO_WEEKS: &str = r#"{
  "policy": "skatteverket",
  "departure": "2024-03-04T10:00",
  "return": "2024-03-18T18:00",
  "stays": [
    {"country": "UG", "from": "2024-03-04T22:00", "to": "2024-03-11T13:00"},
    {"country": "KE", "from": "2024-03-11T15:00", "to": "2024-03-18T06:00"}
  ],
  "free_meals": {
    "2024-03-05": ["breakfast"], "2024-03-06": ["breakfast", "lunch"],
    "2024-03-07": ["breakfast", "lunch", "dinner"], "2024-03-08": ["breakfast"],
    "2024-03-12": ["breakfast", "dinner"], "2024-03-13": ["lunch"],
    "2024-03-14": ["breakfast"], "2024-03-15": ["breakfast", "lunch"]
  },
  "lodging_paid": false
}"#;

fn quote_two_weeks(c: &mut Criterion) {
    let rates = RateTable::with_shipped_defaults();
    let trip = Trip::from_json(TWO_WEEKS).expect("valid trip");
    let mut group = c.benchmark_group("per_diem");
    group.throughput(Throughput::Elements(1));
    group.bench_function("quote_two_week_trip", |b| {
        b.iter(|| {
            quote(black_box(&trip), &Policy::Skatteverket, black_box(&rates)).expect("quotes")
        })
    });
    group.bench_function("parse_quote_and_serialise_two_week_trip", |b| {
        b.iter(|| {
            let trip = Trip::from_json(black_box(TWO_WEEKS)).expect("valid trip");
            let statement = quote(&trip, &Policy::Skatteverket, &rates).expect("quotes");
            serde_json::to_string(&statement).expect("serialises")
        })
    });
    group.finish();
}

criterion_group!(benches, quote_two_weeks);
criterion_main!(benches);
