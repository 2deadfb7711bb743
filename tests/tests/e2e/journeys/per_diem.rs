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
