use std::time::Duration;

use itp_tests::smtp::SmtpServer;
use itp_tests::{DEMO_PASSWORD, TestApp, location};
use reqwest::StatusCode;

const WAIT: Duration = Duration::from_secs(10);

fn link_in(body: &str) -> String {
    let line = body
        .lines()
        .find(|l| l.contains("/set-password/"))
        .expect("a link in the mail");
    line[line.find("/set-password/").unwrap()..]
        .trim()
        .to_owned()
}

#[tokio::test]
async fn an_applicant_registers_confirms_the_address_by_mail_and_applies() {
    let smtp = SmtpServer::start().await;
    let app = TestApp::spawn_with_demo_and_smtp(&smtp).await;
    let visitor = app.client();
    // From a call's page: the call is kept through the form, the mail and the link.
    let (call, call_name) = itp_persistence::cohort::open_calls(&app.state.db.conn)
        .await
        .unwrap()
        .into_iter()
        .map(|(c, _)| (c.id, c.settings.name))
        .next()
        .unwrap();
    let (_, form) = visitor.get_text(&format!("/register?call={call}")).await;
    assert!(form.contains("Create an account to apply"));
    assert!(form.contains("You are registering to apply to"));
    assert!(form.contains(&call_name));
    let call_field = call.to_string();
    let res = visitor
        .post_form(
            "/register",
            &[
                ("name", "Амина Юсупова"),
                ("email", "amina@kazan.example"),
                ("call", &call_field),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("Check your inbox"));

    let mail = smtp.wait_for_mail_to("amina@kazan.example", WAIT).await;
    let body = mail.body();
    // The chosen name never opens the mail (it could carry a line of someone else's choosing);
    // it is quoted as a name further down.
    assert!(body.starts_with("Hello,"), "{body}");
    assert!(body.contains("The name typed on the registration form was: “Амина Юсупова”."));
    let link = link_in(&body);
    let (status, page) = visitor.get_text(&link).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Your address is confirmed"));
    let res = visitor
        .post_form(
            &link,
            &[
                ("password", "a long applicant password"),
                ("confirm", "a long applicant password"),
            ],
        )
        .await;
    // Signed in, and back at the call: no second sign-in with an empty e-mail field.
    assert_eq!(location(&res), format!("/calls/{call}"));
    let (status, mine) = visitor.get_text("/my/applications").await;
    assert_eq!(
        status,
        StatusCode::OK,
        "a registered person is an applicant"
    );
    assert!(mine.contains("Open calls"));
}

#[tokio::test]
async fn registering_an_address_that_has_an_account_reveals_nothing_and_mails_a_reset_link() {
    let smtp = SmtpServer::start().await;
    let app = TestApp::spawn_with_demo_and_smtp(&smtp).await;
    let visitor = app.client();
    let before = app.outbox_to("applicant@example.org").await.len();
    let res = visitor
        .post_form(
            "/register",
            &[("name", "Someone"), ("email", "applicant@example.org")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("Check your inbox"),
        "the same answer as for a new address"
    );
    let mail = smtp.wait_for_mail_to("applicant@example.org", WAIT).await;
    assert!(mail.body().contains("already has an account"));
    // The existing password keeps working until a new one is chosen.
    assert_eq!(
        app.client()
            .login("applicant@example.org", DEMO_PASSWORD)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    // Asking again at once sends nothing more: the form cannot flood an inbox.
    visitor
        .post_form("/forgot-password", &[("email", "applicant@example.org")])
        .await;
    let queued = app.outbox_to("applicant@example.org").await;
    assert_eq!(
        queued.len(),
        before + 1,
        "one mail per address per ten minutes"
    );
}

#[tokio::test]
async fn forgotten_password_for_an_unknown_address_sends_nothing_and_says_the_same() {
    let app = TestApp::spawn_with_demo().await;
    let visitor = app.client();
    let res = visitor
        .post_form("/forgot-password", &[("email", "nobody@nowhere.example")])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("Check your inbox"));
    assert!(app.outbox_to("nobody@nowhere.example").await.is_empty());
    let res = visitor
        .post_form("/register", &[("name", ""), ("email", "not-an-address")])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.unwrap();
    assert!(page.contains("Enter the full name") && page.contains("value=\"not-an-address\""));
}

/// The "one mail per address per ten minutes" rule compares the address itself: registering five
/// addresses that contain a victim's address no longer pushes the victim's last mail out of
/// sight, so a second reset mail to the victim is not let through.
#[tokio::test]
async fn addresses_that_contain_anothers_cannot_push_its_mail_limit_out() {
    let app = TestApp::spawn_with_demo().await;
    let exactly = |mail: Vec<itp_persistence::mail::StoredMail>| {
        mail.into_iter()
            .filter(|m| m.to_address == "finance@example.org")
            .count()
    };
    let before = exactly(app.outbox_to("finance@example.org").await);
    let visitor = app.client();
    visitor
        .post_form("/forgot-password", &[("email", "finance@example.org")])
        .await;
    assert_eq!(
        exactly(app.outbox_to("finance@example.org").await),
        before + 1
    );
    for i in 0..5 {
        let decoy = format!("d0{i}xxfinance@example.org");
        visitor
            .post_form("/register", &[("name", "Decoy"), ("email", &decoy)])
            .await;
    }
    visitor
        .post_form("/forgot-password", &[("email", "finance@example.org")])
        .await;
    let to_victim = exactly(app.outbox_to("finance@example.org").await);
    assert_eq!(to_victim, before + 1, "still one mail in ten minutes");
}

/// Registrations and link requests are limited per client address as well as per address:
/// 25 registrations in a burst from one client queue 20 mails, the rest are told to wait.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_burst_of_registrations_from_one_client_is_cut_off() {
    let app = TestApp::spawn().await;
    let mut ready = Vec::new();
    for _ in 0..25 {
        let client = app.client();
        let token = client.csrf_token().await;
        ready.push((client, token));
    }
    let burst: Vec<_> = ready
        .into_iter()
        .enumerate()
        .map(|(i, (client, token))| {
            tokio::spawn(async move {
                let email = format!("burst{i}@example.org");
                client
                    .post_raw(
                        "/register",
                        &[("name", "Burst"), ("email", &email), ("csrf_token", &token)],
                    )
                    .await
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for b in burst {
        let res = b.await.unwrap();
        statuses.push(res.status());
        if res.status() == StatusCode::TOO_MANY_REQUESTS {
            assert!(res.headers().contains_key("retry-after"));
            assert!(
                res.text()
                    .await
                    .unwrap()
                    .contains("Too many requests from your network")
            );
        }
    }
    let ok = statuses.iter().filter(|s| **s == StatusCode::OK).count();
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!((ok, refused), (20, 5), "{statuses:?}");
    let queued = app.outbox_to("burst").await.len();
    assert_eq!(queued, 20);
    // Another client (a second office behind the same proxy) is not affected.
    let other = app.client();
    let token = other.csrf_token().await;
    let res = other
        .http
        .post(other.url("/register"))
        .header("x-forwarded-for", "203.0.113.9")
        .form(&[
            ("name", "Other"),
            ("email", "other@example.org"),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

/// Changing a password ends every outstanding link of the account: an older reset link no
/// longer works after a newer one was used.
#[tokio::test]
async fn an_older_reset_link_dies_when_the_password_changes() {
    let app = TestApp::spawn_with_demo().await;
    let id = app.user_id("finance@example.org").await;
    let older = itp_web::auth::service::issue_link(
        &app.state.db.conn,
        &app.state,
        id,
        itp_domain::account::LinkPurpose::PasswordReset,
    )
    .await
    .unwrap()
    .0;
    let newer = itp_web::auth::service::issue_link(
        &app.state.db.conn,
        &app.state,
        id,
        itp_domain::account::LinkPurpose::PasswordReset,
    )
    .await
    .unwrap()
    .0;
    let path = |link: &str| link[link.find("/set-password/").unwrap()..].to_owned();
    let visitor = app.client();
    let res = visitor
        .post_form(
            &path(&newer),
            &[
                ("password", "a brand new finance passphrase"),
                ("confirm", "a brand new finance passphrase"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = visitor.get_text(&path(&older)).await;
    assert!(
        page.contains("expired") || page.contains("no longer"),
        "the older link is dead: {page}"
    );
    let res = visitor
        .post_form(
            &path(&older),
            &[
                ("password", "an attacker's finance passphrase"),
                ("confirm", "an attacker's finance passphrase"),
            ],
        )
        .await;
    assert_ne!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.client()
            .login("finance@example.org", "a brand new finance passphrase")
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
}

/// A name carrying bidirectional overrides (which make a text show as another) is refused with
/// a message where a form validates; nothing is stored.
#[tokio::test]
async fn a_name_with_bidi_overrides_is_refused() {
    let app = TestApp::spawn().await;
    let res = app
        .client()
        .post_form(
            "/register",
            &[
                ("name", "Lars \u{202e}exe.live\u{202c} Larsson"),
                ("email", "lars@example.org"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("control characters"));
    assert!(app.outbox_to("lars@example.org").await.is_empty());
}
