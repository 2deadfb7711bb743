//! Participants (issue 15): a confirmed team becomes the cohort's participants; an itinerary
//! yields a per-diem statement through the engine (recomputed while a draft, kept once
//! approved); attendance leads to completion and a certificate; the travel list warns of what
//! is missing; needs are special-category data, every view audited and refused to others.

use itp_domain::per_diem::StatementState;
use itp_domain::phase::PhaseKind;
use itp_persistence::audit::{self, Filter};
use itp_persistence::participants::{self, StoredParticipant};
use itp_persistence::phase::StoredPhase;
use itp_tests::{TestApp, TestClient, location};
use reqwest::StatusCode;

use crate::application::open_call;

/// The MF cohort with the open call, where the demo's confirmed team is.
async fn cohort_with_participants(app: &TestApp) -> (i32, Vec<StoredParticipant>) {
    let cohort = open_call(app, "MF").await;
    let people = participants::of_cohort(&app.state.db.conn, cohort)
        .await
        .unwrap();
    (cohort, people)
}

async fn phase_of_kind(app: &TestApp, cohort: i32, kind: PhaseKind) -> StoredPhase {
    itp_persistence::phase::of_cohort(&app.state.db.conn, cohort)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.phase.kind == kind)
        .expect("the demo cohort has that phase")
}

fn day_after(d: chrono::NaiveDate, days: i64) -> String {
    (d + chrono::Duration::days(days)).to_string()
}

async fn add_leg(
    client: &TestClient,
    p: i32,
    phase: i32,
    from: (&str, &str, &str),
    departs: &str,
    to: (&str, &str, &str),
    arrives: &str,
) -> reqwest::Response {
    let phase = phase.to_string();
    client
        .post_form(
            &format!("/participants/{p}/legs"),
            &[
                ("phase_id", &phase),
                ("from_place", from.0),
                ("from_country", from.1),
                ("departs", departs),
                ("departs_zone", from.2),
                ("to_place", to.0),
                ("to_country", to.1),
                ("arrives", arrives),
                ("arrives_zone", to.2),
                ("carrier", "KLM"),
                ("booking_reference", "KL5X2Q"),
                ("cost", "6400.50"),
                ("currency", "USD"),
            ],
        )
        .await
}

const KAMPALA: (&str, &str, &str) = ("Entebbe", "UG", "Africa/Kampala");
const VISBY: (&str, &str, &str) = ("Visby", "SE", "Europe/Stockholm");

#[tokio::test]
async fn a_confirmed_team_becomes_participants_once() {
    let app = TestApp::spawn_with_demo().await;
    let conn = &app.state.db.conn;
    let (cohort, people) = cohort_with_participants(&app).await;
    let confirmed = participants::confirmed_applications(conn, cohort)
        .await
        .unwrap();
    assert_eq!(confirmed.len(), 1, "the demo's one confirmed team");
    let members = itp_persistence::selection_decisions::contact(conn, confirmed[0])
        .await
        .unwrap();
    assert!(members.is_some());
    assert!(!people.is_empty());
    assert!(people.iter().all(|p| p.application_id == confirmed[0]));
    // Every phase of the cohort is planned for each of them.
    let phases = itp_persistence::phase::of_cohort(conn, cohort)
        .await
        .unwrap();
    let ids: Vec<i32> = people.iter().map(|p| p.id).collect();
    let records = participants::phases_of(conn, &ids).await.unwrap();
    assert_eq!(records.len(), people.len() * phases.len());

    let manager = app.signed_in("manager@example.org").await;
    let (status, list) = manager
        .get_text(&format!("/cohorts/{cohort}/participants"))
        .await;
    assert_eq!(status, StatusCode::OK);
    for p in &people {
        assert!(list.contains(&p.full_name), "{}", p.full_name);
    }
    assert!(list.contains("1 confirmed team and"), "{list}");
    // The action for earlier confirmations adds nobody twice.
    let res = manager
        .post_form(
            &format!("/cohorts/{cohort}/participants/from-confirmed"),
            &[],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, list) = manager.get_text(&location(&res)).await;
    assert!(list.contains("nobody was added"), "{list}");
    assert_eq!(
        participants::of_cohort(conn, cohort).await.unwrap().len(),
        people.len()
    );
    // The dashboard shows the participants' tile.
    let (_, dashboard) = manager.get_text(&format!("/cohorts/{cohort}")).await;
    assert!(dashboard.contains(&format!("/cohorts/{cohort}/participants")));
}

#[tokio::test]
async fn a_team_confirming_through_its_link_becomes_participants() {
    use itp_domain::selection::OfferState;
    let app = TestApp::spawn_with_demo().await;
    let conn = &app.state.db.conn;
    let cohort = open_call(&app, "MF").await;
    let open = itp_persistence::selection_decisions::offers_of_cohort(conn, cohort)
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.state == OfferState::Open)
        .expect("an open offer in the demo");
    let before = participants::of_cohort(conn, cohort).await.unwrap().len();
    let ctx = itp_web::ops::Context::system(&app.state, "test");
    let mut uow = ctx.begin().await.unwrap();
    itp_web::selection::service::answer_in(&mut uow, &open, true, true)
        .await
        .unwrap();
    uow.commit().await.unwrap();
    let after = participants::of_cohort(conn, cohort).await.unwrap();
    let added: Vec<_> = after
        .iter()
        .filter(|p| p.application_id == open.application_id)
        .collect();
    assert!(!added.is_empty());
    assert_eq!(after.len(), before + added.len());
}

#[tokio::test]
async fn an_itinerary_yields_a_per_diem_statement_through_the_engine() {
    let app = TestApp::spawn_with_demo().await;
    let conn = &app.state.db.conn;
    let (cohort, people) = cohort_with_participants(&app).await;
    let p = &people[0];
    let sweden = phase_of_kind(&app, cohort, PhaseKind::SwedenPhase).await;
    let (start, end) = (sweden.phase.dates.start, sweden.phase.dates.end);
    let manager = app.signed_in("manager@example.org").await;
    let out = add_leg(
        &manager,
        p.id,
        sweden.id,
        KAMPALA,
        &format!("{}T23:30", day_after(start, -1)),
        VISBY,
        &format!("{}T09:40", start),
    )
    .await;
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    let back = add_leg(
        &manager,
        p.id,
        sweden.id,
        VISBY,
        &format!("{}T16:00", end),
        KAMPALA,
        &format!("{}T06:10", day_after(end, 1)),
    )
    .await;
    assert_eq!(back.status(), StatusCode::SEE_OTHER);

    let res = manager
        .post_form(
            &format!("/participants/{}/phases/{}/per-diem", p.id, sweden.id),
            &[],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let to = location(&res);
    assert!(to.starts_with("/per-diem/statements/"), "{to}");
    let id: i32 = to.rsplit('/').next().unwrap().parse().unwrap();
    let stored = itp_persistence::per_diem::statements::find(conn, id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.header.traveller_name, p.full_name);
    assert_eq!(stored.header.state, StatementState::Draft);
    // The engine, run on the trip stored, gives exactly the stored total.
    let again = itp_web::per_diem::service::quote_with_stored_rates(conn, &stored.trip)
        .await
        .unwrap();
    assert_eq!(again.total, stored.header.total);
    assert_eq!(stored.trip.stays().len(), 1);
    assert_eq!(stored.trip.stays()[0].country.as_str(), "SE");
    // The programme's meals (breakfast and lunch unless set) are free on the phase's days.
    assert!(!stored.trip.free_meals_on(start).is_empty());
    let (_, page) = manager.get_text(&format!("/participants/{}", p.id)).await;
    assert!(page.contains(&format!("/per-diem/statements/{id}")));

    // Coming home two days later changes a draft: it is recomputed by the engine.
    let legs = itp_persistence::participants::travel::legs_of(
        conn,
        &participants::phases_of(conn, &[p.id])
            .await
            .unwrap()
            .iter()
            .filter(|r| r.phase_id == sweden.id)
            .map(|r| r.id)
            .collect::<Vec<_>>(),
    )
    .await
    .unwrap();
    let return_leg = legs.last().unwrap().id;
    let res = manager
        .post_form(
            &format!("/participants/{}/legs/{return_leg}/delete", p.id),
            &[("confirmed", "yes")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    add_leg(
        &manager,
        p.id,
        sweden.id,
        VISBY,
        &format!("{}T16:00", day_after(end, 2)),
        KAMPALA,
        &format!("{}T06:10", day_after(end, 3)),
    )
    .await;
    let later = itp_persistence::per_diem::statements::find(conn, id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        later.trip.return_at().date(),
        (end + chrono::Duration::days(3))
    );
    let engine = itp_web::per_diem::service::quote_with_stored_rates(conn, &later.trip)
        .await
        .unwrap();
    assert_eq!(later.header.total, engine.total);

    // Once finance approved it, a change of the itinerary leaves it as approved.
    let finance = app.signed_in("finance@example.org").await;
    let res = finance
        .post_form(
            &format!("/per-diem/statements/{id}/approve"),
            &[("confirmed", "yes")],
        )
        .await;
    assert!(res.status().is_redirection(), "{}", res.status());
    let approved = itp_persistence::per_diem::statements::find(conn, id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(approved.header.state, StatementState::Approved);
    let res = add_leg(
        &manager,
        p.id,
        sweden.id,
        ("Stockholm Arlanda", "SE", "Europe/Stockholm"),
        &format!("{}T10:00", day_after(end, 2)),
        VISBY,
        &format!("{}T11:00", day_after(end, 2)),
    )
    .await;
    let (_, page) = manager.get_text(&location(&res)).await;
    assert!(page.contains("stays as it is"), "{page}");
    let kept = itp_persistence::per_diem::statements::find(conn, id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(kept.header.total, approved.header.total);
    assert_eq!(kept.trip, approved.trip);
    assert_eq!(kept.header.state, StatementState::Approved);
}

#[tokio::test]
async fn attendance_of_every_compulsory_phase_completes_and_earns_a_certificate() {
    let app = TestApp::spawn_with_demo().await;
    let conn = &app.state.db.conn;
    let (cohort, people) = cohort_with_participants(&app).await;
    let p = &people[0];
    let manager = app.signed_in("manager@example.org").await;
    // Not completed yet: no certificate.
    let res = manager
        .post_form(&format!("/participants/{}/certificate", p.id), &[])
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let phases = itp_persistence::phase::of_cohort(conn, cohort)
        .await
        .unwrap();
    for ph in phases.iter().filter(|ph| ph.phase.compulsory) {
        let res = manager
            .post_form(
                &format!("/participants/{}/attendance", p.id),
                &[("phase_id", &ph.id.to_string()), ("attendance", "attended")],
            )
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
    }
    let (_, list) = manager
        .get_text(&format!("/cohorts/{cohort}/participants"))
        .await;
    assert!(list.contains("Completed"));
    let res = manager
        .post_form(&format!("/participants/{}/certificate", p.id), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (status, cert) = manager.get_text(&location(&res)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(cert.contains(&p.full_name));
    assert!(cert.contains("has completed the international training programme"));
    assert!(cert.contains("letterhead"));
    let (_, certificates) = manager
        .get_text(&format!("/cohorts/{cohort}/certificates"))
        .await;
    assert!(certificates.contains("1 of "));
    // Issued once.
    let res = manager
        .post_form(&format!("/participants/{}/certificate", p.id), &[])
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn the_travel_list_warns_of_what_is_missing() {
    let app = TestApp::spawn_with_demo().await;
    let (cohort, people) = cohort_with_participants(&app).await;
    let p = &people[0];
    let sweden = phase_of_kind(&app, cohort, PhaseKind::SwedenPhase).await;
    let manager = app.signed_in("manager@example.org").await;
    add_leg(
        &manager,
        p.id,
        sweden.id,
        KAMPALA,
        &format!("{}T23:30", day_after(sweden.phase.dates.start, -1)),
        VISBY,
        &format!("{}T09:40", sweden.phase.dates.start),
    )
    .await;
    let (status, travel) = manager
        .get_text(&format!("/cohorts/{cohort}/phases/{}/travel", sweden.id))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(travel.contains("No return journey booked."), "{travel}");
    assert!(travel.contains("No hotel for the night of"));
    let res = manager
        .get(&format!(
            "/cohorts/{cohort}/phases/{}/travel.csv",
            sweden.id
        ))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let text = res.text().await.unwrap();
    assert!(text.contains("participant_id;name;from;departs;departs_zone;to;arrives"));
    assert!(text.contains("Entebbe (UG);"));
    assert!(text.contains("6400,50;USD"), "{text}");
    let (status, rooming) = manager
        .get_text(&format!("/cohorts/{cohort}/phases/{}/rooming", sweden.id))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(rooming.contains("no hotel"));
}

#[tokio::test]
async fn bookings_are_committed_on_their_budget_lines_and_leave_with_them() {
    use itp_domain::budget::{Category, CostSourceKind};
    use itp_persistence::budget::cost_items::{self, CostSource};
    let app = TestApp::spawn_with_demo().await;
    let conn = &app.state.db.conn;
    let (cohort, people) = cohort_with_participants(&app).await;
    let p = &people[0];
    let sweden = phase_of_kind(&app, cohort, PhaseKind::SwedenPhase).await;
    let start = sweden.phase.dates.start;
    let manager = app.signed_in("manager@example.org").await;
    let committed = || async {
        cost_items::sums(conn, cohort)
            .await
            .unwrap()
            .values()
            .map(|s| s.committed_ore)
            .sum::<i64>()
    };
    let before = committed().await;

    // A flight in USD: one cost item on the flights line, converted at the rate of its day.
    let res = add_leg(
        &manager,
        p.id,
        sweden.id,
        KAMPALA,
        &format!("{}T23:30", day_after(start, -1)),
        VISBY,
        &format!("{start}T09:40"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let records = participants::phases_of(conn, &[p.id]).await.unwrap();
    let ids: Vec<i32> = records.iter().map(|r| r.id).collect();
    let leg = itp_persistence::participants::travel::legs_of(conn, &ids)
        .await
        .unwrap()
        .pop()
        .unwrap();
    let leg_source = CostSource::booking(CostSourceKind::ItineraryLeg, leg.id);
    let item = cost_items::of_source(conn, &leg_source)
        .await
        .unwrap()
        .expect("the leg's cost is committed");
    assert_eq!(item.category, Category::Flights);
    assert_eq!(item.participant_id, Some(p.id));
    assert_eq!(item.original.plain(), "6400.50");
    assert_eq!(item.original.currency().code(), "USD");
    let rate = itp_persistence::budget::rates::on_or_before(
        conn,
        item.original.currency(),
        start - chrono::Duration::days(1),
    )
    .await
    .unwrap()
    .expect("the demo has USD rates");
    let day = start - chrono::Duration::days(1);
    let expected =
        itp_domain::budget::convert(item.original, day, std::slice::from_ref(&rate)).unwrap();
    assert_eq!(item.sek_per_unit, rate.sek_per_unit);
    assert_eq!(item.sek, expected.sek);
    let with_flight = committed().await;
    assert_eq!(with_flight - before, item.sek.to_minor_units().unwrap());

    // A hotel stay in SEK: on the accommodation line, to the öre.
    let res = manager
        .post_form(
            &format!("/participants/{}/stays", p.id),
            &[
                ("phase_id", &sweden.id.to_string()),
                ("hotel", "Hotell Visby Strand"),
                ("check_in", &start.to_string()),
                ("check_out", &day_after(start, 3)),
                ("cost", "4350.75"),
                ("currency", "SEK"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(committed().await - with_flight, 435_075);
    let stay = itp_persistence::participants::travel::stays_of(conn, &ids)
        .await
        .unwrap()
        .pop()
        .unwrap();
    let stay_item = cost_items::of_source(
        conn,
        &CostSource::booking(CostSourceKind::Accommodation, stay.id),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(stay_item.category, Category::Accommodation);

    // Insurance with a cost, then without: its item comes and goes.
    let insure = |cost: &'static str| {
        let phase = sweden.id.to_string();
        let manager = &manager;
        async move {
            manager
                .post_form(
                    &format!("/participants/{}/insurance", p.id),
                    &[
                        ("phase_id", phase.as_str()),
                        ("insurer", "Kammarkollegiet"),
                        ("policy_number", "KK-2027-118"),
                        ("cost", cost),
                        ("currency", "SEK"),
                    ],
                )
                .await
        }
    };
    assert_eq!(insure("400").await.status(), StatusCode::SEE_OTHER);
    assert_eq!(committed().await - with_flight, 435_075 + 40_000);
    assert_eq!(insure("").await.status(), StatusCode::SEE_OTHER);
    assert_eq!(committed().await - with_flight, 435_075);

    // Each step is in the audit log; removing the leg and the stay removes their items.
    let booked = audit::list(
        conn,
        &Filter {
            action: Some("cost_item.booked".into()),
            ..Filter::default()
        },
        0,
        100,
    )
    .await
    .unwrap();
    assert!(booked.total >= 3, "{:?}", booked.entries);
    for path in [
        format!("/participants/{}/legs/{}/delete", p.id, leg.id),
        format!("/participants/{}/stays/{}/delete", p.id, stay.id),
    ] {
        let res = manager.post_form(&path, &[("confirmed", "yes")]).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{path}");
    }
    assert_eq!(committed().await, before);
    assert!(
        cost_items::of_source(conn, &leg_source)
            .await
            .unwrap()
            .is_none()
    );

    // A cost in a currency without a rate refuses the booking, keeps what was typed and
    // writes nothing.
    let res = manager
        .post_form(
            &format!("/participants/{}/stays", p.id),
            &[
                ("phase_id", &sweden.id.to_string()),
                ("hotel", "Hotel Lilla Nyby"),
                ("check_in", &start.to_string()),
                ("check_out", &day_after(start, 2)),
                ("cost", "120"),
                ("currency", "CHF"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    assert!(body.contains("Hotel Lilla Nyby"), "what was typed is kept");
    assert!(body.to_lowercase().contains("rate"), "{body}");
    assert!(
        itp_persistence::participants::travel::stays_of(conn, &ids)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(committed().await, before);
}

#[tokio::test]
async fn a_bad_leg_is_shown_again_with_its_problems_and_nothing_is_written() {
    let app = TestApp::spawn_with_demo().await;
    let conn = &app.state.db.conn;
    let (cohort, people) = cohort_with_participants(&app).await;
    let p = &people[0];
    let sweden = phase_of_kind(&app, cohort, PhaseKind::SwedenPhase).await;
    let manager = app.signed_in("manager@example.org").await;
    let res = add_leg(
        &manager,
        p.id,
        sweden.id,
        ("Entebbe", "UG", "Mars/Olympus"),
        "2027-05-03T09:00",
        VISBY,
        "2027-05-02T09:00",
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    assert!(body.contains("must be a time zone name"));
    assert!(
        body.contains("value=\"Mars/Olympus\""),
        "what was typed is kept"
    );
    let records = participants::phases_of(conn, &[p.id]).await.unwrap();
    let ids: Vec<i32> = records.iter().map(|r| r.id).collect();
    assert!(
        itp_persistence::participants::travel::legs_of(conn, &ids)
            .await
            .unwrap()
            .is_empty()
    );
    // A phase of another cohort is not found; a phase id that is no number is refused.
    let res = manager
        .post_form(
            &format!("/participants/{}/visa", p.id),
            &[("phase_id", "x"), ("visa_status", "granted")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn needs_are_shown_to_managers_only_and_every_view_is_audited() {
    let app = TestApp::spawn_with_demo().await;
    let conn = &app.state.db.conn;
    let (_, people) = cohort_with_participants(&app).await;
    let p = &people[0];
    let path = format!("/participants/{}/needs", p.id);
    let views = || async {
        audit::list(
            conn,
            &Filter {
                action: Some("participant.view_needs".into()),
                ..Filter::default()
            },
            0,
            100,
        )
        .await
        .unwrap()
        .total
    };
    let before = views().await;
    let manager = app.signed_in("manager@example.org").await;
    let res = manager
        .post_form(
            &path,
            &[("dietary", "Halal"), ("accessibility", "Step-free room")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (status, page) = manager.get_text(&path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Halal") && page.contains("Step-free room"));
    assert_eq!(views().await, before + 1);
    manager.get_text(&path).await;
    assert_eq!(views().await, before + 2);
    // The audit entry of the change names no need.
    let changes = audit::list(
        conn,
        &Filter {
            action: Some("participant.set_needs".into()),
            ..Filter::default()
        },
        0,
        1,
    )
    .await
    .unwrap()
    .entries;
    assert!(!changes[0].changes.contains("Halal"));
    for who in [
        "reviewer@example.org",
        "finance@example.org",
        "host@example.org",
        "applicant@example.org",
    ] {
        let client = app.signed_in(who).await;
        let status = client.get(&path).await.status();
        assert!(
            status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND,
            "{who}: {status}"
        );
        let status = client
            .post_form(&path, &[("dietary", "none")])
            .await
            .status();
        assert!(
            status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND,
            "{who}: {status}"
        );
    }
    assert_eq!(views().await, before + 2, "refused views read nothing");
    assert_eq!(
        participants::needs(conn, p.id).await.unwrap().dietary,
        "Halal"
    );
}

#[tokio::test]
async fn letter_templates_refuse_unknown_placeholders() {
    let app = TestApp::spawn_with_demo().await;
    let programme = itp_persistence::programme::find_by_code(&app.state.db.conn, "MF")
        .await
        .unwrap()
        .unwrap();
    let manager = app.signed_in("manager@example.org").await;
    let path = format!("/programmes/{}/letters", programme.id);
    let res = manager
        .post_form(
            &path,
            &[
                ("certificate", "Dear {nmae}"),
                ("invitation", "Welcome {name} to {phase}"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    assert!(body.contains("{nmae} is not a placeholder"), "{body}");
    assert!(body.contains("Welcome {name} to {phase}"));
    let res = manager
        .post_form(
            &path,
            &[
                ("certificate", "{name} completed {programme}."),
                ("invitation", "Welcome {name} to {phase}, {dates}."),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (cohort, people) = cohort_with_participants(&app).await;
    let sweden = phase_of_kind(&app, cohort, PhaseKind::SwedenPhase).await;
    let (_, letter) = manager
        .get_text(&format!(
            "/participants/{}/phases/{}/invitation",
            people[0].id, sweden.id
        ))
        .await;
    assert!(letter.contains(&format!("Welcome {} to Sweden phase,", people[0].full_name)));
}

#[tokio::test]
async fn the_demo_fills_every_participant_screen() {
    use itp_domain::cohort::CohortStatus;
    let app = TestApp::spawn_with_demo().await;
    let conn = &app.state.db.conn;
    let mf = itp_persistence::programme::find_by_code(conn, "MF")
        .await
        .unwrap()
        .unwrap();
    let cohorts = itp_persistence::cohort::of_programme(conn, mf.id)
        .await
        .unwrap();
    let of = |s: CohortStatus| cohorts.iter().find(|c| c.status == s).unwrap().id;
    let running = of(CohortStatus::Running);
    let people = participants::of_cohort(conn, running).await.unwrap();
    assert_eq!(
        people.len(),
        30,
        "the rooming-list benchmark's 30 participants"
    );
    let statements = itp_persistence::participants::travel::statements_of_cohort(conn, running)
        .await
        .unwrap();
    assert_eq!(
        statements.len(),
        1,
        "a statement computed from an itinerary"
    );
    let manager = app.signed_in("manager@example.org").await;
    let (_, list) = manager
        .get_text(&format!("/cohorts/{running}/participants"))
        .await;
    assert!(list.contains("30 participants"));
    assert!(list.contains("id=\"next-rooming\""));
    let start = list.find("id=\"next-rooming\" href=\"").unwrap() + 24;
    let rooming = &list[start..start + list[start..].find('"').unwrap()];
    let (status, page) = manager.get_text(rooming).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("no hotel"), "one night without a hotel");
    let (_, travel) = manager
        .get_text(&rooming.replace("/rooming", "/travel"))
        .await;
    assert!(travel.contains("No return journey booked."));
    let completed = of(CohortStatus::Completed);
    let (_, certificates) = manager
        .get_text(&format!("/cohorts/{completed}/certificates"))
        .await;
    assert!(!certificates.contains("No certificates issued yet"));
}
