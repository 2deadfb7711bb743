//! Each role lands on its own work: staff on a start page of their cohorts and what needs them
//! (each count a link to the list it counts), applicants on their own applications, and nothing
//! an applicant can reach shows or links to staff-only pages.

use std::collections::{BTreeSet, VecDeque};

use itp_tests::{TestApp, location};
use reqwest::StatusCode;

/// Every `href` of a page that stays on the site, without its fragment.
fn links(page: &str) -> Vec<String> {
    page.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split_once('"').map(|(href, _)| href))
        .filter(|href| href.starts_with('/') && !href.starts_with("//"))
        .map(|href| {
            href.split('#')
                .next()
                .unwrap_or_default()
                .replace("&amp;", "&")
        })
        .filter(|href| !href.is_empty() && !href.starts_with("/static/"))
        .collect()
}

/// Where only staff work: an applicant's page must neither show nor link to these. (A traveller's
/// own statement, `/per-diem/statements/{id}`, and their list are theirs to read.)
fn staff_only(href: &str) -> bool {
    let own_statement = href
        .strip_prefix("/per-diem/statements/")
        .is_some_and(|rest| !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit()));
    [
        "/programmes",
        "/cohorts/",
        "/admin/",
        "/reviews",
        "/per-diem/statements",
        "/per-diem/rates",
        "/per-diem/policies",
    ]
    .iter()
    .any(|staff| href.starts_with(staff))
        && !own_statement
}

#[tokio::test]
async fn nothing_an_applicant_can_reach_shows_or_links_to_staff_pages() {
    let app = TestApp::spawn_with_demo().await;
    let applicant = app.signed_in("applicant@example.org").await;
    let res = applicant.get("/").await;
    assert_eq!(
        location(&res),
        "/my/applications",
        "applicants start at their applications"
    );

    // Every page reachable by following links from the start page, breadth first.
    let mut seen = BTreeSet::new();
    let mut queue = VecDeque::from(["/my/applications".to_owned()]);
    while let Some(path) = queue.pop_front() {
        if !seen.insert(path.clone()) || seen.len() > 60 {
            continue;
        }
        let res = applicant.get(&path).await;
        if res.status().is_redirection() {
            queue.push_back(location(&res));
            continue;
        }
        let status = res.status();
        let page = res.text().await.unwrap_or_default();
        assert!(
            status == StatusCode::OK,
            "{path}: {status}: a link an applicant is shown must work for them"
        );
        for href in links(&page) {
            assert!(
                !staff_only(&href),
                "{path} links an applicant to the staff page {href}"
            );
            // Sign-out and downloads are followed no further; neither is a page.
            if !href.starts_with("/logout") && !href.contains("/documents/") {
                queue.push_back(href);
            }
        }
        for marker in [
            "Audit log",
            "Outbox",
            "Need a decision",
            "Needs a decision",
            "Not allowed",
        ] {
            assert!(
                !page.contains(marker),
                "{path} shows {marker:?} to an applicant"
            );
        }
    }
    assert!(seen.len() >= 4, "the crawl reached {seen:?}");
    let (_, start) = applicant.get_text("/my/applications").await;
    assert!(start.contains("Your applications"));
    assert!(start.contains("Open calls"));
    assert!(
        start.contains("ITP-"),
        "the submitted application shows its reference"
    );
}

#[tokio::test]
async fn a_manager_starts_on_their_cohorts_and_what_needs_them_with_counts_that_lead_to_the_lists()
{
    let app = TestApp::spawn_with_demo().await;
    let manager = app.signed_in("manager@example.org").await;
    let (status, page) = manager.get_text("/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("What needs you"));
    assert!(page.contains("Your cohorts"));
    assert!(page.contains("This week"));
    // Only the manager's own programme's cohorts.
    let mf = itp_persistence::programme::find_by_code(&app.state.db.conn, "MF")
        .await
        .unwrap()
        .unwrap();
    let others = itp_persistence::programme::find_by_code(&app.state.db.conn, "WPL")
        .await
        .unwrap()
        .unwrap();
    for c in itp_persistence::cohort::of_programme(&app.state.db.conn, others.id)
        .await
        .unwrap()
    {
        assert!(
            !page.contains(&format!("href=\"/cohorts/{}\"", c.id)),
            "another programme's cohort {}",
            c.settings.name
        );
    }
    let mine = itp_persistence::cohort::of_programme(&app.state.db.conn, mf.id)
        .await
        .unwrap();
    let active: Vec<_> = mine.iter().filter(|c| c.status.is_active()).collect();
    assert!(!active.is_empty());
    for c in &active {
        assert!(
            page.contains(&format!("href=\"/cohorts/{}\"", c.id)),
            "{}",
            c.settings.name
        );
    }
    // A count that needs the manager links to the list it counts, and the list agrees.
    let flagged = page
        .split("href=\"/cohorts/")
        .skip(1)
        .find(|rest| rest.contains("/applications?eligibility=flag\""))
        .expect("the demo has applications that need an eligibility decision");
    let id: i32 = flagged.split('/').next().unwrap().parse().unwrap();
    let (status, list) = manager
        .get_text(&format!("/cohorts/{id}/applications?eligibility=flag"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let counts = itp_persistence::application::list::counts(&app.state.db.conn, id)
        .await
        .unwrap()
        .0;
    assert!(counts.flagged > 0);
    assert!(list.contains("Needs a decision"));

    // Finance sees what waits for approval; the admin sees held mail.
    let finance = app.signed_in("finance@example.org").await;
    let (status, page) = finance.get_text("/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("/per-diem/statements?state=draft") || page.contains("Nothing needs you")
    );
}
