//! The selection board: the demo cohort's reviewed teams ranked, the proposal within the seats
//! and quotas with each team's place explained, calibration switchable; managers only.

use itp_tests::TestApp;
use reqwest::StatusCode;

use crate::application::open_call;

#[tokio::test]
async fn the_board_ranks_the_reviewed_teams_and_explains_the_proposal() {
    let app = TestApp::spawn_with_demo().await;
    let cohort = open_call(&app, "MF").await;
    let candidates = itp_persistence::review::candidates(&app.state.db.conn, cohort)
        .await
        .unwrap();
    let manager = app.signed_in("manager@example.org").await;
    let (status, body) = manager
        .get_text(&format!("/cohorts/{cohort}/selection"))
        .await;
    assert_eq!(status, StatusCode::OK);
    // Every eligible team has the harsh reviewer's submitted review, so every one is ranked.
    assert!(
        body.contains(&format!("{} ranked teams from", candidates.len())),
        "{body}"
    );
    let placed = body.matches("<td>Proposed").count()
        + body.matches("<td>Reserve ").count()
        + body.matches("<td>Blocked").count();
    assert_eq!(placed, candidates.len(), "every ranked team has its place");
    assert!(body.contains("<td>Proposed"));
    assert!(body.contains("seats; "));
    assert!(body.contains("At most N teams per country"));
    assert!(body.contains("hard"));

    let (status, calibrated) = manager
        .get_text(&format!(
            "/cohorts/{cohort}/selection?calibrate=1&aggregation=median"
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(calibrated.contains("median of each team's reviews, calibrated per reviewer"));
    // Odd query values fall back to the defaults rather than failing.
    let (status, _) = manager
        .get_text(&format!(
            "/cohorts/{cohort}/selection?calibrate=%00&aggregation=mode"
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, dashboard) = manager.get_text(&format!("/cohorts/{cohort}")).await;
    assert!(dashboard.contains(&format!("/cohorts/{cohort}/selection")));
}

#[tokio::test]
async fn only_the_programmes_managers_open_the_board() {
    let app = TestApp::spawn_with_demo().await;
    let cohort = open_call(&app, "MF").await;
    let path = format!("/cohorts/{cohort}/selection");
    for who in [
        "reviewer@example.org",
        "finance@example.org",
        "host@example.org",
    ] {
        let client = app.signed_in(who).await;
        assert_eq!(
            client.get(&path).await.status(),
            StatusCode::FORBIDDEN,
            "{who}"
        );
    }
    let wpl = open_call(&app, "WPL").await;
    let manager = app.signed_in("manager@example.org").await;
    assert_eq!(
        manager
            .get(&format!("/cohorts/{wpl}/selection"))
            .await
            .status(),
        StatusCode::FORBIDDEN,
        "not a programme of theirs"
    );
}

#[tokio::test]
async fn the_scores_download_has_every_submitted_review_with_its_application_s_place() {
    let app = TestApp::spawn_with_demo().await;
    let cohort = open_call(&app, "MF").await;
    let manager = app.signed_in("manager@example.org").await;
    let res = manager
        .get(&format!(
            "/cohorts/{cohort}/selection/scores.csv?calibrate=1&aggregation=mean"
        ))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = res.bytes().await.unwrap();
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "Excel's BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some(
            "application_id;reference;organisation;country;reviewer_id;review_total;review_value;team_score;rank;proposal"
        )
    );
    let rows: Vec<&str> = lines.collect();
    // The demo: the harsh reviewer submitted every review, the demo reviewer three.
    let candidates = itp_persistence::review::candidates(&app.state.db.conn, cohort)
        .await
        .unwrap();
    assert_eq!(rows.len(), candidates.len() + 3, "{text}");
    assert!(
        rows.iter()
            .all(|r| r.contains(";Proposed") || r.contains(";Reserve "))
    );
    let (_, board) = manager
        .get_text(&format!("/cohorts/{cohort}/selection"))
        .await;
    assert!(board.contains(&format!("/cohorts/{cohort}/selection/scores.csv?")));
}
