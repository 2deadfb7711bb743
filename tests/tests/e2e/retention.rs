//! Data protection: the privacy page states the retention in force, the retention page shows
//! what is due, and the purge deletes or pseudonymises what is due while every total and
//! statistic stays the same.

use chrono::Duration;
use itp_domain::cohort::CohortStatus;
use itp_persistence::{application, cohort};
use itp_tests::TestApp;
use itp_tests::census::query_strings;
use itp_web::jobs::{self, RetentionPurge};
use reqwest::StatusCode;

/// The numbers statistics are made of: applications and members by country, members by gender,
/// and the per-diem totals.
async fn statistics(app: &TestApp) -> Vec<String> {
    let db = &app.state.db;
    let mut out = query_strings(
        db,
        "SELECT country || ':' || CAST(COUNT(*) AS TEXT) || ':' || CAST(SUM(member_count) AS TEXT) \
         || ':' || CAST(SUM(women_count) AS TEXT) FROM applications GROUP BY country ORDER BY country",
    )
    .await;
    out.extend(
        query_strings(
            db,
            "SELECT gender || ':' || CAST(COUNT(*) AS TEXT) FROM application_members \
             GROUP BY gender ORDER BY gender",
        )
        .await,
    );
    out.extend(
        query_strings(
            db,
            "SELECT CAST(COUNT(*) AS TEXT) || ':' || CAST(COALESCE(SUM(total_ore), 0) AS TEXT) \
             FROM per_diem_statements",
        )
        .await,
    );
    out
}

#[tokio::test]
async fn the_privacy_page_states_the_retention_periods_in_force() {
    let app = TestApp::spawn_with_demo().await;
    let (status, page) = app.client().get_text("/privacy").await;
    assert_eq!(status, StatusCode::OK);
    for says in [
        "1 year after the cohort",
        "3 months after the cohort",
        "7 years after the end of the year",
        "2 years after the entry",
        "bokföringslagen",
    ] {
        assert!(page.contains(says), "{says}");
    }
}

#[tokio::test]
async fn the_retention_page_shows_each_kind_to_administrators_only() {
    let app = TestApp::spawn_with_demo().await;
    let admin = app.signed_in("admin@example.org").await;
    let (status, page) = admin.get_text("/admin/retention").await;
    assert_eq!(status, StatusCode::OK);
    for label in [
        "Applications of people not selected",
        "Finance records",
        "The audit log",
    ] {
        assert!(page.contains(label), "{label}");
    }
    assert!(page.contains("Next due"));
    let manager = app.signed_in("manager@example.org").await;
    assert_eq!(
        manager.get("/admin/retention").await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn the_purge_pseudonymises_and_deletes_what_is_due_and_keeps_every_total() {
    let app = TestApp::spawn_with_demo().await;
    let conn = &app.state.db.conn;
    let applicant = app.user_id("applicant@example.org").await;
    let (draft_id, draft_cohort) = application::for_applicant(conn, applicant)
        .await
        .unwrap()
        .into_iter()
        .find(|(a, _)| a.status == itp_domain::application::ApplicationStatus::Draft)
        .map(|(a, _)| (a.id, a.cohort_id))
        .expect("the demo applicant has a draft");
    let names: Vec<String> = application::draft_of(conn, draft_id)
        .await
        .unwrap()
        .members()
        .map(|(_, m)| m.full_name.clone())
        .filter(|n| !n.trim().is_empty())
        .collect();
    assert!(!names.is_empty(), "the demo draft names its team");
    // Selection is over for that call: the cohort has started.
    cohort::set_status(
        conn,
        draft_cohort,
        CohortStatus::Running,
        None,
        app.state.clock.now(),
    )
    .await
    .unwrap();

    let before = statistics(&app).await;
    let purged = jobs::run_once(&app.state, &RetentionPurge).await.unwrap();
    assert!(
        purged.summary.contains("0 applications not selected"),
        "{purged}: not due yet"
    );

    // Ten years on, everything is due.
    app.clock.advance(Duration::days(3650));
    let purged = jobs::run_once(&app.state, &RetentionPurge).await.unwrap();
    assert!(
        !purged.summary.contains(" 0 applications not selected"),
        "{purged}"
    );
    assert!(
        !purged.summary.contains(" 0 audit entries deleted"),
        "{purged}"
    );
    assert_eq!(
        statistics(&app).await,
        before,
        "totals and statistics stay: {purged}"
    );

    let draft = serde_json_draft(&app, draft_id).await;
    for name in &names {
        assert!(
            !draft.contains(name.as_str()),
            "{name} is gone from the draft"
        );
    }
    let left = query_strings(
        &app.state.db,
        "SELECT CAST(COUNT(*) AS TEXT) FROM application_documents WHERE kind IN ('passport', 'medical_statement')",
    )
    .await;
    assert_eq!(left, vec!["0".to_owned()], "{purged}");
    assert!(
        !purged
            .summary
            .contains(" 0 participants' dietary and accessibility needs cleared"),
        "the demo's recorded need is due: {purged}"
    );
    let needs = query_strings(
        &app.state.db,
        "SELECT CAST(COUNT(*) AS TEXT) FROM participants WHERE dietary_needs <> '' OR accessibility_needs <> ''",
    )
    .await;
    assert_eq!(needs, vec!["0".to_owned()], "{purged}");

    // Run again: nothing left to do, and the totals still agree.
    let purges = |_: ()| async {
        query_strings(
            &app.state.db,
            "SELECT changes FROM audit_log WHERE action = 'retention.purge'",
        )
        .await
    };
    let audited = purges(()).await;
    assert!(!audited.is_empty(), "a purge that did something is audited");
    let again = jobs::run_once(&app.state, &RetentionPurge).await.unwrap();
    assert!(
        again
            .summary
            .contains("0 applications not selected pseudonymised"),
        "{again}"
    );
    assert!(
        again.summary.contains("0 finance records pseudonymised"),
        "{again}"
    );
    assert_eq!(statistics(&app).await, before);
    assert_eq!(
        purges(()).await,
        audited,
        "one that did nothing adds no entry"
    );
}

async fn serde_json_draft(app: &TestApp, id: i32) -> String {
    query_strings(
        &app.state.db,
        &format!("SELECT draft FROM application_drafts WHERE application_id = {id}"),
    )
    .await
    .remove(0)
}

#[tokio::test]
async fn the_access_export_holds_everything_about_the_person_and_is_audited() {
    let app = TestApp::spawn_with_demo().await;
    let admin = app.signed_in("admin@example.org").await;
    let res = admin
        .post_form(
            "/admin/retention/export",
            &[("email", "applicant@example.org")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let doc: serde_json::Value = res.json().await.unwrap();
    assert_eq!(doc["account"]["email"], "applicant@example.org");
    let applications = doc["applications"].as_array().unwrap();
    assert!(
        applications.len() >= 2,
        "the submitted application and the draft"
    );
    assert!(
        applications
            .iter()
            .any(|a| a["what_was_typed"]["members"].is_array()),
        "with what was typed"
    );
    assert!(
        applications
            .iter()
            .any(|a| !a["documents"].as_array().unwrap().is_empty()),
        "with the documents' details"
    );
    assert!(!doc["mail_sent"].as_array().unwrap().is_empty());
    // The export itself is an audit entry about the person: the next export carries it.
    let again: serde_json::Value = admin
        .post_form(
            "/admin/retention/export",
            &[("email", "applicant@example.org")],
        )
        .await
        .json()
        .await
        .unwrap();
    let entries = again["audit_entries"].as_array().unwrap();
    assert!(
        entries
            .iter()
            .any(|e| e["action"] == "personal_data.export"),
        "{entries:?}"
    );

    let (_, audit) = admin
        .get_text("/admin/audit?action=personal_data.export")
        .await;
    assert!(audit.contains("personal_data.export"));

    let res = admin
        .post_form(
            "/admin/retention/export",
            &[("email", "nobody@example.org")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("No account has this address.")
    );
    let manager = app.signed_in("manager@example.org").await;
    let res = manager
        .post_form(
            "/admin/retention/export",
            &[("email", "applicant@example.org")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

/// Every column of every table with a value containing `needle`, as `table.column`.
async fn mentions(app: &TestApp, needle: &str) -> Vec<String> {
    let db = &app.state.db;
    let mut found = Vec::new();
    for table in itp_tests::census::table_names(db).await {
        let columns_sql = if itp_tests::backend_name() == "postgres" {
            format!(
                "SELECT column_name::text FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name = '{table}'"
            )
        } else {
            format!("SELECT name FROM pragma_table_info('{table}')")
        };
        for column in query_strings(db, &columns_sql).await {
            let n = query_strings(
                db,
                &format!(
                    "SELECT CAST(COUNT(*) AS TEXT) FROM \"{table}\" \
                     WHERE CAST(\"{column}\" AS TEXT) LIKE '%{needle}%'"
                ),
            )
            .await;
            if n.first().is_some_and(|n| n != "0") {
                found.push(format!("{table}.{column}"));
            }
        }
    }
    found
}

#[tokio::test]
async fn an_erased_person_is_gone_from_every_text_column_except_where_a_kept_record_says_why() {
    let app = TestApp::spawn_with_demo().await;
    let email = itp_domain::account::Email::parse("applicant@example.org").unwrap();
    let person = itp_persistence::account::find_by_email(&app.state.db.conn, &email)
        .await
        .unwrap()
        .unwrap();
    let name = person.display_name.clone();
    assert!(
        !mentions(&app, &name).await.is_empty(),
        "the demo mentions {name} before"
    );
    let before = statistics(&app).await;

    let admin = app.signed_in("admin@example.org").await;
    let res = admin
        .post_form(
            "/admin/retention/erase",
            &[("erase_email", "applicant@example.org")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = admin.get_text("/admin/retention").await;
    assert!(
        page.contains(&format!("Account #{} is erased", person.id)),
        "the result is shown"
    );

    let kept_statements = page.contains("per-diem statements kept");
    for needle in [name.as_str(), "applicant@example.org"] {
        let left: Vec<String> = mentions(&app, needle)
            .await
            .into_iter()
            .filter(|m| !(kept_statements && m.starts_with("per_diem_statements.")))
            .collect();
        assert!(left.is_empty(), "{needle} is still in {left:?}");
    }
    assert_eq!(statistics(&app).await, before, "the statistics stay");
    let res = app
        .client()
        .login("applicant@example.org", itp_tests::DEMO_PASSWORD)
        .await;
    assert_ne!(
        res.status(),
        StatusCode::SEE_OTHER,
        "the account cannot sign in"
    );
    let (_, audit) = admin
        .get_text("/admin/audit?action=personal_data.erase")
        .await;
    assert!(audit.contains("personal_data.erase"));
    assert!(
        !audit.contains(&name),
        "the audit entry does not name the person"
    );

    let res = admin
        .post_form(
            "/admin/retention/erase",
            &[("erase_email", "admin@example.org")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT, "not oneself");
}
