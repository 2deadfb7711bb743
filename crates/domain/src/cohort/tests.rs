use chrono::{NaiveDate, TimeZone, Utc};

use super::*;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn input() -> CohortInput {
    CohortInput {
        name: "Municipal Financing 2027".into(),
        seats: "25".into(),
        starts_on: "2027-06-01".into(),
        ends_on: "2028-09-30".into(),
        call_opens_at: "2027-01-10T09:00".into(),
        call_closes_at: "2027-03-31T23:59".into(),
        time_zone: "Africa/Nairobi".into(),
        eligible_countries: "".into(),
        per_diem_policy: "ICLD 2020".into(),
    }
}

#[test]
fn a_complete_form_gives_settings_with_the_deadline_in_utc() {
    let s = input().validate(Context::new_cohort()).unwrap();
    assert_eq!(s.seats, 25);
    assert_eq!(s.eligible_countries, None, "empty means the programme's");
    assert_eq!(
        s.call.closes_at,
        Some(Utc.with_ymd_and_hms(2027, 3, 31, 20, 59, 0).unwrap())
    );
    assert_eq!(CohortInput::from_settings(&s), input());
}

#[test]
fn every_wrong_field_is_named() {
    let bad = CohortInput {
        name: "".into(),
        seats: "0".into(),
        starts_on: "2027-06-01".into(),
        ends_on: "2027-05-01".into(),
        call_opens_at: "2027-04-01T09:00".into(),
        call_closes_at: "yesterday".into(),
        time_zone: "Mars/Olympus".into(),
        eligible_countries: "UG, ZZ".into(),
        per_diem_policy: "x".repeat(65),
    };
    let e = bad.validate(Context::new_cohort()).unwrap_err();
    for field in [
        "name",
        "seats",
        "ends_on",
        "call_closes_at",
        "time_zone",
        "eligible_countries",
        "per_diem_policy",
    ] {
        assert!(e.for_field(field).is_some(), "{field}: {e}");
    }
}

#[test]
fn the_deadline_must_fall_before_the_first_day_and_after_the_opening() {
    let late = CohortInput {
        call_opens_at: "2027-06-02T09:00".into(),
        call_closes_at: "2027-06-01T08:00".into(),
        ..input()
    };
    let e = late.validate(Context::new_cohort()).unwrap_err();
    assert!(
        e.for_field("call_closes_at")
            .unwrap()
            .contains("2027-06-01")
    );
    assert!(e.for_field("call_opens_at").is_some());
}

#[test]
fn the_cohort_cannot_shrink_around_its_phases() {
    let phases = [DateSpan::new(day("2027-06-07"), day("2028-09-30")).unwrap()];
    let narrower = CohortInput {
        starts_on: "2027-06-10".into(),
        ends_on: "2028-08-31".into(),
        ..input()
    };
    let ctx = Context {
        status: CohortStatus::Planning,
        stored: None,
        phases: &phases,
    };
    let e = narrower.validate(ctx).unwrap_err();
    assert!(e.for_field("starts_on").unwrap().contains("2027-06-07"));
    assert!(e.for_field("ends_on").unwrap().contains("2028-09-30"));
}

#[test]
fn an_open_call_can_extend_its_deadline_but_not_bring_it_forward() {
    let stored = input().validate(Context::new_cohort()).unwrap();
    let ctx = Context {
        status: CohortStatus::CallOpen,
        stored: Some(&stored),
        phases: &[],
    };
    let extended = CohortInput {
        call_closes_at: "2027-04-15T23:59".into(),
        ..input()
    };
    assert!(extended.validate(ctx).is_ok());
    let earlier = CohortInput {
        call_closes_at: "2027-03-15T23:59".into(),
        ..input()
    };
    assert!(
        earlier
            .validate(ctx)
            .unwrap_err()
            .for_field("call_closes_at")
            .unwrap()
            .contains("extended")
    );
}

#[test]
fn after_the_call_its_dates_are_kept_and_closed_cohorts_are_read_only() {
    let stored = input().validate(Context::new_cohort()).unwrap();
    let moved = CohortInput {
        call_closes_at: "2027-04-15T23:59".into(),
        ..input()
    };
    let running = Context {
        status: CohortStatus::Running,
        stored: Some(&stored),
        phases: &[],
    };
    assert!(moved.validate(running).is_err());
    assert!(
        input().validate(running).is_ok(),
        "other fields stay editable"
    );
    let closed = Context {
        status: CohortStatus::Closed,
        ..running
    };
    assert!(input().validate(closed).is_err());
}

#[test]
fn changes_list_only_what_changed() {
    let before = input().validate(Context::new_cohort()).unwrap();
    let after = CohortInput {
        seats: "30".into(),
        eligible_countries: "UG ZM".into(),
        ..input()
    }
    .validate(Context::new_cohort())
    .unwrap();
    let changes = before.changes_to(&after);
    let fields: Vec<&str> = changes.changes().iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, ["seats", "eligible_countries"]);
    assert!(before.as_new().changes().len() >= 8);
}
