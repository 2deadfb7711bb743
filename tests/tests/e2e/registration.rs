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
    let (_, form) = visitor.get_text("/register").await;
    assert!(form.contains("Create an account to apply"));
    let res = visitor
        .post_form(
            "/register",
            &[("name", "Амина Юсупова"), ("email", "amina@kazan.example")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("Check your inbox"));

    let mail = smtp.wait_for_mail_to("amina@kazan.example", WAIT).await;
    let body = mail.body();
    assert!(body.starts_with("Hello Амина Юсупова,"), "{body}");
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
    assert_eq!(location(&res), "/login");
    let res = visitor
        .login("amina@kazan.example", "a long applicant password")
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
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
