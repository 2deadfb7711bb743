//! The proposal for 2,000 applications with 6,000 reviews (three each, five criteria,
//! calibration on, hard quotas per country, women's share and politicians): the target
//! is under 50 ms.
//!
//! `cargo bench -p itp-domain --bench selection_propose`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use itp_domain::selection::Case;
use serde_json::{Value, json};

const COUNTRIES: &[&str] = &[
    "UG", "KE", "TZ", "ZM", "RW", "ET", "GH", "MZ", "BW", "NA", "ZA", "AL", "BA", "GE", "MD", "UA",
    "ID", "VN", "KH", "BO",
];

/// A deterministic case: scores and genders spread by small prime strides, no randomness.
fn case_json(applications: usize) -> String {
    let criteria = ["outline", "commitment", "merit", "diversity", "team"];
    let teams: Vec<Value> = (0..applications)
        .map(|i| {
            let members: Vec<Value> = (0..2 + i % 2)
                .map(|m| {
                    json!({
                        "gender": if (i * 7 + m * 3) % 5 < 2 { "woman" } else { "man" },
                        "role": if m == 0 && i % 11 != 0 { "politician" } else { "official" },
                    })
                })
                .collect();
            json!({
                "ref": format!("MF-27-{i:04}"),
                "country": COUNTRIES[i % COUNTRIES.len()],
                "submitted_at": format!("2026-12-{:02}T{:02}:{:02}:00Z", 1 + i % 28, i % 24, i % 60),
                "members": members,
            })
        })
        .collect();
    let reviews: Vec<Value> = (0..applications * 3)
        .map(|k| {
            let (team, reviewer) = (k / 3, (k / 3 + (k % 3) * 7) % 40);
            let scores: serde_json::Map<String, Value> = criteria
                .iter()
                .enumerate()
                .map(|(c, id)| {
                    (
                        id.to_string(),
                        json!(1 + (team * 13 + c * 5 + reviewer * 3) % 5),
                    )
                })
                .collect();
            json!({"team": format!("MF-27-{team:04}"), "reviewer": format!("r{reviewer}"), "scores": scores})
        })
        .collect();
    json!({
        "aggregation": "mean",
        "calibrate": true,
        "seats": 25,
        "quotas": [
            {"kind": "max_teams_per_country", "value": 2, "hard": true},
            {"kind": "min_women_share", "value": "0.50", "hard": true},
            {"kind": "politician_per_team", "hard": true},
        ],
        "criteria": criteria.iter().enumerate().map(|(i, id)| json!({
            "id": id, "weight": if i == 0 { "3" } else { "1" }, "min": 1, "max": 5,
        })).collect::<Vec<_>>(),
        "teams": teams,
        "reviews": reviews,
    })
    .to_string()
}

fn propose_2000(c: &mut Criterion) {
    let json = case_json(2000);
    let case = Case::from_json(&json).expect("a valid case");
    let mut group = c.benchmark_group("selection");
    group.sample_size(30);
    group.bench_function("propose_2000_applications_6000_reviews", |b| {
        b.iter(|| black_box(&case).propose())
    });
    group.bench_function("parse_and_propose_2000_applications_6000_reviews", |b| {
        b.iter(|| Case::from_json(black_box(&json)).expect("valid").propose())
    });
    group.finish();
}

criterion_group!(benches, propose_2000);
criterion_main!(benches);
