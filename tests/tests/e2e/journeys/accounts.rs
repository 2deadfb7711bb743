use itp_tests::browser::{Options, Step, journey};
use itp_tests::{TestApp, ensure};

const ROLES: [&str; 6] = [
    "admin@example.org",
    "manager@example.org",
    "reviewer@example.org",
    "finance@example.org",
    "host@example.org",
    "applicant@example.org",
];

#[tokio::test]
async fn every_demo_role_signs_in_and_out() {
    let app = TestApp::spawn_with_demo().await;
    journey(
        &app,
        "every demo role signs in and out",
        Options::default(),
        async |j| {
            for email in ROLES {
                j.sign_in(email).await?;
                let name = j
                    .client()
                    .find(fantoccini::Locator::Css("header .account a"))
                    .await?
                    .text()
                    .await?;
                ensure!(
                    !name.is_empty(),
                    "{email}: the header does not name the person"
                );
                j.sign_out().await?;
                // Signed out for real: a page behind sign-in sends the browser to the form.
                j.goto("/account").await?;
                j.expect_path("/login?next=").await?;
            }
            Ok(())
        },
    )
    .await;
}

#[tokio::test]
async fn invited_person_sets_a_password_through_the_link_and_signs_in() {
    let app = TestApp::spawn_with_demo().await;
    journey(
        &app,
        "admin invites a person who sets a password",
        Options::default(),
        async |j| {
            j.sign_in("admin@example.org").await?;
            j.follow("People").await?;
            j.follow("Invite someone").await?;
            j.fill("email", "new.colleague@example.org").await?;
            j.fill("display_name", "Nadia Colleague").await?;
            j.select("role", "finance").await?;
            j.press("Create account and invitation link").await?;
            j.expect_text("Link created").await?;
            let link = j
                .client()
                .find(fantoccini::Locator::Css("code.token"))
                .await?
                .text()
                .await?;
            let path = link
                .find("/set-password/")
                .map(|at| link[at..].to_owned())
                .ok_or_else(|| {
                    itp_tests::browser::Failure(format!("no link on the page: {link}"))
                })?;
            j.sign_out().await?;

            j.goto(&path).await?;
            j.expect_text("Welcome: choose your password").await?;
            j.fill("password", "too short").await?;
            j.fill("confirm", "too short").await?;
            j.press("Set password").await?;
            error_summary_leads_to_the_field(j, "password").await?;

            let password = "a long and memorable sentence 42";
            j.fill("password", password).await?;
            j.fill("confirm", password).await?;
            j.press("Set password").await?;
            // Signed in at once; the password then works for the next sign-in.
            j.expect_text("Your password is set and you are signed in")
                .await?;
            j.expect_text("Nadia Colleague").await?;
            j.sign_out().await?;
            j.sign_in_with("new.colleague@example.org", password)
                .await?;
            j.expect_text("Nadia Colleague").await?;
            j.sign_out().await
        },
    )
    .await;
}

/// The error summary is shown, has focus, and its link takes the person to the field.
async fn error_summary_leads_to_the_field(
    j: &mut itp_tests::browser::Journey,
    field: &str,
) -> Step {
    j.expect_text("There is a problem").await?;
    let focused = j.client().active_element().await?;
    let class = focused.attr("class").await?.unwrap_or_default();
    ensure!(
        class.contains("error-summary"),
        "the error summary should have focus when the page opens; focus is on class='{class}'"
    );
    let links = j
        .client()
        .find_all(fantoccini::Locator::Css(".error-summary a"))
        .await?;
    ensure!(!links.is_empty(), "the error summary has no links");
    for link in &links {
        let href = link.attr("href").await?.unwrap_or_default();
        let id = href.trim_start_matches('#');
        ensure!(
            j.client().find(fantoccini::Locator::Id(id)).await.is_ok(),
            "the error summary links to {href}, which is not on the page"
        );
    }
    let target = format!("a[href=\"#{field}\"]");
    j.client()
        .find(fantoccini::Locator::Css(&target))
        .await?
        .click()
        .await?;
    let focused_id = j.client().active_element().await?.attr("id").await?;
    ensure!(
        focused_id.as_deref() == Some(field),
        "following the error summary's link should put focus on #{field}; it is on {focused_id:?}"
    );
    Ok(())
}
