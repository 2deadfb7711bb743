//! Every page of the route table, as every role that may see it, in the browser with axe-core:
//! a new page is checked for accessibility without a line here. Error pages too.

use itp_tests::browser::{Options, journey};
use itp_tests::paths::Fixtures;
use itp_tests::{TestApp, ensure};
use itp_web::route_table;
use reqwest::Method;

const ROLES: [&str; 6] = [
    "admin@example.org",
    "manager@example.org",
    "reviewer@example.org",
    "finance@example.org",
    "host@example.org",
    "applicant@example.org",
];

#[tokio::test]
async fn every_page_every_role_sees_passes_axe() {
    let app = TestApp::spawn_with_demo().await;
    let fixtures = Fixtures::create(&app).await;
    let mut pages = Vec::new();
    for route in route_table().iter().filter(|r| r.method == Method::GET) {
        pages.extend(fixtures.every_concrete(&app, route.path).await);
    }
    // Which of them each role gets as an HTML page (the others are refusals or not pages).
    let mut visits: Vec<(&str, Vec<String>)> = Vec::new();
    for email in ROLES {
        let client = app.signed_in(email).await;
        let mut own = Vec::new();
        for page in &pages {
            let res = client.get(page).await;
            let html = res
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|ct| ct.starts_with("text/html"));
            if res.status().is_success() && html {
                own.push(page.clone());
            }
        }
        visits.push((email, own));
    }
    journey(
        &app,
        "every page as every role",
        Options::default(),
        async |j| {
            j.goto("/login").await?;
            j.goto("/no-such-page").await?;
            j.expect_text("Page not found").await?;
            for (email, own) in &visits {
                j.sign_in(email).await?;
                for page in own {
                    j.goto(page).await?;
                }
                j.goto("/no-such-page").await?;
                if *email == "applicant@example.org" {
                    j.goto("/admin/users").await?;
                    j.expect_text("Not allowed").await?;
                }
                j.sign_out().await?;
            }
            let seen: usize = visits.iter().map(|(_, v)| v.len()).sum();
            ensure!(
                seen >= 20,
                "only {seen} pages were visited: the route table or fixtures broke"
            );
            Ok(())
        },
    )
    .await;
}
