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
async fn cohort(app: &TestApp, programme: &str, status: &str) -> i32 {
    cohorts::list(&app.state.db.conn, None)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.programme_code == programme && c.status == status)
        .unwrap_or_else(|| panic!("a {status} cohort of {programme}"))
        .id
}

/// The contract's Uganda example as the form sends it: 1 710 SEK under Skatteverket's 2024 list.
fn uganda_form(cohort_id: i32) -> Vec<(String, String)> {
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
async fn create(client: &TestClient, fields: &[(String, String)]) -> String {
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
    assert!(body.contains("Mon 2024-03-04"));

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
    let res = finance.post_form(&format!("{path}/approve"), &[]).await;
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
            .post_form(&format!("{path}/approve"), &[])
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    // Four eyes: whoever approved it does not also mark it paid.
    let admin = app.signed_in("admin@example.org").await;
    assert_eq!(
        admin.post_form(&format!("{path}/paid"), &[]).await.status(),
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
            .post_form(&format!("{approved}/approve"), &[])
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
            .post_form(&format!("{path}/approve"), &[])
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
        admin.post_form(&format!("{path}/paid"), &[]).await.status(),
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
