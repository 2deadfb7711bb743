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

/// Thirty wrong passwords sent at once: the lock holds as if they had come one after another.
/// The attempt is counted before its password is checked, so at most five are ever checked.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_lock_holds_under_thirty_parallel_attempts() {
    let app = TestApp::spawn_with_demo().await;
    let mut ready = Vec::new();
    for _ in 0..30 {
        let client = app.client();
        let token = client.csrf_token().await;
        ready.push((client, token));
    }
    let attempts: Vec<_> = ready
        .into_iter()
        .map(|(client, token)| {
            tokio::spawn(async move {
                client
                    .post_raw(
                        "/login",
                        &[
                            ("email", "finance@example.org"),
                            ("password", "wrong password here"),
                            ("csrf_token", &token),
                        ],
                    )
                    .await
                    .status()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for attempt in attempts {
        statuses.push(attempt.await.unwrap());
    }
    let checked = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!((checked, refused), (5, 25), "{statuses:?}");
    let res = app
        .client()
        .login("finance@example.org", DEMO_PASSWORD)
        .await;
    assert_eq!(
        res.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "the right password must wait for the lock to end"
    );
}

#[tokio::test]
async fn wrong_current_passwords_count_like_failed_sign_ins() {
    let app = TestApp::spawn_with_demo().await;
    let client = app.signed_in("finance@example.org").await;
    for _ in 0..5 {
        let res = client
            .post_form(
                "/account/password",
                &[
                    ("current_password", "not my password"),
                    ("new_password", "a long new passphrase 2026"),
                    ("confirm", "a long new passphrase 2026"),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let res = client
        .post_form(
            "/account/password",
            &[
                ("current_password", DEMO_PASSWORD),
                ("new_password", "a long new passphrase 2026"),
                ("confirm", "a long new passphrase 2026"),
            ],
        )
        .await;
    let body = res.text().await.unwrap();
    assert!(
        body.contains("Too many wrong passwords. Try again in 1 minute."),
        "the sixth try is refused even with the right password"
    );
    assert_eq!(
        app.client()
            .login("finance@example.org", DEMO_PASSWORD)
            .await
            .status(),
        StatusCode::TOO_MANY_REQUESTS,
        "the same lock guards signing in"
    );
}
