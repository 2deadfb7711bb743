//! Submission and eligibility rules, on a complete application built by [`complete`].

use crate::code::Code;
use chrono::{TimeZone, Utc};

use super::eligibility::{EligibilityContext, evaluate, overall};
use super::returning::{EarlierParticipant, name_key};
use super::submission::{CallRules, PresentDocument, call_accepts, validate};
use super::*;
use crate::country::CountryCode;
use crate::programme::TeamRole;

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 1, 15, 12, 0, 0).unwrap()
}

fn rules() -> CallRules {
    CallRules {
        team_min: 2,
        team_max: 3,
        required_roles: vec![TeamRole::Politician, TeamRole::Official],
        eligible_countries: ["UG", "TZ", "ZM"]
            .iter()
            .map(|c| CountryCode::parse(c).unwrap())
            .collect(),
        required_documents: DocumentKind::ALL.to_vec(),
    }
}

fn member(name: &str, role: &str, email: &str) -> MemberDraft {
    MemberDraft {
        full_name: name.into(),
        gender: "woman".into(),
        role: role.into(),
        position: "Deputy mayor".into(),
        email: email.into(),
        english: "B2".into(),
        year_of_birth: "1984".into(),
        declares_no_earlier_programme: true,
        declares_can_attend: true,
        consents_to_privacy_notice: true,
    }
}

fn complete() -> ApplicationDraft {
    ApplicationDraft {
        organisation: OrganisationDraft {
            name: "Hoima Municipal Council".into(),
            kind: "municipality".into(),
            level: "local".into(),
            country: "UG".into(),
            address: "Plot 1, Main Street, Hoima".into(),
        },
        nomination: NominationDraft {
            authority: "Hoima Municipal Council executive committee".into(),
            ..Default::default()
        },
        members: vec![
            member("Grace Namubiru", "politician", "grace@hoima.go.ug"),
            member("Isaac Mugisha", "official", "isaac@hoima.go.ug"),
        ],
        project: ChangeProjectDraft {
            title: "Tree nurseries for own-source revenue".into(),
            problem: "Low own-source revenue".into(),
            goal: "Self-financing tree nurseries".into(),
            expected_results: "Revenue from seedling sales".into(),
            stakeholders: "Farmers, schools".into(),
            commitment: "Land and staff time".into(),
        },
    }
}

fn all_documents(d: &ApplicationDraft) -> Vec<PresentDocument> {
    let mut docs = vec![(DocumentKind::NominationLetter, None)];
    for (i, _) in d.members() {
        for k in [
            DocumentKind::Passport,
            DocumentKind::Photo,
            DocumentKind::MedicalStatement,
        ] {
            docs.push((k, Some(i)));
        }
    }
    docs
}

#[test]
fn a_complete_application_can_be_submitted() {
    let d = complete();
    let s = validate(&d, &rules(), &all_documents(&d), now()).unwrap();
    assert_eq!(s.members.len(), 2);
    assert_eq!(s.country.as_str(), "UG");
}

#[test]
fn every_problem_is_listed_at_once_with_its_field() {
    let mut d = complete();
    d.organisation.name = " ".into();
    d.organisation.country = "KE".into();
    d.members[1].email = "not an address".into();
    d.members[1].year_of_birth = "84".into();
    d.members[1].declares_can_attend = false;
    d.project.goal.clear();
    let errors = validate(&d, &rules(), &[], now()).unwrap_err();
    for field in [
        "org_name",
        "org_country",
        "member1_email",
        "member1_year_of_birth",
        "member1_declares_can_attend",
        "project_goal",
        "doc_nomination_letter",
        "doc_passport_0",
    ] {
        assert!(
            errors.for_field(field).is_some(),
            "{field} should be reported: {errors}"
        );
    }
    assert!(errors.for_field("org_country").unwrap().contains("Kenya"));
    for e in errors.iter() {
        assert!(
            Step::of_field(&e.field).is_some(),
            "{} belongs to a step",
            e.field
        );
    }
}

#[test]
fn team_size_and_required_roles_are_enforced() {
    let mut d = complete();
    d.members.truncate(1);
    let errors = validate(&d, &rules(), &all_documents(&d), now()).unwrap_err();
    let message = errors
        .iter()
        .filter(|e| e.field == "members")
        .map(|e| e.message.clone())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        message.contains("teams of 2 to 3 people; your team has 1"),
        "{message}"
    );
    assert!(message.contains("at least one official"), "{message}");
}

#[test]
fn two_members_cannot_share_an_address() {
    let mut d = complete();
    d.members[1].email = "GRACE@hoima.go.ug".into();
    let errors = validate(&d, &rules(), &all_documents(&d), now()).unwrap_err();
    assert!(
        errors
            .for_field("member1_email")
            .unwrap()
            .contains("same e-mail")
    );
}

#[test]
fn non_latin_names_are_accepted() {
    let mut d = complete();
    d.members[0].full_name = "Ілля Петренко".into();
    d.members[1].full_name = "สมชาย ใจดี".into();
    assert!(validate(&d, &rules(), &all_documents(&d), now()).is_ok());
}

#[test]
fn the_deadline_is_exclusive_and_a_call_without_deadline_takes_nothing() {
    let deadline = now();
    assert!(call_accepts(
        None,
        Some(deadline),
        deadline - chrono::Duration::seconds(1)
    ));
    assert!(!call_accepts(None, Some(deadline), deadline));
    assert!(!call_accepts(
        Some(deadline),
        Some(deadline + chrono::Duration::days(1)),
        deadline - chrono::Duration::seconds(1)
    ));
    assert!(!call_accepts(None, None, deadline));
}

#[test]
fn eligibility_checks_give_reasons_and_overrides_count() {
    let mut d = complete();
    d.organisation.country = "KE".into();
    let rules = rules();
    let earlier = vec![EarlierParticipant {
        id: 7,
        name_key: name_key("Namubiru Grace"),
        year_of_birth: Some(1984),
        country: CountryCode::parse("KE").ok(),
        email: None,
        description: "Gender Mainstreaming 2022".into(),
    }];
    let docs = all_documents(&d);
    let ctx = EligibilityContext {
        rules: &rules,
        documents: &docs,
        earlier: &earlier,
        overrides: &[],
    };
    let results = evaluate(&d, &ctx);
    let by = |k: CheckKind| results.iter().find(|r| r.kind == k).unwrap();
    assert_eq!(by(CheckKind::Country).outcome, CheckOutcome::Fail);
    assert!(by(CheckKind::Country).reasons[0].contains("Kenya"));
    assert_eq!(by(CheckKind::TeamComposition).outcome, CheckOutcome::Pass);
    assert_eq!(by(CheckKind::Documents).outcome, CheckOutcome::Pass);
    assert_eq!(by(CheckKind::ReturningPeople).outcome, CheckOutcome::Flag);
    assert!(by(CheckKind::ReturningPeople).reasons[0].contains("Gender Mainstreaming 2022"));
    assert_eq!(overall(&results), CheckOutcome::Fail);

    let overrides = vec![(
        CheckKind::Country,
        "Kenya added to the call by decision 2027-01-10".to_owned(),
    )];
    let ctx = EligibilityContext {
        rules: &rules,
        documents: &docs,
        earlier: &earlier,
        overrides: &overrides,
    };
    let results = evaluate(&d, &ctx);
    assert_eq!(
        overall(&results),
        CheckOutcome::Flag,
        "the override passes the country check; the flag remains"
    );
}

#[test]
fn missing_documents_are_named_per_member() {
    let d = complete();
    let rules = rules();
    let docs = vec![(DocumentKind::NominationLetter, None)];
    let ctx = EligibilityContext {
        rules: &rules,
        documents: &docs,
        earlier: &[],
        overrides: &[],
    };
    let results = evaluate(&d, &ctx);
    let documents = results
        .iter()
        .find(|r| r.kind == CheckKind::Documents)
        .unwrap();
    assert_eq!(documents.outcome, CheckOutcome::Fail);
    assert!(
        documents
            .reasons
            .iter()
            .any(|r| r == "Passport copy missing for Isaac Mugisha.")
    );
}

#[test]
fn steps_are_in_order() {
    assert_eq!(Step::Organisation.next(), Some(Step::Team));
    assert_eq!(Step::Review.next(), None);
    assert_eq!(Step::Organisation.previous(), None);
    assert_eq!(Step::of_field("member3_email"), Some(Step::Team));
    assert_eq!(Step::of_field("doc_photo_1"), Some(Step::Documents));
}

#[test]
fn a_year_of_birth_out_of_range_is_told_the_rule_it_breaks_not_to_use_four_digits() {
    let mut d = complete();
    d.members[0].year_of_birth = "1875".into();
    let e = validate(&d, &rules(), &all_documents(&d), now()).unwrap_err();
    let message = e.for_field("member0_year_of_birth").unwrap();
    assert!(
        message.contains("1875") && message.contains("over 100"),
        "{message}"
    );
    assert!(!message.contains("four digits"), "{message}");
    d.members[0].year_of_birth = "84".into();
    let e = validate(&d, &rules(), &all_documents(&d), now()).unwrap_err();
    assert!(
        e.for_field("member0_year_of_birth")
            .unwrap()
            .contains("four digits")
    );
    d.members[0].year_of_birth = (chrono::Datelike::year(&now()) - 10).to_string();
    let e = validate(&d, &rules(), &all_documents(&d), now()).unwrap_err();
    assert!(
        e.for_field("member0_year_of_birth")
            .unwrap()
            .contains("at least 16")
    );
}

#[test]
fn a_step_saved_with_a_malformed_answer_hears_of_it_but_empty_answers_are_not_problems() {
    use super::submission::{Step, format_problems};
    let mut d = complete();
    d.members[1].email = "town clerk at jinja".into();
    d.members[0].year_of_birth = "1875".into();
    let e = format_problems(&d, Step::Team, now());
    assert!(
        e.for_field("member1_email")
            .unwrap()
            .contains("“town clerk at jinja” is not an e-mail address")
    );
    assert!(e.for_field("member0_year_of_birth").is_some());
    assert!(format_problems(&d, Step::Project, now()).is_empty());

    let mut empty = ApplicationDraft::default();
    empty.members.push(MemberDraft::default());
    assert!(format_problems(&empty, Step::Team, now()).is_empty());
    assert!(format_problems(&empty, Step::Organisation, now()).is_empty());

    d.nomination.contact_email = "mayor's office".into();
    assert!(
        format_problems(&d, Step::Organisation, now())
            .for_field("nom_contact_email")
            .is_some()
    );
    let e = validate(&d, &rules(), &all_documents(&d), now()).unwrap_err();
    assert!(e.for_field("nom_contact_email").is_some());
}

proptest::proptest! {
    /// What saving a step flags is always refused at submission too, so a person is never warned
    /// of a problem that does not exist (nor told "fine" at the step and refused later for it).
    #[test]
    fn a_format_problem_at_a_step_is_a_submission_error(year in 1000i32..9999, email in "[a-z @.]{0,20}") {
        use super::submission::{Step, format_problems};
        let mut d = complete();
        d.members[0].year_of_birth = year.to_string();
        d.members[0].email = email;
        let step = format_problems(&d, Step::Team, now());
        let submission = validate(&d, &rules(), &all_documents(&d), now()).err().unwrap_or_default();
        for problem in step.iter() {
            proptest::prop_assert!(submission.for_field(&problem.field).is_some(), "{}", problem.field);
        }
    }
}

#[test]
fn references_are_padded_per_cohort_and_unique() {
    assert_eq!(super::reference(7, 42), "ITP-0007-00042");
    assert_ne!(super::reference(1, 23), super::reference(12, 3));
}
