//! Leased background work: an import whose instance died mid-way (its claim's lease ran out) is
//! taken over by the `resume_background_work` job and finished, once.

use chrono::Duration;
use itp_persistence::application::imports;
use itp_persistence::background::{self, WorkStatus};
use itp_tests::TestApp;
use itp_web::jobs::{ResumeBackgroundWork, run_once};

use crate::application::open_call;

const HEADER: &str = "reference;organisation_name;organisation_type;government_level;country;address;nominating_authority;project_title;project_problem;project_goal;project_expected_results;project_stakeholders;project_commitment;member_full_name;member_gender;member_role;member_position;member_email;member_english;member_year_of_birth;declarations_confirmed";
const ROW: &str = "L-1;Lira City;municipality;local;UG;;Council;Markets;;;;;;Alice Akello;woman;official;Treasurer;alice@lira.go.ug;B2;1986;yes";

async fn submitted(app: &TestApp, cohort: i32) -> u64 {
    itp_persistence::application::list::counts(&app.state.db.conn, cohort)
        .await
        .unwrap()
        .0
        .submitted
}

/// What an instance that started the import left behind when it died: the import waiting on
/// its page and the work item claimed under a lease nobody will renew.
async fn import_left_by_a_dead_instance(app: &TestApp, cohort: i32) -> (i32, i32) {
    let conn = &app.state.db.conn;
    let manager = app.user_id("manager@example.org").await;
    let now = app.state.clock.now();
    let import_id = imports::start(conn, cohort, manager, "apps.csv", 1, now)
        .await
        .unwrap();
    let payload = serde_json::json!({
        "import_id": import_id,
        "cohort_id": cohort,
        "user_id": manager,
        "user_email": "manager@example.org",
        "dry_run": false,
        "header": HEADER.split(';').collect::<Vec<_>>(),
        "rows": [[2, ROW.split(';').collect::<Vec<_>>()]],
    });
    let work = background::enqueue(conn, "application_import", &payload.to_string(), now)
        .await
        .unwrap();
    let claimed = background::claim(
        conn,
        work,
        "a-dead-instance",
        now,
        now + Duration::minutes(5),
    )
    .await
    .unwrap();
    assert!(claimed.is_some());
    (import_id, work)
}

async fn wait_until_finished(app: &TestApp, work: i32) -> background::WorkItem {
    for _ in 0..200 {
        let item = background::find(&app.state.db.conn, work)
            .await
            .unwrap()
            .unwrap();
        if matches!(item.status, WorkStatus::Done | WorkStatus::Failed) {
            return item;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("background work {work} did not finish");
}

#[tokio::test]
async fn an_import_whose_instance_died_is_taken_over_after_its_lease_and_finished() {
    let app = TestApp::spawn_with_demo().await;
    let cohort = open_call(&app, "MF").await;
    let before = submitted(&app, cohort).await;
    let (import_id, work) = import_left_by_a_dead_instance(&app, cohort).await;

    // While the lease holds, nobody else touches it.
    let report = run_once(&app.state, &ResumeBackgroundWork).await.unwrap();
    assert_eq!(report.to_string(), "resumed 0 work items");

    app.clock.advance(Duration::minutes(6));
    let report = run_once(&app.state, &ResumeBackgroundWork).await.unwrap();
    assert_eq!(report.to_string(), "resumed 1 work items");
    let item = wait_until_finished(&app, work).await;
    assert_eq!(item.status, WorkStatus::Done, "{:?}", item.last_error);
    assert_eq!(
        item.attempts, 2,
        "the dead instance's claim and the takeover"
    );

    let manager = app.signed_in("manager@example.org").await;
    let (_, page) = manager
        .get_text(&format!(
            "/cohorts/{cohort}/applications/import/{import_id}"
        ))
        .await;
    assert!(page.contains("1 applications were imported"), "{page}");
    assert_eq!(submitted(&app, cohort).await, before + 1);
}

#[tokio::test]
async fn an_import_that_committed_before_its_instance_died_is_not_imported_twice() {
    let app = TestApp::spawn_with_demo().await;
    let cohort = open_call(&app, "MF").await;
    let before = submitted(&app, cohort).await;
    let (_, first) = import_left_by_a_dead_instance(&app, cohort).await;
    app.clock.advance(Duration::minutes(6));
    run_once(&app.state, &ResumeBackgroundWork).await.unwrap();
    assert_eq!(
        wait_until_finished(&app, first).await.status,
        WorkStatus::Done
    );
    assert_eq!(submitted(&app, cohort).await, before + 1);

    // The same work claimed again after its commit, as when an instance dies between the
    // import's commit and the end of its work item: the re-run sees the import finished.
    let conn = &app.state.db.conn;
    let now = app.state.clock.now();
    let import_id = imports::recent(conn, cohort, 1).await.unwrap()[0].id;
    let payload = serde_json::json!({
        "import_id": import_id, "cohort_id": cohort, "user_id": 1,
        "user_email": "manager@example.org", "dry_run": false,
        "header": HEADER.split(';').collect::<Vec<_>>(),
        "rows": [[2, ROW.split(';').collect::<Vec<_>>()]],
    });
    let again = background::enqueue(conn, "application_import", &payload.to_string(), now)
        .await
        .unwrap();
    run_once(&app.state, &ResumeBackgroundWork).await.unwrap();
    assert_eq!(
        wait_until_finished(&app, again).await.status,
        WorkStatus::Done
    );
    assert_eq!(submitted(&app, cohort).await, before + 1, "imported once");
}
