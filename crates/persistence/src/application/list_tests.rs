//! The manager's list and the dashboard count the same applications, with and without filters,
//! on every backend at hand.

use chrono::{TimeZone, Utc};
use itp_domain::account::Email;
use itp_domain::application::import::ImportedApplication;
use itp_domain::application::{ApplicationDraft, ApplicationStatus, MemberDraft};

use super::dashboard::counts as dashboard_counts;
use super::list::{Filter, Sort, page};
use crate::test_support::{a_cohort, backends};

fn team(n: usize, country: &str) -> ImportedApplication {
    let mut draft = ApplicationDraft::default();
    draft.organisation.name = format!("Municipal Council {n}");
    draft.organisation.country = country.to_owned();
    draft.members = (0..2)
        .map(|i| MemberDraft {
            full_name: format!("Member {n}-{i}"),
            gender: if i == 0 { "woman" } else { "man" }.into(),
            ..Default::default()
        })
        .collect();
    ImportedApplication {
        reference: format!("REF-{n}"),
        first_line: n + 2,
        draft,
    }
}

#[tokio::test]
async fn list_totals_match_the_applications_with_and_without_filters() {
    let now = Utc.with_ymd_and_hms(2026, 11, 28, 9, 0, 0).unwrap();
    for b in backends().await {
        let conn = &b.db.conn;
        let cohort = a_cohort(conn).await;
        let imported = [team(1, "UG"), team(2, "UG"), team(3, "TZ"), team(4, "ZM")];
        let ids = super::imports::insert_all(conn, cohort, &imported, now)
            .await
            .unwrap();
        assert!(super::withdraw(conn, ids[3], now).await.unwrap());
        let applicant =
            crate::account::create(conn, &Email::parse("a@example.org").unwrap(), "A", &[], now)
                .await
                .unwrap();
        super::create_draft(conn, cohort, applicant, now)
            .await
            .unwrap();

        let total = |filter: Filter| async move {
            page(conn, cohort, &filter, Sort::Submitted, true, 0, 2)
                .await
                .unwrap()
        };
        let all = total(Filter::default()).await;
        assert_eq!(all.total, 4, "{}: drafts are not listed", b.name);
        assert_eq!(all.rows.len(), 2, "{}: one page", b.name);
        assert_eq!(
            (
                all.counts.submitted,
                all.counts.withdrawn,
                all.counts.drafts
            ),
            (3, 1, 1)
        );
        assert_eq!(all.countries, ["TZ", "UG", "ZM"], "{}", b.name);
        let uganda = Filter {
            country: Some("ug".into()),
            ..Default::default()
        };
        assert_eq!(total(uganda).await.total, 2, "{}", b.name);
        let withdrawn = Filter {
            status: Some(ApplicationStatus::Withdrawn),
            ..Default::default()
        };
        assert_eq!(total(withdrawn).await.total, 1, "{}", b.name);

        let dash = dashboard_counts(conn, cohort).await.unwrap();
        assert_eq!(dash.applications, 3, "{}", b.name);
        assert_eq!(dash.applicant_people, 6, "{}", b.name);
        assert_eq!(dash.applicant_women, 3, "{}", b.name);
        assert_eq!(dash.draft_applications, 1, "{}", b.name);
        assert_eq!(dash.eligible_applications, 0, "{}: unchecked", b.name);
    }
}

#[tokio::test]
async fn the_export_streams_the_whole_list_in_list_order() {
    use futures_util::TryStreamExt;
    let now = Utc.with_ymd_and_hms(2026, 11, 28, 9, 0, 0).unwrap();
    for b in backends().await {
        let conn = &b.db.conn;
        let cohort = a_cohort(conn).await;
        let imported: Vec<_> = (1..=7).map(|n| team(n, ["UG", "TZ"][n % 2])).collect();
        super::imports::insert_all(conn, cohort, &imported, now)
            .await
            .unwrap();
        for (filter, sort, descending) in [
            (Filter::default(), Sort::Organisation, false),
            (Filter::default(), Sort::Country, true),
            (
                Filter {
                    country: Some("TZ".into()),
                    ..Default::default()
                },
                Sort::Submitted,
                true,
            ),
        ] {
            let listed = page(conn, cohort, &filter, sort, descending, 0, 100)
                .await
                .unwrap()
                .rows;
            let exported: Vec<_> = super::list::for_export(conn, cohort, &filter, sort, descending)
                .await
                .unwrap()
                .try_collect()
                .await
                .unwrap();
            assert!(!exported.is_empty(), "{}", b.name);
            assert_eq!(exported, listed, "{}: {sort:?}", b.name);
        }
    }
}
