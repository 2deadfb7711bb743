//! A reviewer scores an application in the browser, saves, comes back and submits; the manager
//! then sees the progress and the selection board with calibration. Every page passes axe.

use itp_tests::TestApp;
use itp_tests::browser::{Options, journey};

use crate::application::open_call;

#[tokio::test]
async fn a_reviewer_scores_and_submits_and_the_manager_sees_the_board() {
    let app = TestApp::spawn_with_demo().await;
    let cohort = open_call(&app, "MF").await;
    let reviewer = app.user_id("reviewer@example.org").await;
    let lines = itp_persistence::review::of_reviewer(&app.state.db.conn, reviewer)
        .await
        .unwrap();
    let todo = lines
        .iter()
        .find(|l| l.submitted_at.is_none() && l.scored == 0)
        .expect("a review not started")
        .clone();
    journey(
        &app,
        "a reviewer scores and submits",
        Options::default(),
        async |j| {
            j.sign_in("reviewer@example.org").await?;
            j.goto("/reviews").await?;
            j.follow(&todo.reference).await?;
            j.expect_text("Change-project outline").await?;
            j.tick("score_outline", Some("4")).await?;
            j.fill("comment_outline", "A realistic first step.").await?;
            j.press("Save and come back later").await?;
            j.expect_text("is saved; come back to it any time").await?;
            j.press("Submit the review").await?;
            j.expect_text("before you submit: it is required").await?;
            for field in ["score_commitment", "score_merit", "score_team"] {
                j.tick(field, Some("3")).await?;
            }
            j.tick("confidence", Some("medium")).await?;
            j.press("Submit the review").await?;
            j.expect_text("is submitted. Thank you.").await?;
            j.sign_out().await?;
            j.sign_in("manager@example.org").await?;
            j.goto(&format!("/cohorts/{cohort}/reviews")).await?;
            j.expect_text("Johan Berg").await?;
            j.goto(&format!("/cohorts/{cohort}/selection")).await?;
            j.tick("calibrate", Some("1")).await?;
            j.press("Show").await?;
            j.expect_text("calibrated per reviewer").await?;
            j.expect_text("Proposed").await
        },
    )
    .await;
}
