//! Held mail: a manager's letter waits; an administrator edits it, discards it, or releases one
//! or all, and what is released arrives at a real SMTP server as edited.

use std::time::Duration;

use itp_domain::account::Email;
use itp_persistence::mail::{self, Filter, MailState, NewMail};
use itp_tests::smtp::SmtpServer;
use itp_tests::{TestApp, location};
use reqwest::StatusCode;

async fn held(app: &TestApp) -> Vec<mail::StoredMail> {
    let filter = Filter {
        state: Some(MailState::Held),
        ..Default::default()
    };
    mail::list(&app.state.db.conn, &filter, 0, 100)
        .await
        .unwrap()
        .mail
}

async fn hold_one(app: &TestApp, to: &str, subject: &str) -> i32 {
    let to = Email::parse(to).unwrap();
    mail::enqueue(
        &app.state.db.conn,
        app.state.clock.now(),
        &NewMail {
            to: &to,
            to_name: "",
            subject,
            body: "Dear team,\n\nThe decision follows.\n",
            template: None,
            cause_type: "test",
            cause_id: None,
            hold: true,
            expires_at: None,
        },
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn an_edited_held_letter_arrives_as_edited_once_released() {
    let smtp = SmtpServer::start().await;
    let app = TestApp::spawn_with_demo_and_smtp(&smtp).await;
    let letter = held(&app).await.remove(0);
    let admin = app.signed_in("admin@example.org").await;
    let (_, page) = admin
        .get_text(&format!("/admin/outbox/{}", letter.id))
        .await;
    assert!(page.contains("Change the text before it goes"));

    let res = admin
        .post_form(
            &format!("/admin/outbox/{}/edit", letter.id),
            &[("subject", ""), ("body", "x")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("Enter a subject."));

    let body = "Dear Grace Namubiru,\n\nWe corrected the date: 14 March.\n";
    let res = admin
        .post_form(
            &format!("/admin/outbox/{}/edit", letter.id),
            &[("subject", "Your application (corrected)"), ("body", body)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let stored = mail::find(&app.state.db.conn, letter.id)
        .await
        .unwrap()
        .unwrap();
    assert!(stored.hold, "an edited message stays held");
    assert_eq!(stored.subject, "Your application (corrected)");

    let res = admin
        .post_form(&format!("/admin/outbox/{}/release", letter.id), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let received = smtp
        .wait_for_mail_to(&letter.to_address, Duration::from_secs(10))
        .await;
    assert_eq!(received.subject(), "Your application (corrected)");
    assert!(received.body().contains("We corrected the date: 14 March."));
    let (_, audit) = admin.get_text("/admin/audit?action=mail.edit").await;
    assert!(audit.contains("Your application (corrected)"));

    // Sent: no longer editable.
    app.wait_for_outbox(letter.id, |m| m.state() == MailState::Sent)
        .await;
    let res = admin
        .post_form(
            &format!("/admin/outbox/{}/edit", letter.id),
            &[("subject", "Too late"), ("body", "x")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_discarded_held_message_is_never_sent_and_release_all_lets_the_rest_go() {
    let smtp = SmtpServer::start().await;
    let app = TestApp::spawn_with_demo_and_smtp(&smtp).await;
    let keep = hold_one(&app, "team.one@example.org", "Decision for team one").await;
    let drop = hold_one(&app, "team.two@example.org", "Decision for team two").await;
    let held_before = held(&app).await.len();
    assert!(held_before >= 3, "the demo's and ours");

    let admin = app.signed_in("admin@example.org").await;
    let res = admin
        .post_form(&format!("/admin/outbox/{drop}/discard"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/admin/outbox?state=held");
    assert!(
        mail::find(&app.state.db.conn, drop)
            .await
            .unwrap()
            .is_none()
    );
    let (_, audit) = admin.get_text("/admin/audit?action=mail.discard").await;
    assert!(audit.contains("Decision for team two"));

    let (_, list) = admin.get_text("/admin/outbox").await;
    assert!(list.contains("Release all"));
    let res = admin.post_form("/admin/outbox/release-all", &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(held(&app).await.is_empty());
    let received = smtp
        .wait_for_mail_to("team.one@example.org", Duration::from_secs(10))
        .await;
    assert_eq!(received.subject(), "Decision for team one");
    app.wait_for_outbox(keep, |m| m.state() == MailState::Sent)
        .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        smtp.received()
            .iter()
            .all(|m| !m.rcpt_to.contains(&"team.two@example.org".to_owned())),
        "the discarded one never went"
    );
    let res = admin
        .post_form(&format!("/admin/outbox/{keep}/discard"), &[])
        .await;
    assert_eq!(
        res.status(),
        StatusCode::CONFLICT,
        "a sent message cannot be discarded"
    );
}
