//! Per-diem statements: a manager prepares them for their own cohorts, finance approves (which
//! locks them), reopening is audited, and a statement keeps its figures when rates change.

use itp_domain::per_diem::StatementState;
use itp_persistence::audit::{self, Filter};
use itp_persistence::per_diem::cohorts;
use itp_persistence::per_diem::statements;
use itp_tests::{TestApp, TestClient, location};
use reqwest::StatusCode;

use crate::per_diem_rates::{import_through_the_web, list_2024};

/// The cohort of a demo programme in a given state.
pub(crate) async fn cohort(app: &TestApp, programme: &str, status: &str) -> i32 {
    cohorts::list(&app.state.db.conn, None)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.programme_code == programme && c.status == status)
        .unwrap_or_else(|| panic!("a {status} cohort of {programme}"))
        .id
}

/// The contract's Uganda example as the form sends it: 1 710 SEK under Skatteverket's 2024 list.
pub(crate) fn uganda_form(cohort_id: i32) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = [
        ("cohort_id", cohort_id.to_string().as_str()),
        ("traveller_name", "Karin Sjöberg"),
        ("traveller_email", ""),
        ("phase_label", "Inception workshop, Kampala"),
        ("policy", "skatteverket"),
        ("departure", "2024-03-04T10:00"),
        ("return_at", "2024-03-08T18:00"),
        ("stay_country_1", "Uganda"),
        ("stay_from_1", "2024-03-04T22:00"),
        ("stay_to_1", "2024-03-08T06:00"),
        ("stay_country_2", ""),
        ("stay_from_2", ""),
        ("stay_to_2", ""),
        ("lodging_paid", "yes"),
        ("meals_2024-03-05", "breakfast"),
        ("meals_2024-03-06", "breakfast"),
        ("meals_2024-03-07", "breakfast"),
        ("intent", "save"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    fields.sort_by_key(|(k, _)| k == "intent");
    fields
}

async fn post(client: &TestClient, path: &str, fields: &[(String, String)]) -> reqwest::Response {
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    client.post_form(path, &refs).await
}

/// Creates a statement as the manager; returns its path.
pub(crate) async fn create(client: &TestClient, fields: &[(String, String)]) -> String {
    let res = post(client, "/per-diem/statements", fields).await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "{}",
        res.text().await.unwrap()
    );
    location(&res)
}

fn id_of(path: &str) -> i32 {
    path.rsplit('/').next().unwrap().parse().unwrap()
}

async fn state_of(app: &TestApp, path: &str) -> StatementState {
    statements::find(&app.state.db.conn, id_of(path))
        .await
        .unwrap()
        .unwrap()
        .header
        .state
}

const TOTAL_1710: &str = "Total: 1,710.00\u{a0}SEK";

#[tokio::test]
async fn a_manager_prepares_a_statement_for_their_cohort_but_not_for_another_programmes() {
    let app = TestApp::spawn_with_demo().await;
    let manager = app.signed_in("manager@example.org").await;
    let mf = cohort(&app, "MF", "running").await;
    let (status, form) = manager
        .get_text(&format!("/per-diem/statements/new?cohort_id={mf}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("Municipal Financing"));
    assert!(
        !form.contains("Rights-Based"),
        "only the manager's own cohorts are offered"
    );

    // "Show the days" renders a meal box per date and saves nothing.
    let mut show = uganda_form(mf);
    show.retain(|(k, _)| k != "intent");
    show.push(("intent".into(), "show_days".into()));
    let res = post(&manager, "/per-diem/statements", &show).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.text().await.unwrap();
    assert!(body.contains("name=\"meals_2024-03-08\" value=\"dinner\""));
    assert!(body.contains("Monday 4 March 2024"));

    let path = create(&manager, &uganda_form(mf)).await;
    let (status, page) = manager.get_text(&path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(TOTAL_1710), "{page}");
    assert!(page.contains(
        "Free breakfast: 15 % of 422.00\u{a0}SEK = 63.30\u{a0}SEK, rounded half up to whole kronor: 63.00\u{a0}SEK."
    ));
    assert!(page.contains("Half day: the trip ended at 18:00, at or before 19:00."));
    assert!(
        page.contains("Skatteverket&#39;s normalbelopp, 2024")
            || page.contains("Skatteverket's normalbelopp, 2024")
    );
    assert_eq!(state_of(&app, &path).await, StatementState::Draft);

    let rba = cohort(&app, "RBA", "selection").await;
    let res = post(&manager, "/per-diem/statements", &uganda_form(rba)).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let rba_statements = statements::list(&app.state.db.conn, Some(&[rba]), None)
        .await
        .unwrap();
    assert!(rba_statements.is_empty(), "nothing was written");

    // Another programme's statement cannot be read or changed either.
    let admin = app.signed_in("admin@example.org").await;
    let foreign = create(&admin, &uganda_form(rba)).await;
    assert_eq!(manager.get(&foreign).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        post(&manager, &foreign, &uganda_form(rba)).await.status(),
        StatusCode::FORBIDDEN
    );
    let (_, list) = manager.get_text("/per-diem/statements").await;
    assert!(list.contains(&format!("href=\"{path}\"")));
    assert!(
        !list.contains(&format!("href=\"{foreign}\"")),
        "not listed for the manager"
    );
}

#[tokio::test]
async fn a_bad_itinerary_is_shown_again_with_a_message_on_each_field() {
    let app = TestApp::spawn_with_demo().await;
    let manager = app.signed_in("manager@example.org").await;
    let mf = cohort(&app, "MF", "running").await;
    let mut fields = uganda_form(mf);
    for (k, v) in fields.iter_mut() {
        match k.as_str() {
            "stay_to_1" => *v = "2024-03-04T20:00".into(),
            "return_at" => *v = "whenever".into(),
            "traveller_email" => *v = "nobody-here@example.org".into(),
            _ => {}
        }
    }
    let res = post(&manager, "/per-diem/statements", &fields).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    assert!(body.contains("Enter the return as a date and time"));
    assert!(
        body.contains("value=\"Karin Sjöberg\""),
        "what was typed is kept"
    );

    let mut fields = uganda_form(mf);
    for (k, v) in fields.iter_mut() {
        if k == "stay_to_1" {
            *v = "2024-03-04T20:00".into();
        }
    }
    let body = post(&manager, "/per-diem/statements", &fields)
        .await
        .text()
        .await
        .unwrap();
    assert!(body.contains("Stay 1 must end after it starts."), "{body}");

    // A rate the tables do not have is a message too, not an error page.
    let mut fields = uganda_form(mf);
    for (k, v) in fields.iter_mut() {
        *k = k.replace("2024-", "2025-");
        *v = v.replace("2024-", "2025-");
    }
    let res = post(&manager, "/per-diem/statements", &fields).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("no normalbelopp for Uganda (UG) in 2025")
    );

    let mut fields = uganda_form(mf);
    for (k, v) in fields.iter_mut() {
        if k == "traveller_email" {
            *v = "nobody-here@example.org".into();
        }
    }
    let res = post(&manager, "/per-diem/statements", &fields).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("No account has the address nobody-here@example.org")
    );
}

#[tokio::test]
async fn finance_approves_which_locks_the_statement_and_reopening_is_audited() {
    let app = TestApp::spawn_with_demo().await;
    let manager = app.signed_in("manager@example.org").await;
    let finance = app.signed_in("finance@example.org").await;
    let mf = cohort(&app, "MF", "running").await;
    let path = create(&manager, &uganda_form(mf)).await;

    // The manager cannot approve; finance can.
    assert_eq!(
        manager
            .post_form(&format!("{path}/approve"), &[])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let res = finance
        .post_form(&format!("{path}/approve"), &[("confirmed", "yes")])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(state_of(&app, &path).await, StatementState::Approved);
    let (_, page) = finance.get_text(&path).await;
    assert!(page.contains("The statement is approved and locked."));
    assert!(page.contains("Reopen the statement"));

    // Locked: no edits, no recomputing.
    assert_eq!(
        manager.get(&format!("{path}/edit")).await.status(),
        StatusCode::CONFLICT
    );
    let mut changed = uganda_form(mf);
    changed.retain(|(k, _)| k != "cohort_id");
    for (k, v) in changed.iter_mut() {
        if k == "traveller_name" {
            *v = "Someone Else".into();
        }
    }
    assert_eq!(
        post(&manager, &path, &changed).await.status(),
        StatusCode::CONFLICT
    );
    let res = manager.post_form(&format!("{path}/recompute"), &[]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let stored = statements::find(&app.state.db.conn, id_of(&path))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.header.traveller_name, "Karin Sjöberg");

    // Reopening needs a reason, and the audit log keeps it.
    let res = finance
        .post_form(&format!("{path}/reopen"), &[("reason", " ")])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Enter the reason for reopening.")
    );
    assert_eq!(state_of(&app, &path).await, StatementState::Approved);
    let reason = "Lunch on 5 March was not provided after all";
    let res = finance
        .post_form(&format!("{path}/reopen"), &[("reason", reason)])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(state_of(&app, &path).await, StatementState::Draft);
    let log = audit::list(
        &app.state.db.conn,
        &Filter {
            action: Some("per_diem_statement.reopen".into()),
            entity_id: Some(id_of(&path).to_string()),
            ..Filter::default()
        },
        0,
        10,
    )
    .await
    .unwrap();
    assert_eq!(log.total, 1);
    assert_eq!(log.entries[0].actor_label, "finance@example.org");
    assert!(log.entries[0].changes.contains(reason));
    assert!(
        log.entries[0]
            .changes
            .contains(r#""before":"approved","after":"draft""#)
    );

    // A draft again: the manager may change it; then approved and paid, which is final.
    assert_eq!(
        post(&manager, &path, &changed).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        finance
            .post_form(&format!("{path}/approve"), &[("confirmed", "yes")])
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    // Four eyes: whoever approved it does not also mark it paid.
    let admin = app.signed_in("admin@example.org").await;
    assert_eq!(
        admin
            .post_form(&format!("{path}/paid"), &[("confirmed", "yes")])
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(state_of(&app, &path).await, StatementState::Paid);
    let res = finance
        .post_form(&format!("{path}/reopen"), &[("reason", reason)])
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("a paid statement is final")
    );
}

#[tokio::test]
async fn an_approved_statement_keeps_its_figures_when_rates_change_and_a_draft_recomputes_on_request()
 {
    let app = TestApp::spawn_with_demo().await;
    let manager = app.signed_in("manager@example.org").await;
    let finance = app.signed_in("finance@example.org").await;
    let mf = cohort(&app, "MF", "running").await;
    let approved = create(&manager, &uganda_form(mf)).await;
    let draft = create(&manager, &uganda_form(mf)).await;
    assert_eq!(
        finance
            .post_form(&format!("{approved}/approve"), &[("confirmed", "yes")])
            .await
            .status(),
        StatusCode::SEE_OTHER
    );

    // Skatteverket's list changes: Uganda 500 (4 × 500 + 250 − 3 × 75 = 2 025).
    import_through_the_web(&finance, &list_2024("500")).await;

    let (_, page) = finance.get_text(&approved).await;
    assert!(page.contains(TOTAL_1710), "approved figures stay");
    assert!(
        page.contains("Rate: Skatteverket's normalbelopp for Uganda in 2024, 422.00\u{a0}SEK.")
    );
    let (_, page) = manager.get_text(&draft).await;
    assert!(
        page.contains(TOTAL_1710),
        "a draft is not recomputed behind anyone's back"
    );
    assert!(page.contains("Recompute with today"));

    let res = manager.post_form(&format!("{draft}/recompute"), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = manager.get_text(&draft).await;
    assert!(
        page.contains("Recomputed with today&#39;s rates: the total went from 1,710.00\u{a0}SEK to 2,025.00\u{a0}SEK.")
            || page.contains("Recomputed with today's rates: the total went from 1,710.00\u{a0}SEK to 2,025.00\u{a0}SEK."),
        "{page}"
    );
    assert!(page.contains("Total: 2,025.00\u{a0}SEK"));
    let stored = statements::find(&app.state.db.conn, id_of(&approved))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.header.total.plain(), "1710.00");
}

#[tokio::test]
async fn the_demo_fills_the_per_diem_screens_for_those_who_may_see_them() {
    let app = TestApp::spawn_with_demo().await;
    let finance = app.signed_in("finance@example.org").await;
    let (status, list) = finance.get_text("/per-diem/statements").await;
    assert_eq!(status, StatusCode::OK);
    for shown in [
        "Karin Sjöberg",
        "Grace Namubiru",
        "Joseph Mwale",
        "Anders Holm",
        "Paid",
        "Approved",
        "Draft",
    ] {
        assert!(list.contains(shown), "{shown}");
    }
    let (_, drafts) = finance.get_text("/per-diem/statements?state=draft").await;
    assert!(drafts.contains("Anders Holm") && !drafts.contains("Karin Sjöberg"));
    let (_, policies) = finance.get_text("/per-diem/policies").await;
    assert!(policies.contains("ICLD participants"));
    let reviewer = app.signed_in("reviewer@example.org").await;
    assert_eq!(
        reviewer.get("/per-diem/statements").await.status(),
        StatusCode::FORBIDDEN
    );
    let (_, home) = reviewer.get_text("/programmes").await;
    assert!(
        !home.contains("/per-diem/"),
        "no per-diem navigation for a reviewer"
    );
    let (_, nav) = finance.get_text("/programmes").await;
    assert!(nav.contains("href=\"/per-diem/rates\""));
}

/// One person holding both roles (or an administrator alone) used to create, approve and pay the
/// same statement. Whoever prepared or changed it cannot approve it, whoever approved it cannot
/// mark it paid, an administrator is no exception, and the history says who did each step.
#[tokio::test]
async fn four_eyes_no_one_prepares_and_approves_or_approves_and_pays() {
    let app = TestApp::spawn_with_demo().await;
    let admin = app.signed_in("admin@example.org").await;
    let finance = app.signed_in("finance@example.org").await;
    let manager = app.signed_in("manager@example.org").await;
    let mf = cohort(&app, "MF", "running").await;
    let path = create(&admin, &uganda_form(mf)).await;

    let (_, page) = admin.get_text(&path).await;
    assert!(
        page.contains("You prepared or changed this statement, so another person must approve it.")
    );
    assert!(!page.contains("Approve the statement"));
    let res = admin.post_form(&format!("{path}/approve"), &[]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("another person must approve it")
    );
    assert_eq!(state_of(&app, &path).await, StatementState::Draft);

    // Finance approves; finance may then not mark it paid, the administrator may.
    assert_eq!(
        finance
            .post_form(&format!("{path}/approve"), &[("confirmed", "yes")])
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    let res = finance.post_form(&format!("{path}/paid"), &[]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(state_of(&app, &path).await, StatementState::Approved);
    assert!(
        finance
            .get_text(&path)
            .await
            .1
            .contains("You approved this statement, so another person must mark it as paid.")
    );
    assert_eq!(
        admin
            .post_form(&format!("{path}/paid"), &[("confirmed", "yes")])
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(state_of(&app, &path).await, StatementState::Paid);

    let (_, page) = manager.get_text(&path).await;
    let history = &page[page.find("id=\"history\"").expect("a history section")..];
    let prepared = history
        .find("Prepared by Astrid Lindqvist")
        .expect("who prepared");
    let approved = history
        .find("Approved by Fatima Hassan")
        .expect("who approved");
    let paid = history
        .find("Marked as paid by Astrid Lindqvist")
        .expect("who paid");
    assert!(prepared < approved && approved < paid, "in order");
}

fn with(mut fields: Vec<(String, String)>, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    for (name, value) in changes {
        match fields.iter_mut().find(|(k, _)| k == name) {
            Some(field) => field.1 = (*value).to_owned(),
            None => fields.insert(0, ((*name).to_owned(), (*value).to_owned())),
        }
    }
    fields
}

/// A traveller named on a statement got "Not allowed". The statement names their account (the
/// address chosen when preparing it); they read it and their list, and nothing of anyone else's.
#[tokio::test]
async fn a_traveller_reads_their_own_statements_and_no_one_elses() {
    let app = TestApp::spawn_with_demo().await;
    let manager = app.signed_in("manager@example.org").await;
    let mf = cohort(&app, "MF", "running").await;
    let reviewers = create(
        &manager,
        &with(
            uganda_form(mf),
            &[
                ("traveller_name", "Johan Berg"),
                ("traveller_email", "reviewer@example.org"),
            ],
        ),
    )
    .await;
    let someone_elses = create(&manager, &uganda_form(mf)).await;

    // The demo's participant has an account: their approved Sweden phase is theirs to read.
    let grace = app.signed_in("applicant@example.org").await;
    let (status, mine) = grace.get_text("/per-diem/my-statements").await;
    assert_eq!(status, StatusCode::OK);
    assert!(mine.contains("My per-diem statements"));
    assert!(mine.contains("Approved"), "{mine}");
    assert!(!mine.contains(&format!("href=\"{reviewers}\"")));
    let own = statements::search(
        &app.state.db.conn,
        &statements::StatementQuery {
            traveller: Some(app.user_id("applicant@example.org").await),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(own.len(), 1, "the demo names Grace on one statement");
    let (status, page) = grace
        .get_text(&format!("/per-diem/statements/{}", own[0].id))
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("Grace Namubiru") && page.contains("← My per-diem statements"));
    assert!(!page.contains("/approve") && !page.contains("/edit") && !page.contains("History"));
    // Someone else's statement looks missing to an applicant; the staff list is not theirs.
    assert_eq!(grace.get(&reviewers).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        grace.get("/per-diem/statements").await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        grace
            .post_form(&format!("{}/approve", reviewers), &[])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );

    // A reviewer who travelled reads theirs, not the one beside it.
    let reviewer = app.signed_in("reviewer@example.org").await;
    let (status, page) = reviewer.get_text(&reviewers).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(TOTAL_1710));
    assert_eq!(
        reviewer.get(&someone_elses).await.status(),
        StatusCode::FORBIDDEN
    );
    let (_, list) = reviewer.get_text("/per-diem/my-statements").await;
    assert!(list.contains(&format!("href=\"{reviewers}\"")));
    assert!(!list.contains(&format!("href=\"{someone_elses}\"")));

    // Someone with no statement gets an empty list that says so.
    let host = app.signed_in("host@example.org").await;
    let (status, empty) = host.get_text("/per-diem/my-statements").await;
    assert_eq!(status, StatusCode::OK);
    assert!(empty.contains("No per-diem statement names you as the traveller yet."));
}

/// The form accepted a return before the departure without a word, saved 0.00 SEK without a
/// warning, and chose Skatteverket's rules though the cohort names its own policy.
#[tokio::test]
async fn the_form_refuses_a_return_before_departure_warns_before_paying_nothing_and_starts_from_the_cohorts_policy()
 {
    let app = TestApp::spawn_with_demo().await;
    let manager = app.signed_in("manager@example.org").await;
    let mf = cohort(&app, "MF", "running").await;

    // The demo cohorts name ICLD's policy: it is chosen until the manager chooses otherwise.
    let (_, form) = manager
        .get_text(&format!("/per-diem/statements/new?cohort_id={mf}"))
        .await;
    assert!(
        form.contains(r#"value="programme" checked"#),
        "the cohort's own policy is the default: {form}"
    );
    assert!(!form.contains(r#"value="skatteverket" checked"#));

    // "Show the days" with the return before the departure says so on the field.
    let backwards = with(
        uganda_form(mf),
        &[("return_at", "2024-03-01T18:00"), ("intent", "show_days")],
    );
    let res = post(&manager, "/per-diem/statements", &backwards).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    assert!(
        body.contains("The return must not be before the departure"),
        "{body}"
    );
    // ... and so does saving, beside the other problems of the form.
    let backwards = with(
        uganda_form(mf),
        &[
            ("return_at", "2024-03-01T18:00"),
            ("stay_country_1", "Atlantis"),
        ],
    );
    let res = post(&manager, "/per-diem/statements", &backwards).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    assert!(body.contains("The return must not be before the departure"));
    assert!(body.contains("is not a country"));

    // A day trip pays nothing: the manager is asked first, with the reason, and nothing is saved.
    let day_trip = with(
        uganda_form(mf),
        &[
            ("traveller_name", "Day Tripper"),
            ("departure", "2024-03-04T08:00"),
            ("return_at", "2024-03-04T18:00"),
            ("stay_from_1", "2024-03-04T10:00"),
            ("stay_to_1", "2024-03-04T16:00"),
        ],
    );
    // No meals: the Uganda example's are ticked for days this trip does not have.
    let day_trip: Vec<_> = day_trip
        .into_iter()
        .filter(|(k, _)| !k.starts_with("meals_"))
        .collect();
    let before = statements::list(&app.state.db.conn, Some(&[mf]), None)
        .await
        .unwrap()
        .len();
    let res = post(&manager, "/per-diem/statements", &day_trip).await;
    assert_eq!(res.status(), StatusCode::OK);
    let warning = res.text().await.unwrap();
    assert!(warning.contains("This statement pays nothing"), "{warning}");
    assert!(warning.contains("no night away"));
    assert!(warning.contains(r#"name="pays_nothing" value="yes""#));
    assert!(
        warning.contains(r#"value="Day Tripper""#),
        "what was typed rides along"
    );
    assert_eq!(
        statements::list(&app.state.db.conn, Some(&[mf]), None)
            .await
            .unwrap()
            .len(),
        before,
        "nothing saved before the answer"
    );
    // Going back shows the form as typed; saving anyway saves it.
    let back = with(
        day_trip.clone(),
        &[("pays_nothing", "yes"), ("intent", "show_days")],
    );
    let res = post(&manager, "/per-diem/statements", &back).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains(r#"value="Day Tripper""#));
    let path = create(&manager, &with(day_trip, &[("pays_nothing", "yes")])).await;
    let (_, page) = manager.get_text(&path).await;
    assert!(page.contains("Total: 0.00\u{a0}SEK"), "{page}");
}

/// The list had no filter by cohort or period, no totals and no export.
#[tokio::test]
async fn the_list_filters_by_cohort_and_period_totals_what_it_shows_and_exports_that() {
    let app = TestApp::spawn_with_demo().await;
    let manager = app.signed_in("manager@example.org").await;
    let finance = app.signed_in("finance@example.org").await;
    let mf = cohort(&app, "MF", "running").await;
    let first = create(&manager, &uganda_form(mf)).await;
    let second = create(
        &manager,
        &with(uganda_form(mf), &[("traveller_name", "Second Traveller")]),
    )
    .await;

    let query = format!("/per-diem/statements?cohort={mf}&from=2024-03-01&to=2024-03-31");
    let (status, list) = finance.get_text(&query).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        list.contains(&format!("href=\"{first}\"")) && list.contains(&format!("href=\"{second}\""))
    );
    assert!(
        !list.contains("Grace Namubiru"),
        "the demo's statements lie outside March 2024"
    );
    assert!(list.contains("2 statements shown"), "{list}");
    assert!(
        list.contains("3,420.00\u{a0}SEK"),
        "the exact sum of 2 × 1,710.00"
    );
    assert!(list.contains(&format!(
        "href=\"/per-diem/statements.csv?cohort={mf}&amp;from=2024-03-01&amp;to=2024-03-31\""
    )));

    let res = finance
        .get(&format!(
            "/per-diem/statements.csv?cohort={mf}&from=2024-03-01&to=2024-03-31"
        ))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let csv = res.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(
        lines[0].contains("traveller") && lines[0].contains("total_sek"),
        "{csv}"
    );
    assert_eq!(
        lines.len(),
        3,
        "a header and the two statements shown: {csv}"
    );
    assert!(csv.contains("Second Traveller") && csv.contains("1710,00"));

    // A period the trips do not touch: the list says so instead of showing a bare header.
    let (_, none) = finance
        .get_text(&format!(
            "/per-diem/statements?cohort={mf}&from=2030-01-01&to=2030-12-31"
        ))
        .await;
    assert!(none.contains("No statements match these filters."));
    assert!(!none.contains("<thead>"));
    // Nonsense in the filters is said on the page, never an error page.
    let (status, odd) = finance
        .get_text("/per-diem/statements?cohort=999999&from=yesterday&to=2024-01-01")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(odd.contains("Choose one of the cohorts in the list."));
    assert!(odd.contains("The start of the period is not a date"));
    // A manager's file holds only their own programmes' statements.
    let admin = app.signed_in("admin@example.org").await;
    let rba = cohort(&app, "RBA", "selection").await;
    create(
        &admin,
        &with(uganda_form(rba), &[("traveller_name", "Foreign Programme")]),
    )
    .await;
    let (_, theirs) = manager.get_text("/per-diem/statements.csv").await;
    assert!(
        !theirs.contains("Foreign Programme"),
        "RBA is not the manager's: {theirs}"
    );
    let (_, everything) = finance.get_text("/per-diem/statements.csv").await;
    assert!(everything.contains("Foreign Programme"));
}

/// Approving a statement and marking it paid took one click. Each now asks first, saying what
/// will happen and what cannot be undone; the question changes nothing.
#[tokio::test]
async fn approving_and_paying_are_confirmed_first_and_the_question_changes_nothing() {
    let app = TestApp::spawn_with_demo().await;
    let manager = app.signed_in("manager@example.org").await;
    let finance = app.signed_in("finance@example.org").await;
    let admin = app.signed_in("admin@example.org").await;
    let mf = cohort(&app, "MF", "running").await;
    let path = create(&manager, &uganda_form(mf)).await;

    let res = finance.post_form(&format!("{path}/approve"), &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    assert!(page.contains("Approve this statement?"), "{page}");
    assert!(page.contains("What will happen") && page.contains("This cannot be undone."));
    assert!(page.contains("1,710.00\u{a0}SEK") && page.contains("Karin Sjöberg"));
    assert!(page.contains(r#"name="confirmed" value="yes""#));
    assert!(page.contains(&format!(r#"action="{path}/approve""#)));
    assert!(page.contains("No, go back"));
    assert_eq!(
        state_of(&app, &path).await,
        StatementState::Draft,
        "asking changed nothing"
    );
    let res = finance
        .post_form(&format!("{path}/approve"), &[("confirmed", "yes")])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(state_of(&app, &path).await, StatementState::Approved);

    // Finance approved it, so another person pays it: that refusal comes at once, unasked.
    let res = finance.post_form(&format!("{path}/paid"), &[]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let res = admin.post_form(&format!("{path}/paid"), &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    assert!(page.contains("Mark this statement as paid?"));
    assert!(page.contains("it can no longer be reopened or changed"));
    assert_eq!(state_of(&app, &path).await, StatementState::Approved);
    let res = admin
        .post_form(&format!("{path}/paid"), &[("confirmed", "yes")])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(state_of(&app, &path).await, StatementState::Paid);
    // A step the state no longer allows is refused, not asked about.
    let res = admin.post_form(&format!("{path}/approve"), &[]).await;
    assert_ne!(res.status(), StatusCode::OK);
}
