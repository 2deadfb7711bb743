//! Mail delivery end to end: the app sends through a real SMTP conversation with the test
//! server, retries when the server is down, and never sends a message twice.

use std::collections::HashSet;
use std::time::Duration;

use chrono::Duration as Span;
use itp_domain::account::Email;
use itp_domain::mail::{MailStatus, RetryPolicy};
use itp_persistence::mail::{self, NewMail};
use itp_tests::smtp::{SmtpServer, refusing_url};
use itp_tests::{Options, TestApp, location};
use itp_web::AppState;
use reqwest::StatusCode;

const WAIT: Duration = Duration::from_secs(10);

fn link_in_mail(body: &str) -> String {
    let line = body
        .lines()
        .find(|l| l.contains("/set-password/"))
        .expect("a link in the mail");
    let start = line.find("/set-password/").unwrap();
    line[start..].trim().to_owned()
}

async fn invite(app: &TestApp, email: &str, name: &str) -> String {
    let admin = app.signed_in("admin@example.org").await;
    let res = admin
        .post_form(
            "/admin/users",
            &[
                ("email", email),
                ("display_name", name),
                ("role", "finance"),
                ("scope", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    res.text().await.unwrap()
}

#[tokio::test]
async fn an_invited_person_gets_the_link_by_mail_and_it_works() {
    let smtp = SmtpServer::start().await;
    let app = TestApp::spawn_with_demo_and_smtp(&smtp).await;
    let page = invite(&app, "Ana.Kovac@Example.org", "Ana Kovač").await;
    assert!(
        page.contains("has been queued to"),
        "the page says a mail went"
    );
    assert!(page.contains("/set-password/"), "and still shows the link");

    let received = smtp.wait_for_mail_to("ana.kovac@example.org", WAIT).await;
    assert_eq!(received.mail_from, "itp@example.org");
    assert_eq!(received.subject(), "Your ITP Admin account");
    assert_eq!(
        received.header("Auto-Submitted").as_deref(),
        Some("auto-generated")
    );
    let body = received.body();
    assert!(body.starts_with("Hello Ana Kovač,"), "{body}");
    assert!(body.contains("Your role: Finance."));
    let link = link_in_mail(&body);
    assert!(
        page.contains(&link),
        "the mailed link is the one on the page"
    );

    let invitee = app.client();
    let (status, form) = invitee.get_text(&link).await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("ana.kovac@example.org"));
    let res = invitee
        .post_form(
            &link,
            &[
                ("password", "banana plantations of Mbale"),
                ("confirm", "banana plantations of Mbale"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // Signed in at once, and the password works for the next sign-in too.
    assert_eq!(location(&res), "/");
    let res = app
        .client()
        .login("ana.kovac@example.org", "banana plantations of Mbale")
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    let outbox = app.outbox_to("ana.kovac@example.org").await;
    assert_eq!(outbox.len(), 1);
    let sent = app
        .wait_for_outbox(outbox[0].id, |m| m.status == MailStatus::Sent)
        .await;
    assert_eq!(sent.attempts, 1);
    assert!(sent.sent_at.is_some());
    assert_eq!(sent.cause_type, "user");
    assert_eq!(
        sent.cause_id,
        Some(app.user_id("ana.kovac@example.org").await.to_string())
    );
    assert_eq!(sent.template.as_deref(), Some("account.invitation"));
}

#[tokio::test]
async fn a_password_reset_link_goes_to_the_person_by_mail() {
    let smtp = SmtpServer::start().await;
    let app = TestApp::spawn_with_demo_and_smtp(&smtp).await;
    let admin = app.signed_in("admin@example.org").await;
    let host = app.user_id("host@example.org").await;
    let res = admin
        .post_form(&format!("/admin/users/{host}/reset-link"), &[])
        .await;
    assert!(res.text().await.unwrap().contains("has been queued to"));
    let received = smtp.wait_for_mail_to("host@example.org", WAIT).await;
    assert_eq!(received.subject(), "Choose a new password for ITP Admin");
    let body = received.body();
    assert!(body.starts_with("Hello Erik Nilsson (Region Gotland),"));
    let (status, _) = app.client().get_text(&link_in_mail(&body)).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn without_smtp_the_admin_passes_the_link_on_and_nothing_is_queued() {
    let app = TestApp::spawn_with_demo().await;
    let page = invite(&app, "kwame@example.org", "Kwame Mensah").await;
    assert!(page.contains("E-mail is not set up on this server"));
    assert!(page.contains("/set-password/"));
    assert!(app.outbox_to("kwame@example.org").await.is_empty());
    let report = itp_web::mail::deliver_due(&app.state).await.unwrap();
    assert_eq!(report.waiting_without_smtp, Some(1), "the demo invitation");
    assert_eq!(report.sent, 0);
}

#[tokio::test]
async fn when_the_server_is_down_mail_is_retried_and_ends_failed() {
    let app = TestApp::spawn_with(Options {
        demo: true,
        smtp_url: Some(refusing_url().await),
        ..Options::default()
    })
    .await;
    invite(&app, "kofi@example.org", "Kofi Boateng").await;
    let id = app.outbox_to("kofi@example.org").await[0].id;
    // The nudged sender makes the first attempt at once.
    let mut mail = app
        .wait_for_outbox(id, |m| m.attempts == 1 && m.status != MailStatus::Sending)
        .await;
    let max = RetryPolicy::STANDARD.max_attempts();
    while mail.status != MailStatus::Failed {
        assert_eq!(mail.status, MailStatus::Queued, "{mail:?}");
        assert!(mail.attempts < max);
        let error = mail.last_error.clone().unwrap_or_default();
        assert!(error.contains("refused"), "{error}");
        // Nothing happens before the back-off has passed.
        itp_web::mail::deliver_due(&app.state).await.unwrap();
        let unchanged = mail::find(&app.state.db.conn, id).await.unwrap().unwrap();
        assert_eq!(unchanged.attempts, mail.attempts);
        let wait = mail.next_attempt_at - app.state.clock.now();
        app.clock.advance(wait + Span::seconds(1));
        itp_web::mail::deliver_due(&app.state).await.unwrap();
        // The app's own sender may have claimed the attempt first and still be sending: wait
        // for the attempt to end, whoever made it.
        let attempts = mail.attempts;
        let next = app
            .wait_for_outbox(id, |m| {
                m.attempts > attempts && m.status != MailStatus::Sending
            })
            .await;
        assert_eq!(next.attempts, attempts + 1);
        mail = next;
    }
    assert_eq!(mail.attempts, max);
    assert!(mail.sent_at.is_none());

    // An administrator sees it in the outbox and can try again.
    let admin = app.signed_in("admin@example.org").await;
    let (status, list) = admin.get_text("/admin/outbox?state=failed").await;
    assert_eq!(status, StatusCode::OK);
    assert!(list.contains("kofi@example.org"));
    let (_, detail) = admin.get_text(&format!("/admin/outbox/{id}")).await;
    assert!(detail.contains("6 of 6"), "attempts are shown");
    assert!(detail.contains("Connection refused"));
    assert!(detail.contains("Try again"));
    let res = admin
        .post_form(&format!("/admin/outbox/{id}/retry"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // A new round: the nudged sender tries at once, and the server is still down.
    app.wait_for_outbox(id, |m| m.status == MailStatus::Queued && m.attempts == 1)
        .await;
    let (_, audit) = admin.get_text("/admin/audit?action=mail.retry").await;
    assert!(audit.contains("attempts: 6 → 0"), "the retry is audited");
}

#[tokio::test]
async fn a_refused_address_fails_at_once_without_retries() {
    let smtp = SmtpServer::start().await;
    let app = TestApp::spawn_with_demo_and_smtp(&smtp).await;
    invite(&app, "bounce.me@example.org", "Nobody Here").await;
    let id = app.outbox_to("bounce.me@example.org").await[0].id;
    let mail = app
        .wait_for_outbox(id, |m| m.status == MailStatus::Failed)
        .await;
    assert_eq!(mail.attempts, 1);
    assert!(
        mail.last_error.as_deref().unwrap_or("").contains("550"),
        "{mail:?}"
    );
}

async fn second_instance(app: &TestApp) -> AppState {
    let db = itp_persistence::Database::connect(&app.state.config.database_url)
        .await
        .unwrap();
    AppState::new(db, (*app.state.config).clone(), app.clock.clone()).unwrap()
}

#[tokio::test]
async fn two_instances_sending_at_once_never_deliver_a_message_twice() {
    let smtp = SmtpServer::start().await;
    let app = TestApp::spawn_with(Options {
        demo: false,
        smtp_url: Some(smtp.url()),
        ..Options::default()
    })
    .await;
    let other = second_instance(&app).await;
    let now = app.state.clock.now();
    let to = Email::parse("many@example.org").unwrap();
    let count = 45;
    for n in 0..count {
        mail::enqueue(
            &app.state.db.conn,
            now,
            &NewMail {
                to: &to,
                to_name: "",
                subject: &format!("Message {n}"),
                body: "Hello.",
                template: None,
                cause_type: "test",
                cause_id: Some(n.to_string()),
                hold: false,
                expires_at: None,
            },
        )
        .await
        .unwrap();
    }
    // Three runs on each instance at once: the scheduler, the nudged sender, one more.
    let (a, b, c, d, e, f) = tokio::join!(
        itp_web::mail::deliver_due(&app.state),
        itp_web::mail::deliver_due(&other),
        itp_web::mail::deliver_due(&app.state),
        itp_web::mail::deliver_due(&other),
        itp_web::mail::deliver_due(&app.state),
        itp_web::mail::deliver_due(&other),
    );
    let sent: u64 = [a, b, c, d, e, f]
        .into_iter()
        .map(|r| r.unwrap().sent)
        .sum();
    assert_eq!(sent, count);
    smtp.wait_for(count as usize, WAIT).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let received = smtp.received();
    assert_eq!(received.len(), count as usize, "each message exactly once");
    let subjects: HashSet<String> = received.iter().map(|m| m.subject()).collect();
    assert_eq!(subjects.len(), count as usize);
    for m in app.outbox_to("many@example.org").await {
        assert_eq!((m.status, m.attempts), (MailStatus::Sent, 1), "{m:?}");
    }
}

async fn enqueue_one(app: &TestApp, to: &str, expires_in: Option<Span>) -> i32 {
    let now = app.state.clock.now();
    mail::enqueue(
        &app.state.db.conn,
        now,
        &NewMail {
            to: &Email::parse(to).unwrap(),
            to_name: "Test Person",
            subject: "A test",
            body: "Hello.",
            template: None,
            cause_type: "test",
            cause_id: None,
            hold: false,
            expires_at: expires_in.map(|d| now + d),
        },
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn a_message_left_sending_by_a_stopped_instance_is_taken_back_after_its_lease() {
    let smtp = SmtpServer::start().await;
    let app = TestApp::spawn_with(Options {
        demo: false,
        smtp_url: Some(smtp.url()),
        ..Options::default()
    })
    .await;
    let id = enqueue_one(&app, "stuck@example.org", None).await;
    // An instance claims it and stops before sending.
    let now = app.state.clock.now();
    let claimed = mail::claim(
        &app.state.db.conn,
        "dead-instance",
        now,
        now + Span::minutes(10),
        10,
    )
    .await
    .unwrap();
    assert_eq!(claimed.len(), 1);
    let report = itp_web::mail::deliver_due(&app.state).await.unwrap();
    assert_eq!(report.sent, 0, "the claim still holds");
    app.clock.advance(Span::minutes(11));
    let report = itp_web::mail::deliver_due(&app.state).await.unwrap();
    assert_eq!((report.recovered, report.sent), (1, 1));
    smtp.wait_for_mail_to("stuck@example.org", WAIT).await;
    let mail = mail::find(&app.state.db.conn, id).await.unwrap().unwrap();
    assert_eq!((mail.status, mail.attempts), (MailStatus::Sent, 2));
    // The dead instance's late report changes nothing.
    assert!(
        !mail::mark_sent(&app.state.db.conn, id, "dead-instance", now)
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn a_message_whose_link_expired_before_it_could_go_is_not_sent() {
    let smtp = SmtpServer::start().await;
    let app = TestApp::spawn_with(Options {
        demo: false,
        smtp_url: Some(smtp.url()),
        ..Options::default()
    })
    .await;
    let id = enqueue_one(&app, "late@example.org", Some(Span::minutes(1))).await;
    app.clock.advance(Span::minutes(2));
    let report = itp_web::mail::deliver_due(&app.state).await.unwrap();
    assert_eq!((report.expired, report.sent), (1, 0));
    let mail = mail::find(&app.state.db.conn, id).await.unwrap().unwrap();
    assert_eq!(mail.status, MailStatus::Failed);
    assert!(mail.last_error.unwrap().contains("expired"));
    assert!(smtp.received().is_empty());
}
