//! The selection board: the demo cohort's reviewed teams ranked, the proposal within the seats
//! and quotas with each team's place explained, calibration switchable; managers only.

use itp_tests::TestApp;
use reqwest::StatusCode;

use crate::application::open_call;

#[tokio::test]
async fn the_board_ranks_the_reviewed_teams_and_explains_the_proposal() {
    let app = TestApp::spawn_with_demo().await;
    let cohort = open_call(&app, "MF").await;
    let candidates = itp_persistence::review::candidates(&app.state.db.conn, cohort)
        .await
        .unwrap();
    let manager = app.signed_in("manager@example.org").await;
    let (status, body) = manager
        .get_text(&format!("/cohorts/{cohort}/selection"))
        .await;
    assert_eq!(status, StatusCode::OK);
    // Every eligible team has the harsh reviewer's submitted review, so every one is ranked.
    assert!(
        body.contains(&format!("{} ranked teams from", candidates.len())),
        "{body}"
    );
    // The demo's declined team is left out of the proposal and says so.
    assert_eq!(body.matches("<td>Declined its places").count(), 1);
    let placed = body.matches("<td>Proposed").count()
        + body.matches("<td>Reserve ").count()
        + body.matches("<td>Blocked").count()
        + body.matches("<td>Declined its places").count();
    assert_eq!(placed, candidates.len(), "every ranked team has its place");
    assert!(body.contains("<td>Proposed"));
    assert!(body.contains("seats; "));
    assert!(body.contains("At most N teams per country"));
    assert!(body.contains("hard"));

    let (status, calibrated) = manager
        .get_text(&format!(
            "/cohorts/{cohort}/selection?calibrate=1&aggregation=median"
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(calibrated.contains("median of each team's reviews, calibrated per reviewer"));
    // Odd query values fall back to the defaults rather than failing.
    let (status, _) = manager
        .get_text(&format!(
            "/cohorts/{cohort}/selection?calibrate=%00&aggregation=mode"
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, dashboard) = manager.get_text(&format!("/cohorts/{cohort}")).await;
    assert!(dashboard.contains(&format!("/cohorts/{cohort}/selection")));
}

#[tokio::test]
async fn only_the_programmes_managers_open_the_board() {
    let app = TestApp::spawn_with_demo().await;
    let cohort = open_call(&app, "MF").await;
    let path = format!("/cohorts/{cohort}/selection");
    for who in [
        "reviewer@example.org",
        "finance@example.org",
        "host@example.org",
    ] {
        let client = app.signed_in(who).await;
        assert_eq!(
            client.get(&path).await.status(),
            StatusCode::FORBIDDEN,
            "{who}"
        );
    }
    let wpl = open_call(&app, "WPL").await;
    let manager = app.signed_in("manager@example.org").await;
    assert_eq!(
        manager
            .get(&format!("/cohorts/{wpl}/selection"))
            .await
            .status(),
        StatusCode::FORBIDDEN,
        "not a programme of theirs"
    );
}

#[tokio::test]
async fn the_scores_download_has_every_submitted_review_with_its_application_s_place() {
    let app = TestApp::spawn_with_demo().await;
    let cohort = open_call(&app, "MF").await;
    let manager = app.signed_in("manager@example.org").await;
    let res = manager
        .get(&format!(
            "/cohorts/{cohort}/selection/scores.csv?calibrate=1&aggregation=mean"
        ))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = res.bytes().await.unwrap();
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "Excel's BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some(
            "application_id;reference;organisation;country;reviewer_id;review_total;review_value;team_score;rank;proposal"
        )
    );
    let rows: Vec<&str> = lines.collect();
    // The demo: the harsh and the lenient reviewer submitted every review, the demo reviewer
    // three.
    let candidates = itp_persistence::review::candidates(&app.state.db.conn, cohort)
        .await
        .unwrap();
    assert_eq!(rows.len(), 2 * candidates.len() + 3, "{text}");
    // The team that declined is left out of the proposal: not ranked into it.
    assert!(
        rows.iter().all(|r| r.contains(";Proposed")
            || r.contains(";Reserve ")
            || r.contains(";Not ranked"))
    );
    let (_, board) = manager
        .get_text(&format!("/cohorts/{cohort}/selection"))
        .await;
    assert!(board.contains(&format!("/cohorts/{cohort}/selection/scores.csv?")));
}

/// A call with more teams than a page: the ranking is read 100 teams at a time and searched,
/// and the board kept in memory is never older than the last committed change, whichever
/// instance made it.
#[tokio::test]
async fn a_large_board_is_paged_and_searchable_and_never_older_than_the_last_change() {
    let app = TestApp::spawn_with_demo().await;
    let cohort = itp_web::demo::synthetic::seed(&app.state, 130)
        .await
        .unwrap();
    itp_web::demo::synthetic_reviews::seed(&app.state, cohort, 2)
        .await
        .unwrap();
    let ranked = itp_persistence::review::candidates(&app.state.db.conn, cohort)
        .await
        .unwrap()
        .len();
    assert!(ranked > 100, "{ranked} teams, more than a page");
    let manager = app.signed_in("manager@example.org").await;
    let board = format!("/cohorts/{cohort}/selection");
    let rows = |body: &str| body.matches(r#"</td><td><a href="/applications/"#).count();

    let (status, first) = manager.get_text(&board).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        first.contains(&format!(
            "{ranked} of {ranked} ranked teams listed, 100 to a page"
        )),
        "{first}"
    );
    assert_eq!(rows(&first), 100);
    assert!(first.contains(&format!("Page 1 of 2 ({ranked} in all)")));
    let (_, second) = manager.get_text(&format!("{board}?page=2")).await;
    assert_eq!(rows(&second), ranked - 100);
    assert!(
        second.contains(r#"<td>101</td>"#),
        "ranks go on across pages"
    );

    // The first team of the second page, found by its reference alone.
    let reference = second
        .split(r#"<td>101</td><td><a href="/applications/"#)
        .nth(1)
        .and_then(|rest| rest.split('>').nth(1))
        .and_then(|rest| rest.split('<').next())
        .expect("a reference on page 2")
        .to_owned();
    let (_, found) = manager
        .get_text(&format!("{board}?q={}", reference.to_lowercase()))
        .await;
    assert!(
        found.contains(&format!("1 of {ranked} ranked teams listed")),
        "{found}"
    );
    assert!(found.contains(&format!(">{reference}</a>")));
    let (_, none) = manager.get_text(&format!("{board}?show=pending")).await;
    assert!(none.contains("No ranked team matches."), "{none}");

    // "N of M ranked teams listed": the N.
    let listed = |before: &str| -> usize {
        before
            .rsplit("<p>")
            .next()
            .and_then(|sentence| sentence.split(" of ").next())
            .and_then(|n| n.trim().parse().ok())
            .expect("a count of listed teams")
    };
    let (_, decided) = manager.get_text(&format!("{board}?show=decided")).await;
    let decided_before = if decided.contains("No ranked team matches.") {
        0
    } else {
        listed(decided.split("ranked teams listed").next().unwrap())
    };

    // A pending decision made on this instance for the team found shows at once.
    let application_id: i32 = found
        .split(r#"name="application_id" value=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .and_then(|id| id.parse().ok())
        .expect("a decision form for the team found");
    let res = manager
        .post_form(
            &format!("{board}/decisions"),
            &[
                ("application_id", &application_id.to_string()),
                ("decision", "selected"),
                ("position", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, pending) = manager.get_text(&format!("{board}?show=pending")).await;
    assert!(
        pending.contains(&format!("1 of {ranked} ranked teams listed")),
        "{pending}"
    );
    assert!(pending.contains("Pending: "));

    // Applied through a second instance on the same database: this instance's kept board is
    // of an older data version, so the page is computed again.
    let db = itp_persistence::Database::connect(&app.state.config.database_url)
        .await
        .unwrap();
    let other =
        itp_web::app::AppState::new(db, (*app.state.config).clone(), app.clock.clone()).unwrap();
    let stored = itp_persistence::cohort::find(&other.db.conn, cohort)
        .await
        .unwrap()
        .unwrap();
    itp_web::selection::service::apply(&itp_web::ops::Context::system(&other, "test"), &stored)
        .await
        .unwrap();
    let (_, applied) = manager.get_text(&format!("{board}?show=pending")).await;
    assert!(applied.contains("No ranked team matches."), "{applied}");
    let (_, decided) = manager.get_text(&format!("{board}?show=decided")).await;
    assert!(
        decided.contains(&format!(
            "{} of {ranked} ranked teams listed",
            decided_before + 1
        )),
        "{decided}"
    );
    assert!(!decided.contains("Pending: "));
}

pub(crate) mod scenario {
    //! The issue's scenario end to end: two reviewers score (one harsh), calibration changes
    //! the ranking as expected, a declared conflict keeps a reviewer off an application, the
    //! board proposes within the cohort's stored quotas, a manager applies, the letters wait
    //! held in the outbox, a team declines, and the next reserve team that keeps the quotas is
    //! offered its places; the deadline and reminder jobs run twice and send nothing twice.

    use chrono::Duration;
    use itp_domain::account::Email;
    use itp_domain::application::import::ImportedApplication;
    use itp_domain::application::{
        ApplicationDraft, ChangeProjectDraft, MemberDraft, OrganisationDraft,
    };
    use itp_domain::review::default_rubric;
    use itp_domain::role::{Grant, Role};
    use itp_domain::selection::{Decision, OfferState};
    use itp_persistence::application::{eligibility, imports};
    use itp_persistence::{review, selection_decisions, selection_settings};
    use itp_tests::{TestApp, TestClient, location};
    use reqwest::StatusCode;

    use crate::application::open_call;

    /// The contract's worked example: (reference, country, women, men).
    pub(crate) const TEAMS: [(&str, &str, usize, usize); 5] = [
        ("SC-A", "UG", 0, 2),
        ("SC-B", "UG", 1, 1),
        ("SC-C", "TZ", 0, 2),
        ("SC-D", "ZM", 2, 0),
        ("SC-E", "KE", 1, 1),
    ];

    pub(crate) fn email_of(reference: &str) -> String {
        format!("first.{}@example.org", reference.to_lowercase())
    }

    fn draft(reference: &str, country: &str, women: usize, men: usize) -> ApplicationDraft {
        let genders = std::iter::repeat_n("woman", women).chain(std::iter::repeat_n("man", men));
        ApplicationDraft {
            organisation: OrganisationDraft {
                name: format!("{reference} Municipal Council"),
                kind: "municipality".into(),
                level: "local".into(),
                country: country.into(),
                address: "Town hall".into(),
            },
            members: genders
                .enumerate()
                .map(|(i, g)| MemberDraft {
                    full_name: format!("Member{i} Of {reference}"),
                    gender: g.into(),
                    role: "official".into(),
                    position: "Finance officer".into(),
                    email: if i == 0 {
                        email_of(reference)
                    } else {
                        format!("m{i}.{}@example.org", reference.to_lowercase())
                    },
                    english: "B2".into(),
                    year_of_birth: "1980".into(),
                    ..Default::default()
                })
                .collect(),
            project: ChangeProjectDraft {
                title: "Revenue".into(),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    /// A new cohort (a clone of the MF call, so the clone's copy of the quotas is checked too)
    /// with the five teams submitted and eligible; returns (cohort, application ids by team).
    pub(crate) async fn cohort_with_teams(app: &TestApp, manager: &TestClient) -> (i32, Vec<i32>) {
        let source = open_call(app, "MF").await;
        let res = manager
            .post_form(
                &format!("/cohorts/{source}/clone"),
                &[("name", "Selection scenario"), ("starts_on", "2032-03-01")],
            )
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let cohort: i32 = location(&res)
            .trim_start_matches("/cohorts/")
            .parse()
            .unwrap();
        let conn = &app.state.db.conn;
        // The demo's MF call has its own quotas (10 seats): the clone took them, without the
        // review deadline.
        let copied = selection_settings::of_cohort(conn, cohort, false)
            .await
            .unwrap();
        assert_eq!(copied.seats, Some(10));
        assert_eq!(copied.review_deadline, None);
        let batch: Vec<ImportedApplication> = TEAMS
            .iter()
            .enumerate()
            .map(|(i, (r, c, w, m))| ImportedApplication {
                reference: (*r).to_owned(),
                first_line: i + 2,
                draft: draft(r, c, *w, *m),
            })
            .collect();
        let ids = imports::insert_all(conn, cohort, &batch, app.state.clock.now())
            .await
            .unwrap();
        for id in &ids {
            eligibility::store_outcome(conn, *id, &[]).await.unwrap();
        }
        (cohort, ids)
    }

    /// A reviewer of `cohort` with the demo password, signed in; returns the id too.
    pub(crate) async fn reviewer(app: &TestApp, email: &str, cohort: i32) -> (i32, TestClient) {
        let conn = &app.state.db.conn;
        let demo = itp_persistence::account::find_by_email(
            conn,
            &Email::parse("reviewer@example.org").unwrap(),
        )
        .await
        .unwrap()
        .unwrap();
        let grant = Grant {
            role: Role::Reviewer,
            scope: Some(i64::from(cohort)),
        };
        let id = itp_persistence::account::create(
            conn,
            &Email::parse(email).unwrap(),
            email,
            &[grant],
            chrono::Utc::now(),
        )
        .await
        .unwrap();
        itp_persistence::account::set_password(conn, id, &demo.password_hash.unwrap())
            .await
            .unwrap();
        (id, app.signed_in(email).await)
    }

    async fn flash_after(client: &TestClient, res: reqwest::Response) -> String {
        assert_eq!(
            res.status(),
            StatusCode::SEE_OTHER,
            "{:?}",
            res.text().await
        );
        let (_, body) = client.get_text(&location(&res)).await;
        body
    }

    pub(crate) async fn assign(
        manager: &TestClient,
        cohort: i32,
        application: i32,
        reviewer: i32,
    ) -> String {
        let res = manager
            .post_form(
                &format!("/cohorts/{cohort}/reviews/assignments"),
                &[
                    ("application_id", &application.to_string()),
                    ("reviewer_user_id", &reviewer.to_string()),
                ],
            )
            .await;
        flash_after(manager, res).await
    }

    async fn review_id(app: &TestApp, reviewer: i32, application: i32) -> i32 {
        review::of_reviewer(&app.state.db.conn, reviewer)
            .await
            .unwrap()
            .into_iter()
            .find(|l| l.reference == TEAMS[application as usize].0)
            .map(|l| l.id)
            .expect("assigned")
    }

    /// Scores every criterion `score` and submits.
    pub(crate) async fn submit(client: &TestClient, review: i32, score: i32) {
        let score = score.to_string();
        let keys: Vec<String> = default_rubric()
            .iter()
            .map(|c| format!("score_{}", c.key))
            .collect();
        let mut fields: Vec<(&str, &str)> =
            keys.iter().map(|k| (k.as_str(), score.as_str())).collect();
        fields.push(("confidence", "high"));
        fields.push(("action", "submit"));
        let res = client
            .post_form(&format!("/reviews/{review}"), &fields)
            .await;
        assert_eq!(
            res.status(),
            StatusCode::SEE_OTHER,
            "{:?}",
            res.text().await
        );
    }

    fn position(board: &str, reference: &str) -> usize {
        board
            .find(&format!(">{reference}</a>"))
            .unwrap_or_else(|| panic!("{reference} on the board"))
    }

    fn token_in(body: &str) -> String {
        body.split("/selection/offers/")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .expect("a confirmation link")
            .to_owned()
    }

    #[tokio::test]
    async fn reviewers_score_the_board_proposes_within_the_quotas_and_a_freed_seat_goes_to_the_next_fitting_reserve_team()
     {
        let app = TestApp::spawn_with_demo().await;
        let conn = &app.state.db.conn;
        let manager = app.signed_in("manager@example.org").await;
        let (cohort, ids) = cohort_with_teams(&app, &manager).await;
        let (a, b, c, d, e) = (ids[0], ids[1], ids[2], ids[3], ids[4]);

        // The quotas form refuses a bad number and keeps what was typed.
        let quotas = format!("/cohorts/{cohort}/selection/quotas");
        let res = manager
            .post_form(&quotas, &[("seats", "many"), ("confirm_days", "2")])
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body = res.text().await.unwrap();
        assert!(body.contains(r#"value="many""#), "{body}");
        assert!(body.contains("Give the seats as a whole number"));
        let tomorrow = (app.state.clock.now() + Duration::days(1))
            .format("%Y-%m-%d")
            .to_string();
        let res = manager
            .post_form(
                &quotas,
                &[
                    ("seats", "6"),
                    ("max_teams_per_country", "1"),
                    ("max_teams_per_country_hard", "true"),
                    ("min_women_percent", "50"),
                    ("min_women_hard", "true"),
                    ("review_deadline", &tomorrow),
                    ("confirm_days", "2"),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let stored = selection_settings::of_cohort(conn, cohort, false)
            .await
            .unwrap();
        assert_eq!(
            (
                stored.seats,
                stored.max_teams_per_country,
                stored.min_women_percent
            ),
            (Some(6), Some(1), Some(50))
        );

        // Two reviewers, the second harsh, on overlapping teams; a third declares a conflict.
        let (lenient, lenient_client) = reviewer(&app, "lenient@example.org", cohort).await;
        let (harsh, harsh_client) = reviewer(&app, "harsh@example.org", cohort).await;
        let (third, third_client) = reviewer(&app, "third@example.org", cohort).await;
        for app_id in [a, b, c] {
            assert!(
                assign(&manager, cohort, app_id, lenient)
                    .await
                    .contains("The reviewer is assigned.")
            );
        }
        for app_id in [c, d, e] {
            assign(&manager, cohort, app_id, harsh).await;
        }
        assign(&manager, cohort, a, third).await;
        assign(&manager, cohort, b, third).await;
        let conflicted = review_id(&app, third, 0).await;
        let res = third_client
            .post_form(&format!("/reviews/{conflicted}/conflict"), &[])
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let page = assign(&manager, cohort, a, third).await;
        assert!(page.contains("conflict of interest"), "{page}");
        assert!(
            !review::assignments(conn, cohort)
                .await
                .unwrap()
                .contains(&(i64::from(a), i64::from(third))),
            "the declared conflict keeps the third reviewer off SC-A"
        );
        let res = manager
            .post_form(
                &format!("/cohorts/{cohort}/reviews/assign"),
                &[("per_application", "3")],
            )
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert!(
            !review::assignments(conn, cohort)
                .await
                .unwrap()
                .contains(&(i64::from(a), i64::from(third))),
            "nor does automatic assignment give it back"
        );

        for (i, s) in [(0, 5), (1, 4), (2, 3)] {
            submit(&lenient_client, review_id(&app, lenient, i).await, s).await;
        }
        for (i, s) in [(3, 3), (4, 2), (2, 1)] {
            submit(&harsh_client, review_id(&app, harsh, i).await, s).await;
        }

        // Raw, the lenient reviewer's B (4) ranks above the harsh reviewer's D (3); calibrated,
        // each reviewer's best is at the same height, so D ranks above B.
        let board = format!("/cohorts/{cohort}/selection");
        let (_, raw) = manager.get_text(&board).await;
        assert!(position(&raw, "SC-B") < position(&raw, "SC-D"), "{raw}");
        let (_, calibrated) = manager.get_text(&format!("{board}?calibrate=1")).await;
        assert!(
            position(&calibrated, "SC-D") < position(&calibrated, "SC-B"),
            "{calibrated}"
        );

        // The proposal (raw ranking A, B, D, C, E) keeps one team per country and half women:
        // B replaces A; selected B, C, D; reserve A, E (the contract's worked example).
        let res = manager
            .post_form(&format!("/cohorts/{cohort}/selection/adopt"), &[])
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let (_, pending) = manager.get_text(&board).await;
        assert!(pending.contains("5 pending decisions."), "{pending}");
        assert!(pending.contains("6 of 6 seats used"));
        let (status, confirm) = manager
            .get_text(&format!("/cohorts/{cohort}/selection/apply"))
            .await;
        assert_eq!(status, StatusCode::OK);
        assert!(confirm.contains("This cannot be undone."));
        assert!(confirm.contains("3 selected, 2 on the reserve list, 0 not selected"));
        let res = manager
            .post_form(&format!("/cohorts/{cohort}/selection/apply"), &[])
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let decided = selection_decisions::of_cohort(conn, cohort).await.unwrap();
        let decision = |id: i32| decided[&id].decision;
        assert_eq!(
            [a, b, c, d, e].map(decision),
            [
                Some(Decision::Reserve),
                Some(Decision::Selected),
                Some(Decision::Selected),
                Some(Decision::Selected),
                Some(Decision::Reserve)
            ]
        );
        assert_eq!(decided[&a].reserve_position, Some(1));
        assert_eq!(decided[&e].reserve_position, Some(2));

        // Every letter waits, held, in the outbox.
        for (reference, template) in [
            ("SC-A", "selection.reserve"),
            ("SC-B", "selection.selected"),
            ("SC-C", "selection.selected"),
            ("SC-D", "selection.selected"),
            ("SC-E", "selection.reserve"),
        ] {
            let mail = app.outbox_to(&email_of(reference)).await;
            assert_eq!(mail.len(), 1, "{reference}: {mail:?}");
            assert!(mail[0].is_held(), "{reference}");
            assert_eq!(mail[0].template.as_deref(), Some(template));
        }

        // D declines through its link. Holding B (UG) and C (TZ), the reserve's first team A is
        // from Uganda too: passed over; E (KE) keeps the quotas and is offered the places.
        let d_token = token_in(&app.outbox_to(&email_of("SC-D")).await[0].body);
        let team = TestClient::new(&app.base_url);
        let (status, page) = team.get_text(&format!("/selection/offers/{d_token}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("Confirm our places"));
        let res = team
            .post_form(
                &format!("/selection/offers/{d_token}"),
                &[("answer", "decline")],
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        assert!(res.text().await.unwrap().contains("cannot come"));
        let offers = selection_decisions::offers_of_cohort(conn, cohort)
            .await
            .unwrap();
        let state_of = |id: i32| {
            offers
                .iter()
                .rev()
                .find(|o| o.application_id == id)
                .map(|o| o.state)
        };
        assert_eq!(state_of(d), Some(OfferState::Declined));
        assert_eq!(state_of(e), Some(OfferState::Open), "{offers:?}");
        assert_eq!(state_of(a), None, "SC-A would be a second team from Uganda");
        let e_mail = app.outbox_to(&email_of("SC-E")).await;
        assert!(
            e_mail
                .iter()
                .any(|m| m.template.as_deref() == Some("selection.offered") && !m.is_held()),
            "{e_mail:?}"
        );
        // Answering twice is refused.
        let res = team
            .post_form(
                &format!("/selection/offers/{d_token}"),
                &[("answer", "confirm")],
            )
            .await;
        assert_eq!(res.status(), StatusCode::CONFLICT);

        // B confirms: its members join the register the returning-person check of later calls reads.
        let b_token = token_in(&app.outbox_to(&email_of("SC-B")).await[0].body);
        let res = team
            .post_form(
                &format!("/selection/offers/{b_token}"),
                &[("answer", "confirm")],
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        let later = draft("SC-B", "UG", 1, 1);
        let earlier = eligibility::candidates_for(conn, &later).await.unwrap();
        assert_eq!(earlier.len(), 2, "{earlier:?}");
        let rules = itp_domain::application::CallRules {
            team_min: 1,
            team_max: 5,
            required_roles: Vec::new(),
            eligible_countries: Vec::new(),
            required_documents: Vec::new(),
        };
        let results = itp_domain::application::eligibility::evaluate(
            &later,
            &itp_domain::application::eligibility::EligibilityContext {
                rules: &rules,
                documents: &[],
                earlier: &earlier,
                overrides: &[],
            },
        );
        let returning = results
            .iter()
            .find(|r| r.kind == itp_domain::application::eligibility::CheckKind::ReturningPeople)
            .unwrap();
        assert_eq!(
            returning.effective(),
            itp_domain::application::eligibility::CheckOutcome::Flag,
            "{returning:?}"
        );
        assert!(returning.reasons[0].contains("Participant of Selection scenario"));

        // Reminders: C's and E's deadlines are within three days, the review deadline is
        // tomorrow and the third reviewer has an open review. Twice: nothing twice.
        let before = app.outbox_to(&email_of("SC-C")).await.len();
        let third_before = app.outbox_to("third@example.org").await.len();
        itp_web::jobs::run_once(&app.state, &itp_web::jobs::SelectionReminders)
            .await
            .unwrap();
        itp_web::jobs::run_once(&app.state, &itp_web::jobs::SelectionReminders)
            .await
            .unwrap();
        assert_eq!(app.outbox_to(&email_of("SC-C")).await.len(), before + 1);
        assert_eq!(
            app.outbox_to("third@example.org").await.len(),
            third_before + 1
        );

        // E lets its deadline pass: the job expires the offer and offers the seat on (A is
        // still a second team from Uganda, so nobody); twice, nothing twice.
        app.clock.advance(Duration::days(3));
        let outbox = |app: &TestApp| {
            let conn = app.state.db.conn.clone();
            async move {
                itp_persistence::mail::list(&conn, &Default::default(), 0, 10_000)
                    .await
                    .unwrap()
                    .total
            }
        };
        let mail_before = outbox(&app).await;
        let first = itp_web::jobs::run_once(&app.state, &itp_web::jobs::SelectionDeadlines)
            .await
            .unwrap();
        assert!(first.summary.contains("offers expired"), "{first}");
        let offers = selection_decisions::offers_of_cohort(conn, cohort)
            .await
            .unwrap();
        assert!(
            offers
                .iter()
                .any(|o| o.application_id == e && o.state == OfferState::Expired)
        );
        assert!(offers.iter().all(|o| o.application_id != a));
        let second = itp_web::jobs::run_once(&app.state, &itp_web::jobs::SelectionDeadlines)
            .await
            .unwrap();
        assert!(
            second.summary.contains("0 offers expired, 0 freed seats"),
            "{second}"
        );
        assert_eq!(outbox(&app).await, mail_before);

        // Every step is in the audit log.
        let actions = itp_tests::census::query_strings(
            &app.state.db,
            "SELECT action FROM audit_log WHERE action LIKE 'selection.%' ORDER BY id",
        )
        .await;
        for action in [
            "selection.settings",
            "selection.adopt_proposal",
            "selection.apply",
            "selection.apply_all",
            "selection.offer",
            "selection.decline",
            "selection.refill",
            "selection.confirm",
            "selection.expire",
        ] {
            assert!(actions.iter().any(|a| a == action), "{action}: {actions:?}");
        }
    }
}
