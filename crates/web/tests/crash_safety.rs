//! Crash safety of the real `itp` binary: SIGKILL in the middle of a burst of concurrent writes,
//! restart, and every write the server acknowledged is there, with nothing half-applied. Then an
//! online backup taken during writes is itself consistent. The same for uploads: SIGKILL in the
//! middle of a burst of uploads, and a backup taken during one, restored into a fresh data
//! directory: every acknowledged upload downloads with its checksum and `itp check` is clean.
//! On SQLite, and on PostgreSQL when `ITP_TEST_DATABASE_URL` is set.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use itp_persistence::{Backend, Database};
use itp_tests::census::query_strings;
use itp_tests::process::{Itp, Server};
use itp_tests::{TestClient, consistency, documents};

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

/// The documents the uploads burst writes: one worker per (kind, team member), each replacing
/// its own document again and again.
const SLOTS: [(&str, Option<usize>); 4] = [
    ("nomination_letter", None),
    ("passport", Some(0)),
    ("photo", Some(0)),
    ("medical_statement", Some(0)),
];

/// What each upload worker sent (the SHA-256 of every upload, in order) and the last one the
/// server acknowledged (303). An acknowledged upload stays until a later one replaces it, so
/// the stored document of a slot is its last acknowledged upload or one sent after it.
#[derive(Default)]
struct Ledger {
    sent: Vec<Vec<String>>,
    acknowledged: Vec<Option<usize>>,
}

impl Ledger {
    fn new() -> Ledger {
        Ledger {
            sent: vec![Vec::new(); SLOTS.len()],
            acknowledged: vec![None; SLOTS.len()],
        }
    }

    fn acknowledged_count(&self) -> usize {
        self.acknowledged.iter().flatten().count()
    }
}

struct Uploads {
    ledger: Arc<Mutex<Ledger>>,
    acks: Arc<std::sync::atomic::AtomicUsize>,
    stop: Arc<AtomicBool>,
    workers: Vec<tokio::task::JoinHandle<usize>>,
}

impl Uploads {
    fn start(
        client: &TestClient,
        token: &str,
        application_id: i32,
        ledger: &Arc<Mutex<Ledger>>,
    ) -> Uploads {
        let acks = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let workers = SLOTS
            .iter()
            .enumerate()
            .map(|(w, &(kind, member))| {
                let client = client.clone();
                let token = token.to_owned();
                let ledger = ledger.clone();
                let (acks, stop) = (acks.clone(), stop.clone());
                tokio::spawn(async move {
                    let mut cut_off = 0;
                    while !stop.load(Ordering::SeqCst) {
                        let index = ledger.lock().unwrap().sent[w].len();
                        // 150 to 650 kB: one to three chunks.
                        let size = 150_000 + (index * 97_000 + w * 31_000) % 500_000;
                        let bytes = documents::file(kind, size, ((w as u64) << 32) | index as u64);
                        ledger.lock().unwrap().sent[w].push(itp_web::storage::sha256_hex(&bytes));
                        match documents::upload(
                            &client,
                            &token,
                            application_id,
                            kind,
                            member,
                            bytes,
                        )
                        .await
                        {
                            Ok(res) if res.status().as_u16() == 303 => {
                                ledger.lock().unwrap().acknowledged[w] = Some(index);
                                acks.fetch_add(1, Ordering::SeqCst);
                            }
                            Ok(res) => panic!(
                                "{kind} upload {index}: {} {}",
                                res.status(),
                                res.text().await.unwrap_or_default()
                            ),
                            // The server is gone: this upload was never acknowledged.
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
        Uploads {
            ledger: ledger.clone(),
            acks,
            stop,
            workers,
        }
    }

    async fn wait_for(&self, n: usize, within: Duration) {
        let deadline = Instant::now() + within;
        while self.acks.load(Ordering::SeqCst) < n && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        assert!(
            self.acks.load(Ordering::SeqCst) >= n,
            "only {} uploads acknowledged in {within:?}",
            self.acks.load(Ordering::SeqCst)
        );
    }

    /// Stops the workers; returns how many uploads got no answer.
    async fn finish(self) -> usize {
        self.stop.store(true, Ordering::SeqCst);
        let mut cut_off = 0;
        for w in self.workers {
            cut_off += w.await.expect("an upload worker panicked");
        }
        let _ = self.ledger;
        cut_off
    }
}

/// Every slot holds its last upload acknowledged by `acknowledged` (or one sent after it), and
/// it downloads through `client` with the SHA-256 it was sent with.
async fn assert_uploads_whole(
    db: &Database,
    client: &TestClient,
    application_id: i32,
    sent: &[Vec<String>],
    acknowledged: &[Option<usize>],
    what: &str,
) -> usize {
    let mut checked = 0;
    for (w, &(kind, member)) in SLOTS.iter().enumerate() {
        let Some(acked) = acknowledged[w] else {
            continue;
        };
        let (document_id, sha) = documents::stored(db, application_id, kind, member)
            .await
            .unwrap_or_else(|| panic!("{what}: the acknowledged {kind} is gone"));
        let index = sent[w]
            .iter()
            .position(|s| *s == sha)
            .unwrap_or_else(|| panic!("{what}: the stored {kind} is none the test sent"));
        assert!(
            index >= acked,
            "{what}: the {kind} is upload {index}, older than the acknowledged {acked}"
        );
        let (status, bytes) = documents::download(client, application_id, document_id).await;
        assert_eq!(status.as_u16(), 200, "{what}: downloading the {kind}");
        assert_eq!(
            itp_web::storage::sha256_hex(&bytes),
            sha,
            "{what}: the {kind} downloads with its checksum"
        );
        checked += 1;
    }
    checked
}

fn assert_check_clean(itp: &Itp, what: &str) {
    let out = itp.run(&["check"]);
    assert!(
        out.status.success(),
        "{what}: itp check found problems: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Copies the live database while uploads go on: `itp backup` on SQLite, `pg_dump` on
/// PostgreSQL (as the deploy guide says); returns the file.
fn take_backup(itp: &Itp, backend: Backend, dir: &std::path::Path) -> std::path::PathBuf {
    let target = dir.join("uploads-backup");
    let out = match backend {
        Backend::Sqlite => itp.run(&["backup", "--to", &target.to_string_lossy()]),
        Backend::Postgres => std::process::Command::new("pg_dump")
            .args(["--format=custom", "--no-owner", "--file"])
            .arg(&target)
            .arg(&itp.database_url)
            .output()
            .expect("pg_dump runs (the deploy guide's PostgreSQL backup)"),
    };
    assert!(
        out.status.success(),
        "the backup failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    target
}

/// Restores the backup into a fresh data directory (SQLite: `itp restore`) or a fresh database
/// (PostgreSQL: `pg_restore`); returns how to run `itp` there and a connection.
async fn restore_backup(
    itp: &Itp,
    backend: Backend,
    backup: &std::path::Path,
    into: &std::path::Path,
) -> (Itp, Database) {
    match backend {
        Backend::Sqlite => {
            let restored = Itp {
                binary: itp.binary.clone(),
                database_url: itp_persistence::connect::sqlite_url(&into.join("itp.sqlite")),
                data_dir: into.to_path_buf(),
            };
            let out = restored.run(&["restore", "--from", &backup.to_string_lossy()]);
            assert!(
                out.status.success(),
                "itp restore failed: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            let db = Database::open_sqlite_file(&into.join("itp.sqlite"))
                .await
                .expect("the restored database opens");
            (restored, db)
        }
        Backend::Postgres => {
            let (url, db) = itp_tests::fresh_database(into).await;
            let out = std::process::Command::new("pg_restore")
                .args(["--no-owner", "--exit-on-error", "--dbname"])
                .arg(&url)
                .arg(backup)
                .output()
                .expect("pg_restore runs");
            assert!(
                out.status.success(),
                "pg_restore failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let restored = Itp {
                binary: itp.binary.clone(),
                database_url: url,
                data_dir: into.to_path_buf(),
            };
            (restored, db)
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_uploads_survive_sigkill_and_a_backup_taken_during_uploads_restores_whole() {
    const DEMO: &str = "crash test demo password";
    let started = Instant::now();
    let dir = tempfile::tempdir().expect("temporary directory");
    let (itp, db) = Itp::on_fresh_database(env!("CARGO_BIN_EXE_itp"), dir.path()).await;
    let mut server = itp.serve_demo(DEMO).await;
    let applicant = TestClient::new(&server.base_url);
    let res = applicant.login("applicant@example.org", DEMO).await;
    assert_eq!(res.status().as_u16(), 303, "signing in as the applicant");
    let id = documents::start_application(&applicant, &db).await;
    let token = applicant.csrf_token().await;
    let ledger = Arc::new(Mutex::new(Ledger::new()));

    // SIGKILL in the middle of uploads, twice over.
    let mut applicant = applicant;
    let mut cut_off = 0;
    for _round in 0..2 {
        let before = ledger.lock().unwrap().acknowledged_count();
        let burst = Uploads::start(&applicant, &token, id, &ledger);
        burst.wait_for(12, Duration::from_secs(120)).await;
        server.kill();
        cut_off += burst.finish().await;
        assert!(ledger.lock().unwrap().acknowledged_count() >= before);

        server = itp.serve().await;
        applicant = applicant.with_base(&server.base_url);
        let (sent, acknowledged) = {
            let l = ledger.lock().unwrap();
            (l.sent.clone(), l.acknowledged.clone())
        };
        assert_uploads_whole(&db, &applicant, id, &sent, &acknowledged, "after SIGKILL").await;
        assert_check_clean(&itp, "after SIGKILL and restart");
        assert_consistent(&db, "the database after SIGKILL mid-upload").await;
    }

    // A backup taken while uploads go on, restored into a fresh directory (or database).
    let burst = Uploads::start(&applicant, &token, id, &ledger);
    burst.wait_for(8, Duration::from_secs(120)).await;
    let acknowledged_before = ledger.lock().unwrap().acknowledged.clone();
    let backup_itp = itp.clone();
    let backend = db.backend;
    let backup_dir = dir.path().to_path_buf();
    let backup =
        tokio::task::spawn_blocking(move || take_backup(&backup_itp, backend, &backup_dir))
            .await
            .expect("the backup ran");
    burst.wait_for(16, Duration::from_secs(120)).await;
    cut_off += burst.finish().await;
    let sent = ledger.lock().unwrap().sent.clone();

    let restored_dir = tempfile::tempdir().expect("temporary directory");
    let (restored, restored_db) = restore_backup(&itp, backend, &backup, restored_dir.path()).await;
    assert_check_clean(&restored, "the restored backup");
    assert_consistent(&restored_db, "the restored backup").await;
    drop(server);
    let restored_server = restored.serve().await;
    // The applicant's session was in the database, so it is in the backup too.
    let applicant = applicant.with_base(&restored_server.base_url);
    let whole = assert_uploads_whole(
        &restored_db,
        &applicant,
        id,
        &sent,
        &acknowledged_before,
        "after restoring the backup",
    )
    .await;
    assert_eq!(whole, SLOTS.len(), "every slot had an acknowledged upload");
    let total: usize = sent.iter().map(Vec::len).sum();
    eprintln!(
        "uploads crash test on {}: {total} uploads sent, {cut_off} cut off by SIGKILL, every \
         acknowledged one whole after restart and after restoring a backup taken during uploads \
         ({:.1} s)",
        itp_tests::backend_name(),
        started.elapsed().as_secs_f64()
    );
}
