//! The test kit: starts the real server on a free port with a fresh database (SQLite file, or a
//! new PostgreSQL database when `ITP_TEST_DATABASE_URL` is set) and hands tests a client that
//! keeps cookies, as a browser does.
#![forbid(unsafe_code)]

pub mod smtp;

pub use smtp::SmtpServer;
#[cfg(feature = "browser")]
pub mod browser;
pub mod census;
pub mod consistency;
pub mod documents;
pub mod forms;
pub mod paths;
pub mod process;

pub use reqwest;

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Duration, Utc};
use itp_domain::Clock;
use itp_persistence::{ConnectionTrait, Database};
use itp_web::{AppState, Config};
use reqwest::StatusCode;
use reqwest::redirect::Policy;

/// The password of every demo account in tests.
pub const DEMO_PASSWORD: &str = "demo-password-for-tests";

/// Real time plus an offset the test can move forward (for expiry and throttling).
#[derive(Default)]
pub struct TestClock {
    offset_seconds: AtomicI64,
}

impl TestClock {
    pub fn advance(&self, by: Duration) {
        self.offset_seconds
            .fetch_add(by.num_seconds(), Ordering::SeqCst);
    }
}

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now() + Duration::seconds(self.offset_seconds.load(Ordering::SeqCst))
    }
}

pub struct TestApp {
    pub base_url: String,
    pub state: AppState,
    pub clock: Arc<TestClock>,
    _dir: tempfile::TempDir,
}

/// Which database the tests run on.
pub fn backend_name() -> &'static str {
    if std::env::var("ITP_TEST_DATABASE_URL").is_ok_and(|u| !u.is_empty()) {
        "postgres"
    } else {
        "sqlite"
    }
}

/// A fresh, empty database: an SQLite file in `dir`, or a new database on the PostgreSQL server
/// named by `ITP_TEST_DATABASE_URL`. Returns its URL and a connection (not yet migrated).
pub async fn fresh_database(dir: &std::path::Path) -> (String, Database) {
    match std::env::var("ITP_TEST_DATABASE_URL") {
        Ok(server_url) if !server_url.is_empty() => {
            let admin = Database::connect(&server_url)
                .await
                .expect("connect to the PostgreSQL test server");
            let name = format!(
                "itp_test_{}",
                itp_web::security::tokens::new_token()[..12]
                    .to_lowercase()
                    .replace(['-', '_'], "x")
            );
            admin
                .conn
                .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                .await
                .expect("create a fresh test database");
            let url = match server_url.rfind('/') {
                Some(slash)
                    if server_url[..slash].contains("://")
                        && slash > server_url.find("://").unwrap_or(0) + 2 =>
                {
                    format!("{}/{name}", &server_url[..slash])
                }
                _ => format!("{}/{name}", server_url.trim_end_matches('/')),
            };
            let db = Database::connect(&url)
                .await
                .expect("connect to the fresh test database");
            (url, db)
        }
        _ => {
            let path = dir.join("itp.sqlite");
            let url = itp_persistence::connect::sqlite_url(&path);
            let db = Database::connect(&url)
                .await
                .expect("open the SQLite test database");
            (url, db)
        }
    }
}

/// The sender address of mail in tests.
pub const MAIL_FROM: &str = "ITP Admin <itp@example.org>";

/// How to start the app under test; `Options::default()` is what [`TestApp::spawn`] does.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Fill the database with the demo data, every account with [`DEMO_PASSWORD`].
    pub demo: bool,
    /// Send mail to this SMTP server (e.g. [`SmtpServer::url`]), with the in-process sender
    /// running as in `itp serve`. Without it, mail stays in the outbox.
    pub smtp_url: Option<String>,
    /// The address people use (`ITP_BASE_URL`), e.g. `https://…` for secure cookies and HSTS.
    pub base_url: Option<String>,
}

impl TestApp {
    /// A fresh, empty, migrated database and a server on a free port.
    pub async fn spawn() -> TestApp {
        TestApp::spawn_with(Options::default()).await
    }

    /// A server whose database holds the demo data, every account with [`DEMO_PASSWORD`].
    pub async fn spawn_with_demo() -> TestApp {
        TestApp::spawn_with(Options {
            demo: true,
            ..Options::default()
        })
        .await
    }

    /// The demo data, and mail going to `smtp`.
    pub async fn spawn_with_demo_and_smtp(smtp: &SmtpServer) -> TestApp {
        TestApp::spawn_with(Options {
            demo: true,
            smtp_url: Some(smtp.url()),
            ..Options::default()
        })
        .await
    }

    pub async fn spawn_with(options: Options) -> TestApp {
        let dir = tempfile::tempdir().expect("temporary directory");
        let (url, db) = fresh_database(dir.path()).await;
        db.migrate().await.expect("migrations run");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a free port");
        let addr = listener.local_addr().expect("local address");
        let mut config = Config::resolve(
            Some(url),
            dir.path().to_path_buf(),
            addr,
            options.base_url.clone(),
        );
        if let Some(smtp_url) = &options.smtp_url {
            config = config
                .with_mail(Some(smtp_url), Some(MAIL_FROM))
                .expect("valid test mail settings");
        }
        let clock = Arc::new(TestClock::default());
        let state = AppState::new(db, config, clock.clone()).expect("application state");
        if options.demo {
            itp_web::demo::seed_with_password(&state, DEMO_PASSWORD)
                .await
                .expect("demo data");
        }
        itp_web::mail::spawn_sender(state.clone());
        let server_state = state.clone();
        tokio::spawn(async move {
            let _ = itp_web::serve(listener, server_state).await;
        });
        TestApp {
            base_url: format!("http://{addr}"),
            state,
            clock,
            _dir: dir,
        }
    }

    pub fn client(&self) -> TestClient {
        TestClient::new(&self.base_url)
    }

    /// A client already signed in as `email` with the demo password.
    pub async fn signed_in(&self, email: &str) -> TestClient {
        let client = self.client();
        let res = client.login(email, DEMO_PASSWORD).await;
        assert_eq!(
            res.status(),
            StatusCode::SEE_OTHER,
            "login as {email} should succeed"
        );
        client
    }

    pub fn path(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }
}

/// A browser-like client: keeps cookies, does not follow redirects (tests look at them). A clone
/// shares the cookies.
#[derive(Clone)]
pub struct TestClient {
    pub http: reqwest::Client,
    base: String,
}

impl TestClient {
    pub fn new(base: &str) -> TestClient {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            .build()
            .expect("http client");
        TestClient {
            http,
            base: base.to_owned(),
        }
    }

    /// The same browser (cookie jar) talking to another address, such as a restarted server.
    pub fn with_base(&self, base: &str) -> TestClient {
        TestClient {
            http: self.http.clone(),
            base: base.to_owned(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http.get(self.url(path)).send().await.expect("GET")
    }

    pub async fn get_text(&self, path: &str) -> (StatusCode, String) {
        let res = self.get(path).await;
        let status = res.status();
        (status, res.text().await.unwrap_or_default())
    }

    /// The CSRF token of this client's session, read from a page's form as a browser would.
    pub async fn csrf_token(&self) -> String {
        for path in ["/account", "/login"] {
            let (_, body) = self.get_text(path).await;
            if let Some(token) = extract_csrf(&body) {
                return token;
            }
        }
        panic!("no CSRF token found in /account or /login");
    }

    /// Posts a form with this session's CSRF token added.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let token = self.csrf_token().await;
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("csrf_token", &token));
        self.post_raw(path, &all).await
    }

    /// Posts exactly the given fields.
    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        self.http
            .post(self.url(path))
            .form(fields)
            .send()
            .await
            .expect("POST")
    }

    pub async fn login(&self, email: &str, password: &str) -> reqwest::Response {
        self.post_form("/login", &[("email", email), ("password", password)])
            .await
    }
}

pub fn extract_csrf(html: &str) -> Option<String> {
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker)? + marker.len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].to_owned())
}

/// The `Location` header of a redirect.
pub fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

impl TestApp {
    /// The id of the account with this address (read from the database, as a fixture would).
    pub async fn user_id(&self, email: &str) -> i32 {
        let email = itp_domain::account::Email::parse(email).expect("valid address");
        itp_persistence::account::find_by_email(&self.state.db.conn, &email)
            .await
            .expect("query")
            .expect("account exists")
            .id
    }
}

impl TestApp {
    /// How many exports the audit log records: of `report`, or of every report.
    pub async fn export_runs(&self, report: Option<&str>) -> u64 {
        let filter = itp_persistence::audit::Filter {
            action: Some("export.run".into()),
            entity_id: report.map(str::to_owned),
            ..Default::default()
        };
        itp_persistence::audit::list(&self.state.db.conn, &filter, 0, 10)
            .await
            .expect("audit query")
            .total
    }

    /// A cohort's committed and planned totals in öre, summed here from its lines as the database
    /// has them (committed with the approved per-diem statements), to check a page against.
    pub async fn budget_totals_ore(&self, cohort: i32) -> (i64, i64) {
        let b = itp_persistence::budget::figures::cohort_budget(&self.state.db.conn, cohort)
            .await
            .expect("budget query");
        let committed: i64 =
            b.lines.iter().map(|(_, s)| s.committed_ore).sum::<i64>() + b.per_diem.approved_ore;
        let planned: i64 = b
            .lines
            .iter()
            .map(|(l, _)| l.plan.planned.to_minor_units().expect("öre fit"))
            .sum();
        (committed, planned)
    }
}

impl TestApp {
    /// The outbox messages to `address`, newest first.
    pub async fn outbox_to(&self, address: &str) -> Vec<itp_persistence::mail::StoredMail> {
        let filter = itp_persistence::mail::Filter {
            recipient: Some(address.to_owned()),
            ..Default::default()
        };
        itp_persistence::mail::list(&self.state.db.conn, &filter, 0, 1000)
            .await
            .expect("outbox query")
            .mail
    }

    /// Waits (at most ten seconds) until outbox message `id` is as `done` says, and returns it.
    pub async fn wait_for_outbox(
        &self,
        id: i32,
        done: impl Fn(&itp_persistence::mail::StoredMail) -> bool,
    ) -> itp_persistence::mail::StoredMail {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let mail = itp_persistence::mail::find(&self.state.db.conn, id)
                .await
                .expect("outbox query")
                .expect("the message exists");
            if done(&mail) {
                return mail;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "outbox message {id} did not reach the expected state: {mail:?}"
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }
}
