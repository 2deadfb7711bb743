//! A manager reads the board and the apply page, sets the cohort's quotas, looks at the funnel
//! and assigns a reviewer by hand. A team
//! then opens its confirmation link and declines. Every page passes axe.

use itp_tests::TestApp;
use itp_tests::browser::{Options, journey};

use crate::application::open_call;

#[tokio::test]
async fn a_manager_decides_and_applies_and_a_team_declines_by_its_link() {
    let app = TestApp::spawn_with_demo().await;
    let cohort = open_call(&app, "MF").await;
    let conn = &app.state.db.conn;
    // An offer with a token we know, for the first application still on the reserve list (or,
    // when the demo's refill has offered every reserve team already, one not selected).
    let decisions = itp_persistence::selection_decisions::of_cohort(conn, cohort)
        .await
        .unwrap();
    use itp_domain::selection::Decision;
    let reserve = decisions
        .values()
        .find(|d| d.decision == Some(Decision::Reserve))
        .or_else(|| {
            decisions
                .values()
                .find(|d| d.decision == Some(Decision::NotSelected))
        })
        .expect("the demo has decided teams")
        .application_id;
    let token = itp_web::security::tokens::new_token();
    let now = app.state.clock.now();
    itp_persistence::selection_decisions::create_offer(
        conn,
        cohort,
        reserve,
        &itp_web::security::tokens::hash_token(&token),
        now + chrono::Duration::days(7),
        now,
    )
    .await
    .unwrap();
    journey(
        &app,
        "a manager decides and a team declines",
        Options::default(),
        async |j| {
            j.sign_in("manager@example.org").await?;
            j.goto(&format!("/cohorts/{cohort}/selection")).await?;
            j.expect_text("pending decisions").await?;
            // Taking the proposal, changing a decision and applying with held letters are in e2e
            // `selection::` (the scenario): the demo's decisions are applied already.
            j.goto(&format!("/cohorts/{cohort}/selection/apply"))
                .await?;
            j.expect_text("Apply the decisions").await?;
            j.goto(&format!("/cohorts/{cohort}/selection")).await?;
            j.follow("Quotas and deadlines").await?;
            j.fill("seats", "12").await?;
            j.fill("min_women_percent", "45").await?;
            j.press("Save").await?;
            j.expect_text("quotas and deadlines are saved").await?;
            j.goto(&format!("/cohorts/{cohort}/selection/funnel"))
                .await?;
            j.expect_text("Teams per country and stage").await?;
            j.goto(&format!("/cohorts/{cohort}/reviews")).await?;
            j.press("Assign").await?;
            j.expect_text("Reviews of").await?;
            j.sign_out().await?;
            j.goto(&format!("/selection/offers/{token}")).await?;
            j.expect_text("Please confirm your team's places").await?;
            j.press("We cannot come").await?;
            j.expect_text("cannot come").await
        },
    )
    .await;
}
