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
/// Rate tables, programme policies, approving and paying statements.
const FINANCE: &[Who] = &[Who::Admin, Who::Finance];
/// Statements: finance sees all, a manager those of their programmes' cohorts.
const STATEMENT_READERS: &[Who] = &[Who::Admin, Who::Manager, Who::Finance];
/// Preparing draft statements for a cohort.
const PREPARERS: &[Who] = &[Who::Admin, Who::Manager];

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
        (
            "GET",
            "/per-diem/rates"
            | "/per-diem/rates/foreign/{year}"
            | "/per-diem/rates/import"
            | "/per-diem/rates/import/{upload_id}"
            | "/per-diem/policies"
            | "/per-diem/policies/new"
            | "/per-diem/policies/{policy_id}"
            | "/per-diem/policies/{policy_id}/versions/new",
        ) => FINANCE,
        (
            "POST",
            "/per-diem/rates/domestic"
            | "/per-diem/rates/import"
            | "/per-diem/rates/import/{upload_id}/apply"
            | "/per-diem/policies"
            | "/per-diem/policies/{policy_id}/versions"
            | "/per-diem/statements/{statement_id}/approve"
            | "/per-diem/statements/{statement_id}/paid"
            | "/per-diem/statements/{statement_id}/reopen",
        ) => FINANCE,
        ("GET", "/per-diem/statements" | "/per-diem/statements/{statement_id}") => {
            STATEMENT_READERS
        }
        ("GET", "/per-diem/statements/new" | "/per-diem/statements/{statement_id}/edit") => {
            PREPARERS
        }
        (
            "POST",
            "/per-diem/statements"
            | "/per-diem/statements/{statement_id}"
            | "/per-diem/statements/{statement_id}/recompute",
        ) => PREPARERS,
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

/// Real records of the demo data that the paths name.
struct Records {
    programme_id: i32,
    user_id: i32,
    /// A draft statement of a cohort the demo manager manages.
    statement_id: i32,
    policy_id: i32,
}

/// A concrete path: real records for reading, records that do not exist for writing (so an
/// allowed write changes nothing and answers 404 or a validation error).
fn concrete(path: &str, method: &Method, r: &Records) -> String {
    let write = method != Method::GET;
    let real_or_none = |id: i32| if write { 999_999 } else { id }.to_string();
    path.replace("{programme_id}", &r.programme_id.to_string())
        .replace("{user_id}", &real_or_none(r.user_id))
        .replace("{grant_id}", "999999")
        .replace("{token}", "no-such-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
        .replace("{statement_id}", &real_or_none(r.statement_id))
        .replace("{policy_id}", &real_or_none(r.policy_id))
        .replace("{upload_id}", "999999")
        .replace("{year}", "2024")
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
    let conn = &app.state.db.conn;
    let records = Records {
        programme_id,
        user_id: app.user_id("admin@example.org").await,
        statement_id: itp_persistence::per_diem::statements::list(
            conn,
            None,
            Some(itp_domain::per_diem::StatementState::Draft),
        )
        .await
        .unwrap()[0]
            .id,
        policy_id: itp_persistence::per_diem::policies::find_by_code(conn, "ICLD")
            .await
            .unwrap()
            .unwrap()
            .id,
    };

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
            let path = concrete(route.path, &route.method, &records);
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
