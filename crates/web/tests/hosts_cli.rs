//! `itp hosts match`, run for real: the matching contract's example in, its output out; bad
//! input gives status 2, one line on stderr and nothing on stdout. No database is opened.

use std::path::Path;
use std::process::Output;

const CONTRACT: &str = include_str!("../../../fuzz/corpus/match_case/contract-input.json");
const WORKED_EXAMPLE: &str = include_str!("../../../fuzz/corpus/match_case/worked-example.json");

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

fn match_file(dir: &Path, case: &str) -> Output {
    let path = dir.join("case.json");
    std::fs::write(&path, case).unwrap();
    itp(
        dir,
        &["hosts", "match", "--file", path.to_str().unwrap()],
        None,
    )
}

#[test]
fn match_prints_the_contract_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = match_file(dir.path(), CONTRACT);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "assignments": [{"team": "MF-27-001", "host": "0980", "fit": 3}],
            "unassigned": [],
            "total_fit": 3
        })
    );
    assert!(!dir.path().join("never-created").exists());
}

#[test]
fn match_reads_standard_input_and_solves_the_worked_example() {
    let dir = tempfile::tempdir().unwrap();
    let out = itp(
        dir.path(),
        &["hosts", "match", "--file", "-"],
        Some(WORKED_EXAMPLE),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["assignments"],
        serde_json::json!([
            {"team": "A", "host": "Y", "fit": 2},
            {"team": "B", "host": "X", "fit": 3},
        ])
    );
    assert_eq!(json["total_fit"], 5);
}

/// Every class of bad input the contract names: status 2, one line on stderr, nothing on stdout.
#[test]
fn bad_input_exits_2_with_one_line_on_stderr_and_nothing_on_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "malformed JSON",
            "{\"window\": ".into(),
            "the case is not valid",
        ),
        (
            "window backwards",
            CONTRACT.replace("\"to\": \"2027-12-29\"", "\"to\": \"2027-12-27\""),
            "the window ends",
        ),
        (
            "period backwards",
            CONTRACT.replace("\"2028-01-15\"", "\"2027-11-01\""),
            "a period of host 0980 ends",
        ),
        (
            "size below 1",
            CONTRACT.replace("\"size\": 3", "\"size\": 0"),
            "at least 1",
        ),
        (
            "max_visitors below 1",
            CONTRACT.replace("\"max_visitors\": 4", "\"max_visitors\": -2"),
            "at least 1",
        ),
        (
            "team twice",
            WORKED_EXAMPLE.replace("\"ref\": \"B\"", "\"ref\": \"A\""),
            "team A is listed twice",
        ),
        (
            "host twice",
            WORKED_EXAMPLE.replace("\"code\": \"Y\"", "\"code\": \"X\""),
            "host X is listed twice",
        ),
    ];
    for (name, json, expected) in cases {
        let out = match_file(dir.path(), &json);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        assert_eq!(text(&out.stdout), "", "{name}: nothing on stdout");
        assert_eq!(stderr.lines().count(), 1, "{name}: {stderr:?}");
        assert!(
            stderr.starts_with("error: ") && stderr.contains(expected),
            "{name}: {stderr:?} should contain {expected:?}"
        );
    }
}
