//! Every route of the router against every role. The expected table is written out here, apart
//! from the code under test: a route added without a line in this table fails the build's tests.

use itp_tests::{TestApp, TestClient, location};
use itp_web::route_table;
use reqwest::{Method, StatusCode};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Anonymous,
    Admin,
    Manager,
    Reviewer,
    Finance,
    Host,
    Applicant,
}

const EVERYONE: &[Who] = &[
    Who::Anonymous,
    Who::Admin,
    Who::Manager,
    Who::Reviewer,
    Who::Finance,
    Who::Host,
    Who::Applicant,
];
const SIGNED_IN: &[Who] = &[
    Who::Admin,
    Who::Manager,
    Who::Reviewer,
    Who::Finance,
    Who::Host,
    Who::Applicant,
];
const ADMIN: &[Who] = &[Who::Admin];

/// Who may reach each route. Keep it in the users' terms; a new route needs a line here.
fn expected(method: &Method, path: &str) -> Option<&'static [Who]> {
    let m = method.as_str();
    Some(match (m, path) {
        (
            "GET",
            "/healthz" | "/readyz" | "/static/style.css" | "/" | "/login" | "/set-password/{token}",
        ) => EVERYONE,
        ("POST", "/login" | "/logout" | "/set-password/{token}") => EVERYONE,
        ("GET", "/account") | ("POST", "/account/password") => SIGNED_IN,
        ("GET", "/programmes" | "/programmes/{programme_id}") => SIGNED_IN,
        (
            "GET",
            "/admin/users" | "/admin/users/new" | "/admin/users/{user_id}" | "/admin/audit",
        ) => ADMIN,
        (
            "POST",
            "/admin/users"
            | "/admin/users/{user_id}/reset-link"
            | "/admin/users/{user_id}/active"
            | "/admin/users/{user_id}/grants"
            | "/admin/users/{user_id}/grants/{grant_id}/revoke",
        ) => ADMIN,
        ("GET", "/admin/outbox" | "/admin/outbox/{mail_id}") => ADMIN,
        ("POST", "/admin/outbox/{mail_id}/retry" | "/admin/outbox/{mail_id}/release") => ADMIN,
        _ => return None,
    })
}

fn email(who: Who) -> Option<&'static str> {
    Some(match who {
        Who::Anonymous => return None,
        Who::Admin => "admin@example.org",
        Who::Manager => "manager@example.org",
        Who::Reviewer => "reviewer@example.org",
        Who::Finance => "finance@example.org",
        Who::Host => "host@example.org",
        Who::Applicant => "applicant@example.org",
    })
}

/// A concrete path: real records for reading, records that do not exist for writing (so an
/// allowed write changes nothing and answers 404 or a validation error).
fn concrete(path: &str, method: &Method, programme_id: i32, user_id: i32, mail_id: i32) -> String {
    let write = method != Method::GET;
    path.replace("{programme_id}", &programme_id.to_string())
        .replace(
            "{user_id}",
            &if write { 999_999 } else { user_id }.to_string(),
        )
        .replace(
            "{mail_id}",
            &if write { 999_999 } else { mail_id }.to_string(),
        )
        .replace("{grant_id}", "999999")
        .replace("{token}", "no-such-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
}

fn refused(status: StatusCode, location: &str) -> bool {
    status == StatusCode::UNAUTHORIZED
        || status == StatusCode::FORBIDDEN
        || (status == StatusCode::SEE_OTHER && location.starts_with("/login?next="))
}

#[tokio::test]
async fn every_route_has_a_rule_and_every_role_gets_what_the_rule_says() {
    let routes = route_table();
    let missing: Vec<String> = routes
        .iter()
        .filter(|r| expected(&r.method, r.path).is_none())
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert!(
        missing.is_empty(),
        "routes without a line in the authorisation matrix: {missing:?}"
    );

    let app = TestApp::spawn_with_demo().await;
    let programme_id = itp_persistence::programme::find_by_code(&app.state.db.conn, "MF")
        .await
        .unwrap()
        .unwrap()
        .id;
    let user_id = app.user_id("admin@example.org").await;
    let mail_id = itp_persistence::mail::list(
        &app.state.db.conn,
        &itp_persistence::mail::Filter::default(),
        0,
        1,
    )
    .await
    .unwrap()
    .mail[0]
        .id;

    // Sign-out ends the session, so it goes last.
    let mut ordered = routes.clone();
    ordered.sort_by_key(|r| r.path == "/logout");

    let mut failures = Vec::new();
    let mut checked = 0;
    for who in EVERYONE.iter().copied() {
        let client = match email(who) {
            Some(e) => app.signed_in(e).await,
            None => TestClient::new(&app.base_url),
        };
        let token = client.csrf_token().await;
        for route in &ordered {
            let path = concrete(route.path, &route.method, programme_id, user_id, mail_id);
            let res = if route.method == Method::GET {
                client.get(&path).await
            } else {
                client
                    .http
                    .request(route.method.clone(), client.url(&path))
                    .form(&[("csrf_token", token.as_str())])
                    .send()
                    .await
                    .unwrap()
            };
            let status = res.status();
            let loc = location(&res);
            let allowed = expected(&route.method, route.path).unwrap().contains(&who);
            checked += 1;
            if status.is_server_error() {
                failures.push(format!(
                    "{who:?} {} {path}: server error {status}",
                    route.method
                ));
            } else if allowed && refused(status, &loc) {
                failures.push(format!(
                    "{who:?} {} {path}: expected access, got {status} {loc}",
                    route.method
                ));
            } else if !allowed && !refused(status, &loc) {
                failures.push(format!(
                    "{who:?} {} {path}: expected refusal, got {status} {loc}",
                    route.method
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} checks failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked >= routes.len() * EVERYONE.len());
}
