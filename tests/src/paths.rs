//! Real records to put into route paths (`/admin/users/{user_id}` → `/admin/users/5`), so tests
//! can visit or post to every route of the route table, including routes added later.

use std::collections::BTreeMap;

use itp_domain::account::Email;
use itp_domain::role::{Grant, Role};
use itp_persistence::audit::Actor as AuditActor;

use crate::TestApp;
use crate::census::{query_strings, table_names};

/// Records the paths point at, in a database with the demo data. The account in `{user_id}` is
/// a demo account that is not the admin, so accepted changes (disabling it, removing its role)
/// never lock the admin out. `{application_id}` is the demo applicant's draft (the applicant's
/// routes act on it), except beside `{document_id}` and on the eligibility checks, which need the
/// applicant's submitted application and one of its documents.
pub struct Fixtures {
    values: BTreeMap<&'static str, String>,
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
            &app.state,
            &AuditActor::system("test fixtures"),
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
        let mut values = BTreeMap::new();
        if !planning.is_empty() {
            values.insert("cohort_id", planning);
        }
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
        Fixtures {
            values,
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
            match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
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

    /// Every page a pattern stands for that a test should see: the concrete path, each step of
    /// the application form for `{step}`, and the submitted application beside the draft.
    pub async fn every_concrete(&self, app: &TestApp, pattern: &str) -> Vec<String> {
        let path = self.concrete(app, pattern).await;
        let mut out = vec![path.clone()];
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
