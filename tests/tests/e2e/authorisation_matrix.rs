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
const APPLICANT: &[Who] = &[Who::Admin, Who::Applicant];
const COHORT_STAFF: &[Who] = &[Who::Admin, Who::Manager, Who::Reviewer];
const COHORT_MANAGERS: &[Who] = &[Who::Admin, Who::Manager];

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
        ("GET", "/calls" | "/calls/{cohort_id}") => EVERYONE,
        ("POST", "/calls/{cohort_id}/apply") => APPLICANT,
        ("GET", "/my/applications" | "/applications/{application_id}/edit/{step}") => APPLICANT,
        (
            "POST",
            "/applications/{application_id}/edit/{step}"
            | "/applications/{application_id}/documents"
            | "/applications/{application_id}/documents/{document_id}/delete"
            | "/applications/{application_id}/submit"
            | "/applications/{application_id}/withdraw",
        ) => APPLICANT,
        // The demo applicant's submitted application in the MF call: its owner, and staff of
        // that cohort.
        ("GET", "/applications/{application_id}") => {
            &[Who::Admin, Who::Manager, Who::Reviewer, Who::Applicant]
        }
        // Its medical statement: never reviewers or hosts.
        ("GET", "/applications/{application_id}/documents/{document_id}") => {
            &[Who::Admin, Who::Manager, Who::Applicant]
        }
        ("GET", "/cohorts/{cohort_id}/applications" | "/cohorts/{cohort_id}/applications.csv") => {
            COHORT_STAFF
        }
        (
            "POST",
            "/applications/{application_id}/checks/{check}/override"
            | "/applications/{application_id}/checks/{check}/remove-override",
        ) => COHORT_MANAGERS,
        (
            "GET",
            "/cohorts/{cohort_id}/applications/import"
            | "/cohorts/{cohort_id}/applications/import/template.csv"
            | "/cohorts/{cohort_id}/applications/import/{import_id}",
        ) => COHORT_MANAGERS,
        ("POST", "/cohorts/{cohort_id}/applications/import") => COHORT_MANAGERS,
        _ => return None,
    })
}

/// The records the matrix reads: real ones from the demo data.
struct Ids {
    programme_id: i32,
    user_id: i32,
    cohort_id: i32,
    application_id: i32,
    document_id: i32,
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
fn concrete(path: &str, method: &Method, ids: &Ids) -> String {
    let write = method != Method::GET;
    let id = |real: i32| {
        if write {
            "999999".to_owned()
        } else {
            real.to_string()
        }
    };
    path.replace("{programme_id}", &ids.programme_id.to_string())
        .replace("{user_id}", &id(ids.user_id))
        .replace("{cohort_id}", &id(ids.cohort_id))
        .replace("{application_id}", &id(ids.application_id))
        .replace("{document_id}", &id(ids.document_id))
        .replace("{grant_id}", "999999")
        .replace("{import_id}", "999999")
        .replace("{step}", "organisation")
        .replace("{check}", "returning")
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
    let conn = &app.state.db.conn;
    let programme_id = itp_persistence::programme::find_by_code(conn, "MF")
        .await
        .unwrap()
        .unwrap()
        .id;
    let cohort_id = itp_persistence::programme::cohorts_of(conn, programme_id)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.status == "call_open")
        .unwrap()
        .id;
    let applicant = app.user_id("applicant@example.org").await;
    let application_id = itp_persistence::application::for_applicant(conn, applicant)
        .await
        .unwrap()
        .into_iter()
        .find(|(a, _)| a.cohort_id == cohort_id)
        .unwrap()
        .0
        .id;
    let document_id = itp_persistence::application::documents::of_application(conn, application_id)
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.kind == "medical_statement")
        .unwrap()
        .id;
    let ids = Ids {
        programme_id,
        user_id: app.user_id("admin@example.org").await,
        cohort_id,
        application_id,
        document_id,
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
            let path = concrete(route.path, &route.method, &ids);
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
