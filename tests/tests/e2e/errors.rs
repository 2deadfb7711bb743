use itp_tests::TestApp;
use reqwest::StatusCode;

#[tokio::test]
async fn unknown_page_gets_an_html_404_in_the_layout() {
    let app = TestApp::spawn().await;
    let res = app.client().get("/no/such/page").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let body = res.text().await.unwrap();
    assert!(body.contains("Page not found") && body.contains("ITP Admin"));
}

#[tokio::test]
async fn api_errors_are_json() {
    let app = TestApp::spawn().await;
    let res = app.client().get("/api/nothing-here").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], 404);
    assert!(body["error"].as_str().unwrap().contains("does not exist"));
}

#[tokio::test]
async fn wrong_method_gets_a_readable_page() {
    let app = TestApp::spawn().await;
    let client = app.client();
    let res = client
        .http
        .delete(client.url("/healthz"))
        .send()
        .await
        .unwrap();
    // Refused by CSRF (a state-changing method without a session) or as a wrong method; never a 5xx.
    assert!(res.status().is_client_error(), "{}", res.status());
    assert!(res.text().await.unwrap().contains("<html"));
}

#[tokio::test]
async fn every_response_carries_security_headers_and_a_request_id() {
    let app = TestApp::spawn().await;
    let res = app.client().get("/login").await;
    let h = res.headers();
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["x-frame-options"], "DENY");
    assert!(
        h["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("default-src 'self'")
    );
    assert!(!h["x-request-id"].is_empty());
}

#[tokio::test]
async fn unreadable_form_body_is_a_clear_4xx() {
    let app = TestApp::spawn().await;
    let client = app.client();
    let token = client.csrf_token().await;
    let res = client
        .http
        .post(client.url("/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-csrf-token", token)
        .body(vec![0xff, 0xfe, b'=', 0xfd])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_client_error(), "{}", res.status());
}
