//! Crash safety of the real `itp` binary: SIGKILL in the middle of a burst of concurrent writes,
//! restart, and every write the server acknowledged is there, with nothing half-applied. Then an
//! online backup taken during writes is itself consistent. On SQLite, and on PostgreSQL when
//! `ITP_TEST_DATABASE_URL` is set.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use itp_persistence::{Backend, Database};
use itp_tests::census::query_strings;
use itp_tests::process::{Itp, Server};
use itp_tests::{TestClient, consistency};

const WORKERS: usize = 8;
const PASSWORD: &str = "crash test password 2024";

/// Admins inviting people, as fast as the server takes it. Each invitation the server
/// acknowledged (answered with the link) is recorded.
struct Burst {
    acknowledged: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
    workers: Vec<tokio::task::JoinHandle<usize>>,
}

impl Burst {
    fn start(client: &TestClient, token: &str, prefix: &'static str) -> Burst {
        let acknowledged = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let workers = (0..WORKERS)
            .map(|w| {
                let http = client.http.clone();
                let url = client.url("/admin/users");
                let token = token.to_owned();
                let acknowledged = acknowledged.clone();
                let stop = stop.clone();
                tokio::spawn(async move {
                    let mut cut_off = 0;
                    for i in 0.. {
                        if stop.load(Ordering::SeqCst) {
                            break;
                        }
                        let email = format!("{prefix}-{w}-{i}@example.org");
                        let form = [
                            ("email", email.as_str()),
                            ("display_name", "Burst Person"),
                            ("role", "applicant"),
                            ("scope", ""),
                            ("csrf_token", token.as_str()),
                        ];
                        match http.post(&url).form(&form).send().await {
                            Ok(res) => {
                                let status = res.status();
                                let body = res.text().await.unwrap_or_default();
                                if status.as_u16() == 200 && body.contains("Link created") {
                                    acknowledged.lock().unwrap().push(email);
                                } else if status.is_server_error() {
                                    panic!("{email}: server error {status} during the burst");
                                }
                            }
                            // The server is gone: this request was never acknowledged.
                            Err(_) => {
                                cut_off += 1;
                                tokio::time::sleep(Duration::from_millis(20)).await;
                            }
                        }
                    }
                    cut_off
                })
            })
            .collect();
        Burst {
            acknowledged,
            stop,
            workers,
        }
    }

    fn count(&self) -> usize {
        self.acknowledged.lock().unwrap().len()
    }

    async fn wait_for(&self, n: usize, within: Duration) {
        let deadline = Instant::now() + within;
        while self.count() < n && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        assert!(
            self.count() >= n,
            "only {} writes acknowledged in {within:?}",
            self.count()
        );
    }

    /// Stops the workers; returns the acknowledged writes and how many requests got no answer.
    async fn finish(self) -> (Vec<String>, usize) {
        self.stop.store(true, Ordering::SeqCst);
        let mut cut_off = 0;
        for w in self.workers {
            cut_off += w.await.expect("a burst worker panicked");
        }
        let acknowledged = self.acknowledged.lock().unwrap().clone();
        (acknowledged, cut_off)
    }
}

async fn emails(db: &Database) -> BTreeSet<String> {
    query_strings(db, "SELECT email FROM users")
        .await
        .into_iter()
        .collect()
}

/// Burst accounts that lack any part of their invitation (grant, link, audit row).
const HALF_APPLIED: &str = "SELECT u.email FROM users u WHERE u.email LIKE 'burst-%' AND ( \
    NOT EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = u.id) \
    OR NOT EXISTS (SELECT 1 FROM one_time_links l WHERE l.user_id = u.id AND l.purpose = 'invite') \
    OR NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'user.invite' \
                   AND a.entity_id = CAST(u.id AS TEXT)))";

async fn assert_consistent(db: &Database, what: &str) {
    let mut problems = consistency::problems(db).await;
    let half = query_strings(db, HALF_APPLIED).await;
    if !half.is_empty() {
        problems.push(format!("half-applied invitations: {half:?}"));
    }
    assert!(
        problems.is_empty(),
        "{what} is inconsistent:\n{}",
        problems.join("\n")
    );
}

/// Signs in through the invitation link, as the first administrator does.
async fn first_admin(server: &Server, invitation: &str) -> TestClient {
    let client = TestClient::new(&server.base_url);
    let res = client
        .post_form(invitation, &[("password", PASSWORD), ("confirm", PASSWORD)])
        .await;
    assert_eq!(res.status().as_u16(), 303, "setting the admin's password");
    let res = client.login("admin@example.org", PASSWORD).await;
    assert_eq!(res.status().as_u16(), 303, "signing in as the admin");
    client
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_writes_survive_sigkill_and_backups_taken_during_writes_are_consistent() {
    let started = Instant::now();
    let dir = tempfile::tempdir().expect("temporary directory");
    let (itp, db) = Itp::on_fresh_database(env!("CARGO_BIN_EXE_itp"), dir.path()).await;
    let invitation = itp.add_user("admin@example.org", "admin");
    let mut server = itp.serve().await;
    let admin = first_admin(&server, &invitation).await;
    let token = admin.csrf_token().await;

    // SIGKILL while invitations are being written, three times over.
    let mut acknowledged: Vec<String> = Vec::new();
    let mut cut_off = 0;
    let mut admin = admin;
    for round in 0..3 {
        let burst = Burst::start(&admin, &token, ["burst-a", "burst-b", "burst-c"][round]);
        burst.wait_for(40, Duration::from_secs(60)).await;
        server.kill();
        let (acked, cut) = burst.finish().await;
        acknowledged.extend(acked);
        cut_off += cut;

        server = itp.serve().await;
        let stored = emails(&db).await;
        let lost: Vec<&String> = acknowledged
            .iter()
            .filter(|e| !stored.contains(*e))
            .collect();
        assert!(
            lost.is_empty(),
            "{} of {} acknowledged invitations are gone after the crash: {lost:?}",
            lost.len(),
            acknowledged.len()
        );
        assert_consistent(&db, "the database after SIGKILL and restart").await;
        // The restarted server serves them, to the same session (sessions live in the database).
        admin = admin.with_base(&server.base_url);
        let (status, people) = admin.get_text("/admin/users").await;
        assert_eq!(status.as_u16(), 200);
        for email in &acknowledged {
            assert!(
                people.contains(email.as_str()),
                "{email} missing from /admin/users"
            );
        }
    }

    // An online backup taken during another burst.
    let burst = Burst::start(&admin, &token, "burst-backup");
    burst.wait_for(20, Duration::from_secs(60)).await;
    let before_backup: Vec<String> = burst.acknowledged.lock().unwrap().clone();
    let target = dir.path().join("backup.sqlite");
    let backup_itp = itp.clone();
    let backup_to = target.clone();
    let output = tokio::task::spawn_blocking(move || {
        backup_itp.run(&["backup", "--to", &backup_to.to_string_lossy()])
    })
    .await
    .expect("backup ran");
    burst
        .wait_for(before_backup.len() + 10, Duration::from_secs(60))
        .await;
    let (during, _) = burst.finish().await;
    let report = String::from_utf8_lossy(&output.stderr).into_owned()
        + &String::from_utf8_lossy(&output.stdout);
    match db.backend {
        Backend::Sqlite => {
            assert!(output.status.success(), "itp backup failed: {report}");
            let copy = Database::open_sqlite_file(&target)
                .await
                .expect("the backup opens");
            assert_consistent(&copy, "the backup").await;
            let in_copy = emails(&copy).await;
            let after = emails(&db).await;
            let missing: Vec<&String> = before_backup
                .iter()
                .filter(|e| !in_copy.contains(*e))
                .collect();
            assert!(
                missing.is_empty(),
                "writes acknowledged before the backup began are not in it: {missing:?}"
            );
            assert!(
                in_copy.is_subset(&after),
                "the backup holds accounts the database never had"
            );
            eprintln!(
                "backup during writes: {} accounts, {} invitations acknowledged during the burst",
                in_copy.len(),
                during.len()
            );
        }
        Backend::Postgres => {
            assert!(
                !output.status.success(),
                "itp backup should refuse PostgreSQL"
            );
            assert!(
                report.contains("pg_dump"),
                "the refusal should name pg_dump: {report}"
            );
        }
    }
    drop(server);
    eprintln!(
        "crash test on {}: {} invitations acknowledged before SIGKILL, {cut_off} requests cut off, \
         none lost, consistent after restart ({:.1} s)",
        itp_tests::backend_name(),
        acknowledged.len(),
        started.elapsed().as_secs_f64()
    );
}
