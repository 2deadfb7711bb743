use super::*;
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn cohort() -> Option<DateSpan> {
    DateSpan::new(d("2027-02-01"), d("2028-09-30"))
}

fn sweden() -> PhaseInput {
    PhaseInput {
        kind: "sweden_phase".into(),
        title: "Sweden phase".into(),
        starts_on: "2028-05-08".into(),
        ends_on: "2028-05-19".into(),
        city: "Visby".into(),
        compulsory: true,
        study_visits_start: "2028-05-15".into(),
        study_visits_end: "2028-05-16".into(),
        ..Default::default()
    }
}

#[test]
fn a_sweden_phase_defaults_to_sweden_and_keeps_its_study_visits() {
    let p = sweden().validate(cohort()).unwrap();
    assert_eq!(p.country.unwrap().as_str(), "SE");
    assert_eq!(p.study_visits.unwrap().days(), 2);
    assert_eq!(p.dates.days(), 12);
    assert_eq!(p.place(), "Visby, Sweden");
}

#[test]
fn every_wrong_field_gets_its_own_message() {
    let bad = PhaseInput {
        kind: "party".into(),
        title: " ".into(),
        starts_on: "2027-13-01".into(),
        ends_on: "soon".into(),
        country: "QQ".into(),
        ..Default::default()
    };
    let e = bad.validate(cohort()).unwrap_err();
    for field in ["kind", "title", "starts_on", "ends_on", "country"] {
        assert!(e.for_field(field).is_some(), "{field}: {e}");
    }
}

#[test]
fn dates_must_be_in_order_and_inside_the_cohort() {
    let reversed = PhaseInput {
        starts_on: "2028-05-19".into(),
        ends_on: "2028-05-08".into(),
        ..sweden()
    };
    let e = reversed.validate(cohort()).unwrap_err();
    assert!(
        e.for_field("ends_on")
            .unwrap()
            .contains("before the first day")
    );

    let outside = PhaseInput {
        starts_on: "2027-01-20".into(),
        ends_on: "2028-10-02".into(),
        study_visits_start: String::new(),
        study_visits_end: String::new(),
        ..sweden()
    };
    let e = outside.validate(cohort()).unwrap_err();
    assert!(e.for_field("starts_on").unwrap().contains("2027-02-01"));
    assert!(e.for_field("ends_on").unwrap().contains("2028-09-30"));
}

#[test]
fn phases_need_the_cohort_dates_first() {
    let e = sweden().validate(None).unwrap_err();
    assert!(e.for_field("starts_on").unwrap().contains("settings"));
}

#[test]
fn study_visits_must_fall_inside_the_sweden_phase_and_only_there() {
    let outside = PhaseInput {
        study_visits_end: "2028-05-20".into(),
        ..sweden()
    };
    assert!(
        outside
            .validate(cohort())
            .unwrap_err()
            .for_field("study_visits_start")
            .unwrap()
            .contains("inside the Sweden phase")
    );
    let workshop = PhaseInput {
        kind: "regional_workshop".into(),
        country: "ZM".into(),
        ..sweden()
    };
    assert!(
        workshop
            .validate(cohort())
            .unwrap_err()
            .for_field("study_visits_start")
            .is_some()
    );
}

#[test]
fn workshops_need_a_country_and_a_sweden_phase_is_in_sweden() {
    let workshop = PhaseInput {
        kind: "regional_workshop".into(),
        study_visits_start: String::new(),
        study_visits_end: String::new(),
        ..sweden()
    };
    assert!(
        workshop
            .validate(cohort())
            .unwrap_err()
            .for_field("country")
            .is_some()
    );
    let abroad = PhaseInput {
        country: "KE".into(),
        ..sweden()
    };
    assert!(
        abroad
            .validate(cohort())
            .unwrap_err()
            .for_field("country")
            .is_some()
    );
    let online = PhaseInput {
        kind: "online".into(),
        study_visits_start: String::new(),
        study_visits_end: String::new(),
        city: String::new(),
        ..sweden()
    };
    let p = online.validate(cohort()).unwrap();
    assert_eq!(p.country, None);
    assert_eq!(p.place(), "Online");
}

#[test]
fn form_round_trips() {
    let p = sweden().validate(cohort()).unwrap();
    let again = PhaseInput::from_phase(&p).validate(cohort()).unwrap();
    assert_eq!(again, p);
}

#[test]
fn phases_sort_by_start_then_end() {
    let mut spans = vec![
        DateSpan::new(d("2027-05-01"), d("2027-05-03")).unwrap(),
        DateSpan::new(d("2027-02-01"), d("2027-12-01")).unwrap(),
        DateSpan::new(d("2027-02-01"), d("2027-02-04")).unwrap(),
    ];
    sort_phases(&mut spans, |s| *s);
    assert_eq!(spans[0].end, d("2027-02-04"));
    assert_eq!(spans[2].start, d("2027-05-01"));
}

fn arb_span() -> impl Strategy<Value = DateSpan> {
    (0i64..3000, 0i64..400).prop_map(|(offset, len)| {
        let start = d("2020-01-01") + chrono::Duration::days(offset);
        DateSpan::new(start, start + chrono::Duration::days(len)).unwrap()
    })
}

proptest! {
    #[test]
    fn a_validated_phase_always_lies_inside_its_cohort(c in arb_span(), p in arb_span()) {
        let input = PhaseInput {
            kind: "online".into(),
            title: "Session".into(),
            starts_on: p.start.to_string(),
            ends_on: p.end.to_string(),
            ..Default::default()
        };
        match input.validate(Some(c)) {
            Ok(phase) => prop_assert!(c.contains(&phase.dates)),
            Err(_) => prop_assert!(!c.contains(&p)),
        }
    }

    #[test]
    fn shifting_keeps_length_and_containment(c in arb_span(), p in arb_span(), by in -2000i64..2000) {
        let (sc, sp) = (c.shifted(by).unwrap(), p.shifted(by).unwrap());
        prop_assert_eq!(sc.days(), c.days());
        prop_assert_eq!(sp.days(), p.days());
        prop_assert_eq!(sc.contains(&sp), c.contains(&p));
    }
}
