//! The journey harness checks itself: axe-core must find violations where there are some, or a
//! clean report from every other journey would prove nothing.

use itp_tests::browser::{Options, axe, journey};
use itp_tests::{TestApp, ensure};

#[tokio::test]
async fn axe_finds_the_violations_of_a_broken_page() {
    let app = TestApp::spawn().await;
    journey(
        &app,
        "axe finds known violations",
        Options::default(),
        async |j| {
            j.client()
                .goto(
                    "data:text/html,<html><body><img src='x.png'><form><input name=q></form>\
                 <p style='color:%23777;background:%23888'>faint</p></body></html>",
                )
                .await?;
            let found = axe::check(j.client())
                .await
                .map_err(itp_tests::browser::Failure)?;
            let ids: Vec<&str> = found.iter().map(|v| v.id.as_str()).collect();
            for expected in ["image-alt", "label", "color-contrast", "html-has-lang"] {
                ensure!(
                    ids.contains(&expected),
                    "axe-core should report {expected} on the broken page; it reported {ids:?}"
                );
            }
            ensure!(
                found.iter().any(axe::Violation::is_blocking),
                "the broken page's violations should include serious or critical ones"
            );
            Ok(())
        },
    )
    .await;
}
