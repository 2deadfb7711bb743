//! Planning cohorts over HTTP: creating one, its phases (with a refused form that keeps what was
//! typed), the lifecycle from planning to closed as a manager, cloning, and scope checks.

use chrono::{Duration, NaiveDate};
use itp_domain::cohort::CohortStatus;
use itp_persistence::cohort::{self, StoredCohort};
use itp_persistence::{phase, programme};
use itp_tests::{TestApp, TestClient, location};
use reqwest::StatusCode;

pub async fn programme_id(app: &TestApp, code: &str) -> i32 {
    programme::find_by_code(&app.state.db.conn, code)
        .await
        .unwrap()
        .unwrap()
        .id
}

pub async fn demo_cohort(app: &TestApp, code: &str, status: CohortStatus) -> StoredCohort {
    let id = programme_id(app, code).await;
    cohort::of_programme(&app.state.db.conn, id)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.status == status)
        .unwrap_or_else(|| panic!("a {status} cohort of {code}"))
}

async fn stored(app: &TestApp, id: i32) -> StoredCohort {
    cohort::find(&app.state.db.conn, id).await.unwrap().unwrap()
}

fn day(app: &TestApp, days: i64) -> NaiveDate {
    (itp_domain::Clock::now(app.clock.as_ref()) + Duration::days(days)).date_naive()
}

fn id_from(location: &str) -> i32 {
    location
        .rsplit('/')
        .next()
        .and_then(|s| s.split('#').next())
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no id in {location}"))
}

/// Creates a cohort of MF as the manager: first day in 120 days, deadline in 30.
async fn create_cohort(app: &TestApp, client: &TestClient) -> i32 {
    let mf = programme_id(app, "MF").await;
    let me = app.user_id("manager@example.org").await.to_string();
    let starts = day(app, 120).to_string();
    let ends = day(app, 120 + 400).to_string();
    let deadline = format!("{}T23:59", day(app, 30));
    let res = client
        .post_form(
            &format!("/programmes/{mf}/cohorts"),
            &[
                ("name", "Municipal Financing pilot"),
                ("seats", "24"),
                ("starts_on", &starts),
                ("ends_on", &ends),
                ("time_zone", "Africa/Kampala"),
                ("call_closes_at", &deadline),
                ("eligible_countries", ""),
                ("per_diem_policy", "ICLD 2020"),
                ("managers", &me),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    id_from(&location(&res))
}

/// A move as the manager makes it, confirming where the page asks (see
/// `every_move_that_ends_or_takes_back_something_is_confirmed_first`).
async fn transition(client: &TestClient, id: i32, t: &str) -> (StatusCode, String) {
    let res = client
        .post_form(
            &format!("/cohorts/{id}/status"),
            &[("transition", t), ("confirmed", "yes")],
        )
        .await;
    let status = res.status();
    (status, res.text().await.unwrap_or_default())
}

#[tokio::test]
async fn a_manager_plans_a_cohort_and_moves_it_from_planning_to_closed() {
    let app = TestApp::spawn_with_demo().await;
    let client = app.signed_in("manager@example.org").await;
    let id = create_cohort(&app, &client).await;
    let c = stored(&app, id).await;
    assert_eq!(c.status, CohortStatus::Planning);
    assert_eq!(c.settings.seats, 24);

    // Without a phase the call stays shut, and the page says why.
    let (status, body) = transition(&client, id, "open_call").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Plan at least one phase"), "{body}");

    // A wrong phase is refused field by field and the form keeps what was typed.
    let before_cohort = day(&app, 100).to_string();
    let res = client
        .post_form(
            &format!("/cohorts/{id}/phases"),
            &[
                ("kind", "regional_workshop"),
                ("title", "Inception in Kampala"),
                ("starts_on", &before_cohort),
                ("ends_on", &day(&app, 90).to_string()),
                ("country", "QQ"),
                ("city", "Kampala"),
                ("compulsory", "true"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    assert!(body.contains("There is a problem"));
    assert!(
        body.contains("value=\"Inception in Kampala\""),
        "typed title kept"
    );
    assert!(
        body.contains(&format!("value=\"{before_cohort}\"")),
        "typed date kept"
    );
    assert!(body.contains("The last day cannot be before the first day."));
    assert!(body.contains("is not an ISO 3166-1 country code"));
    assert!(
        phase::of_cohort(&app.state.db.conn, id)
            .await
            .unwrap()
            .is_empty()
    );

    for (kind, title, from, to, extra) in [
        (
            "regional_workshop",
            "Inception",
            121,
            124,
            ("country", "UG"),
        ),
        (
            "sweden_phase",
            "Sweden phase",
            300,
            311,
            ("study_visits_start", ""),
        ),
    ] {
        let (sv_start, sv_end) = (day(&app, 307).to_string(), day(&app, 308).to_string());
        let mut fields = vec![
            ("kind", kind),
            ("title", title),
            ("compulsory", "true"),
            extra,
        ];
        let (s, e) = (day(&app, from).to_string(), day(&app, to).to_string());
        fields.push(("starts_on", &s));
        fields.push(("ends_on", &e));
        if kind == "sweden_phase" {
            fields.retain(|f| f.0 != "study_visits_start");
            fields.push(("study_visits_start", &sv_start));
            fields.push(("study_visits_end", &sv_end));
        }
        let res = client
            .post_form(&format!("/cohorts/{id}/phases"), &fields)
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{title}");
    }
    let phases = phase::of_cohort(&app.state.db.conn, id).await.unwrap();
    assert_eq!(phases.len(), 2);
    assert_eq!(phases[1].phase.study_visits.unwrap().days(), 2);

    assert_eq!(
        transition(&client, id, "open_call").await.0,
        StatusCode::SEE_OTHER
    );
    assert_eq!(stored(&app, id).await.status, CohortStatus::CallOpen);

    // The deadline was promised: the call cannot close before it.
    let (status, body) = transition(&client, id, "close_call").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("cannot close early"));

    // Sessions end after hours, so a month later the manager signs in again.
    app.clock.advance(Duration::days(32));
    let client = app.signed_in("manager@example.org").await;
    assert_eq!(
        transition(&client, id, "close_call").await.0,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        transition(&client, id, "start").await.0,
        StatusCode::SEE_OTHER
    );
    assert_eq!(stored(&app, id).await.status, CohortStatus::Running);
    let (status, body) = transition(&client, id, "complete").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("mark the cohort completed after that"));

    app.clock.advance(Duration::days(300));
    let client = app.signed_in("manager@example.org").await;
    assert_eq!(
        transition(&client, id, "complete").await.0,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        transition(&client, id, "close").await.0,
        StatusCode::SEE_OTHER
    );
    let c = stored(&app, id).await;
    assert_eq!(c.status, CohortStatus::Closed);

    // A closed cohort is a record: its settings and phases no longer change.
    let res = client
        .post_form(
            &format!("/cohorts/{id}"),
            &[("name", "Renamed"), ("seats", "20")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = client
        .post_form(
            &format!("/cohorts/{id}/phases/{}/delete", phases[0].id),
            &[],
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);

    // Every move is in the audit log, with the status before and after.
    let admin = app.signed_in("admin@example.org").await;
    let (_, log) = admin
        .get_text(&format!("/admin/audit?entity_type=cohort&entity_id={id}"))
        .await;
    for action in [
        "cohort.create",
        "cohort.open_call",
        "cohort.close_call",
        "cohort.start",
        "cohort.complete",
        "cohort.close",
    ] {
        assert!(log.contains(action), "{action} in the audit log");
    }
    assert!(log.contains("call_open"));
}

#[tokio::test]
async fn settings_form_keeps_typed_values_and_names_every_wrong_field() {
    let app = TestApp::spawn_with_demo().await;
    let client = app.signed_in("manager@example.org").await;
    let mf = programme_id(&app, "MF").await;
    let res = client
        .post_form(
            &format!("/programmes/{mf}/cohorts"),
            &[
                ("name", "Typed name stays"),
                ("seats", "many"),
                ("starts_on", "2031-06-01"),
                ("ends_on", "2031-05-01"),
                ("time_zone", "Africa/Atlantis"),
                ("call_closes_at", "2031-03-31T23:59"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    assert!(body.contains("value=\"Typed name stays\""));
    assert!(body.contains("value=\"2031-03-31T23:59\""));
    assert!(body.contains("Enter the number of seats"));
    assert!(body.contains("Atlantis"));
    assert!(body.contains("The last day cannot be before the first day."));
}

#[tokio::test]
async fn cloning_moves_every_phase_and_copies_settings_without_people() {
    let app = TestApp::spawn_with_demo().await;
    let client = app.signed_in("manager@example.org").await;
    let source = demo_cohort(&app, "GM", CohortStatus::Completed).await;
    let old_phases = phase::of_cohort(&app.state.db.conn, source.id)
        .await
        .unwrap();
    let new_start = day(&app, 400);
    let res = client
        .post_form(
            &format!("/cohorts/{}/clone", source.id),
            &[
                ("name", "Gender Mainstreaming next round"),
                ("starts_on", &new_start.to_string()),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let id = id_from(&location(&res));
    let copy = stored(&app, id).await;
    assert_eq!(copy.status, CohortStatus::Planning);
    assert_eq!(copy.cloned_from_id, Some(source.id));
    assert_eq!(copy.settings.seats, source.settings.seats);
    assert_eq!(
        copy.settings.per_diem_policy,
        source.settings.per_diem_policy
    );
    assert_eq!(copy.settings.dates.unwrap().start, new_start);
    assert_ne!(copy.calendar_token, source.calendar_token);
    let shift = new_start - source.settings.dates.unwrap().start;
    let new_phases = phase::of_cohort(&app.state.db.conn, id).await.unwrap();
    assert_eq!(new_phases.len(), old_phases.len());
    for (new, old) in new_phases.iter().zip(&old_phases) {
        assert_eq!(new.phase.dates.start, old.phase.dates.start + shift);
        assert_eq!(new.phase.title, old.phase.title);
    }
    assert!(
        cohort::managers(&app.state.db.conn, id)
            .await
            .unwrap()
            .is_empty(),
        "no people are copied"
    );

    // A clone without a first day is refused, keeping the typed name.
    let res = client
        .post_form(
            &format!("/cohorts/{}/clone", source.id),
            &[("name", "Kept name"), ("starts_on", "")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("value=\"Kept name\""));
}

#[tokio::test]
async fn a_manager_of_one_programme_cannot_touch_another_programmes_cohorts() {
    let app = TestApp::spawn_with_demo().await;
    let manager = app.signed_in("manager@example.org").await;
    let theirs = demo_cohort(&app, "WPL", CohortStatus::CallOpen).await;
    let first_phase = phase::of_cohort(&app.state.db.conn, theirs.id)
        .await
        .unwrap()[0]
        .id;
    let id = theirs.id;
    for path in [
        format!("/cohorts/{id}/edit"),
        format!("/cohorts/{id}/clone"),
        format!("/cohorts/{id}/phases/new"),
        format!("/cohorts/{id}/phases/{first_phase}/edit"),
        format!("/programmes/{}/edit", theirs.programme_id),
        format!("/programmes/{}/cohorts/new", theirs.programme_id),
    ] {
        assert_eq!(
            manager.get(&path).await.status(),
            StatusCode::FORBIDDEN,
            "GET {path}"
        );
    }
    for (path, fields) in [
        (
            format!("/cohorts/{id}"),
            vec![("name", "Taken over"), ("seats", "3")],
        ),
        (
            format!("/cohorts/{id}/status"),
            vec![("transition", "withdraw_call")],
        ),
        (
            format!("/cohorts/{id}/phases"),
            vec![("kind", "online"), ("title", "X")],
        ),
        (format!("/cohorts/{id}/phases/{first_phase}/delete"), vec![]),
        (format!("/cohorts/{id}/calendar-token"), vec![]),
    ] {
        let res = manager.post_form(&path, &fields).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "POST {path}");
    }
    let after = stored(&app, id).await;
    assert_eq!(after, theirs, "nothing changed");

    // Their own programme's cohorts and the administrator's access are untouched.
    let mine = demo_cohort(&app, "MF", CohortStatus::CallOpen).await;
    assert_eq!(
        manager
            .get(&format!("/cohorts/{}/edit", mine.id))
            .await
            .status(),
        StatusCode::OK
    );
    let admin = app.signed_in("admin@example.org").await;
    assert_eq!(
        admin.get(&format!("/cohorts/{id}/edit")).await.status(),
        StatusCode::OK
    );
    let res = admin
        .post_form(
            &format!("/cohorts/{id}/status"),
            &[("transition", "withdraw_call"), ("confirmed", "yes")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(stored(&app, id).await.status, CohortStatus::Planning);
}

#[tokio::test]
async fn the_dashboard_shows_status_key_dates_the_next_deadline_and_counts() {
    let app = TestApp::spawn_with_demo().await;
    let c = demo_cohort(&app, "MF", CohortStatus::CallOpen).await;
    let reviewer = app.signed_in("reviewer@example.org").await;
    let (status, body) = reviewer.get_text(&format!("/cohorts/{}", c.id)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Call open"));
    assert!(body.contains("Next deadline"));
    assert!(body.contains("Deadline for applications"));
    assert!(body.contains(" EAT"), "the deadline in its zone");
    assert!(body.contains(" UTC)"), "and in UTC");
    assert!(body.contains("Sweden phase"));
    assert!(body.contains("role=\"img\""), "the timeline is inline");
    assert!(!body.contains("Edit settings"), "reviewers only read");
    assert!(
        !body.contains("/calendar/cohorts/"),
        "the feed address is for planners"
    );
    let manager = app.signed_in("manager@example.org").await;
    let (_, body) = manager.get_text(&format!("/cohorts/{}", c.id)).await;
    assert!(body.contains("Edit settings"));
    // The call is promised open until its deadline: no button closes it early.
    assert!(!body.contains("Close the call and start selection"));
    assert!(body.contains("The call stays open until its deadline"));
    assert!(body.contains(&c.calendar_token));
}

#[tokio::test]
async fn the_timeline_is_an_accessible_svg() {
    let app = TestApp::spawn_with_demo().await;
    let c = demo_cohort(&app, "GM", CohortStatus::Running).await;
    let client = app.signed_in("finance@example.org").await;
    let res = client.get(&format!("/cohorts/{}/timeline.svg", c.id)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()["content-type"].to_str().unwrap(),
        "image/svg+xml; charset=utf-8"
    );
    let svg = res.text().await.unwrap();
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.contains("<title id=\"timeline-title\">Timeline of "));
    assert!(svg.contains("<desc id=\"timeline-desc\">6 phases from "));
    assert!(svg.contains("Inception workshop"));
    assert!(svg.ends_with("</svg>"));
    // Every element is closed, as XML requires.
    assert_eq!(svg.matches("<rect").count(), svg.matches("</rect>").count());
    assert_eq!(svg.matches("<line").count(), svg.matches("</line>").count());

    let (status, page) = client.get_text("/programmes/overview").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Year overview"));
    assert!(page.contains("overview-desc"));
    assert_eq!(
        client.get("/programmes/overview?year=abc").await.status(),
        StatusCode::BAD_REQUEST
    );
}

/// Found by the hostile-input test: a settings form sent back unchanged moved `updated_at`
/// without an audit row.
#[tokio::test]
async fn saving_a_cohort_unchanged_writes_nothing_and_logs_nothing() {
    let app = TestApp::spawn_with_demo().await;
    let client = app.signed_in("manager@example.org").await;
    let id = create_cohort(&app, &client).await;
    let db = &app.state.db;
    let row = format!("SELECT CAST(updated_at AS TEXT) FROM cohorts WHERE id = {id}");
    let audits = "SELECT CAST(COUNT(*) AS TEXT) FROM audit_log";
    let before = (
        itp_tests::census::query_strings(db, &row).await,
        itp_tests::census::query_strings(db, audits).await,
    );
    app.clock.advance(Duration::minutes(5));
    let (_, form) = client.get_text(&format!("/cohorts/{id}/edit")).await;
    let fields: Vec<(String, String)> =
        itp_tests::forms::forms(&form, &format!("/cohorts/{id}/edit"))
            .into_iter()
            .find(|f| f.action == format!("/cohorts/{id}"))
            .expect("the settings form")
            .fields
            .into_iter()
            .filter(|(name, _)| name != "csrf_token")
            .collect();
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let res = client.post_form(&format!("/cohorts/{id}"), &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let after = (
        itp_tests::census::query_strings(db, &row).await,
        itp_tests::census::query_strings(db, audits).await,
    );
    assert_eq!(before, after, "nothing changed, so nothing is written");
}
