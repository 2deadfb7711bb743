use super::*;
use crate::cohort::CallWindow;
use crate::phase::DateSpan;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use proptest::prelude::*;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 1, 10, 12, 0, 0).unwrap()
}

fn phases() -> Vec<DateSpan> {
    vec![
        DateSpan::new(day("2027-06-07"), day("2027-06-10")).unwrap(),
        DateSpan::new(day("2028-05-08"), day("2028-05-19")).unwrap(),
    ]
}

fn facts(phases: &[DateSpan]) -> Facts<'_> {
    let mut f = Facts {
        now: now(),
        programme_archived: false,
        dates: DateSpan::new(day("2027-06-01"), day("2028-06-30")),
        call: CallWindow {
            opens_at: Some(now() - chrono::Duration::days(1)),
            closes_at: Some(now() + chrono::Duration::days(60)),
            time_zone: chrono_tz::Africa::Nairobi,
        },
        eligible_countries: 4,
        reason: "",
        features: FactSheet::new(),
    };
    f.set(PhaseFacts::new(phases));
    f.set(ApplicationFacts { submitted: 0 });
    f
}

#[test]
fn a_planned_cohort_with_phases_and_a_future_deadline_opens_its_call() {
    let p = phases();
    assert_eq!(
        check(CohortStatus::Planning, Transition::OpenCall, &facts(&p)),
        Ok(CohortStatus::CallOpen)
    );
}

#[test]
fn the_call_cannot_open_without_phases_or_with_a_past_deadline() {
    let mut f = facts(&[]);
    f.call.closes_at = Some(now() - chrono::Duration::hours(1));
    let why = check(CohortStatus::Planning, Transition::OpenCall, &f)
        .unwrap_err()
        .0;
    assert!(
        why.iter().any(|w| w.contains("at least one phase")),
        "{why:?}"
    );
    assert!(
        why.iter().any(|w| w.contains("deadline has passed")),
        "{why:?}"
    );
}

#[test]
fn the_deadline_must_come_before_the_cohort_starts() {
    let p = phases();
    let mut f = facts(&p);
    f.call.closes_at = Some(Utc.with_ymd_and_hms(2027, 6, 2, 0, 0, 0).unwrap());
    let why = check(CohortStatus::Planning, Transition::OpenCall, &f)
        .unwrap_err()
        .0;
    assert!(
        why.iter()
            .any(|w| w.contains("before the cohort's first day"))
    );
}

#[test]
fn an_archived_programme_or_no_country_keeps_the_call_shut() {
    let p = phases();
    let mut f = facts(&p);
    f.programme_archived = true;
    f.eligible_countries = 0;
    assert_eq!(
        check(CohortStatus::Planning, Transition::OpenCall, &f)
            .unwrap_err()
            .0
            .len(),
        2
    );
}

#[test]
fn the_call_closes_only_after_its_deadline() {
    let p = phases();
    let mut f = facts(&p);
    assert!(check(CohortStatus::CallOpen, Transition::CloseCall, &f).is_err());
    f.now = f.call.closes_at.unwrap();
    assert_eq!(
        check(CohortStatus::CallOpen, Transition::CloseCall, &f),
        Ok(CohortStatus::Selection)
    );
}

#[test]
fn a_call_with_applications_cannot_be_withdrawn() {
    let p = phases();
    let mut f = facts(&p);
    assert_eq!(
        check(CohortStatus::CallOpen, Transition::WithdrawCall, &f),
        Ok(CohortStatus::Planning)
    );
    f.set(ApplicationFacts { submitted: 3 });
    assert!(check(CohortStatus::CallOpen, Transition::WithdrawCall, &f).is_err());
}

#[test]
fn completion_waits_for_the_last_phase_to_end() {
    let p = phases();
    let mut f = facts(&p);
    f.now = Utc.with_ymd_and_hms(2028, 5, 19, 12, 0, 0).unwrap();
    assert!(check(CohortStatus::Running, Transition::Complete, &f).is_err());
    f.now = Utc.with_ymd_and_hms(2028, 5, 20, 9, 0, 0).unwrap();
    assert_eq!(
        check(CohortStatus::Running, Transition::Complete, &f),
        Ok(CohortStatus::Completed)
    );
    assert!(
        check(CohortStatus::Selection, Transition::Start, &f).is_err(),
        "a cohort whose phases are over cannot start"
    );
}

#[test]
fn cancelling_needs_a_reason_and_is_impossible_once_completed() {
    let p = phases();
    let mut f = facts(&p);
    assert!(check(CohortStatus::Running, Transition::Cancel, &f).is_err());
    f.reason = "Funding withdrawn by the donor";
    assert_eq!(
        check(CohortStatus::Running, Transition::Cancel, &f),
        Ok(CohortStatus::Cancelled)
    );
    assert!(check(CohortStatus::Completed, Transition::Cancel, &f).is_err());
}

#[test]
fn the_full_happy_path_walks_every_forward_state() {
    let p = phases();
    let mut f = facts(&p);
    f.reason = "";
    let mut status = CohortStatus::Planning;
    let steps = [
        (Transition::OpenCall, now()),
        (Transition::CloseCall, now() + chrono::Duration::days(61)),
        (
            Transition::Start,
            Utc.with_ymd_and_hms(2027, 6, 7, 8, 0, 0).unwrap(),
        ),
        (
            Transition::Complete,
            Utc.with_ymd_and_hms(2028, 6, 1, 8, 0, 0).unwrap(),
        ),
        (
            Transition::Close,
            Utc.with_ymd_and_hms(2028, 9, 1, 8, 0, 0).unwrap(),
        ),
    ];
    for (t, at) in steps {
        f.now = at;
        status = check(status, t, &f).unwrap_or_else(|r| panic!("{t:?}: {r}"));
    }
    assert_eq!(status, CohortStatus::Closed);
    assert!(available(status).is_empty());
}

#[test]
fn slugs_round_trip_and_match_the_stored_names() {
    let stored = [
        "planning",
        "call_open",
        "selection",
        "running",
        "completed",
        "closed",
        "cancelled",
    ];
    for (s, slug) in CohortStatus::ALL.iter().copied().zip(stored) {
        assert_eq!(s.code(), slug);
        assert_eq!(slug.parse::<CohortStatus>().unwrap(), s);
    }
    for &t in Transition::ALL {
        assert_eq!(t.code().parse::<Transition>().unwrap(), t);
    }
    crate::code::assert_round_trip::<CohortStatus>();
    crate::code::assert_round_trip::<Transition>();
}

fn arb_status() -> impl Strategy<Value = CohortStatus> {
    proptest::sample::select(CohortStatus::ALL.to_vec())
}
fn arb_transition() -> impl Strategy<Value = Transition> {
    proptest::sample::select(Transition::ALL.to_vec())
}

proptest! {
    /// Whatever the facts, a move either lands where the diagram says or is refused with a
    /// reason, and nothing ever leaves a final state.
    #[test]
    fn moves_follow_the_diagram(
        status in arb_status(),
        t in arb_transition(),
        hours in -20_000i64..20_000,
        apps in 0u64..3,
        with_phases: bool,
        reason: bool,
    ) {
        let p = if with_phases { phases() } else { vec![] };
        let mut f = facts(&p);
        f.now = now() + chrono::Duration::hours(hours);
        f.set(ApplicationFacts { submitted: apps });
        f.reason = if reason { "Venue lost" } else { "" };
        match check(status, t, &f) {
            Ok(next) => {
                prop_assert!(t.from().contains(&status));
                prop_assert_eq!(next, t.to());
                prop_assert!(status.is_editable());
            }
            Err(Refusal(why)) => prop_assert!(!why.is_empty()),
        }
        if !status.is_editable() {
            prop_assert!(available(status).is_empty());
        }
    }
}

proptest! {
    /// Every move that leaves a final state or takes a call down is confirmed first; moves that
    /// only go forward as planned are not.
    #[test]
    fn moves_into_a_final_state_or_back_are_always_confirmed(t in arb_transition()) {
        let ends = !t.to().is_editable() || t == Transition::WithdrawCall;
        prop_assert_eq!(ends, t.consequences().is_some(), "{:?}", t);
        if let Some(c) = t.consequences() {
            prop_assert!(c.question.ends_with('?'));
            prop_assert!(!c.what_happens.is_empty());
        }
    }
}
