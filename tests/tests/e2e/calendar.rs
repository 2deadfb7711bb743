//! Calendar feeds over HTTP: valid iCalendar behind unguessable addresses that can be replaced.

use itp_domain::calendar::{MAX_LINE_OCTETS, unfold};
use itp_domain::cohort::CohortStatus;
use itp_persistence::phase;
use itp_tests::TestApp;
use reqwest::StatusCode;

use crate::cohort::demo_cohort;

fn check_rfc5545(body: &str) -> Vec<String> {
    assert!(body.ends_with("\r\n"));
    for physical in body.split("\r\n") {
        assert!(!physical.contains('\n'), "bare LF in {physical:?}");
        assert!(
            physical.len() <= MAX_LINE_OCTETS,
            "{} octets: {physical}",
            physical.len()
        );
    }
    let lines = unfold(body);
    assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
    assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
    assert!(lines.iter().any(|l| l == "VERSION:2.0"));
    assert!(lines.iter().any(|l| l.starts_with("PRODID:")));
    let events = lines.iter().filter(|l| *l == "BEGIN:VEVENT").count();
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("UID:")).count(),
        events
    );
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("DTSTAMP:")).count(),
        events
    );
    lines
}

#[tokio::test]
async fn a_cohort_feed_has_one_event_per_phase_and_a_new_address_ends_the_old_one() {
    let app = TestApp::spawn_with_demo().await;
    let c = demo_cohort(&app, "GM", CohortStatus::Running).await;
    let phases = phase::of_cohort(&app.state.db.conn, c.id).await.unwrap();
    let anonymous = app.client();
    let url = format!("/calendar/cohorts/{}.ics", c.calendar_token);
    let res = anonymous.get(&url).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()["content-type"].to_str().unwrap(),
        "text/calendar; charset=utf-8"
    );
    let body = res.text().await.unwrap();
    let lines = check_rfc5545(&body);
    let events = lines.iter().filter(|l| *l == "BEGIN:VEVENT").count();
    assert_eq!(events, phases.len());
    let first = &phases[0].phase.dates;
    assert!(lines.contains(&format!(
        "DTSTART;VALUE=DATE:{}",
        first.start.format("%Y%m%d")
    )));
    let after_last_day = first.end.succ_opt().unwrap();
    assert!(
        lines.contains(&format!(
            "DTEND;VALUE=DATE:{}",
            after_last_day.format("%Y%m%d")
        )),
        "DTEND is the day after the last day"
    );
    assert!(lines.iter().any(|l| {
        l.starts_with("LOCATION:Mulungushi International Conference Centre\\, Lusaka\\, Zambia")
    }));

    assert_eq!(
        anonymous
            .get("/calendar/cohorts/not-the-token.ics")
            .await
            .status(),
        StatusCode::NOT_FOUND
    );

    let manager = app.signed_in("manager@example.org").await;
    let res = manager
        .post_form(&format!("/cohorts/{}/calendar-token", c.id), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(anonymous.get(&url).await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_person_feed_lists_the_cohorts_they_manage_and_review() {
    let app = TestApp::spawn_with_demo().await;
    let manager = app.signed_in("manager@example.org").await;
    let (_, page) = manager.get_text("/account/calendar").await;
    assert!(page.contains("Create my calendar address"));
    let res = manager.post_form("/account/calendar", &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = manager.get_text("/account/calendar").await;
    let start = page
        .find("/calendar/people/")
        .expect("the feed address is shown");
    let path: String = page[start..].chars().take_while(|c| *c != '<').collect();

    let anonymous = app.client();
    let res = anonymous.get(&path).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.text().await.unwrap();
    let lines = check_rfc5545(&body);
    let summaries: Vec<&String> = lines.iter().filter(|l| l.starts_with("SUMMARY:")).collect();
    assert!(summaries.iter().any(|s| s.contains("Gender Mainstreaming")));
    assert!(summaries.iter().any(|s| s.contains("Municipal Financing")));
    assert!(
        summaries
            .iter()
            .any(|s| s.starts_with("SUMMARY:Deadline for applications")),
        "the open call's deadline is in the manager's calendar"
    );
    assert!(
        !summaries.iter().any(|s| s.contains("Women's Political")),
        "only their cohorts"
    );

    // The reviewer's calendar has the cohort they review.
    let reviewer = app.signed_in("reviewer@example.org").await;
    reviewer.post_form("/account/calendar", &[]).await;
    let (_, page) = reviewer.get_text("/account/calendar").await;
    assert!(page.contains("reviewer"));
    let start = page.find("/calendar/people/").unwrap();
    let reviewer_path: String = page[start..].chars().take_while(|c| *c != '<').collect();
    let body = anonymous.get(&reviewer_path).await.text().await.unwrap();
    assert!(body.contains("Municipal Financing"));

    // A new address ends the old one.
    manager.post_form("/account/calendar", &[]).await;
    assert_eq!(anonymous.get(&path).await.status(), StatusCode::NOT_FOUND);
}

/// Revoking a role ends what came with it: the manager's cohorts leave their calendar feed
/// (the cohort assignments used to outlive the grant).
#[tokio::test]
async fn revoking_the_manager_role_empties_the_persons_feed() {
    let app = TestApp::spawn_with_demo().await;
    let manager = app.signed_in("manager@example.org").await;
    manager.post_form("/account/calendar", &[]).await;
    let (_, page) = manager.get_text("/account/calendar").await;
    let start = page.find("/calendar/people/").unwrap();
    let path: String = page[start..].chars().take_while(|c| *c != '<').collect();
    let feed = app.client().get_text(&path).await.1;
    assert!(feed.contains("Municipal Financing"));

    let id = app.user_id("manager@example.org").await;
    let grants = itp_persistence::account::grant_rows(&app.state.db.conn, id)
        .await
        .unwrap();
    let admin = app.signed_in("admin@example.org").await;
    for (grant_id, _) in grants {
        let res = admin
            .post_form(&format!("/admin/users/{id}/grants/{grant_id}/revoke"), &[])
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
    }
    let (status, feed) = app.client().get_text(&path).await;
    assert_eq!(status, StatusCode::OK);
    let summaries: Vec<&str> = feed.lines().filter(|l| l.starts_with("SUMMARY:")).collect();
    assert!(summaries.is_empty(), "no cohorts are left: {summaries:?}");
}
