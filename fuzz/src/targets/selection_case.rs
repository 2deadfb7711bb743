//! The case of `itp selection propose` (`Case::from_json`), and the proposal of every case it
//! accepts, checked against the selection contract's promises.

use std::collections::BTreeSet;

use itp_domain::selection::{Case, QuotaKind, QuotaRule, balance};
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Value, json};

use crate::Target;
use crate::mutate::text_from;

const KEYS: &[&str] = &[
    "aggregation",
    "calibrate",
    "seats",
    "quotas",
    "kind",
    "value",
    "hard",
    "criteria",
    "weight",
    "min",
    "max",
    "teams",
    "ref",
    "country",
    "submitted_at",
    "members",
    "gender",
    "role",
    "reviews",
    "team",
    "reviewer",
    "scores",
    "fixed",
    "excluded",
    "max_teams_per_country",
    "min_women_share",
    "politician_per_team",
    "median",
    "woman",
    "politician",
];
const COUNTRIES: &[&str] = &["UG", "KE", "TZ", "ZM", "RW", "ug", "XX", ""];
const GENDERS: &[&str] = &["woman", "man", "other", "woman", "man", "not_said"];
const ROLES: &[&str] = &["politician", "official", "civil_society", "politician"];
/// Odd values a spoiled field gets.
const ODD: &[&str] = &[
    "-1",
    "0",
    "1.5",
    "1e30",
    "79228162514264337593543950335",
    "NaN",
    "",
    "0.40",
    "\u{202e}UG",
];
const SPOILABLE: &[&str] = &["seats", "aggregation", "calibrate", "criteria", "fixed"];

fn check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(case) = Case::from_json(text) else {
        return;
    };
    let p = case.propose();
    assert_eq!(p, case.propose(), "the proposal is deterministic");
    let teams: Vec<_> = p
        .selected
        .iter()
        .map(|r| {
            case.teams
                .iter()
                .find(|t| &t.reference == r)
                .expect("a selected team is a team of the case")
        })
        .collect();
    let b = balance(teams.iter().copied(), case.seats, &case.quotas);
    assert_eq!(b.seats_used, p.seats_used);
    // Fixed teams are kept whatever they break; without them the hard quotas hold, except a
    // share of women the proposal reports unmet.
    if case.fixed.is_empty() {
        assert!(p.seats_used <= case.seats, "seats exceeded: {text}");
        for kind in b.broken_hard() {
            assert!(
                kind == QuotaKind::MinWomenShare && p.unmet.contains(&kind),
                "hard quota {kind:?} broken and not reported: {text}"
            );
        }
    }
    for q in &case.quotas {
        if let QuotaRule::PoliticianPerTeam = q.rule
            && q.hard
        {
            for t in &teams {
                assert!(
                    t.has_politician() || case.fixed.contains(&t.reference),
                    "{} selected without a politician",
                    t.reference
                );
            }
        }
    }
    let selected: BTreeSet<&String> = p.selected.iter().collect();
    assert!(
        p.reserve.iter().all(|r| !selected.contains(r)),
        "a team both selected and on the reserve"
    );
    assert!(
        case.excluded
            .iter()
            .all(|e| !selected.contains(e) && !p.reserve.contains(e)),
        "an excluded team proposed"
    );
    let fixed_kept = case.fixed.iter().all(|f| selected.contains(f));
    assert!(fixed_kept, "a fixed team was dropped");
    assert!(
        p.ranking.windows(2).all(|w| w[0].score >= w[1].score),
        "ranking out of order"
    );
    let json = p.to_json();
    assert!(json["women_share"].as_str().is_some_and(|s| s.len() == 5));
}

/// A case shaped like the contract's, with one field now and then spoiled: most reach the
/// proposal, the rest probe the checks.
fn generate() -> BoxedStrategy<Vec<u8>> {
    let member =
        (select(GENDERS), select(ROLES)).prop_map(|(g, r)| json!({"gender": g, "role": r}));
    let team = (
        select(COUNTRIES),
        proptest::collection::vec(member, 0..5),
        0u32..600,
    );
    (
        0u32..40,
        proptest::collection::vec(team, 0..12),
        proptest::collection::vec((0usize..12, 0usize..4, -1i64..7, -1i64..7), 0..30),
        (proptest::option::of(0u32..4), proptest::option::of(0u32..12), any::<bool>(), any::<bool>()),
        (any::<bool>(), any::<bool>(), proptest::collection::vec(0usize..12, 0..3), proptest::collection::vec(0usize..12, 0..3)),
        proptest::option::weighted(0.2, (select(SPOILABLE), text_from(ODD))),
    )
        .prop_map(|(seats, teams, reviews, (country, share, politician, hard), (median, calibrate, fixed, excluded), spoil)| {
            let reference = |i: usize| format!("MF-27-{i:03}");
            let mut quotas = Vec::new();
            if let Some(n) = country {
                quotas.push(json!({"kind": "max_teams_per_country", "value": n, "hard": hard}));
            }
            if let Some(tenths) = share {
                quotas.push(json!({"kind": "min_women_share", "value": format!("{}.{}", tenths / 10, tenths % 10), "hard": true}));
            }
            if politician {
                quotas.push(json!({"kind": "politician_per_team", "hard": !hard}));
            }
            let n = teams.len();
            let teams: Vec<Value> = teams
                .into_iter()
                .enumerate()
                .map(|(i, (country, members, minute))| {
                    json!({
                        "ref": reference(i),
                        "country": country,
                        "submitted_at": format!("2026-12-{:02}T{:02}:{:02}:00Z", 1 + minute / 60 / 24 % 28, minute / 60 % 24, minute % 60),
                        "members": members,
                    })
                })
                .collect();
            let reviews: Vec<Value> = reviews
                .into_iter()
                .filter(|(t, ..)| *t < n.max(1))
                .map(|(t, r, a, b)| json!({"team": reference(t), "reviewer": format!("r{r}"), "scores": {"outline": a, "merit": b}}))
                .collect();
            let pick = |list: Vec<usize>| -> Vec<String> { list.into_iter().filter(|i| *i < n).map(reference).collect() };
            let mut case = json!({
                "aggregation": if median { "median" } else { "mean" },
                "calibrate": calibrate,
                "seats": seats,
                "quotas": quotas,
                "criteria": [{"id": "outline", "weight": "3", "min": 1, "max": 5}, {"id": "merit", "weight": 1, "min": 0, "max": 5}],
                "teams": teams,
                "reviews": reviews,
                "fixed": pick(fixed),
                "excluded": pick(excluded),
            });
            if let Some((key, value)) = spoil {
                case[key] = serde_json::from_str(&value).unwrap_or(Value::String(value));
            }
            serde_json::to_vec(&case).expect("JSON")
        })
        .boxed()
}

pub fn target() -> Target {
    Target {
        name: "selection_case",
        check,
        dictionary: KEYS,
        generator: generate,
    }
}
