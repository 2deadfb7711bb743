//! Every route of the router against every role. The expected table is written out here, apart
//! from the code under test: a route added without a line in this table fails the build's tests.

use itp_domain::Code;
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
/// ICLD's own people: the catalogue, programme pages, and the dashboard of a cohort that is
/// theirs (the probed cohort is in the manager's programme and is the reviewer's).
const STAFF: &[Who] = &[Who::Admin, Who::Manager, Who::Reviewer, Who::Finance];
const ADMIN: &[Who] = &[Who::Admin];
const APPLICANT: &[Who] = &[Who::Admin, Who::Applicant];
const COHORT_MANAGERS: &[Who] = &[Who::Admin, Who::Manager];
/// Administrators, and the manager of the programme the probed record belongs to (MF).
const PLANNERS: &[Who] = &[Who::Admin, Who::Manager];
/// Rate tables, programme policies, approving and paying statements.
const FINANCE: &[Who] = &[Who::Admin, Who::Finance];
/// Statements: finance sees all, a manager those of their programmes' cohorts.
const STATEMENT_READERS: &[Who] = &[Who::Admin, Who::Manager, Who::Finance];
/// A review: the reviewer it is assigned to (the demo reviewer's first review).
const REVIEWER: &[Who] = &[Who::Admin, Who::Reviewer];
/// Preparing draft statements for a cohort.
const PREPARERS: &[Who] = &[Who::Admin, Who::Manager];
/// Approving hosts' offers: managers of any programme.
const HOST_APPROVERS: &[Who] = &[Who::Admin, Who::Manager];
/// The demo host's own pages (Gotland).
const HOST: &[Who] = &[Who::Admin, Who::Host];
/// A study visit to the demo host, of a cohort of the demo manager's programme.
const VISIT_SIDES: &[Who] = &[Who::Admin, Who::Manager, Who::Host];

/// Who may reach each route. Keep it in the users' terms; a new route needs a line here.
fn expected(method: &Method, path: &str) -> Option<&'static [Who]> {
    let m = method.as_str();
    Some(match (m, path) {
        (
            "GET",
            "/healthz"
            | "/readyz"
            | "/static/style.css"
            | "/static/page.js"
            | "/"
            | "/login"
            | "/set-password/{token}",
        ) => EVERYONE,
        ("POST", "/login" | "/logout" | "/set-password/{token}") => EVERYONE,
        ("GET", "/account") | ("POST", "/account/password") => SIGNED_IN,
        ("GET", "/programmes" | "/programmes/{programme_id}") => STAFF,
        (
            "GET",
            "/programmes/overview" | "/cohorts/{cohort_id}" | "/cohorts/{cohort_id}/timeline.svg",
        ) => STAFF,
        ("GET", "/programmes/new") | ("POST", "/programmes") => ADMIN,
        ("POST", "/programmes/{programme_id}/archive" | "/programmes/{programme_id}/unarchive") => {
            ADMIN
        }
        (
            "GET",
            "/programmes/{programme_id}/edit"
            | "/programmes/{programme_id}/cohorts/new"
            | "/cohorts/{cohort_id}/edit"
            | "/cohorts/{cohort_id}/clone"
            | "/cohorts/{cohort_id}/phases/new"
            | "/cohorts/{cohort_id}/phases/{phase_id}/edit",
        ) => PLANNERS,
        (
            "POST",
            "/programmes/{programme_id}"
            | "/programmes/{programme_id}/cohorts"
            | "/cohorts/{cohort_id}"
            | "/cohorts/{cohort_id}/status"
            | "/cohorts/{cohort_id}/clone"
            | "/cohorts/{cohort_id}/calendar-token"
            | "/cohorts/{cohort_id}/phases"
            | "/cohorts/{cohort_id}/phases/{phase_id}"
            | "/cohorts/{cohort_id}/phases/{phase_id}/delete",
        ) => PLANNERS,
        // The token in the address is the credential; a wrong one is a 404 for everyone.
        ("GET", "/calendar/cohorts/{token}" | "/calendar/people/{token}") => EVERYONE,
        ("GET" | "POST", "/account/calendar") => SIGNED_IN,
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
        ("GET" | "POST", "/register" | "/forgot-password") => EVERYONE,
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
        // The demo applicant's submitted application in the MF call: its owner, and the
        // programme's managers. A reviewer reads an assigned application on the review page.
        ("GET", "/applications/{application_id}") => &[Who::Admin, Who::Manager, Who::Applicant],
        // Its medical statement: never reviewers or hosts.
        ("GET", "/applications/{application_id}/documents/{document_id}") => {
            &[Who::Admin, Who::Manager, Who::Applicant]
        }
        ("GET", "/cohorts/{cohort_id}/applications" | "/cohorts/{cohort_id}/applications.csv") => {
            COHORT_MANAGERS
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
        ("GET", "/per-diem/statements.csv") => STATEMENT_READERS,
        // Every signed-in person's own statements (the probed statement names no traveller,
        // so its page stays with staff).
        ("GET", "/per-diem/my-statements") => SIGNED_IN,
        ("GET", "/per-diem/statements/new" | "/per-diem/statements/{statement_id}/edit") => {
            PREPARERS
        }
        (
            "POST",
            "/per-diem/statements"
            | "/per-diem/statements/{statement_id}"
            | "/per-diem/statements/{statement_id}/recompute",
        ) => PREPARERS,
        ("GET", "/reviews" | "/reviews/{review_id}") => REVIEWER,
        ("POST", "/reviews/{review_id}" | "/reviews/{review_id}/conflict") => REVIEWER,
        (
            "GET",
            "/cohorts/{cohort_id}/reviews"
            | "/cohorts/{cohort_id}/selection"
            | "/cohorts/{cohort_id}/selection/scores.csv",
        ) => COHORT_MANAGERS,
        (
            "POST",
            "/cohorts/{cohort_id}/reviews/assign" | "/cohorts/{cohort_id}/reviews/settings",
        ) => COHORT_MANAGERS,
        (
            "GET",
            "/cohorts/{cohort_id}/selection/quotas" | "/cohorts/{cohort_id}/selection/apply",
        ) => COHORT_MANAGERS,
        (
            "POST",
            "/cohorts/{cohort_id}/selection/quotas"
            | "/cohorts/{cohort_id}/selection/decisions"
            | "/cohorts/{cohort_id}/selection/adopt"
            | "/cohorts/{cohort_id}/selection/apply",
        ) => COHORT_MANAGERS,
        (
            "POST",
            "/cohorts/{cohort_id}/reviews/assignments"
            | "/cohorts/{cohort_id}/reviews/unassign"
            | "/cohorts/{cohort_id}/reviews/remind",
        ) => COHORT_MANAGERS,
        // Aggregate numbers, on the cohort's dashboard: the cohort's staff.
        ("GET", "/cohorts/{cohort_id}/selection/funnel") => STAFF,
        // The team's confirmation link: the token is the credential; a wrong one is a 404.
        ("GET" | "POST", "/selection/offers/{token}") => EVERYONE,
        // Hosts: the public offer, its approval, the host's own pages, the study visits.
        ("GET" | "POST", "/host-a-study-visit") => EVERYONE,
        ("GET", "/host-a-study-visit/thanks" | "/language/{lang}") => EVERYONE,
        ("GET", "/calendar/hosts/{token}") => EVERYONE,
        ("GET", "/hosts" | "/hosts/{host_id}") | ("POST", "/hosts/{host_id}/decision") => {
            HOST_APPROVERS
        }
        ("POST", "/hosts/{host_id}/people") => VISIT_SIDES,
        ("GET" | "POST", "/cohorts/{cohort_id}/matching") => COHORT_MANAGERS,
        ("GET", "/hosting") | ("POST", "/hosting/{host_id}/calendar") => HOST,
        ("GET", "/study-visits/{visit_id}") | ("POST", "/study-visits/{visit_id}/steps") => {
            VISIT_SIDES
        }
        (
            "POST",
            "/study-visits/{visit_id}/agenda"
            | "/study-visits/{visit_id}/logistics"
            | "/study-visits/{visit_id}/report",
        ) => HOST,
        (
            "GET",
            "/budgets"
            | "/budgets/exchange-rates"
            | "/cohorts/{cohort_id}/budget"
            | "/cohorts/{cohort_id}/budget/lines/{category}"
            | "/cohorts/{cohort_id}/budget/costs",
        ) => STATEMENT_READERS,
        (
            "POST",
            "/cohorts/{cohort_id}/budget/lines/{category}"
            | "/cohorts/{cohort_id}/budget/costs"
            | "/cohorts/{cohort_id}/budget/costs/{item_id}/paid",
        ) => STATEMENT_READERS,
        (
            "POST",
            "/budgets/exchange-rates"
            | "/budgets/exchange-rates/import"
            | "/cohorts/{cohort_id}/budget/lines/{category}/control",
        ) => FINANCE,
        ("GET", "/admin/outbox" | "/admin/outbox/{mail_id}") => ADMIN,
        ("POST", "/admin/outbox/{mail_id}/retry" | "/admin/outbox/{mail_id}/release") => ADMIN,
        (
            "POST",
            "/admin/outbox/{mail_id}/edit"
            | "/admin/outbox/{mail_id}/discard"
            | "/admin/outbox/release-all",
        ) => ADMIN,
        ("GET", "/admin/jobs") | ("POST", "/admin/jobs/{job}/run") => ADMIN,
        // Participants: the cohort's managers (its programme's); needs are special-category data.
        (
            "GET",
            "/cohorts/{cohort_id}/participants"
            | "/cohorts/{cohort_id}/certificates"
            | "/participants/{participant_id}"
            | "/participants/{participant_id}/needs"
            | "/participants/{participant_id}/certificate"
            | "/participants/{participant_id}/phases/{phase_id}/invitation"
            | "/cohorts/{cohort_id}/phases/{phase_id}/rooming"
            | "/cohorts/{cohort_id}/phases/{phase_id}/rooming.csv"
            | "/cohorts/{cohort_id}/phases/{phase_id}/travel"
            | "/cohorts/{cohort_id}/phases/{phase_id}/travel.csv",
        ) => COHORT_MANAGERS,
        (
            "POST",
            "/cohorts/{cohort_id}/participants/from-confirmed"
            | "/participants/{participant_id}/attendance"
            | "/participants/{participant_id}/legs"
            | "/participants/{participant_id}/legs/{leg_id}/delete"
            | "/participants/{participant_id}/stays"
            | "/participants/{participant_id}/stays/{stay_id}/delete"
            | "/participants/{participant_id}/visa"
            | "/participants/{participant_id}/insurance"
            | "/participants/{participant_id}/needs"
            | "/participants/{participant_id}/certificate"
            | "/participants/{participant_id}/phases/{phase_id}/per-diem"
            | "/cohorts/{cohort_id}/phases/{phase_id}/meals",
        ) => COHORT_MANAGERS,
        ("GET" | "POST", "/programmes/{programme_id}/letters") => PLANNERS,
        // Finance reports: finance everywhere, managers for their own programmes.
        (
            "GET",
            "/exports"
            | "/exports/{report}"
            | "/exports/{report}/download"
            | "/exports/{report}/dictionary",
        ) => STATEMENT_READERS,
        ("GET" | "POST", "/exports/ledger-accounts/{account_category}")
        | ("GET", "/exports/ledger-accounts") => FINANCE,
        // A programme's mail texts: its managers (the probed manager's own programme is the
        // default); the texts for every programme: administrators.
        ("GET", "/mail-templates" | "/mail-templates/{kind}") => PLANNERS,
        (
            "POST",
            "/mail-templates/{kind}"
            | "/mail-templates/{kind}/preview"
            | "/mail-templates/{kind}/test"
            | "/mail-templates/{kind}/reset",
        ) => PLANNERS,
        ("GET", "/privacy") => EVERYONE,
        ("GET", "/admin/retention")
        | ("POST", "/admin/retention/export" | "/admin/retention/erase") => ADMIN,
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
fn concrete(path: &str, method: &Method, ids: &Ids) -> String {
    let write = method != Method::GET;
    let id = |real: i32| if write { 999_999 } else { real }.to_string();
    path.replace("{programme_id}", &id(ids.programme))
        .replace("{cohort_id}", &id(ids.cohort))
        .replace("{phase_id}", &id(ids.phase))
        .replace("{user_id}", &id(ids.user))
        .replace("{application_id}", &id(ids.application))
        .replace("{document_id}", &id(ids.document))
        .replace("{statement_id}", &id(ids.statement))
        .replace("{policy_id}", &id(ids.policy))
        .replace("{upload_id}", "999999")
        .replace("{year}", "2024")
        .replace("{mail_id}", &id(ids.mail))
        .replace("{review_id}", &id(ids.review))
        .replace("{host_id}", &id(ids.host))
        .replace("{visit_id}", &id(ids.visit))
        .replace("{participant_id}", &id(ids.participant))
        .replace("{leg_id}", "999999")
        .replace("{stay_id}", "999999")
        .replace("{lang}", "sv")
        .replace("{grant_id}", "999999")
        .replace("{import_id}", "999999")
        .replace("{step}", "organisation")
        .replace("{check}", "returning")
        .replace("{token}", "no-such-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
        .replace("{job}", "no_such_job")
        .replace("{report}", "per-diem")
        .replace(
            "{account_category}",
            if write {
                "no_such_category"
            } else {
                "per_diem_abroad"
            },
        )
        .replace(
            "{kind}",
            if write {
                "no.such_kind"
            } else {
                "selection.selected"
            },
        )
        .replace("{category}", "visas")
        .replace("{item_id}", "999999")
}

/// Real records for the read routes: the MF programme, its cohort with the open call (which the
/// demo reviewer reviews) and that cohort's first phase.
struct Ids {
    programme: i32,
    cohort: i32,
    phase: i32,
    user: i32,
    application: i32,
    document: i32,
    /// A draft per-diem statement of a cohort the demo manager manages.
    statement: i32,
    policy: i32,
    /// The newest message in the outbox.
    mail: i32,
    /// The demo reviewer's first review.
    review: i32,
    /// The demo host's record (Gotland) and its accepted visit.
    host: i32,
    visit: i32,
    /// A participant of that cohort: a member of the demo's confirmed team.
    participant: i32,
}

/// The demo host (Gotland) and its visit in `state`.
async fn demo_host_visit(app: &TestApp, state: itp_domain::hosts::VisitState) -> (i32, i32) {
    let conn = &app.state.db.conn;
    let host = itp_persistence::hosts::list(conn)
        .await
        .unwrap()
        .into_iter()
        .find(|h| h.municipality.code == "0980")
        .expect("the demo host Gotland");
    let visit = itp_persistence::hosts::visits::of_host(conn, host.id)
        .await
        .unwrap()
        .into_iter()
        .find(|v| v.state == state)
        .expect("a demo visit to Gotland in that state");
    (host.id, visit.id)
}

/// A refusal: 401, 403 or a redirect to sign in. (A refused role may also get 404, for a record
/// it may not even know exists: a draft to a manager, any application to finance or a host.)
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
    let user_id = app.user_id("admin@example.org").await;
    let conn = &app.state.db.conn;
    let cohort = itp_persistence::cohort::of_programme(conn, programme_id)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.status == itp_domain::cohort::CohortStatus::CallOpen)
        .expect("the MF cohort with an open call");
    let phase = itp_persistence::phase::of_cohort(conn, cohort.id)
        .await
        .unwrap()
        .first()
        .expect("demo cohorts have phases")
        .id;
    let applicant = app.user_id("applicant@example.org").await;
    let application_id = itp_persistence::application::for_applicant(conn, applicant)
        .await
        .unwrap()
        .into_iter()
        .find(|(a, _)| a.cohort_id == cohort.id)
        .expect("the demo applicant's application in the MF call")
        .0
        .id;
    let document_id = itp_persistence::application::documents::of_application(conn, application_id)
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.kind.code() == "medical_statement")
        .expect("its medical statement")
        .id;
    let mail_id =
        itp_persistence::mail::list(conn, &itp_persistence::mail::Filter::default(), 0, 1)
            .await
            .unwrap()
            .mail[0]
            .id;
    let reviewer = app.user_id("reviewer@example.org").await;
    let review_id = itp_persistence::review::of_reviewer(conn, reviewer)
        .await
        .unwrap()
        .first()
        .expect("the demo reviewer has reviews")
        .id;
    let (host, visit) = demo_host_visit(&app, itp_domain::hosts::VisitState::Accepted).await;
    let participant = itp_persistence::participants::of_cohort(conn, cohort.id)
        .await
        .unwrap()
        .first()
        .expect("the demo's confirmed team are participants")
        .id;
    let ids = Ids {
        participant,
        host,
        visit,
        review: review_id,
        mail: mail_id,
        programme: programme_id,
        cohort: cohort.id,
        phase,
        user: user_id,
        application: application_id,
        document: document_id,
        statement: itp_persistence::per_diem::statements::list(
            conn,
            None,
            Some(itp_domain::per_diem::StatementState::Draft),
        )
        .await
        .unwrap()[0]
            .id,
        policy: itp_persistence::per_diem::policies::find_by_code(conn, "ICLD")
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
            } else if !allowed && !refused(status, &loc) && status != StatusCode::NOT_FOUND {
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

/// A host's people never learn that another host's records exist: the Gotland (Visby) host
/// asking for Örebro's visit, record or calendar gets 404, for reads and writes alike.
#[tokio::test]
async fn a_host_asking_for_another_hosts_records_gets_404() {
    let app = TestApp::spawn_with_demo().await;
    let conn = &app.state.db.conn;
    let orebro = itp_persistence::hosts::list(conn)
        .await
        .unwrap()
        .into_iter()
        .find(|h| h.municipality.code == "1880")
        .expect("the demo host Örebro");
    let visit = itp_persistence::hosts::visits::of_host(conn, orebro.id)
        .await
        .unwrap()
        .into_iter()
        .next()
        .expect("a demo visit to Örebro");
    let visby = app.signed_in("host@example.org").await;
    let token = visby.csrf_token().await;
    let gets = [
        format!("/study-visits/{}", visit.id),
        format!("/hosts/{}", orebro.id),
    ];
    for path in &gets {
        let res = visby.get(path).await;
        let expected = if path.starts_with("/hosts/") {
            // Approving offers is staff's: the route refuses hosts before any record is read.
            StatusCode::FORBIDDEN
        } else {
            StatusCode::NOT_FOUND
        };
        assert_eq!(res.status(), expected, "GET {path}");
    }
    let posts = [
        format!("/study-visits/{}/steps", visit.id),
        format!("/study-visits/{}/agenda", visit.id),
        format!("/study-visits/{}/logistics", visit.id),
        format!("/study-visits/{}/report", visit.id),
        format!("/hosting/{}/calendar", orebro.id),
        format!("/hosts/{}/people", orebro.id),
    ];
    for path in &posts {
        let res = visby
            .http
            .post(visby.url(path))
            .form(&[("csrf_token", token.as_str()), ("action", "accept")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "POST {path}");
    }
    // The manager of the cohort's programme sees the same visit.
    let manager = app.signed_in("manager@example.org").await;
    assert_eq!(
        manager
            .get(&format!("/study-visits/{}", visit.id))
            .await
            .status(),
        StatusCode::OK
    );
}
