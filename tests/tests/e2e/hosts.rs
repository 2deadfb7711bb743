//! Host municipalities end to end, in Swedish as hosts see it: a municipality offers to host, a
//! manager approves, its contact accepts the invitation, the manager sends a request from the
//! matching board, the host accepts, writes the agenda and logistics, and files the report;
//! the programme team reads it. Besides: what the host may not see, the language switch, the
//! form that keeps what was typed, the calendar feed and the registration limit.

use chrono::Duration;
use itp_domain::hosts::VisitState;
use itp_persistence::hosts::visits;
use itp_tests::{TestApp, TestClient, location};
use reqwest::StatusCode;

/// The MF call's study-visit days, and a period covering them as the form takes it.
async fn window(app: &TestApp) -> itp_domain::phase::DateSpan {
    let conn = &app.state.db.conn;
    let mf = itp_persistence::programme::find_by_code(conn, "MF")
        .await
        .unwrap()
        .unwrap();
    let cohort = itp_persistence::cohort::of_programme(conn, mf.id)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.status == itp_domain::cohort::CohortStatus::CallOpen)
        .unwrap();
    itp_persistence::phase::of_cohort(conn, cohort.id)
        .await
        .unwrap()
        .into_iter()
        .find_map(|p| p.phase.study_visits)
        .unwrap()
}

async fn mf_call(app: &TestApp) -> i32 {
    let conn = &app.state.db.conn;
    let mf = itp_persistence::programme::find_by_code(conn, "MF")
        .await
        .unwrap()
        .unwrap();
    itp_persistence::cohort::of_programme(conn, mf.id)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.status == itp_domain::cohort::CohortStatus::CallOpen)
        .unwrap()
        .id
}

fn offer<'a>(code: &'a str, email: &'a str, from: &'a str, to: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("municipality", code),
        ("contact_name", "Karin Nilsson"),
        ("email", email),
        ("phone", "0980-700 00"),
        ("themes", "climate_environment"),
        ("themes", "municipal_finance"),
        ("languages", "sv"),
        ("languages", "en"),
        ("max_visitors", "6"),
        ("teams", ""),
        ("period_1_from", from),
        ("period_1_to", to),
        ("note", ""),
    ]
}

fn link_in(body: &str, marker: &str) -> String {
    let line = body
        .lines()
        .find(|l| l.contains(marker))
        .expect("a link in the mail");
    line[line.find(marker).unwrap()..].trim().to_owned()
}

async fn last_mail_to(app: &TestApp, address: &str) -> itp_persistence::mail::StoredMail {
    app.outbox_to(address)
        .await
        .into_iter()
        .next()
        .expect("a message")
}

/// A municipality registers, is approved and its contact gets an account: the contact's client.
async fn approved_host(app: &TestApp, code: &str, email: &str) -> (TestClient, i32) {
    let w = window(app).await;
    let (from, to) = (
        (w.start - Duration::days(10)).to_string(),
        (w.end + Duration::days(10)).to_string(),
    );
    let visitor = app.client();
    let res = visitor
        .post_form("/host-a-study-visit", &offer(code, email, &from, &to))
        .await;
    assert_eq!(
        location(&res),
        "/host-a-study-visit/thanks",
        "{}",
        res.text().await.unwrap()
    );
    let host = itp_persistence::hosts::list(&app.state.db.conn)
        .await
        .unwrap()
        .into_iter()
        .find(|h| h.municipality.code == code)
        .unwrap();
    let manager = app.signed_in("manager@example.org").await;
    let res = manager
        .post_form(
            &format!("/hosts/{}/decision", host.id),
            &[("decision", "approve"), ("reason", "")],
        )
        .await;
    assert_eq!(location(&res), format!("/hosts/{}", host.id));
    let mail = last_mail_to(app, email).await;
    assert!(mail.subject.contains("Ditt konto"), "{}", mail.subject);
    let link = link_in(&mail.body, "/set-password/");
    let res = visitor
        .post_form(
            &link,
            &[
                ("password", "a long host password 2027"),
                ("confirm", "a long host password 2027"),
            ],
        )
        .await;
    // Setting the password signs the person in and leads on.
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_ne!(location(&res), "/login");
    visitor.post_form("/logout", &[]).await;
    let res = visitor.login(email, "a long host password 2027").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    (visitor, host.id)
}

#[tokio::test]
async fn a_municipality_registers_is_approved_accepts_a_visit_plans_it_and_reports() {
    let app = TestApp::spawn_with_demo().await;
    let visitor = app.client();
    let (status, form) = visitor.get_text("/host-a-study-visit").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        form.contains("<html lang=\"sv\""),
        "host pages default to Swedish"
    );
    assert!(form.contains("Ta emot ett studiebesök"));
    assert!(form.contains("Kiruna (2584)") && form.contains("Region Norrbotten (25)"));

    let (kiruna, host_id) = approved_host(&app, "2584", "karin@kiruna.example").await;
    let (_, start) = kiruna.get_text("/hosting").await;
    assert!(start.contains("Våra studiebesök") && start.contains("Kiruna"));

    // The manager sends Kiruna a request from the board (a manual choice over the suggestion).
    let cohort = mf_call(&app).await;
    let manager = app.signed_in("manager@example.org").await;
    let (status, board) = manager
        .get_text(&format!("/cohorts/{cohort}/matching"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(board.contains("Matching board") && board.contains("Kiruna"));
    let open_team = board
        .split("name=\"team_")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a team without a visit on the board")
        .to_owned();
    let res = manager
        .post_form(
            &format!("/cohorts/{cohort}/matching"),
            &[(&format!("team_{open_team}"), &host_id.to_string())],
        )
        .await;
    assert_eq!(location(&res), format!("/cohorts/{cohort}/matching"));
    let visit = visits::of_host(&app.state.db.conn, host_id)
        .await
        .unwrap()
        .pop()
        .expect("the request");
    assert_eq!(visit.state, VisitState::Requested);
    let request = last_mail_to(&app, "karin@kiruna.example").await;
    assert!(
        request
            .subject
            .contains("Förfrågan om studiebesök i Kiruna"),
        "{}",
        request.subject
    );
    assert!(
        request
            .body
            .contains(&format!("/study-visits/{}", visit.id))
    );

    // The host sees the team, never what is not theirs to see.
    let page = format!("/study-visits/{}", visit.id);
    let (status, html) = kiruna.get_text(&page).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Acceptera besöket") && html.contains("Gruppen som kommer"));
    let draft = itp_persistence::application::draft_of(&app.state.db.conn, visit.application_id)
        .await
        .unwrap();
    for (_, m) in draft.members() {
        assert!(
            html.contains(&m.full_name.trim().replace('\'', "&#39;"))
                || html.contains(m.full_name.trim())
        );
        if !m.email.trim().is_empty() {
            assert!(
                !html.contains(m.email.trim()),
                "a member's e-mail address is not the host's to see"
            );
        }
    }
    for word in ["passport", "Passport", "medical", "score"] {
        assert!(!html.contains(word), "{word} on the host's page");
    }

    let res = kiruna
        .post_form(&format!("{page}/steps"), &[("action", "accept")])
        .await;
    assert_eq!(location(&res), page);
    let day = visit.dates.start.to_string();
    let res = kiruna
        .post_form(
            &format!("{page}/agenda"),
            &[
                ("agenda_0_day", day.as_str()),
                ("agenda_0_starts_at", "09:00"),
                ("agenda_0_ends_at", "10:30"),
                ("agenda_0_topic", "Gruvstaden flyttar"),
                ("agenda_0_place", "Stadshuset"),
                ("agenda_0_people", "Samhällsbyggnadschefen"),
            ],
        )
        .await;
    assert_eq!(location(&res), page);
    let res = kiruna
        .post_form(
            &format!("{page}/logistics"),
            &[
                ("local_transport", "Vi hämtar på flygplatsen."),
                ("lodging", "Programteamet bokar."),
                ("compensation", "1 960,00"),
                ("compensation_covers", "Lunch och lokala resor"),
            ],
        )
        .await;
    assert_eq!(location(&res), page);
    let (_, html) = kiruna.get_text(&page).await;
    assert!(html.contains("Planerat") && html.contains("Gruvstaden flyttar"));
    let stored = visits::find(&app.state.db.conn, visit.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.state, VisitState::Planned);
    assert_eq!(
        stored.logistics.compensation.unwrap().to_minor_units(),
        Ok(196_000)
    );

    // Before the visit there is no report to file; on its first day there is.
    let too_early = kiruna
        .post_form(
            &format!("{page}/report"),
            &[("shown", "x"), ("learned", "y"), ("contacts", "")],
        )
        .await;
    assert_eq!(too_early.status(), StatusCode::CONFLICT);
    let until = visit.dates.start.and_hms_opt(12, 0, 0).unwrap().and_utc() - app.state.clock.now();
    app.clock.advance(until);
    // A year on, the session has long ended: the host signs in again.
    kiruna
        .login("karin@kiruna.example", "a long host password 2027")
        .await;
    let manager = app.signed_in("manager@example.org").await;
    let refused = kiruna
        .post_form(&format!("{page}/report"), &[("shown", ""), ("learned", "")])
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text().await.unwrap().contains("Fyll i det här."));
    let res = kiruna
        .post_form(
            &format!("{page}/report"),
            &[
                ("shown", "Stadsflytten och gruvans påverkan på planeringen."),
                ("learned", "Hur medborgardialog kan bära ett stort beslut."),
                ("contacts", "Anna Lind, planchef"),
            ],
        )
        .await;
    assert_eq!(location(&res), page);
    let stored = visits::find(&app.state.db.conn, visit.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.state, VisitState::Reported);

    // The programme team reads the report, in English.
    let (_, html) = manager.get_text(&page).await;
    assert!(html.contains("<html lang=\"en\"") && html.contains("Reported"));
    assert!(html.contains("Hur medborgardialog kan bära ett stort beslut."));
    assert!(
        html.contains("1,960.00\u{a0}SEK"),
        "money in the page's language"
    );

    // Every move is in the audit log.
    let audit = itp_persistence::audit::list(&app.state.db.conn, &Default::default(), 0, 500)
        .await
        .unwrap();
    let text: Vec<&str> = audit.entries.iter().map(|e| e.action.as_str()).collect();
    for action in [
        "host.register",
        "host.approve",
        "host.invite",
        "study_visit.request",
        "study_visit.accept",
        "study_visit.plan",
        "study_visit.held",
        "study_visit.report",
    ] {
        assert!(text.contains(&action), "{action} audited");
    }
}

#[tokio::test]
async fn a_decline_needs_its_reason_and_the_team_is_told_in_english() {
    let app = TestApp::spawn_with_demo().await;
    let host = app.signed_in("host@example.org").await;
    let conn = &app.state.db.conn;
    let gotland = itp_persistence::hosts::list(conn)
        .await
        .unwrap()
        .into_iter()
        .find(|h| h.municipality.code == "0980")
        .unwrap();
    let requested = visits::of_host(conn, gotland.id)
        .await
        .unwrap()
        .into_iter()
        .find(|v| v.state == VisitState::Requested)
        .expect("the demo's requested visit");
    let page = format!("/study-visits/{}", requested.id);
    let res = host
        .post_form(
            &format!("{page}/steps"),
            &[("action", "decline"), ("reason", " ")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("Fyll i det här."));
    let res = host
        .post_form(
            &format!("{page}/steps"),
            &[("action", "decline"), ("reason", "Julledigt, tyvärr")],
        )
        .await;
    assert_eq!(location(&res), page);
    let stored = visits::find(conn, requested.id).await.unwrap().unwrap();
    assert_eq!(
        (stored.state, stored.reason.as_str()),
        (VisitState::Declined, "Julledigt, tyvärr")
    );
    if let Some((email, _)) = visits::visiting_team(conn, requested.application_id)
        .await
        .unwrap()
        .unwrap()
        .contact
    {
        let mail = last_mail_to(&app, &email).await;
        assert!(
            mail.subject.contains("declines the study visit"),
            "{}",
            mail.subject
        );
        assert!(mail.body.contains("Julledigt, tyvärr"));
    }
    // A host's step is not the programme team's, nor the other way round.
    let manager = app.signed_in("manager@example.org").await;
    let res = manager
        .post_form(&format!("{page}/steps"), &[("action", "accept")])
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn the_form_keeps_what_was_typed_and_the_language_can_be_switched() {
    let app = TestApp::spawn_with_demo().await;
    let visitor = app.client();
    let res = visitor
        .post_form(
            "/host-a-study-visit",
            &[
                ("municipality", "Visby"),
                ("contact_name", "Karin Nilsson"),
                ("phone", "abc"),
                ("max_visitors", "0"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("Något behöver rättas"));
    assert!(html.contains("Välj er kommun eller region i listan."));
    assert!(
        html.contains("value=\"Karin Nilsson\""),
        "what was typed is kept"
    );
    assert!(html.contains("Ange minst en period."));

    let res = visitor.get("/language/en?back=%2Fhost-a-study-visit").await;
    assert_eq!(location(&res), "/host-a-study-visit");
    assert!(
        res.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .starts_with("itp_lang=en;")
    );
    let (_, html) = visitor.get_text("/host-a-study-visit").await;
    assert!(html.contains("<html lang=\"en\"") && html.contains("Host a study visit"));
    assert!(html.contains("Skip to content"));
    let res = visitor
        .get("/language/sv?back=https%3A%2F%2Fevil.example")
        .await;
    assert_eq!(
        location(&res),
        "/",
        "only paths of this site are gone back to"
    );
    let (_, html) = visitor.get_text("/host-a-study-visit").await;
    assert!(
        html.contains("Hoppa till innehållet"),
        "the choice is remembered"
    );

    // Without a choice, the browser's Accept-Language decides.
    let res = app
        .client()
        .http
        .get(app.client().url("/host-a-study-visit"))
        .header("Accept-Language", "en-GB,en;q=0.9")
        .send()
        .await
        .unwrap();
    assert!(res.text().await.unwrap().contains("<html lang=\"en\""));
}

#[tokio::test]
async fn the_host_calendar_lists_its_visits_and_its_address_can_be_replaced() {
    let app = TestApp::spawn_with_demo().await;
    let host = app.signed_in("host@example.org").await;
    let conn = &app.state.db.conn;
    let gotland = itp_persistence::hosts::list(conn)
        .await
        .unwrap()
        .into_iter()
        .find(|h| h.municipality.code == "0980")
        .unwrap();
    let res = host
        .post_form(&format!("/hosting/{}/calendar", gotland.id), &[])
        .await;
    assert_eq!(location(&res), "/hosting");
    let token = itp_persistence::hosts::find(conn, gotland.id)
        .await
        .unwrap()
        .unwrap()
        .calendar_token
        .unwrap();
    let res = app
        .client()
        .get(&format!("/calendar/hosts/{token}.ics"))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    let body = res.text().await.unwrap();
    assert!(body.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(body.contains("SUMMARY:Studiebesök: ") && body.contains("STATUS:TENTATIVE"));
    assert!(body.lines().all(|l| l.len() <= 75), "lines are folded");
    host.post_form(&format!("/hosting/{}/calendar", gotland.id), &[])
        .await;
    let old = app
        .client()
        .get(&format!("/calendar/hosts/{token}.ics"))
        .await;
    assert_eq!(
        old.status(),
        StatusCode::NOT_FOUND,
        "the old address stops working"
    );
}

#[tokio::test]
async fn offers_are_limited_per_client_and_one_per_municipality() {
    let app = TestApp::spawn_with_demo().await;
    let w = window(&app).await;
    let (from, to) = (w.start.to_string(), w.end.to_string());
    let visitor = app.client();
    let fields = offer("0180", "info@stockholm.example", &from, &to);
    let first = visitor.post_form("/host-a-study-visit", &fields).await;
    assert_eq!(location(&first), "/host-a-study-visit/thanks");
    let again = visitor.post_form("/host-a-study-visit", &fields).await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        again
            .text()
            .await
            .unwrap()
            .contains("har redan erbjudit sig")
    );
    let mut last = StatusCode::OK;
    for _ in 0..20 {
        last = visitor
            .post_form("/host-a-study-visit", &fields)
            .await
            .status();
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
}
