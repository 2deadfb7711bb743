//! A manager sets the cohort's quotas, takes the proposal, changes a decision, reads what
//! applying will do and applies; looks at the funnel and assigns a reviewer by hand. A team
//! then opens its confirmation link and declines. Every page passes axe.

use itp_tests::TestApp;
use itp_tests::browser::{Options, journey};

use crate::application::open_call;

#[tokio::test]
async fn a_manager_decides_and_applies_and_a_team_declines_by_its_link() {
    let app = TestApp::spawn_with_demo().await;
    let cohort = open_call(&app, "MF").await;
    let conn = &app.state.db.conn;
    // An offer with a token we know, for the first application still on the reserve list.
    let decisions = itp_persistence::selection_decisions::of_cohort(conn, cohort)
        .await
        .unwrap();
    let reserve = decisions
        .values()
        .find(|d| d.decision == Some(itp_domain::selection::Decision::Reserve))
        .expect("the demo has a reserve list")
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
            j.follow("Quotas and deadlines").await?;
            j.fill("seats", "12").await?;
            j.fill("min_women_percent", "45").await?;
            j.press("Save").await?;
            j.expect_text("quotas and deadlines are saved").await?;
            j.press("Take the proposal as pending decisions").await?;
            j.expect_text("The proposal is taken as pending decisions")
                .await?;
            j.press("Change").await?;
            j.expect_text("The decision is pending").await?;
            j.goto(&format!("/cohorts/{cohort}/selection/apply"))
                .await?;
            j.expect_text("This cannot be undone.").await?;
            j.press("Apply the decisions and write the letters").await?;
            j.expect_text("held for you to read and release").await?;
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
