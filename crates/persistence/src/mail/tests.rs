use chrono::{DateTime, Duration, TimeZone, Utc};
use itp_domain::Code;
use itp_domain::account::Email;
use itp_domain::mail::{AfterFailure, MailStatus};

use super::*;
use crate::Database;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 28, 9, 0, 0).unwrap()
}

async fn database() -> (tempfile::TempDir, Database) {
    let dir = tempfile::tempdir().unwrap();
    let db = Database::open_sqlite_file(&dir.path().join("t.sqlite"))
        .await
        .unwrap();
    db.migrate().await.unwrap();
    (dir, db)
}

async fn queue(db: &Database, subject: &str, hold: bool, expires: Option<DateTime<Utc>>) -> i32 {
    let to = Email::parse("ana@example.org").unwrap();
    enqueue(
        &db.conn,
        t0(),
        &NewMail {
            to: &to,
            to_name: "Ana\r\nKovač",
            subject,
            body: "Line one\r\nLine two\u{0}",
            template: None,
            cause_type: "user",
            cause_id: Some("7".into()),
            hold,
            expires_at: expires,
        },
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn enqueued_text_is_stored_clean() {
    let (_dir, db) = database().await;
    let id = queue(&db, "Hello\nthere", false, None).await;
    let mail = find(&db.conn, id).await.unwrap().unwrap();
    assert_eq!(mail.subject, "Hello there");
    assert_eq!(mail.to_name, "Ana  Kovač");
    assert_eq!(mail.body, "Line one\nLine two");
    assert_eq!((mail.status, mail.attempts), (MailStatus::Queued, 0));
    assert_eq!(mail.state(), MailState::Queued);
}

#[tokio::test]
async fn a_claimed_message_is_not_claimed_again() {
    let (_dir, db) = database().await;
    let id = queue(&db, "One", false, None).await;
    let lease = t0() + Duration::minutes(10);
    let first = claim(&db.conn, "a", t0(), lease, 10).await.unwrap();
    assert_eq!(first.len(), 1);
    assert_eq!(
        (first[0].status, first[0].attempts),
        (MailStatus::Sending, 1)
    );
    assert!(
        claim(&db.conn, "b", t0(), lease, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        !mark_sent(&db.conn, id, "b", t0()).await.unwrap(),
        "not b's"
    );
    assert!(mark_sent(&db.conn, id, "a", t0()).await.unwrap());
    let mail = find(&db.conn, id).await.unwrap().unwrap();
    assert_eq!((mail.status, mail.sent_at), (MailStatus::Sent, Some(t0())));
}

#[tokio::test]
async fn a_failed_attempt_waits_for_its_retry_time() {
    let (_dir, db) = database().await;
    let id = queue(&db, "One", false, None).await;
    let lease = t0() + Duration::minutes(10);
    claim(&db.conn, "a", t0(), lease, 10).await.unwrap();
    let retry_at = t0() + Duration::minutes(5);
    assert!(
        mark_failed(
            &db.conn,
            id,
            "a",
            "421 busy",
            AfterFailure::RetryAt(retry_at)
        )
        .await
        .unwrap()
    );
    let before = retry_at - Duration::seconds(1);
    assert!(
        claim(&db.conn, "b", before, lease, 10)
            .await
            .unwrap()
            .is_empty()
    );
    let again = claim(&db.conn, "c", retry_at, lease, 10).await.unwrap();
    assert_eq!(again[0].attempts, 2);
    assert_eq!(again[0].last_error.as_deref(), Some("421 busy"));
    mark_failed(&db.conn, id, "c", "550 no", AfterFailure::GiveUp)
        .await
        .unwrap();
    let mail = find(&db.conn, id).await.unwrap().unwrap();
    assert_eq!(mail.status, MailStatus::Failed);
    assert!(retry(&db.conn, id, retry_at).await.unwrap());
    let mail = find(&db.conn, id).await.unwrap().unwrap();
    assert_eq!((mail.status, mail.attempts), (MailStatus::Queued, 0));
    assert!(
        !retry(&db.conn, id, retry_at).await.unwrap(),
        "only failed mail"
    );
}

#[tokio::test]
async fn held_mail_waits_for_release() {
    let (_dir, db) = database().await;
    let id = queue(&db, "Held", true, None).await;
    let lease = t0() + Duration::minutes(10);
    assert!(
        claim(&db.conn, "a", t0(), lease, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(counts(&db.conn).await.unwrap().held, 1);
    assert!(release(&db.conn, id, t0()).await.unwrap());
    assert!(!release(&db.conn, id, t0()).await.unwrap(), "released once");
    assert_eq!(
        claim(&db.conn, "a", t0(), lease, 10).await.unwrap().len(),
        1
    );
}

#[tokio::test]
async fn a_stopped_senders_claims_are_taken_back_after_the_lease() {
    let (_dir, db) = database().await;
    let fresh = queue(&db, "Fresh", false, None).await;
    let lease = t0() + Duration::minutes(10);
    claim(&db.conn, "dead", t0(), lease, 10).await.unwrap();
    assert_eq!(recover_stuck(&db.conn, t0(), 6).await.unwrap(), 0);
    assert_eq!(
        recover_stuck(&db.conn, lease + Duration::seconds(1), 6)
            .await
            .unwrap(),
        1
    );
    let mail = find(&db.conn, fresh).await.unwrap().unwrap();
    assert_eq!((mail.status, mail.attempts), (MailStatus::Queued, 1));

    // With no attempts left it fails instead.
    let now = lease + Duration::seconds(1);
    let second_lease = now + Duration::minutes(10);
    assert_eq!(
        claim(&db.conn, "dead", now, second_lease, 10)
            .await
            .unwrap()
            .len(),
        1
    );
    let later = second_lease + Duration::seconds(1);
    assert_eq!(recover_stuck(&db.conn, later, 2).await.unwrap(), 1);
    let mail = find(&db.conn, fresh).await.unwrap().unwrap();
    assert_eq!((mail.status, mail.attempts), (MailStatus::Failed, 2));
}

#[tokio::test]
async fn expired_mail_is_failed_not_sent() {
    let (_dir, db) = database().await;
    let expires = t0() + Duration::hours(2);
    let id = queue(&db, "Link", true, Some(expires)).await;
    assert_eq!(expire_stale(&db.conn, t0()).await.unwrap(), 0);
    release(&db.conn, id, t0()).await.unwrap();
    let lease = expires + Duration::minutes(10);
    assert!(
        claim(&db.conn, "a", expires, lease, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(expire_stale(&db.conn, expires).await.unwrap(), 1);
    assert_eq!(
        find(&db.conn, id).await.unwrap().unwrap().status,
        MailStatus::Failed
    );
}

#[tokio::test]
async fn the_list_filters_by_state_and_recipient_and_counts_every_state() {
    let (_dir, db) = database().await;
    let sent = queue(&db, "Sent", false, None).await;
    claim(&db.conn, "a", t0(), t0() + Duration::minutes(10), 1)
        .await
        .unwrap();
    mark_sent(&db.conn, sent, "a", t0()).await.unwrap();
    queue(&db, "Held", true, None).await;
    queue(&db, "Queued", false, None).await;
    let c = counts(&db.conn).await.unwrap();
    assert_eq!(
        (c.sent, c.held, c.queued, c.failed, c.sending),
        (1, 1, 1, 0, 0)
    );
    let held = list(
        &db.conn,
        &Filter {
            state: Some(MailState::Held),
            ..Default::default()
        },
        0,
        10,
    )
    .await
    .unwrap();
    assert_eq!(held.total, 1);
    assert_eq!(held.mail[0].subject, "Held");
    let by_address = list(
        &db.conn,
        &Filter {
            recipient: Some("ANA@".into()),
            cause_type: Some("user".into()),
            cause_id: Some("7".into()),
            ..Default::default()
        },
        0,
        2,
    )
    .await
    .unwrap();
    assert_eq!((by_address.total, by_address.mail.len()), (3, 2));
    assert_eq!(by_address.mail[0].subject, "Queued", "newest first");
    for &state in MailState::ALL {
        assert_eq!(MailState::parse(state.code()), Some(state));
    }
}
