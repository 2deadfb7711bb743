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
/// never lock the admin out.
pub struct Fixtures {
    values: BTreeMap<&'static str, String>,
}

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
        let mut values = BTreeMap::new();
        values.insert("user_id", victim.to_string());
        values.insert("grant_id", grant[0].clone());
        values.insert("programme_id", programme.id.to_string());
        values.insert("token", token);
        Fixtures { values }
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
                Some(param) => out.push_str(&self.value(app, param).await),
                None => out.push_str(segment),
            }
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
        for table in [format!("{stem}s"), stem.to_owned()] {
            if tables.contains(&table) {
                let id = query_strings(
                    db,
                    &format!("SELECT CAST(MIN(id) AS TEXT) FROM \"{table}\""),
                )
                .await;
                if let Some(id) = id.into_iter().next().filter(|s| !s.is_empty()) {
                    return id;
                }
            }
        }
        panic!("no record for the path parameter {{{param}}}: add a fixture in tests/src/paths.rs");
    }
}
