use chrono::Duration;
use itp_tests::{DEMO_PASSWORD, TestApp};
use reqwest::StatusCode;

#[tokio::test]
async fn sixth_attempt_is_refused_even_with_the_right_password_until_the_lock_ends() {
    let app = TestApp::spawn_with_demo().await;
    let client = app.client();
    for _ in 0..5 {
        let res = client
            .login("finance@example.org", "wrong password here")
            .await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    let res = client.login("finance@example.org", DEMO_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(res.headers().get("retry-after").unwrap(), "60");
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Too many failed attempts")
    );

    app.clock.advance(Duration::seconds(61));
    let res = client.login("finance@example.org", DEMO_PASSWORD).await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "the lock has ended and the password is right"
    );
}

#[tokio::test]
async fn lock_doubles_after_a_further_failure() {
    let app = TestApp::spawn_with_demo().await;
    let client = app.client();
    for _ in 0..5 {
        client
            .login("finance@example.org", "wrong password here")
            .await;
    }
    app.clock.advance(Duration::seconds(61));
    assert_eq!(
        client
            .login("finance@example.org", "still the wrong one")
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let res = client.login("finance@example.org", DEMO_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(res.headers().get("retry-after").unwrap(), "120");
}

#[tokio::test]
async fn success_resets_the_count() {
    let app = TestApp::spawn_with_demo().await;
    let client = app.client();
    for _ in 0..4 {
        client
            .login("finance@example.org", "wrong password here")
            .await;
    }
    assert_eq!(
        client
            .login("finance@example.org", DEMO_PASSWORD)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    let other = app.client();
    for _ in 0..4 {
        assert_eq!(
            other
                .login("finance@example.org", "wrong password here")
                .await
                .status(),
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        other
            .login("finance@example.org", DEMO_PASSWORD)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn unknown_address_gets_the_same_answer_and_the_same_throttle() {
    let app = TestApp::spawn_with_demo().await;
    let client = app.client();
    let known = client
        .login("finance@example.org", "wrong password here")
        .await;
    let known_status = known.status();
    let known_body = known.text().await.unwrap();
    let unknown = client
        .login("nobody@example.org", "wrong password here")
        .await;
    assert_eq!(unknown.status(), known_status);
    let unknown_body = unknown.text().await.unwrap();
    let message = "The e-mail address or the password is wrong.";
    assert!(known_body.contains(message) && unknown_body.contains(message));
    for _ in 0..4 {
        client
            .login("nobody@example.org", "wrong password here")
            .await;
    }
    assert_eq!(
        client
            .login("nobody@example.org", "anything at all")
            .await
            .status(),
        StatusCode::TOO_MANY_REQUESTS
    );
}
