use itp_tests::{DEMO_PASSWORD, TestApp};
use reqwest::StatusCode;

#[tokio::test]
async fn sign_in_without_token_is_refused_with_a_clear_page() {
    let app = TestApp::spawn_with_demo().await;
    let client = app.client();
    client.get("/login").await;
    let res = client
        .post_raw(
            "/login",
            &[("email", "admin@example.org"), ("password", DEMO_PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let body = res.text().await.unwrap();
    assert!(
        body.contains("The form was not sent from this site or has expired"),
        "{body}"
    );
}

#[tokio::test]
async fn wrong_token_is_refused_and_nothing_changes() {
    let app = TestApp::spawn_with_demo().await;
    let client = app.signed_in("admin@example.org").await;
    let res = client
        .post_raw(
            "/admin/users",
            &[
                ("email", "new.person@example.org"),
                ("role", "finance"),
                ("csrf_token", "not-the-token"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let (_, people) = client.get_text("/admin/users").await;
    assert!(!people.contains("new.person@example.org"));
}

#[tokio::test]
async fn token_of_another_session_is_refused() {
    let app = TestApp::spawn_with_demo().await;
    let attacker = app.signed_in("applicant@example.org").await;
    let stolen = attacker.csrf_token().await;
    let admin = app.signed_in("admin@example.org").await;
    let res = admin
        .post_raw(
            "/admin/users",
            &[
                ("email", "x@example.org"),
                ("role", "finance"),
                ("csrf_token", &stolen),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn request_from_another_site_is_refused_even_with_the_token() {
    let app = TestApp::spawn_with_demo().await;
    let client = app.signed_in("admin@example.org").await;
    let token = client.csrf_token().await;
    for (header, value) in [
        ("origin", "https://evil.example"),
        ("sec-fetch-site", "cross-site"),
    ] {
        let res = client
            .http
            .post(client.url("/logout"))
            .header(header, value)
            .form(&[("csrf_token", token.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{header}: {value}");
    }
    // Still signed in: the forged sign-out did nothing.
    assert_eq!(client.get("/account").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn token_in_header_is_accepted() {
    let app = TestApp::spawn_with_demo().await;
    let client = app.signed_in("admin@example.org").await;
    let token = client.csrf_token().await;
    let res = client
        .http
        .post(client.url("/logout"))
        .header("x-csrf-token", token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}
