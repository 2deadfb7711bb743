use fantoccini::Locator;
use itp_tests::browser::{Options, journey};
use itp_tests::{TestApp, ensure};

/// Our pages use no JavaScript: signing in, browsing programmes and signing out work with it off.
#[tokio::test]
async fn a_manager_browses_programmes_with_javascript_off() {
    let app = TestApp::spawn_with_demo().await;
    let options = Options { javascript: false };
    journey(&app, "manager browses with JavaScript off", options, async |j| {
        // First prove that scripts really are off in this browser.
        j.client()
            .goto("data:text/html,<p id=s>static</p><script>document.getElementById('s').textContent='scripted'</script>")
            .await?;
        let shown = j.client().find(Locator::Id("s")).await?.text().await?;
        ensure!(shown == "static", "JavaScript is not off: the test page says '{shown}'");

        j.sign_in("manager@example.org").await?;
        j.goto("/programmes").await?;
        j.expect_text("international training programmes").await?;
        let first = j
            .client()
            .find(Locator::Css("ul.cards li.card h2 a"))
            .await?;
        let name = first.text().await?;
        j.click_to_navigate(first).await?;
        j.expect_path("/programmes/").await?;
        j.expect_text(&name).await?;
        j.expect_text("Cohorts").await?;
        // The breadcrumbs lead back (the first "Programmes" link is the main navigation's,
        // which leads to the same list).
        j.follow("Programmes").await?;
        j.expect_path("/programmes").await?;
        j.sign_out().await
    })
    .await;
}
