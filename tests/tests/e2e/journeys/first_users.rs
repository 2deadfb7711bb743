//! What the first real users found, checked in the browser: the step list saves what was typed,
//! pages fit a 390 px phone, and a long per-diem statement prints on A4 with its totals and
//! signatures together. Screenshots and the printed PDF are kept with the journey's artefacts
//! for a person to look at.

use fantoccini::wd::PrintConfiguration;
use itp_domain::cohort::CohortStatus;
use itp_tests::browser::{Journey, Options, Step, artifacts_dir, journey};
use itp_tests::{TestApp, ensure};

/// Saves what the browser shows as `name.png` beside the journeys' other artefacts.
async fn screenshot(j: &Journey, name: &str) -> Step {
    let png = j.client().screenshot().await?;
    let dir = artifacts_dir().join("screens");
    std::fs::create_dir_all(&dir).ok();
    std::fs::write(dir.join(format!("{name}.png")), png).ok();
    Ok(())
}

/// Fails when the page is wider than the window: something overflows instead of reflowing or
/// scrolling inside its own box.
async fn fits_the_width(j: &Journey, what: &str) -> Step {
    let widths = j
        .client()
        .execute(
            "return [document.documentElement.scrollWidth, window.innerWidth];",
            vec![],
        )
        .await?;
    let page = widths[0].as_u64().unwrap_or(0);
    let window = widths[1].as_u64().unwrap_or(0);
    if page > window {
        // Name the outermost elements that stick out, so the failure says what to fix.
        let culprits = j
            .client()
            .execute(
                "const w = window.innerWidth; return [...document.querySelectorAll('body *')]
                   .filter(e => e.getBoundingClientRect().right > w + 1
                             && !(e.parentElement && e.parentElement.getBoundingClientRect().right > w + 1))
                   .slice(0, 5)
                   .concat([document.body, document.querySelector('main'), document.querySelector('header.site')])
                   .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')
                             + ' ' + Math.round(e.getBoundingClientRect().right) + 'px');",
                vec![],
            )
            .await?;
        ensure!(
            false,
            "{what} is {page} px wide in a {window} px window; sticking out: {culprits}"
        );
    }
    Ok(())
}

#[tokio::test]
async fn pages_fit_a_phone_and_the_step_list_keeps_what_was_typed() {
    let app = TestApp::spawn_with_demo().await;
    let conn = &app.state.db.conn;
    let mf = itp_persistence::programme::find_by_code(conn, "MF")
        .await
        .unwrap()
        .unwrap();
    let cohorts = itp_persistence::cohort::of_programme(conn, mf.id)
        .await
        .unwrap();
    let running = cohorts
        .iter()
        .find(|c| c.status == CohortStatus::Running)
        .unwrap()
        .id;
    let open = cohorts
        .iter()
        .find(|c| c.status == CohortStatus::CallOpen)
        .unwrap()
        .id;
    let wpl = itp_persistence::programme::find_by_code(conn, "WPL")
        .await
        .unwrap()
        .unwrap();
    let wpl_call = itp_persistence::cohort::of_programme(conn, wpl.id)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.status == CohortStatus::CallOpen)
        .unwrap()
        .id;
    journey(
        &app,
        "phones and the step list",
        Options::default(),
        async |j| {
            j.client().set_window_size(390, 844).await?;
            j.sign_in("manager@example.org").await?;
            j.goto("/").await?;
            j.expect_text("What needs you").await?;
            fits_the_width(j, "the staff start page").await?;
            screenshot(j, "start-staff-390").await?;
            for (path, what) in [
                (format!("/cohorts/{running}"), "the running cohort's page"),
                (format!("/cohorts/{open}"), "the open cohort's page"),
                (
                    format!("/cohorts/{open}/applications"),
                    "the applications list",
                ),
            ] {
                j.goto(&path).await?;
                fits_the_width(j, what).await?;
            }
            j.goto(&format!("/cohorts/{running}")).await?;
            screenshot(j, "cohort-390").await?;
            j.client()
                .execute(
                    "document.getElementById('timeline-title').scrollIntoView();",
                    vec![],
                )
                .await?;
            screenshot(j, "cohort-timeline-390").await?;
            j.sign_out().await?;

            j.sign_in("applicant@example.org").await?;
            j.expect_path("/my/applications").await?;
            fits_the_width(j, "the applicant's start page").await?;
            screenshot(j, "start-applicant-390").await?;
            j.client().set_window_size(1280, 900).await?;
            screenshot(j, "start-applicant-1280").await?;

            // Typed on one step, the step list followed and back: nothing lost.
            j.goto(&format!("/calls/{wpl_call}")).await?;
            j.press("Start or continue your application").await?;
            j.fill("org_name", "Jinja City Council").await?;
            j.press("Team members").await?;
            j.expect_path("/applications/").await?;
            j.fill("member0_full_name", "Aisha Nakato").await?;
            j.press("Organisation and nomination").await?;
            let kept = j
                .client()
                .execute(
                    "return document.querySelector('[name=org_name]').value;",
                    vec![],
                )
                .await?;
            ensure!(
                kept.as_str() == Some("Jinja City Council"),
                "the organisation's name was lost: {kept}"
            );
            j.press("Team members").await?;
            let kept = j
                .client()
                .execute(
                    "return document.querySelector('[name=member0_full_name]').value;",
                    vec![],
                )
                .await?;
            ensure!(
                kept.as_str() == Some("Aisha Nakato"),
                "the member's name was lost: {kept}"
            );
            j.press("Save").await?;
            j.expect_text("Saved at").await?;
            j.press("← Save and go to your applications").await?;
            j.expect_path("/my/applications").await?;
            j.expect_text("Your draft was saved at").await
        },
    )
    .await;
}

#[tokio::test]
async fn a_long_per_diem_statement_prints_on_a4_with_totals_and_signatures_together() {
    let app = TestApp::spawn_with_demo().await;
    let conn = &app.state.db.conn;
    // The demo's longest statement.
    let mut longest = (0, 0);
    for h in itp_persistence::per_diem::statements::list(conn, None, None)
        .await
        .unwrap()
    {
        let s = itp_persistence::per_diem::statements::find(conn, h.id)
            .await
            .unwrap()
            .unwrap();
        if s.statement.days.len() > longest.1 {
            longest = (h.id, s.statement.days.len());
        }
    }
    let (id, days) = longest;
    assert!(days >= 10, "the demo has a long statement ({days} days)");
    journey(&app, "a printed statement", Options::default(), async |j| {
        j.sign_in("finance@example.org").await?;
        j.goto(&format!("/per-diem/statements/{id}")).await?;
        j.expect_text("Print").await?;
        let pdf = j.client().print(PrintConfiguration::default()).await?;
        let dir = artifacts_dir().join("screens");
        std::fs::create_dir_all(&dir).ok();
        std::fs::write(dir.join("statement.pdf"), &pdf).ok();
        let text = String::from_utf8_lossy(&pdf);
        let pages = text.matches("/Type /Page\n").count()
            + text.matches("/Type /Page ").count()
            + text.matches("/Type /Page/").count()
            + text.matches("/Type/Page/").count()
            + text.matches("/Type/Page\n").count();
        ensure!(pages >= 1, "the PDF has pages");
        ensure!(
            pages <= 3,
            "a {days}-day statement prints on {pages} A4 pages (it took five before)"
        );
        Ok(())
    })
    .await;
}
