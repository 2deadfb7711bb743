//! An applicant registers (the link comes by mail), saves a draft, comes back in a new browser
//! session and submits a team application with its attachments; the manager finds it in the
//! call's list with its eligibility flags.

use std::time::Duration;

use itp_tests::browser::{Failure, Options, journey};
use itp_tests::smtp::SmtpServer;
use itp_tests::{TestApp, ensure};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
    0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];
const PASSWORD: &str = "a long applicant password";

async fn open_call(app: &TestApp, code: &str) -> i32 {
    let p = itp_persistence::programme::find_by_code(&app.state.db.conn, code)
        .await
        .expect("query")
        .expect("demo programme");
    itp_persistence::cohort::of_programme(&app.state.db.conn, p.id)
        .await
        .expect("query")
        .into_iter()
        .find(|c| c.status == itp_domain::cohort::CohortStatus::CallOpen)
        .expect("an open call")
        .id
}

#[tokio::test]
async fn applicant_registers_saves_a_draft_and_submits_later_and_the_manager_finds_it() {
    let smtp = SmtpServer::start().await;
    let app = TestApp::spawn_with_demo_and_smtp(&smtp).await;
    // MF: teams of two or three with at least one official; the demo manager manages it.
    let call = open_call(&app, "MF").await;
    let files = tempfile::tempdir().expect("a folder for the attachments");
    let file = |name: &str, bytes: &[u8]| {
        let path = files.path().join(name);
        std::fs::write(&path, bytes).expect("write an attachment");
        path
    };
    let (letter, passport, photo, medical) = (
        file("nomination-letter.pdf", PDF),
        file("passport.pdf", PDF),
        file("photo.png", PNG),
        file("medical.pdf", PDF),
    );
    let email = "amina@kazan.example";
    journey(
        &app,
        "applicant registers, drafts, resumes and submits",
        Options::default(),
        async |j| {
            j.goto(&format!("/calls/{call}")).await?;
            j.follow("Create an account to apply").await?;
            j.fill("name", "Амина Юсупова").await?;
            j.fill("email", email).await?;
            j.press("Send me the link").await?;
            j.expect_text("Check your inbox").await?;

            let mail = smtp.wait_for_mail_to(email, Duration::from_secs(10)).await;
            let body = mail.body();
            let link = body
                .lines()
                .find_map(|l| l.find("/set-password/").map(|at| l[at..].trim().to_owned()))
                .ok_or_else(|| Failure(format!("no link in the mail: {body}")))?;
            j.goto(&link).await?;
            j.expect_text("Your address is confirmed").await?;
            j.fill("password", PASSWORD).await?;
            j.fill("confirm", PASSWORD).await?;
            j.press("Set password").await?;
            // Signed in, and back at the call they registered from.
            j.expect_path(&format!("/calls/{call}")).await?;
            j.expect_text("you are signed in").await?;
            j.press("Start or continue your application").await?;
            j.expect_path("/applications/").await?;
            let form = j.path().await?;
            j.fill("org_name", "Jinja Municipal Council").await?;
            j.press("Save").await?;
            j.expect_path(&form).await?;

            // Another day, another browser session: the draft is as it was left.
            j.new_session().await?;
            j.sign_in_with(email, PASSWORD).await?;
            j.goto("/my/applications").await?;
            // "Continue" (its hidden rest names the call for screen readers).
            let next = j
                .client()
                .find(fantoccini::Locator::Css("a[href$=\"/edit/organisation\"]"))
                .await?;
            j.click_to_navigate(next).await?;
            let typed = j
                .client()
                .find(fantoccini::Locator::Css("[name=\"org_name\"]"))
                .await?
                .prop("value")
                .await?;
            ensure!(
                typed.as_deref() == Some("Jinja Municipal Council"),
                "the draft lost the organisation's name: {typed:?}"
            );
            j.set("org_kind", "municipality").await?;
            j.set("org_level", "local").await?;
            j.set("org_country", "UG").await?;
            j.fill("org_address", "Plot 1, Main Street, Jinja").await?;
            j.fill("nom_authority", "Jinja council executive committee")
                .await?;
            j.press("Save and continue").await?;

            j.expect_path("/applications/").await?;
            j.fill("member0_full_name", "ნინო ბერიძე").await?;
            j.set("member0_gender", "woman").await?;
            j.set("member0_role", "official").await?;
            j.fill("member0_position", "Town treasurer").await?;
            j.fill("member0_email", "nino@jinja.example").await?;
            j.set("member0_english", "B2").await?;
            j.fill("member0_year_of_birth", "1982").await?;
            j.fill("member1_full_name", "Amina Yusupova").await?;
            j.set("member1_gender", "woman").await?;
            j.set("member1_role", "politician").await?;
            j.fill("member1_position", "Deputy mayor").await?;
            j.fill("member1_email", "amina@jinja.example").await?;
            j.set("member1_english", "C1").await?;
            j.fill("member1_year_of_birth", "1979").await?;
            for member in ["member0", "member1"] {
                for declaration in [
                    "declares_no_earlier_programme",
                    "declares_can_attend",
                    "consents_to_privacy_notice",
                ] {
                    j.tick(&format!("{member}_{declaration}"), None).await?;
                }
            }
            j.press("Save and continue").await?;

            j.fill("project_title", "Women in district councils")
                .await?;
            j.fill("project_problem", "Few women stand for district councils.")
                .await?;
            j.fill("project_goal", "Double the number of women candidates.")
                .await?;
            j.fill(
                "project_expected_results",
                "A mentoring network in every district.",
            )
            .await?;
            j.fill(
                "project_stakeholders",
                "Parties, civil society, the assembly.",
            )
            .await?;
            j.fill("project_commitment", "Staff time and meeting rooms.")
                .await?;
            j.press("Save and continue").await?;

            j.expect_text("PDF, JPEG or PNG").await?;
            j.upload("doc_nomination_letter-file", &letter).await?;
            for member in 0..2 {
                j.upload(&format!("doc_passport_{member}-file"), &passport)
                    .await?;
                j.upload(&format!("doc_photo_{member}-file"), &photo)
                    .await?;
                j.upload(&format!("doc_medical_statement_{member}-file"), &medical)
                    .await?;
            }
            j.expect_text("medical.pdf").await?;
            j.follow("Continue to check and submit").await?;
            j.press("Submit the application").await?;
            j.expect_text("Submitted").await?;
            j.sign_out().await?;

            j.sign_in("manager@example.org").await?;
            j.goto(&format!("/cohorts/{call}/applications")).await?;
            j.expect_text("Jinja Municipal Council").await?;
            let row = j
                .client()
                .find(fantoccini::Locator::XPath(
                    "//tr[contains(., 'Jinja Municipal Council')]",
                ))
                .await?
                .text()
                .await?;
            ensure!(
                ["Eligible", "Needs a decision", "Not eligible"]
                    .iter()
                    .any(|flag| row.contains(flag)),
                "the list shows no eligibility for the new application: {row}"
            );
            Ok(())
        },
    )
    .await;
}
