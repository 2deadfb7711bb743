//! The `itp` binary's per-diem commands, run for real: each test has its own data directory and
//! so its own fresh SQLite database (with the shipped rates).

use std::path::Path;
use std::process::Output;

const SHIPPED_2024: &str = include_str!("../../domain/data/skatteverket-normalbelopp-2024.json");

fn itp(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    itp_tests::process::run_command(env!("CARGO_BIN_EXE_itp"), dir, args, stdin)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn quote_file(dir: &Path, trip: &str) -> Output {
    let path = dir.join("trip.json");
    std::fs::write(&path, trip).unwrap();
    itp(
        dir,
        &["per-diem", "quote", "--file", path.to_str().unwrap()],
        None,
    )
}

/// The contract's Uganda example: out 10:00 day 1, home 18:00 day 5, free breakfast days 2–4.
const UGANDA: &str = r#"{
  "policy": "skatteverket",
  "departure": "2024-03-04T10:00",
  "return": "2024-03-08T18:00",
  "stays": [{"country": "UG", "from": "2024-03-04T22:00", "to": "2024-03-08T06:00"}],
  "free_meals": {"2024-03-05": ["breakfast"], "2024-03-06": ["breakfast"], "2024-03-07": ["breakfast"]}
}"#;

fn day(date: &str, kind: &str, base: &str, reduction: &str, amount: &str) -> String {
    format!(
        r#"{{"date":"{date}","country":"UG","kind":"{kind}","base":"{base}","reduction":"{reduction}","amount":"{amount}"}}"#
    )
}

#[test]
fn quote_prints_exactly_the_statement_json_of_the_issue() {
    let dir = tempfile::tempdir().unwrap();
    let out = quote_file(dir.path(), UGANDA);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let days = [
        day("2024-03-04", "full", "422.00", "0.00", "422.00"),
        day("2024-03-05", "full", "422.00", "63.00", "359.00"),
        day("2024-03-06", "full", "422.00", "63.00", "359.00"),
        day("2024-03-07", "full", "422.00", "63.00", "359.00"),
        day("2024-03-08", "half", "211.00", "0.00", "211.00"),
    ];
    assert_eq!(
        text(&out.stdout),
        format!(
            r#"{{"eligible":true,"days":[{}],"nights":[],"total":"1710.00","currency":"SEK"}}"#,
            days.join(",")
        ) + "\n"
    );
    assert_eq!(text(&out.stderr), "", "nothing on stderr when all is well");
}

#[test]
fn quote_reads_standard_input_and_gives_the_night_allowance() {
    let dir = tempfile::tempdir().unwrap();
    // The contract's domestic example (623 SEK), with lodging unpaid: two nights at 145.
    let trip = r#"{"policy": "skatteverket", "departure": "2025-05-06T13:00",
        "return": "2025-05-08T20:00", "lodging_paid": false,
        "stays": [{"country": "SE", "from": "2025-05-06T13:00", "to": "2025-05-08T20:00"}],
        "free_meals": {"2025-05-07": ["lunch"]}}"#;
    let out = itp(
        dir.path(),
        &["per-diem", "quote", "--file", "-"],
        Some(trip),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["total"], "913.00");
    assert_eq!(
        json["days"][1]["reduction"], "102.00",
        "290 × 35 % = 101.5 → 102"
    );
    assert_eq!(json["nights"].as_array().unwrap().len(), 2);
    assert_eq!(json["nights"][0]["amount"], "145.00");
}

#[test]
fn a_day_trip_is_not_eligible() {
    let dir = tempfile::tempdir().unwrap();
    let trip = r#"{"policy": "skatteverket", "departure": "2024-03-04T06:00",
        "return": "2024-03-04T23:00",
        "stays": [{"country": "SE", "from": "2024-03-04T08:00", "to": "2024-03-04T17:00"}]}"#;
    let out = quote_file(dir.path(), trip);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        "{\"eligible\":false,\"days\":[],\"nights\":[],\"total\":\"0.00\",\"currency\":\"SEK\"}\n"
    );
}

/// Every error class of the contract, and malformed input: status 2, one line on stderr naming
/// the problem, nothing on stdout.
#[test]
fn bad_input_exits_2_with_one_line_on_stderr_and_nothing_on_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let ug = r#"{"country": "UG", "from": "2024-03-04T22:00", "to": "2024-03-08T06:00"}"#;
    let trip = |stays: &str, extra: &str| {
        format!(
            r#"{{"policy": "skatteverket", "departure": "2024-03-04T10:00",
                "return": "2024-03-08T18:00", "stays": [{stays}]{extra}}}"#
        )
    };
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "malformed JSON",
            "{\"policy\": ".into(),
            "the trip is not valid JSON",
        ),
        (
            "not an object",
            "[1, 2]".into(),
            "the trip is not valid JSON",
        ),
        (
            "unknown field",
            trip(ug, r#", "lodging": false"#),
            "unknown field `lodging`",
        ),
        (
            "return before departure",
            trip(ug, "").replace("2024-03-08T18:00", "2024-03-03T18:00"),
            "the return (2024-03-03T18:00) is before the departure (2024-03-04T10:00)",
        ),
        (
            "stay outside the trip",
            trip(&ug.replace("2024-03-04T22:00", "2024-03-04T09:00"), ""),
            "stay 1 (UG, 2024-03-04T09:00 to 2024-03-08T06:00) lies outside the trip",
        ),
        (
            "overlapping stays",
            trip(
                r#"{"country": "UG", "from": "2024-03-04T22:00", "to": "2024-03-06T12:00"},
                   {"country": "KE", "from": "2024-03-06T10:00", "to": "2024-03-08T06:00"}"#,
                "",
            ),
            "stays 1 (UG, 2024-03-04T22:00 to 2024-03-06T12:00) and 2 (KE, 2024-03-06T10:00 to 2024-03-08T06:00) overlap",
        ),
        (
            "unknown country",
            trip(&ug.replace("\"UG\"", "\"Uganda\""), ""),
            "'Uganda' is not a country code",
        ),
        (
            "country and year without a rate",
            trip(ug, "").replace("2024-", "2025-"),
            "no normalbelopp for Uganda (UG) in 2025",
        ),
        (
            "year without a domestic amount",
            trip(&ug.replace("\"UG\"", "\"SE\""), "").replace("2024-", "2021-"),
            "no domestic maximum amount for 2021",
        ),
        (
            "malformed time",
            trip(ug, "").replace("2024-03-04T10:00", "4 March 10:00"),
            "departure '4 March 10:00' is not a local time",
        ),
        (
            "unknown policy",
            trip(ug, "").replace("skatteverket", "company"),
            "'company' is not a per-diem policy",
        ),
        (
            "programme policy that does not exist",
            trip(ug, "").replace("skatteverket", "programme:NOPE"),
            "there is no programme per-diem policy NOPE",
        ),
        (
            "unknown meal",
            trip(ug, r#", "free_meals": {"2024-03-05": ["brunch"]}"#),
            "'brunch' on 2024-03-05 is not a meal",
        ),
        (
            "free meals outside the trip",
            trip(ug, r#", "free_meals": {"2024-03-09": ["lunch"]}"#),
            "free meals on 2024-03-09, which is not a day of the trip",
        ),
        ("no stays", trip("", ""), "the trip has no stays"),
    ];
    for (name, json, expected) in cases {
        let out = quote_file(dir.path(), &json);
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
        &["per-diem", "quote", "--file", "no-such-trip.json"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&out.stdout), "");
    assert!(text(&out.stderr).starts_with("error: cannot read no-such-trip.json"));
    assert_eq!(text(&out.stderr).lines().count(), 1);
}

fn open_data(rows: &[(&str, &str, &str)]) -> String {
    let rows: Vec<serde_json::Value> = rows
        .iter()
        .map(|(name, amount, year)| {
            serde_json::json!({"land eller område": name, "normalbelopp": amount, "år": year})
        })
        .collect();
    serde_json::json!({"resultCount": rows.len(), "results": rows}).to_string()
}

fn import(dir: &Path, name: &str, content: &str) -> Output {
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    itp(
        dir,
        &["rates", "import", "--file", path.to_str().unwrap()],
        None,
    )
}

fn uganda_total(dir: &Path, year: &str) -> String {
    let out = quote_file(dir, &UGANDA.replace("2024-", &format!("{year}-")));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    json["days"][0]["base"].as_str().unwrap().to_owned()
}

#[test]
fn import_adds_a_new_year_and_replaces_a_whole_year_leaving_others_alone() {
    let dir = tempfile::tempdir().unwrap();
    let file_2025 = open_data(&[
        ("Uganda", "450", "2025"),
        ("Kenya", "460", "2025"),
        ("Danmark", "1300", "2025"),
        ("Grönland", "Se Danmark", "2025"),
        ("Övriga länder och områden", "500", "2025"),
    ]);
    let out = import(dir.path(), "2025.json", &file_2025);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    assert!(
        report.contains("  2025: 5 rows; 5 added, 0 changed, 0 removed, 0 unchanged"),
        "{report}"
    );
    assert_eq!(uganda_total(dir.path(), "2025"), "450.00");
    assert_eq!(
        uganda_total(dir.path(), "2024"),
        "422.00",
        "2024 is left alone"
    );

    // Skatteverket's 2024 list again, with Uganda changed and Kenya's row gone.
    let mut list: serde_json::Value = serde_json::from_str(SHIPPED_2024).unwrap();
    let results = list["results"].as_array_mut().unwrap();
    results.retain(|r| r["land eller område"] != "Kenya");
    for r in results.iter_mut() {
        if r["land eller område"] == "Uganda" {
            r["normalbelopp"] = "430".into();
        }
    }
    list["resultCount"] = results.len().into();
    let out = import(dir.path(), "2024.json", &list.to_string());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    assert!(
        report.contains("  2024: 170 rows; 0 added, 1 changed, 1 removed, 169 unchanged"),
        "{report}"
    );
    assert!(!report.contains("2025"), "only the file's years: {report}");
    assert_eq!(uganda_total(dir.path(), "2024"), "430.00");
    assert_eq!(
        uganda_total(dir.path(), "2025"),
        "450.00",
        "2025 is left alone"
    );
    let kenya = quote_file(dir.path(), &UGANDA.replace("\"UG\"", "\"KE\""));
    let json: serde_json::Value = serde_json::from_slice(&kenya.stdout).unwrap();
    assert_eq!(
        json["days"][0]["base"], "493.00",
        "no stale row: Kenya now takes other countries and areas"
    );
}

#[test]
fn a_file_with_a_bad_row_is_refused_whole_naming_the_row() {
    let dir = tempfile::tempdir().unwrap();
    let unknown = open_data(&[("Uganda", "999", "2024"), ("Atlantis", "500", "2024")]);
    let unresolved = open_data(&[
        ("Uganda", "999", "2024"),
        ("Grönland", "Se Danmark", "2024"),
    ]);
    for (file, content, expected) in [
        (
            "unknown.json",
            unknown,
            "row 2: 'Atlantis' is not a country or area we can map to a country code; nothing was imported",
        ),
        (
            "unresolved.json",
            unresolved,
            "row 2 (Grönland): 'Se Danmark' refers to a row the file does not hold for 2024",
        ),
        (
            "broken.json",
            "{\"results\": [".to_owned(),
            "the file stops in the middle",
        ),
    ] {
        let out = import(dir.path(), file, &content);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{file}: {stderr}");
        assert_eq!(text(&out.stdout), "", "{file}");
        assert_eq!(stderr.lines().count(), 1, "{file}: {stderr:?}");
        assert!(
            stderr.contains(file) && stderr.contains(expected),
            "{stderr}"
        );
    }
    assert_eq!(
        uganda_total(dir.path(), "2024"),
        "422.00",
        "nothing was imported"
    );
}
