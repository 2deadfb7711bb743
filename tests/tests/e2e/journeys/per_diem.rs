//! Finance imports Skatteverket's rate file in the browser and sees what it would change.

use std::path::PathBuf;

use itp_tests::TestApp;
use itp_tests::browser::{Options, journey};

#[tokio::test]
async fn finance_imports_a_skatteverket_rate_file_and_sees_the_preview() {
    let app = TestApp::spawn_with_demo().await;
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/corpus/skatteverket/full-2024.json")
        .canonicalize()
        .expect("the corpus file of a full year");
    journey(
        &app,
        "finance imports a rate file",
        Options::default(),
        async |j| {
            j.sign_in("finance@example.org").await?;
            j.goto("/per-diem/rates/import").await?;
            j.upload("file", &file).await?;
            j.expect_text("What importing full-2024.json changes")
                .await?;
            j.expect_text("2024").await
        },
    )
    .await;
}

/// A traveller finds their own statement; finance filters the list and approves a draft through
/// its confirmation page.
#[tokio::test]
async fn a_traveller_reads_their_statement_and_finance_approves_one_after_confirming() {
    let app = TestApp::spawn_with_demo().await;
    journey(
        &app,
        "traveller and finance on statements",
        Options::default(),
        async |j| {
            j.sign_in("applicant@example.org").await?;
            j.goto("/per-diem/my-statements").await?;
            j.expect_text("My per-diem statements").await?;
            j.expect_text("Approved").await?;
            j.sign_out().await?;

            j.sign_in("finance@example.org").await?;
            j.goto("/per-diem/statements?state=draft").await?;
            j.expect_text("in all").await?;
            j.goto("/per-diem/statements?from=2000-01-01&to=2000-01-31")
                .await?;
            j.expect_text("No statements match these filters.").await?;
            j.goto("/per-diem/statements?state=draft").await?;
            j.follow("Joseph Mwale").await?;
            j.press("Approve the statement").await?;
            j.expect_text("Approve this statement?").await?;
            j.expect_text("This cannot be undone.").await?;
            j.press("Yes, approve the statement").await?;
            j.expect_text("The statement is approved and locked.").await
        },
    )
    .await;
}
