//! Every fuzz target: its kept inputs (corpus and regressions) replayed, then a bounded run.
//! `cargo test -p itp-fuzz` runs 256 cases a target; `ITP_FUZZ_SECONDS=N` fuzzes each for N
//! seconds (see fuzz/README.md). Every test's name starts with `fuzz_`, so CI selects them by name.

use itp_fuzz::runner::{Budget, fuzz, replay};

fn run(name: &str) {
    let target = itp_fuzz::target(name);
    let failures = replay(&target);
    assert!(
        failures.is_empty(),
        "kept inputs of {name} fail:\n{}",
        failures.join("\n")
    );
    let budget = Budget::from_env();
    match fuzz(&target, &budget) {
        Ok(outcome) => eprintln!(
            "fuzz {name}: {} cases in {:.1} s (seed {}), no failure",
            outcome.cases,
            outcome.elapsed.as_secs_f64(),
            budget.seed
        ),
        Err(report) => panic!("{report}"),
    }
}

#[test]
fn fuzz_skatteverket_rate_file() {
    run("skatteverket");
}

#[test]
fn fuzz_application_import_csv_and_xlsx() {
    run("application_import");
}

#[test]
fn fuzz_trip_json() {
    run("trip");
}

#[test]
fn fuzz_form_decoding() {
    run("forms");
}

#[test]
fn fuzz_money_parsing() {
    run("money");
}

#[test]
fn fuzz_email_parsing() {
    run("email");
}

#[test]
fn fuzz_selection_case_json() {
    run("selection_case");
}

#[test]
fn fuzz_match_case_json() {
    run("match_case");
}

#[test]
fn fuzz_targets_each_have_a_test_and_seeds() {
    let tested = [
        "application_import",
        "skatteverket",
        "trip",
        "forms",
        "money",
        "email",
        "selection_case",
        "match_case",
        "export_filters",
        "retention",
        "mail_template",
        "riksbank",
    ];
    for target in itp_fuzz::targets() {
        assert!(
            tested.contains(&target.name),
            "fuzz target {} has no #[test] in fuzz/tests/fuzz.rs",
            target.name
        );
        assert!(
            !itp_fuzz::runner::files("corpus", target.name).is_empty(),
            "fuzz target {} has no seed files in fuzz/corpus/{}/",
            target.name,
            target.name
        );
    }
}

#[test]
fn fuzz_retention_settings() {
    run("retention");
}

#[test]
fn fuzz_mail_template_text() {
    run("mail_template");
}

#[test]
fn fuzz_riksbank_rate_csv() {
    run("riksbank");
}

#[test]
fn fuzz_export_filters() {
    run("export_filters");
}
