//! Review: the reviewer's start page and scoring form (save, come back, submit needs every
//! required criterion), a declared conflict that keeps the reviewer off, automatic assignment,
//! the manager's progress view, and the rubric that a clone takes along.

use itp_domain::review::{Criterion, default_rubric};
use itp_persistence::review;
use itp_tests::{TestApp, TestClient, location};
use reqwest::StatusCode;

use crate::application::open_call;

/// The demo reviewer's reviews: the first is half scored, the next three submitted, the rest
/// not started.
async fn reviews(app: &TestApp) -> Vec<review::ReviewLine> {
    let reviewer = app.user_id("reviewer@example.org").await;
    review::of_reviewer(&app.state.db.conn, reviewer)
        .await
        .unwrap()
}

async fn post(client: &TestClient, path: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
    let res = client.post_form(path, fields).await;
    let status = res.status();
    let body = if status == StatusCode::SEE_OTHER {
        location(&res)
    } else {
        res.text().await.unwrap()
    };
    (status, body)
}

/// Another reviewer of `cohort`, signed in, with the demo reviewer's password.
async fn second_reviewer(app: &TestApp, cohort: i32) -> TestClient {
    use itp_domain::account::Email;
    use itp_domain::role::{Grant, Role};
    let conn = &app.state.db.conn;
    let demo = itp_persistence::account::find_by_email(
        conn,
        &Email::parse("reviewer@example.org").unwrap(),
    )
    .await
    .unwrap()
    .unwrap();
    let email = Email::parse("second.reviewer@example.org").unwrap();
    let grant = Grant {
        role: Role::Reviewer,
        scope: Some(i64::from(cohort)),
    };
    let id = itp_persistence::account::create(
        conn,
        &email,
        "Second Reviewer",
        &[grant],
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    itp_persistence::account::set_password(conn, id, &demo.password_hash.unwrap())
        .await
        .unwrap();
    app.signed_in(email.as_str()).await
}

#[tokio::test]
async fn the_reviewers_start_page_lists_what_is_assigned_and_what_is_done() {
    let app = TestApp::spawn_with_demo().await;
    let lines = reviews(&app).await;
    assert!(lines.len() >= 5, "the demo reviewer has reviews: {lines:?}");
    let client = app.signed_in("reviewer@example.org").await;
    let (status, body) = client.get_text("/reviews").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.contains(&format!("{} assigned, 3 submitted", lines.len())),
        "{body}"
    );
    assert!(body.contains(&lines[0].reference));
    assert!(body.contains("2 criteria scored"));
    assert!(body.contains("Not started"));
    assert!(
        body.contains(r#"href="/reviews""#),
        "the navigation leads there"
    );
}

#[tokio::test]
async fn a_review_is_saved_and_resumed_and_submitting_needs_every_required_criterion() {
    let app = TestApp::spawn_with_demo().await;
    let id = reviews(&app).await[4].id;
    let client = app.signed_in("reviewer@example.org").await;
    let path = format!("/reviews/{id}");
    let (status, to) = post(
        &client,
        &path,
        &[
            ("score_outline", "4"),
            ("comment_outline", "A clear first step."),
            ("action", "save"),
        ],
    )
    .await;
    assert_eq!(
        (status, to.as_str()),
        (StatusCode::SEE_OTHER, path.as_str())
    );
    let (_, form) = client.get_text(&path).await;
    assert!(
        form.contains(r#"name="score_outline" value="4" checked"#),
        "{form}"
    );
    assert!(form.contains("A clear first step."));
    assert!(form.contains("Change-project outline (weight 3) — required"));

    // Submitting without the other required criteria is refused, naming them, keeping what was typed.
    let (status, body) = post(
        &client,
        &path,
        &[
            ("score_outline", "5"),
            ("score_diversity", "2"),
            ("action", "submit"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    for missing in [
        "Organisational commitment",
        "Individual merit",
        "Team composition",
    ] {
        assert!(
            body.contains(&format!(
                "Score {missing} before you submit: it is required."
            )),
            "{missing}"
        );
    }
    assert!(body.contains("Say how confident you are before you submit."));
    assert!(body.contains(r#"name="score_outline" value="5" checked"#));

    // Off the scale: said in words.
    let (status, body) = post(&client, &path, &[("score_merit", "9"), ("action", "save")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Score Individual merit from 1 to 5."));

    let complete = [
        ("score_outline", "5"),
        ("score_commitment", "4"),
        ("score_merit", "3"),
        ("score_team", "4"),
        ("confidence", "medium"),
        ("action", "submit"),
    ];
    let (status, to) = post(&client, &path, &complete).await;
    assert_eq!((status, to.as_str()), (StatusCode::SEE_OTHER, "/reviews"));
    let stored = review::find(&app.state.db.conn, id).await.unwrap().unwrap();
    assert!(stored.submitted_at.is_some());
    let rubric = review::rubric(&app.state.db.conn, stored.cohort_id)
        .await
        .unwrap();
    // (3×5 + 2×4 + 1×3 + 1×4) / 7 = 30/7.
    assert_eq!(
        itp_domain::review::total(&rubric, &stored.scores).map(itp_domain::selection::three_places),
        Some("4.286".to_owned())
    );
    // A submitted review is final.
    let (status, _) = post(&client, &path, &complete).await;
    assert_eq!(status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn only_the_assigned_reviewer_opens_a_review() {
    let app = TestApp::spawn_with_demo().await;
    let id = reviews(&app).await[0].id;
    let path = format!("/reviews/{id}");
    let manager = app.signed_in("manager@example.org").await;
    assert_eq!(manager.get(&path).await.status(), StatusCode::FORBIDDEN);
    let applicant = app.signed_in("applicant@example.org").await;
    assert_eq!(applicant.get(&path).await.status(), StatusCode::FORBIDDEN);
    // A second reviewer of the same cohort does not see the first one's review.
    let cohort = open_call(&app, "MF").await;
    let other = second_reviewer(&app, cohort).await;
    assert_eq!(other.get(&path).await.status(), StatusCode::FORBIDDEN);
    let (status, body) = other.get_text("/reviews").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Nothing is assigned to you yet"));
    assert_eq!(
        app.signed_in("reviewer@example.org")
            .await
            .get(&path)
            .await
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_declared_conflict_keeps_the_reviewer_off_the_application() {
    let app = TestApp::spawn_with_demo().await;
    let lines = reviews(&app).await;
    let line = &lines[0];
    let stored = review::find(&app.state.db.conn, line.id)
        .await
        .unwrap()
        .unwrap();
    let client = app.signed_in("reviewer@example.org").await;
    let (status, to) = post(&client, &format!("/reviews/{}/conflict", line.id), &[]).await;
    assert_eq!((status, to.as_str()), (StatusCode::SEE_OTHER, "/reviews"));
    assert!(
        review::find(&app.state.db.conn, line.id)
            .await
            .unwrap()
            .is_none()
    );

    // The manager assigns three reviewers each automatically: the cohort's three reviewers (the
    // demo reviewer and two invited) get every application, but the demo reviewer never this one
    // again, so it is one short.
    let manager = app.signed_in("manager@example.org").await;
    let (status, to) = post(
        &manager,
        &format!("/cohorts/{}/reviews/assign", stored.cohort_id),
        &[("per_application", "3")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{to}");
    let pairs = review::assignments(&app.state.db.conn, stored.cohort_id)
        .await
        .unwrap();
    let reviewer = i64::from(stored.reviewer_user_id);
    assert!(!pairs.contains(&(i64::from(stored.application_id), reviewer)));
    let candidates = review::candidates(&app.state.db.conn, stored.cohort_id)
        .await
        .unwrap();
    assert_eq!(
        pairs.len(),
        3 * candidates.len() - 1,
        "three reviewers for every other application: {pairs:?}, conflict with {}",
        stored.application_id
    );
    assert!(
        pairs
            .iter()
            .any(|(a, r)| *a == i64::from(stored.application_id) && *r != reviewer),
        "the other reviewer takes it"
    );
    let (_, page) = manager.get_text(&to).await;
    assert!(
        page.contains("1 applications have fewer reviewers than asked"),
        "{page}"
    );
    assert!(page.contains("Johan Berg"));
    // A number of reviewers out of range is refused.
    let (status, _) = post(
        &manager,
        &format!("/cohorts/{}/reviews/assign", stored.cohort_id),
        &[("per_application", "0")],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_manager_sees_progress_per_reviewer_and_per_application() {
    let app = TestApp::spawn_with_demo().await;
    let cohort = open_call(&app, "MF").await;
    let lines = reviews(&app).await;
    let manager = app.signed_in("manager@example.org").await;
    let (status, body) = manager
        .get_text(&format!("/cohorts/{cohort}/reviews"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Johan Berg (reviewer@example.org)"));
    assert!(
        body.contains(&format!("<td>{}</td><td>3</td>", lines.len())),
        "{body}"
    );
    assert!(body.contains(&lines[0].reference));
    assert!(body.contains("Assign reviewers automatically"));
    let (_, dashboard) = manager.get_text(&format!("/cohorts/{cohort}")).await;
    assert!(dashboard.contains(&format!("/cohorts/{cohort}/reviews")));
    let reviewer = app.signed_in("reviewer@example.org").await;
    assert_eq!(
        reviewer
            .get(&format!("/cohorts/{cohort}/reviews"))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn a_clone_takes_the_cohorts_own_rubric_along() {
    let app = TestApp::spawn_with_demo().await;
    let source = open_call(&app, "MF").await;
    let conn = &app.state.db.conn;
    let mut rubric: Vec<Criterion> = default_rubric();
    rubric.truncate(2);
    rubric[1] = itp_domain::review::CriterionInput {
        label: "Commitment of the mayor's office".into(),
        weight: "1,5".into(),
        scale_min: "0".into(),
        scale_max: "10".into(),
        required: false,
        guidance: "Is there a signed letter from the mayor?".into(),
    }
    .validate("commitment")
    .unwrap();
    review::set_rubric(conn, source, &rubric).await.unwrap();
    let manager = app.signed_in("manager@example.org").await;
    let (status, to) = post(
        &manager,
        &format!("/cohorts/{source}/clone"),
        &[
            ("name", "Municipal Financing next round"),
            ("starts_on", "2032-03-01"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{to}");
    let id: i32 = to.trim_start_matches("/cohorts/").parse().unwrap();
    assert_eq!(review::rubric(conn, id).await.unwrap(), rubric);
    // A cohort without a rubric of its own reviews on the default one.
    assert_eq!(
        review::rubric(conn, i32::MAX).await.unwrap(),
        default_rubric()
    );
}

#[tokio::test]
async fn blind_review_hides_the_organisation_from_reviewers_and_goes_along_with_a_clone() {
    let app = TestApp::spawn_with_demo().await;
    let cohort = open_call(&app, "MF").await;
    let lines = reviews(&app).await;
    let organisation = lines[0].organisation.clone();
    assert!(!organisation.is_empty());
    let reviewer = app.signed_in("reviewer@example.org").await;
    let (_, form) = reviewer
        .get_text(&format!("/reviews/{}", lines[0].id))
        .await;
    assert!(form.contains(&organisation), "not blind yet");

    let manager = app.signed_in("manager@example.org").await;
    let path = format!("/cohorts/{cohort}/reviews/settings");
    let (status, _) = post(&manager, &path, &[("blind", "true")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, progress) = manager
        .get_text(&format!("/cohorts/{cohort}/reviews"))
        .await;
    assert!(progress.contains(r#"name="blind" value="true" checked"#));

    let (_, form) = reviewer
        .get_text(&format!("/reviews/{}", lines[0].id))
        .await;
    assert!(!form.contains(&organisation), "{form}");
    assert!(form.contains("Blind review: the applicant's names and organisation are hidden."));
    let (_, start) = reviewer.get_text("/reviews").await;
    assert!(!start.contains(&organisation));
    assert!(start.contains("(hidden: blind review)"));

    let (status, to) = post(
        &manager,
        &format!("/cohorts/{cohort}/clone"),
        &[
            ("name", "Municipal Financing blind round"),
            ("starts_on", "2032-03-01"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{to}");
    let id: i32 = to.trim_start_matches("/cohorts/").parse().unwrap();
    assert!(
        review::is_blind(&app.state.db.conn, id).await.unwrap(),
        "clone {id} of {cohort}: source blind {}",
        review::is_blind(&app.state.db.conn, cohort).await.unwrap()
    );

    // Unticked (a browser sends nothing): off again.
    let (status, _) = post(&manager, &path, &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(!review::is_blind(&app.state.db.conn, cohort).await.unwrap());
}

#[tokio::test]
async fn a_reviewer_reads_the_assigned_application_on_the_review_page_without_documents() {
    let app = TestApp::spawn_with_demo().await;
    let line = reviews(&app).await.remove(0);
    let stored = review::find(&app.state.db.conn, line.id)
        .await
        .unwrap()
        .unwrap();
    let client = app.signed_in("reviewer@example.org").await;
    let (status, page) = client.get_text(&format!("/reviews/{}", line.id)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("The application"), "{page}");
    assert!(page.contains(&format!(
        "Change project: {}",
        stored.application.project.title
    )));
    assert!(!page.contains("/documents/"), "no document is linked");
    // The application's own page and the cohort's list are the managers'.
    assert_ne!(
        client
            .get(&format!("/applications/{}", stored.application_id))
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        client
            .get(&format!("/cohorts/{}/applications", stored.cohort_id))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
}
