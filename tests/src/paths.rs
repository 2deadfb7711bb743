//! Real records to put into route paths (`/admin/users/{user_id}` → `/admin/users/5`), so tests
//! can visit or post to every route of the route table, including routes added later.

use std::collections::BTreeMap;

use itp_domain::account::Email;
use itp_domain::role::{Grant, Role};

use crate::TestApp;
use crate::census::{query_strings, table_names};

/// Records the paths point at, in a database with the demo data. The account in `{user_id}` is
/// a demo account that is not the admin, so accepted changes (disabling it, removing its role)
/// never lock the admin out. `{application_id}` is the demo applicant's draft (the applicant's
/// routes act on it), except beside `{document_id}` and on the eligibility checks, which need the
/// applicant's submitted application and one of its documents. `{cohort_id}` is a cohort being
/// planned and `{phase_id}` one of its phases; `{statement_id}` is a draft statement.
///
/// Routes that act on a record in a particular state get a record in that state (`by_route`):
/// marking paid an approved statement, retry a failed message, release a held one, withdrawal a
/// submitted application of its own, a document's removal a document of the draft. Their
/// requests then get past the state check to the validation and storage behind it, and
/// [`Fixtures::every_concrete`] shows their records' pages, where those routes' forms are.
pub struct Fixtures {
    values: BTreeMap<&'static str, String>,
    /// (route pattern, parameter) → the record that route needs.
    by_route: Vec<(&'static str, &'static str, String)>,
    submitted_application: String,
    open_call: String,
}

/// Path parameters whose table is not named after them.
const TABLES: &[(&str, &str)] = &[
    ("document", "application_documents"),
    ("import", "application_imports"),
    ("upload", "per_diem_rate_imports"),
    ("mail", "outbox"),
    ("phase", "cohort_phases"),
    ("statement", "per_diem_statements"),
    ("policy", "per_diem_policies"),
    ("review", "review_assignments"),
    ("visit", "study_visits"),
    ("item", "cost_items"),
    ("leg", "itinerary_legs"),
    ("stay", "hotel_stays"),
];

impl Fixtures {
    pub async fn create(app: &TestApp) -> Fixtures {
        let db = &app.state.db;
        let victim = app.user_id("host@example.org").await;
        let grant = query_strings(
            db,
            &format!("SELECT CAST(MIN(id) AS TEXT) FROM role_grants WHERE user_id = {victim}"),
        )
        .await;
        let programme = itp_persistence::programme::find_by_code(&db.conn, "MF")
            .await
            .expect("query")
            .expect("demo programme MF");
        let invitation = itp_web::admin::service::invite(
            &itp_web::ops::Context::system(&app.state, "test fixtures"),
            &Email::parse("invitee@example.org").expect("address"),
            "Invitee",
            Grant::new(Role::Applicant, None).expect("grant"),
        )
        .await
        .expect("an invitation");
        let token = invitation
            .link
            .rsplit('/')
            .next()
            .expect("token in link")
            .to_owned();
        let applicant = app.user_id("applicant@example.org").await;
        let own = |status: &str| {
            format!(
                "SELECT CAST(MIN(id) AS TEXT) FROM applications \
                 WHERE applicant_user_id = {applicant} AND status = '{status}'"
            )
        };
        let draft = query_strings(db, &own("draft")).await.remove(0);
        let submitted = query_strings(db, &own("submitted")).await.remove(0);
        assert!(
            !draft.is_empty() && !submitted.is_empty(),
            "the demo applicant has a draft and a submitted application"
        );
        let document = query_strings(
            db,
            &format!(
                "SELECT CAST(MIN(id) AS TEXT) FROM application_documents \
                 WHERE application_id = {submitted}"
            ),
        )
        .await
        .remove(0);
        let year = query_strings(
            db,
            "SELECT CAST(MAX(year) AS TEXT) FROM per_diem_foreign_rates",
        )
        .await
        .remove(0);
        // A cohort still being planned (its phases can change) for the cohort routes; a cohort
        // with an open call for the call and application routes.
        let cohort = |status: &str| {
            format!("SELECT CAST(MIN(id) AS TEXT) FROM cohorts WHERE status = '{status}'")
        };
        let planning = query_strings(db, &cohort("planning")).await.remove(0);
        let open_call = query_strings(db, &cohort("call_open")).await.remove(0);
        let first = |sql: String| async move { query_strings(db, &sql).await.remove(0) };
        let mut values = BTreeMap::new();
        if !planning.is_empty() {
            // A phase of the cohort in the path, so the phase routes find it.
            let phase = first(format!(
                "SELECT CAST(MIN(id) AS TEXT) FROM cohort_phases WHERE cohort_id = {planning}"
            ))
            .await;
            if !phase.is_empty() {
                values.insert("phase_id", phase);
            }
            values.insert("cohort_id", planning);
        }
        // A draft statement: it can be edited, recomputed, approved and then reopened; marking
        // paid needs an approved one.
        let statement = |state: &str| {
            format!("SELECT CAST(MIN(id) AS TEXT) FROM per_diem_statements WHERE state = '{state}'")
        };
        let draft_statement = first(statement("draft")).await;
        let approved_statement = first(statement("approved")).await;
        // A failed message whose link does not expire (retry), and one held for review (release).
        let failed_mail = first(
            "SELECT CAST(MIN(id) AS TEXT) FROM outbox \
             WHERE status = 'failed' AND expires_at IS NULL"
                .to_owned(),
        )
        .await;
        let held_mail = first(
            "SELECT CAST(MIN(id) AS TEXT) FROM outbox WHERE hold AND status = 'queued'".to_owned(),
        )
        .await;
        assert!(
            [
                &draft_statement,
                &approved_statement,
                &failed_mail,
                &held_mail
            ]
            .iter()
            .all(|id| !id.is_empty()),
            "the demo data has a draft and an approved statement, a failed and a held message"
        );
        values.insert("statement_id", draft_statement);
        let withdrawable = submitted_elsewhere(app, applicant).await;
        // Declaring a conflict removes the review: the probes take the demo reviewer's last one,
        // so the scoring form's probes keep theirs.
        let last_review =
            first("SELECT CAST(MAX(id) AS TEXT) FROM review_assignments".to_owned()).await;
        let draft_document = document_of_draft(app, &draft).await;
        let offer = offer_token(app, &submitted).await;
        let by_route = vec![
            // An open offer of places for the applicant's submitted application: the team's
            // confirmation link.
            ("/selection/offers/{token}", "token", offer),
            (
                "/per-diem/statements/{statement_id}/paid",
                "statement_id",
                approved_statement,
            ),
            ("/admin/outbox/{mail_id}/retry", "mail_id", failed_mail),
            ("/admin/outbox/{mail_id}/release", "mail_id", held_mail),
            ("/reviews/{review_id}/conflict", "review_id", last_review),
            (
                "/applications/{application_id}/withdraw",
                "application_id",
                withdrawable,
            ),
            (
                "/applications/{application_id}/documents/{document_id}/delete",
                "application_id",
                draft.clone(),
            ),
            (
                "/applications/{application_id}/documents/{document_id}/delete",
                "document_id",
                draft_document,
            ),
        ];
        values.insert(
            "year",
            if year.is_empty() {
                "2025".to_owned()
            } else {
                year
            },
        );
        values.insert("application_id", draft);
        values.insert("document_id", document);
        values.insert("step", "organisation".to_owned());
        values.insert("check", "country".to_owned());
        values.insert("user_id", victim.to_string());
        values.insert("grant_id", grant[0].clone());
        values.insert("programme_id", programme.id.to_string());
        values.insert("token", token);
        // A job whose run changes little: expired sessions and links, old job records.
        values.insert("job", "purge_expired".to_owned());
        values.insert("lang", "sv".to_owned());
        values.insert("report", "per-diem".to_owned());
        values.insert("account_category", "per_diem_abroad".to_owned());
        values.insert("kind", "selection.selected".to_owned());
        values.insert("category", "visas".to_owned());
        Fixtures {
            values,
            by_route,
            submitted_application: submitted,
            open_call,
        }
    }

    /// The route pattern with every `{param}` replaced by a real record. A parameter without a
    /// fixture is guessed from its name (`{cohort_id}` → the first row of `cohorts`).
    pub async fn concrete(&self, app: &TestApp, pattern: &str) -> String {
        let mut out = String::new();
        for (i, segment) in pattern.split('/').enumerate() {
            if i > 0 {
                out.push('/');
            }
            let param = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}'));
            if let Some(v) = param.and_then(|p| self.for_route(pattern, p)) {
                out.push_str(v);
                continue;
            }
            match param {
                Some("application_id")
                    if pattern.contains("{document_id}") || pattern.contains("/checks/") =>
                {
                    out.push_str(&self.submitted_application)
                }
                Some("cohort_id")
                    if !self.open_call.is_empty()
                        && (pattern.starts_with("/calls/")
                            || pattern.contains("/applications")) =>
                {
                    out.push_str(&self.open_call)
                }
                Some(param) => out.push_str(&self.value(app, param).await),
                None => out.push_str(segment),
            }
        }
        out
    }

    /// The record a route needs in its own state, if it needs one.
    fn for_route(&self, pattern: &str, param: &str) -> Option<&str> {
        self.by_route
            .iter()
            .find(|(route, p, _)| *route == pattern && *p == param)
            .map(|(_, _, v)| v.as_str())
    }

    /// Every page a pattern stands for that a test should see: the concrete path, each step of
    /// the application form for `{step}`, the submitted application beside the draft, and the
    /// page of each record a route needs in its own state (where that route's form is).
    pub async fn every_concrete(&self, app: &TestApp, pattern: &str) -> Vec<String> {
        let path = self.concrete(app, pattern).await;
        let mut out = vec![path.clone()];
        let single = pattern.matches('{').count() == 1;
        for (_, param, value) in &self.by_route {
            let placeholder = format!("{{{param}}}");
            if single && pattern.contains(&placeholder) {
                let page = pattern.replace(&placeholder, value);
                if !out.contains(&page) {
                    out.push(page);
                }
            }
        }
        if pattern.ends_with("/{step}") {
            let stem = path.rsplit_once('/').map_or("", |(stem, _)| stem);
            out.extend(
                ["team", "project", "documents", "review"]
                    .iter()
                    .map(|step| format!("{stem}/{step}")),
            );
        }
        if pattern == "/applications/{application_id}" {
            out.push(format!("/applications/{}", self.submitted_application));
        }
        out
    }

    async fn value(&self, app: &TestApp, param: &str) -> String {
        if let Some(v) = self.values.get(param) {
            return v.clone();
        }
        let db = &app.state.db;
        let stem = param.strip_suffix("_id").unwrap_or(param);
        let tables = table_names(db).await;
        let named = TABLES
            .iter()
            .filter(|(s, _)| *s == stem)
            .map(|(_, t)| (*t).to_owned());
        for table in named.chain([format!("{stem}s"), stem.to_owned()]) {
            if tables.contains(&table) {
                let id = query_strings(
                    db,
                    &format!("SELECT CAST(MIN(id) AS TEXT) FROM \"{table}\""),
                )
                .await;
                if let Some(id) = id.into_iter().next().filter(|s| !s.is_empty()) {
                    return id;
                }
                // The table is there but empty (no import yet): a record that does not exist,
                // so the route still answers (with its "not found").
                return i32::MAX.to_string();
            }
        }
        panic!("no record for the path parameter {{{param}}}: add a fixture in tests/src/paths.rs");
    }
}

/// A submitted application of the demo applicant in an open call they have not applied to yet,
/// for the withdrawal route (the demo's own submitted application stays for the routes that
/// read it). Made through the persistence layer: only its state matters here.
async fn submitted_elsewhere(app: &TestApp, applicant: i32) -> String {
    use itp_domain::application::fields::{GovernmentLevel, OrganisationType};
    use itp_domain::application::submission::SubmittedApplication;
    use itp_domain::country::CountryCode;

    let conn = &app.state.db.conn;
    let call = query_strings(
        &app.state.db,
        &format!(
            "SELECT CAST(MIN(id) AS TEXT) FROM cohorts WHERE status = 'call_open' AND id NOT IN \
             (SELECT cohort_id FROM applications WHERE applicant_user_id = {applicant})"
        ),
    )
    .await
    .remove(0);
    let call: i32 = call
        .parse()
        .expect("the demo has an open call the applicant has not applied to");
    let now = app.state.clock.now();
    let id = itp_persistence::application::create_draft(conn, call, applicant, now)
        .await
        .expect("a draft");
    let submitted = SubmittedApplication {
        organisation_name: "Hoima Municipal Council".into(),
        organisation_kind: OrganisationType::Municipality,
        government_level: GovernmentLevel::Local,
        country: CountryCode::parse("UG").expect("country"),
        members: Vec::new(),
    };
    assert!(
        itp_persistence::application::submit(conn, id, &submitted, now)
            .await
            .expect("submit"),
        "the new draft is submitted"
    );
    id.to_string()
}

/// A document of the applicant's draft, uploaded as the applicant does: a passport copy of the
/// first team member, a kind the upload route's probes (a nomination letter) never replace.
async fn document_of_draft(app: &TestApp, draft: &str) -> String {
    use reqwest::multipart::{Form, Part};

    const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
    let client = app.signed_in("applicant@example.org").await;
    let form = Form::new()
        .text("csrf_token", client.csrf_token().await)
        .text("kind", "passport")
        .text("member", "0")
        .part("file", Part::bytes(PDF).file_name("passport.pdf"));
    let res = client
        .http
        .post(client.url(&format!("/applications/{draft}/documents")))
        .multipart(form)
        .send()
        .await
        .expect("an answer");
    assert!(
        res.status().is_redirection(),
        "the draft's passport upload is accepted: {}",
        res.status()
    );
    query_strings(
        &app.state.db,
        &format!(
            "SELECT CAST(MAX(id) AS TEXT) FROM application_documents \
             WHERE application_id = {draft}"
        ),
    )
    .await
    .remove(0)
}

/// A fresh open offer of places for `application` (its cohort's), and the token of its link.
async fn offer_token(app: &TestApp, application: &str) -> String {
    let conn = &app.state.db.conn;
    let id: i32 = application.parse().expect("an application id");
    let cohort: i32 = query_strings(
        &app.state.db,
        &format!("SELECT CAST(cohort_id AS TEXT) FROM applications WHERE id = {id}"),
    )
    .await
    .remove(0)
    .parse()
    .expect("its cohort");
    let token = itp_web::security::tokens::new_token();
    let now = app.state.clock.now();
    itp_persistence::selection_decisions::create_offer(
        conn,
        cohort,
        id,
        &itp_web::security::tokens::hash_token(&token),
        now + chrono::Duration::days(14),
        now,
    )
    .await
    .expect("an offer");
    token
}
