//! A manager plans a cohort in the browser: creates it, adds its phases, opens the call.

use chrono::{Duration, NaiveDate};
use itp_tests::browser::{Options, journey};
use itp_tests::{TestApp, ensure};

fn day(app: &TestApp, days: i64) -> String {
    let d: NaiveDate =
        (itp_domain::Clock::now(app.clock.as_ref()) + Duration::days(days)).date_naive();
    d.to_string()
}

#[tokio::test]
async fn manager_creates_a_cohort_adds_its_phases_and_opens_the_call() {
    let app = TestApp::spawn_with_demo().await;
    let mf = itp_persistence::programme::find_by_code(&app.state.db.conn, "MF")
        .await
        .expect("query")
        .expect("demo programme MF")
        .id;
    let manager = app.user_id("manager@example.org").await.to_string();
    journey(
        &app,
        "manager creates a cohort, adds its phases and opens the call",
        Options::default(),
        async |j| {
            j.sign_in("manager@example.org").await?;
            j.goto(&format!("/programmes/{mf}/cohorts/new")).await?;
            j.fill("name", "Municipal Financing 2028").await?;
            j.fill("seats", "24").await?;
            j.set("starts_on", &day(&app, 120)).await?;
            j.set("ends_on", &day(&app, 520)).await?;
            j.fill("time_zone", "Africa/Kampala").await?;
            j.set("call_closes_at", &format!("{}T23:59", day(&app, 30)))
                .await?;
            j.tick("managers", Some(&manager)).await?;
            j.press("Create cohort").await?;
            j.expect_text("Municipal Financing 2028").await?;
            let cohort = j.path().await?;
            ensure!(
                cohort.starts_with("/cohorts/"),
                "after creating, the browser is on {cohort}"
            );
            let cohort = cohort.split(['?', '#']).next().unwrap_or("").to_owned();

            // Without a phase the call stays shut, and the page says why.
            j.press("Open the call").await?;
            j.expect_text("Plan at least one phase").await?;

            j.goto(&cohort).await?;
            j.follow("Add a phase").await?;
            j.set("kind", "regional_workshop").await?;
            j.fill("title", "Inception in Kampala").await?;
            j.set("starts_on", &day(&app, 121)).await?;
            j.set("ends_on", &day(&app, 124)).await?;
            j.fill("country", "UG").await?;
            j.fill("city", "Kampala").await?;
            j.press("Add phase").await?;
            j.expect_text("Inception in Kampala").await?;

            j.goto(&cohort).await?;
            j.follow("Add a phase").await?;
            j.set("kind", "sweden_phase").await?;
            j.fill("title", "Sweden phase").await?;
            j.set("starts_on", &day(&app, 300)).await?;
            j.set("ends_on", &day(&app, 311)).await?;
            j.set("study_visits_start", &day(&app, 307)).await?;
            j.set("study_visits_end", &day(&app, 308)).await?;
            j.press("Add phase").await?;
            j.expect_text("Sweden phase").await?;

            j.goto(&cohort).await?;
            j.press("Open the call").await?;
            j.expect_text("Call open").await?;
            // The call is public now.
            j.sign_out().await?;
            j.goto("/calls").await?;
            j.expect_text("Municipal Financing 2028").await
        },
    )
    .await;
}
