use itp_tests::TestApp;
use reqwest::StatusCode;

#[tokio::test]
async fn programme_page_shows_catalogue_facts_and_cohorts() {
    let app = TestApp::spawn_with_demo().await;
    let id = itp_persistence::programme::find_by_code(&app.state.db.conn, "RBA")
        .await
        .unwrap()
        .unwrap()
        .id;
    let client = app.signed_in("reviewer@example.org").await;
    let (status, body) = client.get_text(&format!("/programmes/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Local Governance with a Rights-Based Approach"));
    assert!(
        body.contains("Kosovo (XK)"),
        "countries are shown with names"
    );
    assert!(body.contains("Civil-society representative"));
    assert!(
        body.contains("Call open"),
        "cohorts are listed with their status"
    );
}

#[tokio::test]
async fn unknown_programme_is_a_404() {
    let app = TestApp::spawn_with_demo().await;
    let client = app.signed_in("admin@example.org").await;
    assert_eq!(
        client.get("/programmes/424242").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        client.get("/programmes/not-a-number").await.status(),
        StatusCode::BAD_REQUEST
    );
}
