//! Every list people filter says so when nothing matches, in a sentence, instead of showing a
//! bare table header: one test over all of them, so a new list that forgets it fails here.

use itp_domain::cohort::CohortStatus;
use itp_tests::TestApp;
use reqwest::StatusCode;

use crate::cohort::demo_cohort;

#[tokio::test]
async fn every_filtered_list_that_matches_nothing_says_so() {
    let app = TestApp::spawn_with_demo().await;
    let call = demo_cohort(&app, "MF", CohortStatus::CallOpen).await;
    let nothing = "zzqx-matches-nothing";
    let lists = [
        (
            "manager@example.org",
            format!("/cohorts/{}/applications?q={nothing}", call.id),
            "No applications match these filters.",
        ),
        (
            "finance@example.org",
            "/per-diem/statements?from=2001-01-01&to=2001-01-02".to_owned(),
            "No statements match these filters.",
        ),
        (
            "admin@example.org",
            format!("/admin/users?q={nothing}"),
            "No people match these filters.",
        ),
        (
            "admin@example.org",
            format!("/admin/audit?action={nothing}"),
            "No entries match these filters.",
        ),
        (
            "admin@example.org",
            format!("/admin/outbox?to={nothing}@example.org"),
            "No messages match these filters.",
        ),
    ];
    for (who, path, sentence) in lists {
        let client = app.signed_in(who).await;
        let (status, page) = client.get_text(&path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(page.contains(sentence), "{path} says {sentence:?}");
        assert!(!page.contains("<tbody>"), "{path} shows no empty table");
    }
}
