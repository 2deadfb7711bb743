//! Every action that ends, removes or takes back something asks first, without JavaScript: the
//! first post shows what will happen and changes nothing; only the confirmation page's own form
//! does it. One test walks every such action, so a new one that forgets the step fails here.

use itp_domain::cohort::CohortStatus;
use itp_persistence::{application, cohort, phase};
use itp_tests::{TestApp, TestClient};
use reqwest::StatusCode;

use crate::application::demo_application;
use crate::cohort::demo_cohort;

/// The hidden fields of the confirmation page's form, as the browser would send them back.
fn hidden_fields(page: &str) -> Vec<(String, String)> {
    page.split("<input type=\"hidden\" name=\"")
        .skip(1)
        .filter_map(|rest| {
            let (name, rest) = rest.split_once('"')?;
            let value = rest.split_once("value=\"")?.1.split_once('"')?.0;
            Some((
                name.to_owned(),
                value.replace("&amp;", "&").replace("&quot;", "\""),
            ))
        })
        .collect()
}

/// Posts `fields` to `path`: asserts the confirmation page came back (with `question` and what
/// happens) and that `unchanged` still holds, then sends the page's own form and returns its
/// status.
async fn confirm_then_do(
    client: &TestClient,
    path: &str,
    fields: &[(&str, &str)],
    question: &str,
) -> StatusCode {
    let res = client.post_form(path, fields).await;
    assert_eq!(res.status(), StatusCode::OK, "POST {path} asks first");
    let page = res.text().await.unwrap();
    assert!(page.contains(question), "POST {path}: {question}");
    assert!(page.contains("What will happen"), "POST {path}");
    assert!(page.contains("No, go back"), "POST {path}");
    let sent = hidden_fields(&page);
    assert!(sent.iter().any(|(n, v)| n == "confirmed" && v == "yes"));
    for (name, value) in fields {
        assert!(
            sent.iter().any(|(n, v)| n == name && v == value),
            "POST {path}: the page carries {name}"
        );
    }
    let pairs: Vec<(&str, &str)> = sent
        .iter()
        .filter(|(n, _)| n != "csrf_token")
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    client.post_form(path, &pairs).await.status()
}

#[tokio::test]
async fn every_action_that_ends_or_removes_something_is_confirmed_first() {
    let app = TestApp::spawn_with_demo().await;
    let conn = &app.state.db.conn;

    // An applicant withdraws a submitted application.
    let hoima = demo_application(&app, "Hoima Municipal Council").await;
    let applicant = app.signed_in("applicant@example.org").await;
    let path = format!("/applications/{}/withdraw", hoima.id);
    let status = confirm_then_do(&applicant, &path, &[], "Withdraw your application?").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let row = application::find(conn, hoima.id).await.unwrap().unwrap();
    assert_eq!(itp_domain::Code::code(row.status), "withdrawn");

    // A planner removes a phase, withdraws the call and cancels the cohort: each asked first,
    // and nothing changed by the question itself.
    let manager = app.signed_in("admin@example.org").await;
    // WPL's open call has no applications yet, so it may still be withdrawn.
    let c = demo_cohort(&app, "WPL", CohortStatus::CallOpen).await;
    let phases = phase::of_cohort(conn, c.id).await.unwrap();
    let first = &phases[0];
    let res = manager
        .post_form(
            &format!("/cohorts/{}/phases/{}/delete", c.id, first.id),
            &[],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        phase::of_cohort(conn, c.id).await.unwrap().len(),
        phases.len()
    );
    let status = confirm_then_do(
        &manager,
        &format!("/cohorts/{}/phases/{}/delete", c.id, first.id),
        &[],
        "Remove this phase?",
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        phase::of_cohort(conn, c.id).await.unwrap().len(),
        phases.len() - 1
    );

    let status_path = format!("/cohorts/{}/status", c.id);
    let res = manager
        .post_form(&status_path, &[("transition", "withdraw_call")])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let still = cohort::find(conn, c.id).await.unwrap().unwrap();
    assert_eq!(
        still.status,
        CohortStatus::CallOpen,
        "asking changed nothing"
    );
    let status = confirm_then_do(
        &manager,
        &status_path,
        &[("transition", "withdraw_call")],
        "Withdraw the call?",
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let now = cohort::find(conn, c.id).await.unwrap().unwrap();
    assert_eq!(now.status, CohortStatus::Planning);

    let status = confirm_then_do(
        &manager,
        &status_path,
        &[
            ("transition", "cancel"),
            ("reason", "The venue fell through & no date is left"),
        ],
        "Cancel the cohort?",
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let cancelled = cohort::find(conn, c.id).await.unwrap().unwrap();
    assert_eq!(cancelled.status, CohortStatus::Cancelled);

    // A move that would be refused anyway is refused at once, not asked about: cancelling
    // without a reason.
    let other = demo_cohort(&app, "MF", CohortStatus::Running).await;
    let res = manager
        .post_form(
            &format!("/cohorts/{}/status", other.id),
            &[("transition", "cancel")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}
