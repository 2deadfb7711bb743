//! Mail texts kept in the database: a programme's own text changes the decision letter that is
//! queued; a text with an unknown or a missing required placeholder is refused with what was
//! typed kept; the preview is rendered from a real record; a test mail reaches a real SMTP
//! server; the outbox shows what went to one person and to one cohort; the visit reminders go
//! once however often their job runs; and who may change which texts.

use std::time::Duration;

use chrono::TimeZone;
use itp_persistence::mail::{self, Filter};
use itp_tests::smtp::SmtpServer;
use itp_tests::{TestApp, TestClient};
use reqwest::StatusCode;

use crate::selection::scenario::cohort_with_teams;

/// The demo's stored texts (Global Mobility's selection letter, the hosts' visit reminder).
const DEMO_TEXTS: usize = 2;

async fn programme_id(app: &TestApp, code: &str) -> i32 {
    itp_persistence::programme::find_by_code(&app.state.db.conn, code)
        .await
        .unwrap()
        .unwrap()
        .id
}

async fn save(
    client: &TestClient,
    kind: &str,
    programme: &str,
    subject: &str,
    body: &str,
) -> reqwest::Response {
    client
        .post_form(
            &format!("/mail-templates/{kind}"),
            &[
                ("programme", programme),
                ("subject", subject),
                ("body", body),
                ("html", ""),
            ],
        )
        .await
}

#[tokio::test]
async fn a_programmes_own_text_changes_the_decision_letter_that_is_queued() {
    let app = TestApp::spawn_with_demo().await;
    let conn = &app.state.db.conn;
    let manager = app.signed_in("manager@example.org").await;
    let mf = programme_id(&app, "MF").await.to_string();
    let res = save(
        &manager,
        "selection.not_selected",
        &mf,
        "About {reference}: our decision",
        "Dear {name},\n\nWe are sorry: {cohort} is full this time.\n",
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, list) = manager
        .get_text(&format!("/mail-templates?programme={mf}"))
        .await;
    assert!(list.contains("Own text"), "{list}");

    let (cohort, ids) = cohort_with_teams(&app, &manager).await;
    let res = manager
        .post_form(
            &format!("/cohorts/{cohort}/selection/decisions"),
            &[
                ("application_id", &ids[0].to_string()),
                ("decision", "not_selected"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = manager
        .post_form(&format!("/cohorts/{cohort}/selection/apply"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let letters = mail::list(
        conn,
        &Filter {
            cause_type: Some("application".into()),
            cause_id: Some(ids[0].to_string()),
            ..Default::default()
        },
        0,
        10,
    )
    .await
    .unwrap()
    .mail;
    assert_eq!(letters.len(), 1, "{letters:?}");
    let letter = &letters[0];
    assert!(letter.is_held(), "a decision letter waits for a person");
    assert!(
        letter.subject.starts_with("About SC-"),
        "{}",
        letter.subject
    );
    assert!(letter.subject.ends_with(": our decision"));
    assert!(
        letter
            .body
            .contains("We are sorry: Selection scenario is full this time.")
    );
    assert_eq!(letter.template.as_deref(), Some("selection.not_selected"));

    // The outbox per cohort and per person: the cohort's one letter, and its recipient.
    let admin = app.signed_in("admin@example.org").await;
    let (status, page) = admin
        .get_text(&format!("/admin/outbox?cohort={cohort}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("1 message match: 0 sent, 1 waiting, 0 failed."),
        "{page}"
    );
    assert!(page.contains(&letter.to_address));
    let (_, page) = admin
        .get_text(&format!("/admin/outbox?person={}", letter.to_address))
        .await;
    assert!(page.contains("Per person"), "{page}");
    assert!(page.contains(&letter.subject));
    let (_, other) = admin
        .get_text("/admin/outbox?person=nobody%40example.org")
        .await;
    assert!(other.contains("0 messages match"), "{other}");
}

#[tokio::test]
async fn a_bad_placeholder_is_refused_and_what_was_typed_is_kept() {
    let app = TestApp::spawn_with_demo().await;
    let manager = app.signed_in("manager@example.org").await;
    let mf = programme_id(&app, "MF").await.to_string();
    let res = save(
        &manager,
        "selection.selected",
        &mf,
        "Selected: {reference}",
        "Dear {team_name}, welcome; confirm by {deadline}: {link}",
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("{team_name} in the text is not a placeholder of this mail"),
        "{page}"
    );
    assert!(
        page.contains("Dear {team_name}, welcome"),
        "what was typed is kept"
    );

    let res = save(
        &manager,
        "selection.selected",
        &mf,
        "Selected",
        "Dear {name}, welcome.",
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.unwrap();
    assert!(page.contains("The text must contain {link}"), "{page}");
    assert!(page.contains("The text must contain {deadline}"), "{page}");
    let stored = itp_persistence::mail_templates::all(&app.state.db.conn)
        .await
        .unwrap();
    assert_eq!(stored.len(), DEMO_TEXTS, "nothing is saved: {stored:?}");
}

#[tokio::test]
async fn the_preview_is_rendered_from_a_real_application_of_the_programme() {
    let app = TestApp::spawn_with_demo().await;
    let conn = &app.state.db.conn;
    let mf = programme_id(&app, "MF").await;
    let application = itp_persistence::mail_templates::preview_applications(conn, Some(mf), 1)
        .await
        .unwrap()
        .remove(0);
    let contact = itp_persistence::selection_decisions::contact(conn, application.id)
        .await
        .unwrap()
        .unwrap();
    let manager = app.signed_in("manager@example.org").await;
    let (status, page) = manager
        .get_text(&format!(
            "/mail-templates/selection.selected?programme={mf}&record={}",
            application.id
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    let preview = page
        .split("id=\"preview-heading\"")
        .nth(1)
        .expect("a preview");
    assert!(
        preview.contains(&format!(
            "Your application {} is selected",
            contact.reference
        )),
        "{preview}"
    );
    assert!(preview.contains("Rendered from"), "{preview}");

    // The preview of a text as typed, not saved.
    let res = manager
        .post_form(
            "/mail-templates/selection.selected/preview",
            &[
                ("programme", &mf.to_string()),
                ("record", &application.id.to_string()),
                ("subject", "Places for {reference}"),
                ("body", "{link} by {deadline}"),
                (
                    "html",
                    "<p>Places for <b>{name}</b>: {link} by {deadline}</p>",
                ),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    assert!(
        page.contains(&format!("Places for {}", contact.reference)),
        "{page}"
    );
    assert_eq!(
        itp_persistence::mail_templates::all(conn)
            .await
            .unwrap()
            .len(),
        DEMO_TEXTS
    );
}

#[tokio::test]
async fn a_test_mail_with_its_html_alternative_arrives_at_the_smtp_server() {
    let smtp = SmtpServer::start().await;
    let app = TestApp::spawn_with_demo_and_smtp(&smtp).await;
    let admin = app.signed_in("admin@example.org").await;
    let res = admin
        .post_form(
            "/mail-templates/account.invitation/test",
            &[
                ("programme", ""),
                ("subject", "Welcome, {name}"),
                ("body", "Choose a password by {expires}:\n\n{link}\n"),
                (
                    "html",
                    "<p>Choose a password by {expires}: <a href=\"{link}\">here</a></p>",
                ),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("A test mail to admin@example.org is in the outbox"),
        "{page}"
    );
    let mail = smtp
        .wait_for_mail_to("admin@example.org", Duration::from_secs(10))
        .await;
    assert!(
        mail.subject().starts_with("[Test] Welcome, "),
        "{}",
        mail.subject()
    );
    let raw = mail.raw.to_ascii_lowercase();
    assert!(raw.contains("multipart/alternative"), "{}", mail.raw);
    assert!(raw.contains("text/plain") && raw.contains("text/html"));
    assert_eq!(
        itp_persistence::mail_templates::all(&app.state.db.conn)
            .await
            .unwrap()
            .len(),
        DEMO_TEXTS,
        "a test mail saves nothing"
    );
}

#[tokio::test]
async fn a_swedish_host_text_is_used_and_the_visit_reminder_goes_once_when_the_job_runs_twice() {
    let app = TestApp::spawn_with_demo().await;
    let conn = &app.state.db.conn;
    let host = itp_persistence::hosts::list(conn)
        .await
        .unwrap()
        .into_iter()
        .find(|h| h.municipality.code == "0980")
        .expect("the demo host Gotland");
    let visit = itp_persistence::hosts::visits::of_host(conn, host.id)
        .await
        .unwrap()
        .into_iter()
        .find(|v| v.state == itp_domain::hosts::VisitState::Accepted)
        .expect("an accepted demo visit");
    let manager = app.signed_in("manager@example.org").await;
    let res = save(
        &manager,
        "hosts.visit_reminder",
        &visit.programme_id.to_string(),
        "Snart besök i {host}",
        "Hej {name}! Grupp {team} kommer {dates}.\n",
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    // Three days before the visit, at noon in Stockholm.
    let start = visit.dates.start - chrono::Duration::days(3);
    let noon = chrono::Utc.from_utc_datetime(&start.and_hms_opt(10, 0, 0).unwrap());
    app.clock.advance(noon - app.state.clock.now());
    let admin = app.signed_in("admin@example.org").await;
    for _ in 0..2 {
        let res = admin
            .post_form("/admin/jobs/remind_upcoming/run", &[])
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        app.clock.advance(chrono::Duration::minutes(1));
    }
    let reminders: Vec<_> = app
        .outbox_to(&host.email)
        .await
        .into_iter()
        .filter(|m| m.template.as_deref() == Some("hosts.visit_reminder"))
        .collect();
    assert_eq!(reminders.len(), 1, "{reminders:?}");
    assert_eq!(reminders[0].subject, "Snart besök i Gotland");
    assert!(
        reminders[0]
            .body
            .starts_with(&format!("Hej {}!", host.contact_name))
    );
}

#[tokio::test]
async fn managers_change_only_their_programmes_texts_and_admins_the_shared_ones() {
    let app = TestApp::spawn_with_demo().await;
    let manager = app.signed_in("manager@example.org").await;
    let others: Vec<i32> = itp_persistence::programme::list_summaries(&app.state.db.conn, false)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .collect();
    let mf = programme_id(&app, "MF").await;
    let text = ("Decision on {reference}", "Dear {name}, {cohort}.");
    for id in others.iter().filter(|id| **id != mf) {
        let res = save(
            &manager,
            "selection.not_selected",
            &id.to_string(),
            text.0,
            text.1,
        )
        .await;
        if res.status() == StatusCode::SEE_OTHER {
            // The demo manager manages this programme too: nothing to prove with it.
            continue;
        }
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "programme {id}");
    }
    // The texts for every programme, and account mail, are administrators'.
    let res = save(&manager, "selection.not_selected", "", text.0, text.1).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let (status, _) = manager.get_text("/mail-templates/account.invitation").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let admin = app.signed_in("admin@example.org").await;
    let res = save(&admin, "selection.not_selected", "", text.0, text.1).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let audit = itp_persistence::audit::list(
        &app.state.db.conn,
        &itp_persistence::audit::Filter {
            action: Some("mail_template.save".into()),
            ..Default::default()
        },
        0,
        10,
    )
    .await
    .unwrap();
    assert!(audit.total >= 1, "saving is audited");
    let res = admin
        .post_form(
            "/mail-templates/selection.not_selected/reset",
            &[("programme", "")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        itp_persistence::mail_templates::find(&app.state.db.conn, "selection.not_selected", None)
            .await
            .unwrap(),
        None
    );
    let reviewer = app.signed_in("reviewer@example.org").await;
    let (status, _) = reviewer.get_text("/mail-templates").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
