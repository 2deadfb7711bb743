use chrono::Duration;
use itp_tests::{DEMO_PASSWORD, TestApp, location};
use reqwest::StatusCode;

fn session_cookie(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("itp_session="))
        .map(|v| v.split(';').next().unwrap_or_default().to_owned())
}

#[tokio::test]
async fn health_and_readiness_answer_without_signing_in() {
    let app = TestApp::spawn().await;
    let client = app.client();
    assert_eq!(client.get("/healthz").await.status(), StatusCode::OK);
    assert_eq!(client.get("/readyz").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn signing_in_shows_the_six_programmes() {
    let app = TestApp::spawn_with_demo().await;
    let client = app.signed_in("manager@example.org").await;
    let (status, body) = client.get_text("/programmes").await;
    assert_eq!(status, StatusCode::OK);
    for name in [
        "Municipal Financing Supporting Local Development and Local Democracy",
        "Women&#39;s Political Leadership Programme",
        "Leadership in Local Governance",
        "Local Governance with a Rights-Based Approach",
        "Gender Mainstreaming for Local Democracy",
        "Inclusive Local Governance",
    ] {
        assert!(
            body.contains(name) || body.contains(&name.replace("&#39;", "'")),
            "{name} missing"
        );
    }
    assert!(body.contains("Sign out"));
}

#[tokio::test]
async fn anonymous_visitor_is_sent_to_sign_in_and_back_afterwards() {
    let app = TestApp::spawn_with_demo().await;
    let client = app.client();
    let res = client.get("/programmes").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/login?next=/programmes");
    let token = client.csrf_token().await;
    let res = client
        .post_raw(
            "/login",
            &[
                ("email", "admin@example.org"),
                ("password", DEMO_PASSWORD),
                ("next", "/programmes"),
                ("csrf_token", &token),
            ],
        )
        .await;
    assert_eq!(location(&res), "/programmes");
}

#[tokio::test]
async fn session_id_changes_at_sign_in() {
    let app = TestApp::spawn_with_demo().await;
    let client = app.client();
    let res = client.get("/login").await;
    let before =
        session_cookie(&res).expect("the sign-in form starts a session for its CSRF token");
    let res = client.login("finance@example.org", DEMO_PASSWORD).await;
    let after = session_cookie(&res).expect("sign-in sets a new session cookie");
    assert_ne!(before, after);
    // The pre-login session no longer exists on the server.
    let stale = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = stale
        .get(app.path("/account"))
        .header("cookie", &before)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn sign_out_ends_the_session_on_the_server() {
    let app = TestApp::spawn_with_demo().await;
    let client = app.client();
    let res = client.login("admin@example.org", DEMO_PASSWORD).await;
    let cookie = session_cookie(&res).unwrap();
    assert_eq!(client.get("/account").await.status(), StatusCode::OK);
    let res = client.post_form("/logout", &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // Replaying the old cookie (as a thief who copied it would) gets nothing.
    let thief = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = thief
        .get(app.path("/account"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(location(&res).starts_with("/login"));
}

#[tokio::test]
async fn cookie_is_http_only_and_same_site_lax() {
    let app = TestApp::spawn_with_demo().await;
    let res = app.client().login("admin@example.org", DEMO_PASSWORD).await;
    let header = res
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("itp_session="))
        .unwrap()
        .to_owned();
    assert!(header.contains("HttpOnly"));
    assert!(header.contains("SameSite=Lax"));
    // Served over plain HTTP in tests, so not Secure; https base URLs add it (config unit test).
    assert!(!header.contains("Secure"));
}

#[tokio::test]
async fn idle_session_expires() {
    let app = TestApp::spawn_with_demo().await;
    let client = app.signed_in("admin@example.org").await;
    assert_eq!(client.get("/account").await.status(), StatusCode::OK);
    app.clock.advance(Duration::hours(5));
    let res = client.get("/account").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn session_ends_after_absolute_limit_even_when_active() {
    let app = TestApp::spawn_with_demo().await;
    let client = app.signed_in("admin@example.org").await;
    for _ in 0..3 {
        app.clock.advance(Duration::hours(3));
        assert_eq!(client.get("/account").await.status(), StatusCode::OK);
    }
    app.clock.advance(Duration::hours(3));
    assert_eq!(client.get("/account").await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn expired_sessions_are_purged_by_the_scheduled_job() {
    let app = TestApp::spawn_with_demo().await;
    let _client = app.signed_in("admin@example.org").await;
    app.clock.advance(Duration::hours(13));
    let detail = itp_web::jobs::run_once(&app.state, &itp_web::jobs::PurgeExpired)
        .await
        .unwrap()
        .to_string();
    assert!(detail.starts_with("deleted 1 sessions"), "{detail}");
}

/// `next` may only lead to a path on this site: a tab or newline inside it (which browsers drop
/// or choke on), a backslash or another origin sends the person to the start page instead, and
/// never causes a server error.
#[tokio::test]
async fn next_never_leads_off_the_site_nor_breaks_the_redirect() {
    let app = TestApp::spawn_with_demo().await;
    let signed_in = app.signed_in("manager@example.org").await;
    for next in [
        "%2F%09%2Fevil.example",
        "%2F%0a",
        "%2F%5Cevil.example",
        "%2F%2Fevil.example",
        "https%3A%2F%2Fevil.example",
    ] {
        let res = signed_in.get(&format!("/login?next={next}")).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{next}");
        assert_eq!(location(&res), "/", "{next}");
    }
    let res = signed_in.get("/login?next=%2Fcalls%3Fopen%3D1").await;
    assert_eq!(location(&res), "/calls?open=1");

    let client = app.client();
    let res = client
        .post_form(
            "/login",
            &[
                ("email", "manager@example.org"),
                ("password", DEMO_PASSWORD),
                ("next", "/\t/evil.example"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/");
}

/// Nothing personal may be kept by a browser or proxy: every signed-in page and every download
/// says `no-store` (the outbox message, an application, the applications CSV, the people list,
/// the calendar page), the style sheet stays cacheable.
#[tokio::test]
async fn signed_in_pages_and_downloads_are_never_stored() {
    let app = TestApp::spawn_with_demo().await;
    let admin = app.signed_in("admin@example.org").await;
    let manager = app.signed_in("manager@example.org").await;
    let call = crate::application::open_call(&app, "MF").await;
    let cache = |res: &reqwest::Response| {
        res.headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    };
    for path in [
        "/admin/users",
        "/admin/outbox",
        "/account/calendar",
        "/account",
    ] {
        let res = admin.get(path).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(cache(&res), "no-store", "{path}");
    }
    let csv = manager
        .get(&format!("/cohorts/{call}/applications.csv"))
        .await;
    assert_eq!(csv.status(), StatusCode::OK);
    assert_eq!(cache(&csv), "no-store");
    let res = manager.get(&format!("/cohorts/{call}/timeline.svg")).await;
    assert_eq!(cache(&res), "no-store");
    let style = manager.get("/static/style.css").await;
    assert!(cache(&style).starts_with("public"));
}

/// Served over HTTPS, HSTS covers the subdomains too.
#[tokio::test]
async fn hsts_includes_subdomains() {
    let app = TestApp::spawn_with(itp_tests::Options {
        base_url: Some("https://itp.example.org".to_owned()),
        ..Default::default()
    })
    .await;
    let res = app.client().get("/healthz").await;
    assert_eq!(
        res.headers().get("strict-transport-security").unwrap(),
        "max-age=31536000; includeSubDomains"
    );
}
