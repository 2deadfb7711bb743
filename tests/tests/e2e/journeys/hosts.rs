//! In Swedish, as a municipal official meets it: a municipality offers to host, a manager
//! approves it and asks for a visit from the matching board, the contact person accepts the
//! invitation, accepts the visit, writes the agenda and files the report. Every page passes axe.

use chrono::Duration;
use itp_tests::TestApp;
use itp_tests::browser::{Options, journey};

use crate::application::open_call;

const PASSWORD: &str = "a long host password 2027";

#[tokio::test]
async fn a_municipality_registers_is_approved_and_hosts_a_visit_in_swedish() {
    let app = TestApp::spawn_with_demo().await;
    let cohort = open_call(&app, "MF").await;
    // The cohort's Sweden phase is on now, so the visit is held on the journey's day and its
    // report can be filed without moving the clock.
    let conn = &app.state.db.conn;
    let sweden = itp_persistence::phase::of_cohort(conn, cohort)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.phase.study_visits.is_some())
        .expect("the MF call has a Sweden phase with study-visit days");
    let today = app.state.clock.now().date_naive();
    let span = |a: i64, b: i64| {
        itp_domain::phase::DateSpan::new(today + Duration::days(a), today + Duration::days(b))
            .unwrap()
    };
    let mut phase = sweden.phase.clone();
    phase.dates = span(-3, 5);
    phase.study_visits = Some(span(0, 1));
    itp_persistence::phase::update(conn, sweden.id, &phase, app.state.clock.now())
        .await
        .unwrap();
    let window = span(0, 1);
    let (from, to) = (
        (window.start - Duration::days(14)).to_string(),
        (window.end + Duration::days(14)).to_string(),
    );
    let app = &app;
    journey(
        app,
        "a municipality hosts a visit in Swedish",
        Options::default(),
        async |j| {
            j.goto("/host-a-study-visit").await?;
            j.follow("Svenska").await?;
            j.expect_text("Ta emot ett studiebesök").await?;
            j.select("municipality", "2584").await?;
            j.fill("contact_name", "Karin Nilsson").await?;
            j.fill("email", "karin@kiruna.example").await?;
            j.fill("phone", "0980-700 00").await?;
            j.tick("themes", Some("climate_environment")).await?;
            j.tick("themes", Some("urban_planning")).await?;
            j.tick("languages", Some("sv")).await?;
            j.tick("languages", Some("en")).await?;
            j.fill("max_visitors", "4").await?;
            j.set("period_1_from", &from).await?;
            j.set("period_1_to", &to).await?;
            j.press("Skicka vårt erbjudande").await?;
            j.expect_text("Tack för ert erbjudande").await?;

            j.new_session().await?;
            j.sign_in("manager@example.org").await?;
            j.goto("/hosts").await?;
            j.follow("Kiruna").await?;
            j.press("Approve and invite the contact person").await?;
            j.expect_text("The offer is approved").await?;
            let host = itp_persistence::hosts::list(&app.state.db.conn)
                .await
                .unwrap()
                .into_iter()
                .find(|h| h.municipality.code == "2584")
                .expect("Kiruna's offer");
            j.goto(&format!("/cohorts/{cohort}/matching")).await?;
            j.expect_text("Matching board").await?;
            let board = itp_persistence::review::candidates(&app.state.db.conn, cohort)
                .await
                .unwrap();
            let live = itp_persistence::hosts::visits::of_cohort(&app.state.db.conn, cohort)
                .await
                .unwrap();
            let team = board
                .iter()
                .map(|c| c.application_id as i32)
                .find(|id| !live.iter().any(|v| v.application_id == *id))
                .expect("a team without a visit");
            j.select(&format!("team_{team}"), &host.id.to_string())
                .await?;
            j.press("Send the requests").await?;
            j.expect_text("One request was sent.").await?;

            let mail = app.outbox_to("karin@kiruna.example").await;
            let invitation = mail
                .iter()
                .find(|m| m.body.contains("/set-password/"))
                .expect("the invitation");
            let line = invitation
                .body
                .lines()
                .find(|l| l.contains("/set-password/"))
                .unwrap();
            let link = line[line.find("/set-password/").unwrap()..]
                .trim()
                .to_owned();
            j.new_session().await?;
            j.goto(&link).await?;
            j.fill("password", PASSWORD).await?;
            j.fill("confirm", PASSWORD).await?;
            j.press("Set password").await?;
            // Setting the password signs her in; she signs in again later as she would next time.
            j.new_session().await?;
            j.sign_in_with("karin@kiruna.example", PASSWORD).await?;
            j.goto("/hosting").await?;
            j.follow("Svenska").await?;
            j.expect_text("Våra studiebesök").await?;
            let visit = itp_persistence::hosts::visits::of_host(&app.state.db.conn, host.id)
                .await
                .unwrap()
                .pop()
                .expect("the request to Kiruna");
            j.follow(&itp_web::i18n::format::dates(
                visit.dates,
                itp_domain::format::Lang::Sv,
            ))
            .await?;
            j.expect_text("Gruppen som kommer").await?;
            j.press("Acceptera besöket").await?;
            j.expect_text("Besöket är nu: Accepterat").await?;
            j.set("agenda_0_day", &visit.dates.start.to_string())
                .await?;
            j.set("agenda_0_starts_at", "09:00").await?;
            j.set("agenda_0_ends_at", "11:30").await?;
            j.fill("agenda_0_topic", "Stadsflytten").await?;
            j.fill("agenda_0_place", "Stadshuset").await?;
            j.press("Spara programmet").await?;
            j.expect_text("Programmet är sparat.").await?;
            j.expect_text("Planerat").await?;

            // The visit's days have come: the report can be filed.
            j.goto(&format!("/study-visits/{}", visit.id)).await?;
            j.expect_text("Rapport efter besöket").await?;
            j.fill(
                "shown",
                "Stadsflytten och samhällsplaneringen kring gruvan.",
            )
            .await?;
            j.fill("learned", "Hur medborgardialog bär ett stort beslut.")
                .await?;
            j.press("Lämna rapporten").await?;
            j.expect_text("Rapporten är inlämnad").await?;
            j.expect_text("Rapporterat").await
        },
    )
    .await;
}
