//! Two real `itp serve` processes on one database (PostgreSQL when `ITP_TEST_DATABASE_URL` is
//! set, else one SQLite file): with `purge_expired` scheduled every second on both, every slot
//! is run exactly once across the two, and each instance runs some; a document uploaded through
//! one downloads through the other, byte for byte; and 100 queued messages go out exactly once
//! across both, to a real SMTP server.

use std::time::Duration;

use itp_persistence::Database;
use itp_tests::TestClient;
use itp_tests::census::query_strings;
use itp_tests::documents;
use itp_tests::process::Itp;

const EVERY_SECOND: &[(&str, &str)] = &[
    ("ITP_JOB_SCHEDULES", "purge_expired=* * * * * *"),
    // The loser of a claim says so at debug level: the proof that both competed for a slot.
    ("ITP_LOG", "warn,itp_web::jobs=debug"),
];

/// The newest claim's id: claims up to it were made before now.
async fn last_claim(db: &Database) -> i64 {
    query_strings(
        db,
        "SELECT CAST(COALESCE(MAX(id), 0) AS TEXT) FROM job_slots",
    )
    .await
    .first()
    .and_then(|id| id.parse().ok())
    .unwrap_or(0)
}

struct Slot {
    id: i64,
    claimed_by: String,
    runs: usize,
}

async fn purge_slots(db: &Database) -> Vec<Slot> {
    query_strings(
        db,
        "SELECT CAST(s.id AS TEXT) || ' ' || s.claimed_by || ' ' || \
         CAST((SELECT COUNT(*) FROM job_runs r WHERE r.slot_id = s.id) AS TEXT) \
         FROM job_slots s WHERE s.job = 'purge_expired' ORDER BY s.id",
    )
    .await
    .into_iter()
    .map(|line| {
        let parts: Vec<&str> = line.split(' ').collect();
        Slot {
            id: parts[0].parse().unwrap(),
            claimed_by: parts[1].to_owned(),
            runs: parts[2].parse().unwrap(),
        }
    })
    .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_one_database_run_each_slot_of_a_job_once() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let (itp, db) = Itp::on_fresh_database(env!("CARGO_BIN_EXE_itp"), dir.path()).await;
    // One after the other: the first applies the migrations. Each scheduler looks every half
    // second, so one instance tends to wake first every second and win every claim; the first
    // instance running alone while the second starts, and the second alone at the end, make
    // sure each of them runs some.
    let mut first = itp.serve_with(EVERY_SECOND).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let mut second = itp.serve_with(EVERY_SECOND).await;
    tokio::time::sleep(Duration::from_secs(4)).await;
    // A run takes milliseconds: a slot claimed well before an instance is killed has its run.
    let settled_first = last_claim(&db).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    first.kill();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let settled_second = last_claim(&db).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    second.kill();
    let logs = format!("first:\n{}\nsecond:\n{}", first.log(), second.log());

    let slots = purge_slots(&db).await;
    assert!(
        slots.len() >= 6,
        "only {} slots were run: {logs}",
        slots.len()
    );
    let instances: std::collections::BTreeSet<&str> =
        slots.iter().map(|s| s.claimed_by.as_str()).collect();
    assert_eq!(
        instances.len(),
        2,
        "both instances run some slots: {instances:?}\n{logs}"
    );
    // The first instance ran alone at first, so the first slot is its own.
    let first_id = slots[0].claimed_by.clone();
    for slot in &slots {
        assert!(
            slot.runs <= 1,
            "slot {} was run {} times",
            slot.id,
            slot.runs
        );
        let settled = if slot.claimed_by == first_id {
            settled_first
        } else {
            settled_second
        };
        if slot.id <= settled {
            assert_eq!(
                slot.runs, 1,
                "slot {} was claimed but not run: {logs}",
                slot.id
            );
        }
    }
    let unslotted = query_strings(
        &db,
        "SELECT CAST(id AS TEXT) FROM job_runs WHERE job = 'purge_expired' AND slot_id IS NULL",
    )
    .await;
    assert!(
        unslotted.is_empty(),
        "scheduled runs without a slot: {unslotted:?}"
    );
    assert!(
        logs.contains("slot run by another instance"),
        "the two instances never competed for a slot: {logs}"
    );
    eprintln!(
        "two instances on {}: {} slots, each run once",
        itp_tests::backend_name(),
        slots.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_queued_messages_go_out_exactly_once_across_two_instances() {
    let smtp = itp_tests::SmtpServer::start().await;
    let dir = tempfile::tempdir().expect("temporary directory");
    let (itp, db) = Itp::on_fresh_database(env!("CARGO_BIN_EXE_itp"), dir.path()).await;
    let url = smtp.url();
    let env: &[(&str, &str)] = &[
        ("ITP_SMTP_URL", url.as_str()),
        ("ITP_MAIL_FROM", itp_tests::MAIL_FROM),
        // Both instances look for mail every second, so both compete for the outbox.
        ("ITP_JOB_SCHEDULES", "deliver_mail=* * * * * *"),
    ];
    let mut first = itp.serve_with(env).await;
    let mut second = itp.serve_with(env).await;
    // Queued by neither instance (as the `itp` command or a third instance would): only the
    // scheduled sender on each finds them.
    let now = chrono::Utc::now();
    for i in 0..100 {
        let address = itp_domain::account::Email::parse(&format!("person{i}@example.org")).unwrap();
        let subject = format!("Message {i}");
        itp_persistence::mail::enqueue(
            &db.conn,
            now,
            &itp_persistence::mail::NewMail {
                to: &address,
                to_name: "",
                subject: &subject,
                body: "One of a hundred.\n",
                template: None,
                cause_type: "test",
                cause_id: Some(i.to_string()),
                hold: false,
                expires_at: None,
            },
        )
        .await
        .unwrap();
    }
    smtp.wait_for(100, Duration::from_secs(60)).await;
    // A moment longer: a duplicate would arrive after the hundredth.
    tokio::time::sleep(Duration::from_secs(3)).await;
    first.kill();
    second.kill();
    let received = smtp.received();
    let mut subjects: Vec<String> = received.iter().map(|m| m.subject()).collect();
    subjects.sort();
    let before = subjects.len();
    subjects.dedup();
    assert_eq!(before, 100, "100 messages arrive, no more: {before}");
    assert_eq!(subjects.len(), 100, "each once");
    let unsent = query_strings(
        &db,
        "SELECT CAST(COUNT(*) AS TEXT) FROM outbox WHERE status <> 'sent'",
    )
    .await;
    assert_eq!(unsent, vec!["0".to_owned()]);
    let senders = query_strings(
        &db,
        "SELECT DISTINCT s.claimed_by FROM job_runs r JOIN job_slots s ON s.id = r.slot_id \
         WHERE r.job = 'deliver_mail' AND r.detail NOT LIKE 'sent 0%'",
    )
    .await;
    eprintln!(
        "100 messages through two instances on {}: each once; instances that sent: {}",
        itp_tests::backend_name(),
        senders.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_document_uploaded_through_one_instance_downloads_through_the_other_byte_for_byte() {
    const PASSWORD: &str = "two instances demo password";
    let dir = tempfile::tempdir().expect("temporary directory");
    let (itp, db) = Itp::on_fresh_database(env!("CARGO_BIN_EXE_itp"), dir.path()).await;
    // The first fills the demo data; the second starts on the filled database.
    let first = itp.serve_demo(PASSWORD).await;
    let second = itp.serve().await;
    let through_first = TestClient::new(&first.base_url);
    let res = through_first.login("applicant@example.org", PASSWORD).await;
    assert_eq!(res.status().as_u16(), 303, "signing in");
    // Sessions live in the database: the same cookie is signed in on both.
    let through_second = through_first.with_base(&second.base_url);
    let id = documents::start_application(&through_first, &db).await;
    let token = through_first.csrf_token().await;

    for (kind, member, size, up, down) in [
        (
            "passport",
            Some(0),
            1_500_000,
            &through_first,
            &through_second,
        ),
        ("photo", Some(0), 300_000, &through_second, &through_first),
    ] {
        let bytes = documents::file(kind, size, size as u64);
        let res = documents::upload(up, &token, id, kind, member, bytes.clone())
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 303, "uploading the {kind}");
        let (document_id, sha) = documents::stored(&db, id, kind, member)
            .await
            .expect("the document's row");
        assert_eq!(sha, itp_web::storage::sha256_hex(&bytes));
        let (status, got) = documents::download(down, id, document_id).await;
        assert_eq!(
            status.as_u16(),
            200,
            "downloading the {kind} through the other instance"
        );
        assert!(
            got == bytes,
            "the {kind} downloads byte for byte ({} bytes sent, {} received)",
            bytes.len(),
            got.len()
        );
    }
    let logs = format!("first:\n{}\nsecond:\n{}", first.log(), second.log());
    assert!(!logs.contains("could not be read"), "{logs}");
    eprintln!(
        "two instances on {}: documents uploaded through each download through the other",
        itp_tests::backend_name()
    );
}

#[test]
fn a_schedule_for_a_job_that_does_not_exist_stops_the_start_naming_it() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let itp = Itp {
        binary: env!("CARGO_BIN_EXE_itp").into(),
        database_url: itp_persistence::connect::sqlite_url(&dir.path().join("itp.sqlite")),
        data_dir: dir.path().to_path_buf(),
    };
    let out = itp.run(&["--job-schedules", "purge_expird=off", "serve"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("purge_expird") && stderr.contains("purge_expired"),
        "{stderr}"
    );
}
