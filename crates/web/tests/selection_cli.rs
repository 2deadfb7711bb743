//! `itp selection propose`, run for real: the contract's worked example in, its proposal out;
//! bad input gives status 2, one line on stderr and nothing on stdout. No database is opened.

use std::path::Path;
use std::process::Output;

const WORKED_EXAMPLE: &str =
    include_str!("../../../fuzz/corpus/selection_case/worked-example.json");

fn itp(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    itp_tests::process::run_command(
        env!("CARGO_BIN_EXE_itp"),
        &dir.join("never-created"),
        args,
        stdin,
    )
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn propose_file(dir: &Path, case: &str) -> Output {
    let path = dir.join("case.json");
    std::fs::write(&path, case).unwrap();
    itp(
        dir,
        &["selection", "propose", "--file", path.to_str().unwrap()],
        None,
    )
}

#[test]
fn propose_prints_the_worked_example_of_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    let out = propose_file(dir.path(), WORKED_EXAMPLE);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["selected"], serde_json::json!(["B", "C", "D"]));
    assert_eq!(json["reserve"], serde_json::json!(["A", "E"]));
    assert_eq!(
        json["skipped"],
        serde_json::json!([
            {"team": "B", "quotas": ["max_teams_per_country"]},
            {"team": "E", "quotas": ["seats"]},
        ])
    );
    assert_eq!(
        json["swaps"],
        serde_json::json!([{"in": "B", "out": "A", "quota": "min_women_share"}])
    );
    assert_eq!(json["unmet"], serde_json::json!([]));
    assert_eq!(json["seats_used"], 6);
    assert_eq!(json["women_share"], "0.500");
    assert_eq!(
        json["ranking"][0],
        serde_json::json!({"team": "A", "score": "5.000", "reviews": 1})
    );
    assert!(
        !dir.path().join("never-created").exists(),
        "no database or data directory is needed"
    );
}

#[test]
fn propose_reads_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let out = itp(
        dir.path(),
        &["selection", "propose", "--file", "-"],
        Some(WORKED_EXAMPLE),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).lines().count(), 1);
    assert!(text(&out.stdout).contains(r#""selected":["B","C","D"]"#));
}

/// Every class of bad input the contract names: status 2, one line on stderr, nothing on stdout.
#[test]
fn bad_input_exits_2_with_one_line_on_stderr_and_nothing_on_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "malformed JSON",
            "{\"seats\": ".into(),
            "the case is not valid",
        ),
        (
            "review of an unknown team",
            WORKED_EXAMPLE.replacen("\"team\": \"A\"", "\"team\": \"Z\"", 1),
            "unknown team: Z",
        ),
        (
            "unknown criterion",
            WORKED_EXAMPLE.replacen("\"outline\": 5", "\"vision\": 5", 1),
            "unknown criterion: vision",
        ),
        (
            "score outside the scale",
            WORKED_EXAMPLE.replacen("\"outline\": 5", "\"outline\": 9", 1),
            "outside its scale 1–5",
        ),
        (
            "weight of zero",
            WORKED_EXAMPLE.replace("\"weight\": \"1\"", "\"weight\": \"0\""),
            "must be more than 0",
        ),
        (
            "unknown quota kind",
            WORKED_EXAMPLE.replace("\"max_teams_per_country\"", "\"max_teams\""),
            "'max_teams' is not a quota kind",
        ),
        (
            "share outside 0–1",
            WORKED_EXAMPLE.replace("\"0.50\"", "\"50\""),
            "must be a share from 0 to 1",
        ),
    ];
    for (name, json, expected) in cases {
        assert_ne!(json, WORKED_EXAMPLE, "{name}: the case was changed");
        let out = propose_file(dir.path(), &json);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        assert_eq!(text(&out.stdout), "", "{name}: nothing on stdout");
        assert_eq!(
            stderr.lines().count(),
            1,
            "{name}: one line, got {stderr:?}"
        );
        assert!(
            stderr.starts_with("error: ") && stderr.contains(expected),
            "{name}: {stderr:?} should contain {expected:?}"
        );
    }
    let out = itp(
        dir.path(),
        &["selection", "propose", "--file", "no-such-case.json"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&out.stdout), "");
    assert!(text(&out.stderr).starts_with("error: cannot read no-such-case.json"));
}
