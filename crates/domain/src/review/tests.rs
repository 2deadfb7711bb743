use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use rust_decimal_macros::dec;

use super::*;
use crate::code::assert_round_trip;
use crate::country::CountryCode;

fn ug() -> CountryCode {
    CountryCode::parse("UG").unwrap()
}

fn candidate(id: i64, organisation: &str, country: &str) -> Candidate {
    Candidate {
        application_id: id,
        organisation: organisation.to_owned(),
        country: CountryCode::parse(country).unwrap(),
    }
}

fn reviewer(id: i64) -> ReviewerProfile {
    ReviewerProfile {
        user_id: id,
        ..ReviewerProfile::default()
    }
}

#[test]
fn codes_round_trip() {
    assert_round_trip::<Confidence>();
    assert_round_trip::<Conflict>();
}

#[test]
fn the_default_rubric_has_the_five_criteria_of_the_issue() {
    let rubric = default_rubric();
    let labels: Vec<&str> = rubric.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Change-project outline",
            "Organisational commitment",
            "Individual merit",
            "Diversity",
            "Team composition"
        ]
    );
    assert!(
        rubric
            .iter()
            .all(|c| c.weight > dec!(0) && !c.guidance.is_empty())
    );
    // The outline is decisive: it weighs most.
    assert!(rubric.iter().skip(1).all(|c| c.weight < rubric[0].weight));
    let keys: BTreeSet<&str> = rubric.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(keys.len(), 5);
}

#[test]
fn a_criterion_form_says_what_is_wrong_and_keeps_a_valid_one() {
    let input = CriterionInput {
        label: "  Relevance ".into(),
        weight: "1,5".into(),
        scale_min: "1".into(),
        scale_max: "5".into(),
        required: true,
        guidance: "".into(),
    };
    let c = input.validate("relevance").unwrap();
    assert_eq!((c.label.as_str(), c.weight), ("Relevance", dec!(1.5)));
    let bad = CriterionInput {
        label: "".into(),
        weight: "0".into(),
        scale_min: "5".into(),
        scale_max: "5".into(),
        ..CriterionInput::default()
    };
    let errors = bad.validate("x").unwrap_err();
    assert!(errors.for_field("label").is_some());
    assert!(errors.for_field("weight").unwrap().contains("more than 0"));
    assert!(
        errors
            .for_field("scale_max")
            .unwrap()
            .contains("above the lowest")
    );
    let words = CriterionInput {
        weight: "heavy".into(),
        scale_min: "one".into(),
        ..input
    };
    let errors = words.validate("x").unwrap_err();
    assert!(errors.for_field("weight").unwrap().contains("as a number"));
    assert!(
        errors
            .for_field("scale_min")
            .unwrap()
            .contains("whole number")
    );
}

fn form(pairs: &[(&str, &str)], confidence: &str) -> ScoreInput {
    ScoreInput {
        scores: pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), ((*v).to_owned(), String::new())))
            .collect(),
        confidence: confidence.to_owned(),
        comment: String::new(),
    }
}

#[test]
fn a_partial_review_saves_but_submitting_needs_every_required_criterion() {
    let rubric = default_rubric();
    let saved = form(&[("outline", "4")], "").validate(&rubric).unwrap();
    assert_eq!(saved.scores["outline"].score, Some(4));
    assert_eq!(saved.scores["merit"].score, None);
    let errors = check_submission(&rubric, &saved).unwrap_err();
    for missing in [
        "score_commitment",
        "score_merit",
        "score_team",
        "confidence",
    ] {
        assert!(errors.for_field(missing).is_some(), "{missing}: {errors}");
    }
    // Diversity is not required.
    assert!(errors.for_field("score_diversity").is_none());
    let complete = form(
        &[
            ("outline", "4"),
            ("commitment", "5"),
            ("merit", "3"),
            ("team", "2"),
        ],
        "high",
    )
    .validate(&rubric)
    .unwrap();
    assert!(check_submission(&rubric, &complete).is_ok());
    // (3×4 + 2×5 + 1×3 + 1×2) / 7 = 27/7.
    assert_eq!(total(&rubric, &complete), Some(dec!(27) / dec!(7)));
    assert_eq!(total(&rubric, &ReviewScores::default()), None);
}

#[test]
fn a_score_off_the_scale_or_not_a_number_is_refused_with_the_scale() {
    let rubric = default_rubric();
    for bad in ["0", "6", "4.5", "five", "-1"] {
        let errors = form(&[("outline", bad)], "").validate(&rubric).unwrap_err();
        assert_eq!(
            errors.for_field("score_outline"),
            Some("Score Change-project outline from 1 to 5."),
            "{bad}"
        );
    }
    let errors = form(&[], "sure").validate(&rubric).unwrap_err();
    assert!(errors.for_field("confidence").is_some());
    let mut control = form(&[], "");
    control.comment = "nul\u{0}".into();
    assert!(
        control
            .validate(&rubric)
            .unwrap_err()
            .for_field("comment")
            .is_some()
    );
}

#[test]
fn conflicts_come_from_declarations_and_the_reviewers_own_country_and_organisation() {
    let app = candidate(7, "Kampala Capital City Authority", "UG");
    assert_eq!(conflict(&reviewer(1), &app), None);
    let mut r = reviewer(1);
    r.declared_applications.insert(7);
    assert_eq!(conflict(&r, &app), Some(Conflict::DeclaredApplication));
    let mut r = reviewer(1);
    r.declared_organisations = vec!["kampala capital city authority ".into()];
    assert_eq!(conflict(&r, &app), Some(Conflict::DeclaredOrganisation));
    let mut r = reviewer(1);
    r.organisation = Some("Kampala Capital City  Authority.".into());
    assert_eq!(conflict(&r, &app), Some(Conflict::OwnOrganisation));
    let mut r = reviewer(1);
    r.country = Some(ug());
    assert_eq!(conflict(&r, &app), Some(Conflict::OwnCountry));
    assert!(
        !same_organisation("", ""),
        "two blank names are not one organisation"
    );
}

#[test]
fn assignment_keeps_a_reviewer_with_a_conflict_off_and_reports_who_is_short() {
    let apps = [candidate(1, "A", "UG"), candidate(2, "B", "KE")];
    let mut r1 = reviewer(10);
    r1.declared_applications.insert(1);
    let mut r2 = reviewer(20);
    r2.country = Some(ug());
    let plan = assign(&apps, &[r1, r2, reviewer(30)], 2, &[]);
    let of = |app: i64| -> BTreeSet<i64> {
        plan.assignments
            .iter()
            .filter(|(a, _)| *a == app)
            .map(|(_, r)| *r)
            .collect()
    };
    assert_eq!(of(1), [30].into());
    assert_eq!(plan.short, [(1, 1)]);
    assert_eq!(of(2).len(), 2);
}

#[test]
fn assignment_counts_existing_reviewers_and_keeps_them() {
    let apps = [candidate(1, "A", "UG")];
    let plan = assign(
        &apps,
        &[reviewer(10), reviewer(20), reviewer(30)],
        2,
        &[(1, 30)],
    );
    assert_eq!(plan.assignments, [(1, 10)]);
    assert!(plan.short.is_empty());
}

proptest! {
    #[test]
    fn assignment_never_gives_a_conflict_never_doubles_and_balances_the_load(
        apps in 1usize..40, reviewers in 1usize..8, per in 1u32..4,
        declared in prop::collection::vec((0usize..40, 0usize..8), 0..20),
        countries in prop::collection::vec(prop::sample::select(&["UG", "KE", "TZ"][..]), 40),
    ) {
        let candidates: Vec<Candidate> = (0..apps)
            .map(|i| candidate(i as i64, &format!("Org {}", i % 5), countries[i]))
            .collect();
        let mut profiles: Vec<ReviewerProfile> = (0..reviewers).map(|i| reviewer(i as i64)).collect();
        for (a, r) in &declared {
            if *r < reviewers {
                profiles[*r].declared_applications.insert(*a as i64);
            }
        }
        let plan = assign(&candidates, &profiles, per, &[]);
        let mut seen = BTreeSet::new();
        let mut per_app: BTreeMap<i64, u32> = BTreeMap::new();
        for (a, r) in &plan.assignments {
            prop_assert!(seen.insert((*a, *r)), "assigned twice");
            let app = &candidates[*a as usize];
            prop_assert_eq!(conflict(&profiles[*r as usize], app), None);
            *per_app.entry(*a).or_default() += 1;
        }
        for app in &candidates {
            let free = profiles.iter().filter(|p| conflict(p, app).is_none()).count() as u32;
            let got = per_app.get(&app.application_id).copied().unwrap_or(0);
            prop_assert_eq!(got, per.min(free));
        }
        if declared.is_empty() {
            let mut load: BTreeMap<i64, u32> = profiles.iter().map(|p| (p.user_id, 0)).collect();
            for (_, r) in &plan.assignments {
                *load.get_mut(r).unwrap() += 1;
            }
            let (lo, hi) = (load.values().min().unwrap(), load.values().max().unwrap());
            prop_assert!(hi - lo <= 1, "loads {:?}", load);
        }
    }
}
