//! The outbox page: administrators read every message, release held ones, retry failed ones.

use std::time::Duration;

use itp_domain::mail::MailStatus;
use itp_persistence::mail::{self, Filter, MailState};
use itp_tests::smtp::SmtpServer;
use itp_tests::{TestApp, location};
use reqwest::StatusCode;

async fn first_in_state(app: &TestApp, state: MailState) -> mail::StoredMail {
    // The outbox demo's own messages, not the selection letters about applications (held
    // for a manager) that the selection demo writes after them.
    let cause_type = match state {
        MailState::Held => Some("cohort".to_owned()),
        MailState::Queued => Some("user".to_owned()),
        _ => None,
    };
    let filter = Filter {
        state: Some(state),
        cause_type,
        ..Default::default()
    };
    mail::list(&app.state.db.conn, &filter, 0, 1)
        .await
        .unwrap()
        .mail
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("a demo message in state {state:?}"))
}

#[tokio::test]
async fn the_outbox_lists_messages_by_state_and_shows_one_in_full() {
    let app = TestApp::spawn_with_demo().await;
    let admin = app.signed_in("admin@example.org").await;
    let (status, body) = admin.get_text("/admin/outbox").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("E-mail is not set up on this server"));
    for address in [
        "finance@example.org",
        "reviewer@example.org",
        "applicant@example.org",
        "lerato.dlamini@example.org",
    ] {
        assert!(body.contains(address), "{address} in the outbox");
    }
    let (_, failed) = admin.get_text("/admin/outbox?state=failed").await;
    assert!(failed.contains("reviewer@example.org"));
    assert!(!failed.contains("applicant@example.org"));
    let (_, by_address) = admin.get_text("/admin/outbox?to=lerato").await;
    assert!(by_address.contains("lerato.dlamini@example.org"));
    assert!(!by_address.contains("finance@example.org"));

    let sent = first_in_state(&app, MailState::Sent).await;
    let (status, detail) = admin.get_text(&format!("/admin/outbox/{}", sent.id)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(detail.contains("Hello Fatima Hassan,"));
    assert!(detail.contains("account.invitation"));
    assert!(
        !detail.contains("Try again"),
        "a sent message is not retried"
    );

    let (status, _) = admin.get_text("/admin/outbox/999999").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn without_smtp_a_development_setup_reads_the_link_in_the_outbox() {
    let app = TestApp::spawn_with_demo().await;
    let admin = app.signed_in("admin@example.org").await;
    let queued = first_in_state(&app, MailState::Queued).await;
    assert_eq!(queued.to_address, "lerato.dlamini@example.org");
    let (_, detail) = admin
        .get_text(&format!("/admin/outbox/{}", queued.id))
        .await;
    assert!(detail.contains("e-mail is not set up on this server"));
    let start = detail.find("/set-password/").expect("the link is readable");
    let end = start + detail[start..].find(['\n', '<']).unwrap();
    let link = &detail[start..end];
    let (status, form) = app.client().get_text(link).await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("lerato.dlamini@example.org"));
}

#[tokio::test]
async fn a_held_message_goes_only_after_an_administrator_releases_it() {
    let smtp = SmtpServer::start().await;
    let app = TestApp::spawn_with_demo_and_smtp(&smtp).await;
    let held = first_in_state(&app, MailState::Held).await;
    assert_eq!(held.to_address, "applicant@example.org");
    let report = itp_web::mail::deliver_due(&app.state).await.unwrap();
    assert_eq!(
        report.sent, 1,
        "the demo invitation goes, the held mail does not"
    );
    assert!(
        smtp.received()
            .iter()
            .all(|m| !m.rcpt_to.contains(&"applicant@example.org".to_owned()))
    );

    let admin = app.signed_in("admin@example.org").await;
    let (_, detail) = admin.get_text(&format!("/admin/outbox/{}", held.id)).await;
    assert!(detail.contains("Release for sending"));
    let res = admin
        .post_form(&format!("/admin/outbox/{}/release", held.id), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), format!("/admin/outbox/{}", held.id));
    let received = smtp
        .wait_for_mail_to("applicant@example.org", Duration::from_secs(10))
        .await;
    assert!(received.subject().contains("is not complete"));
    assert!(received.body().starts_with("Dear Grace Namubiru,"));
    app.wait_for_outbox(held.id, |m| m.status == MailStatus::Sent)
        .await;
    let (_, audit) = admin.get_text("/admin/audit?action=mail.release").await;
    assert!(audit.contains("hold: true → false"));

    // Releasing twice is refused with a reason, not an error page from the server.
    let res = admin
        .post_form(&format!("/admin/outbox/{}/release", held.id), &[])
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(res.text().await.unwrap().contains("not held"));
}

#[tokio::test]
async fn a_message_that_cannot_be_retried_says_why() {
    let app = TestApp::spawn_with_demo().await;
    let admin = app.signed_in("admin@example.org").await;
    let sent = first_in_state(&app, MailState::Sent).await;
    let res = admin
        .post_form(&format!("/admin/outbox/{}/retry", sent.id), &[])
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(res.text().await.unwrap().contains("nothing to retry"));

    let failed = first_in_state(&app, MailState::Failed).await;
    let res = admin
        .post_form(&format!("/admin/outbox/{}/retry", failed.id), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = admin.get_text(&location(&res)).await;
    assert!(page.contains("is queued again"));
    let retried = mail::find(&app.state.db.conn, failed.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((retried.status, retried.attempts), (MailStatus::Queued, 0));
}

#[tokio::test]
async fn others_cannot_read_the_outbox() {
    let app = TestApp::spawn_with_demo().await;
    let manager = app.signed_in("manager@example.org").await;
    let (status, _) = manager.get_text("/admin/outbox").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, home) = manager.get_text("/programmes").await;
    assert!(
        !home.contains("/admin/outbox"),
        "no Outbox link in the menu"
    );
    let admin = app.signed_in("admin@example.org").await;
    let (_, home) = admin.get_text("/programmes").await;
    assert!(home.contains("href=\"/admin/outbox\""));
}

/// Found by the hostile-input test on PostgreSQL: a NUL byte in a filter gave a 500 (PostgreSQL
/// refuses it in a text parameter), and a huge page number would overflow the offset.
#[tokio::test]
async fn outbox_filters_ignore_control_characters_and_absurd_pages() {
    let app = TestApp::spawn_with_demo().await;
    let admin = app.signed_in("admin@example.org").await;
    for query in [
        "to=lerato%00",
        "cause_type=user%00&cause_id=%001",
        "page=18446744073709551615",
    ] {
        let (status, body) = admin.get_text(&format!("/admin/outbox?{query}")).await;
        assert_eq!(status, StatusCode::OK, "{query}");
        assert!(body.contains("<h1"), "{query}");
    }
    let (_, by_address) = admin.get_text("/admin/outbox?to=lerato%00").await;
    assert!(
        by_address.contains("lerato.dlamini@example.org"),
        "the filter still applies without the NUL"
    );
}
