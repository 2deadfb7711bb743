//! The case of `itp hosts match` (`MatchCase::from_json`), and the suggestion of every case it
//! accepts, checked against the matching contract's promises.

use std::collections::BTreeMap;

use itp_domain::hosts::MatchCase;
use itp_domain::hosts::matching::allowed;
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Value, json};

use crate::Target;
use crate::mutate::text_from;

const KEYS: &[&str] = &[
    "window",
    "from",
    "to",
    "teams",
    "ref",
    "size",
    "themes",
    "languages",
    "hosts",
    "code",
    "max_visitors",
    "periods",
    "climate",
    "en",
    "2027-12-28",
];
const THEMES: &[&str] = &["climate", "finance", "gender equality", "Climate", ""];
const LANGUAGES: &[&str] = &["en", "sv", "fr"];
const ODD: &[&str] = &[
    "-1",
    "0",
    "1.5",
    "1e30",
    "\"\"",
    "null",
    "\"2027-02-30\"",
    "[]",
];
const SPOILABLE: &[&str] = &["window", "teams", "hosts"];

fn check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(case) = MatchCase::from_json(text) else {
        return;
    };
    let s = case.suggest();
    assert_eq!(s, case.suggest(), "the suggestion is deterministic");
    let mut taken: BTreeMap<&str, u32> = BTreeMap::new();
    for p in &s.assignments {
        let team = case
            .teams
            .iter()
            .find(|t| t.reference == p.team)
            .expect("a team of the case");
        let host = case
            .hosts
            .iter()
            .find(|h| h.code == p.host)
            .expect("a host of the case");
        assert!(
            allowed(case.window, team, host),
            "a pair that is not allowed: {text}"
        );
        *taken.entry(host.code.as_str()).or_default() += 1;
    }
    for h in &case.hosts {
        assert!(
            taken.get(h.code.as_str()).copied().unwrap_or(0) <= h.teams,
            "over capacity: {text}"
        );
    }
    assert_eq!(s.assignments.len() + s.unassigned.len(), case.teams.len());
    assert_eq!(
        s.total_fit,
        s.assignments.iter().map(|p| p.fit).sum::<u32>()
    );
    let json = s.to_json();
    assert!(json["assignments"].is_array() && json["unassigned"].is_array());
}

/// A case shaped like the contract's, with one field now and then spoiled.
fn generate() -> BoxedStrategy<Vec<u8>> {
    let team = (
        0u32..6,
        proptest::collection::vec(select(THEMES), 0..3),
        proptest::collection::vec(select(LANGUAGES), 0..2),
    );
    let host = (
        0u32..6,
        0u32..3,
        proptest::collection::vec(select(THEMES), 0..3),
        proptest::collection::vec(select(LANGUAGES), 0..2),
        proptest::collection::vec((1u32..28, 0u32..20), 0..3),
    );
    (
        (20u32..28, 0u32..3),
        proptest::collection::vec(team, 0..8),
        proptest::collection::vec(host, 0..6),
        proptest::option::weighted(0.2, (select(SPOILABLE), text_from(ODD))),
    )
        .prop_map(|((from, days), teams, hosts, spoil)| {
            let day = |d: u32| format!("2027-12-{:02}", d.min(31));
            let teams: Vec<Value> = teams
                .into_iter()
                .enumerate()
                .map(|(i, (size, themes, languages))| json!({"ref": format!("T{i}"), "size": size, "themes": themes, "languages": languages}))
                .collect();
            let hosts: Vec<Value> = hosts
                .into_iter()
                .enumerate()
                .map(|(i, (max, slots, themes, languages, periods))| json!({
                    "code": format!("{:04}", 100 + i), "max_visitors": max, "teams": slots,
                    "themes": themes, "languages": languages,
                    "periods": periods.into_iter().map(|(f, len)| json!({"from": day(f), "to": day(f + len)})).collect::<Vec<_>>(),
                }))
                .collect();
            let mut case = json!({"window": {"from": day(from), "to": day(from + days)}, "teams": teams, "hosts": hosts});
            if let Some((key, value)) = spoil {
                case[key] = serde_json::from_str(&value).unwrap_or(Value::String(value));
            }
            serde_json::to_vec(&case).expect("JSON")
        })
        .boxed()
}

pub fn target() -> Target {
    Target {
        name: "match_case",
        check,
        dictionary: KEYS,
        generator: generate,
    }
}
