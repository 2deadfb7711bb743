//! Finance finds a report, reads its data dictionary and gets a period wrong in its filters: the
//! form says what is wrong and keeps what was typed, and nothing is exported. A manager changes
//! a programme's decision letter: opens the kind, previews the new text and saves it. Every page
//! passes axe.

use itp_tests::browser::{Options, journey};
use itp_tests::{TestApp, ensure};

#[tokio::test]
async fn finance_reads_a_data_dictionary_and_a_bad_period_is_refused_as_typed() {
    let app = TestApp::spawn_with_demo().await;
    let app = &app;
    journey(
        app,
        "finance reads a dictionary and gets a period wrong",
        Options::default(),
        async |j| {
            j.sign_in("finance@example.org").await?;
            j.goto("/exports").await?;
            j.expect_text("Per-diem payouts").await?;
            j.follow("Data dictionary of Per-diem payouts").await?;
            j.expect_text("Data dictionary: Per-diem payouts").await?;
            j.expect_text("Columns, in file order").await?;
            j.expect_text("amount_sek").await?;
            j.goto("/exports").await?;
            j.follow("Per-diem payouts").await?;
            j.expect_text("What each column means").await?;

            // A period that ends before it starts, picked in the date fields.
            j.select("format", "csv-excel-sv").await?;
            j.set("from", "2027-03-31").await?;
            j.set("to", "2027-03-01").await?;
            j.press("Download").await?;
            j.expect_text("There is a problem").await?;
            j.expect_text("The period ends before it starts").await?;
            let (from, to) = (j.value_of("from").await?, j.value_of("to").await?);
            ensure!(
                from == "2027-03-31" && to == "2027-03-01",
                "the dates typed are kept: from {from:?}, to {to:?}"
            );
            ensure!(
                j.value_of("format").await? == "csv-excel-sv",
                "the format chosen is kept"
            );

            // A browser without a date picker takes any text: a day written the Swedish
            // way round is refused, and shown again as typed.
            j.client()
                .execute("document.getElementById('from').type = 'text';", vec![])
                .await?;
            j.fill("from", "31/01/2027").await?;
            j.set("to", "2027-02-28").await?;
            j.press("Download").await?;
            j.expect_text("The start of the period is not a date: write it as 2027-01-31.")
                .await?;
            // The attribute, as the server wrote it: a date field's value property is empty
            // whenever its text is not a date.
            let typed = j
                .client()
                .find(fantoccini::Locator::Id("from"))
                .await?
                .attr("value")
                .await?;
            ensure!(
                typed.as_deref() == Some("31/01/2027"),
                "the page sends back what was typed: {typed:?}"
            );
            ensure!(
                app.export_runs(None).await == 0,
                "a refused filter exports nothing"
            );
            Ok(())
        },
    )
    .await;
}

#[tokio::test]
async fn a_manager_previews_and_saves_a_programmes_decision_letter() {
    let app = TestApp::spawn_with_demo().await;
    let mf = itp_persistence::programme::find_by_code(&app.state.db.conn, "MF")
        .await
        .unwrap()
        .expect("demo programme MF")
        .id;
    let app = &app;
    journey(
        app,
        "a manager previews and saves a decision letter",
        Options::default(),
        async |j| {
            j.sign_in("manager@example.org").await?;
            j.goto("/mail-templates").await?;
            j.expect_text("Kinds of mail").await?;
            j.select("programme", &mf.to_string()).await?;
            j.press("Show").await?;
            j.follow("Decision letter: not selected").await?;
            j.expect_text("For Municipal Financing").await?;
            j.fill("subject", "About {reference}: our decision").await?;
            j.fill(
                "body",
                "Dear {name},\n\nWe are sorry: {cohort} is full this time.\n",
            )
            .await?;
            j.press("Preview").await?;
            let preview = j
                .text_of("section[aria-labelledby=\"preview-heading\"]")
                .await?;
            ensure!(
                preview.contains("Rendered from")
                    && preview.contains(": our decision")
                    && preview.contains("is full this time.")
                    && !preview.contains("{cohort}"),
                "the preview of the text as typed: {preview}"
            );
            ensure!(
                itp_persistence::mail_templates::find(
                    &app.state.db.conn,
                    "selection.not_selected",
                    Some(mf)
                )
                .await
                .unwrap()
                .is_none(),
                "a preview saves nothing"
            );
            ensure!(
                j.value_of("subject").await? == "About {reference}: our decision",
                "the preview keeps the text typed"
            );
            j.press("Save the text").await?;
            j.expect_text("Decision letter: not selected").await?;
            j.expect_text("is saved.").await?;
            j.expect_text("This text was changed on").await?;
            let stored = itp_persistence::mail_templates::find(
                &app.state.db.conn,
                "selection.not_selected",
                Some(mf),
            )
            .await
            .unwrap();
            ensure!(
                stored
                    .as_ref()
                    .is_some_and(|t| t.text.subject == "About {reference}: our decision"
                        && t.text.body.contains("is full this time.")),
                "the programme's own text is stored: {stored:?}"
            );
            j.goto(&format!("/mail-templates?programme={mf}")).await?;
            j.expect_text("Own text").await
        },
    )
    .await;
}
