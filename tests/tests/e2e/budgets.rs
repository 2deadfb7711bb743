//! Cohort budgets: per-diem approvals move the committed amount by exactly their total, foreign
//! costs convert at the rate of their date, stopped lines refuse commitments beyond their plan
//! unless finance approves with a reason, and a stale line form is refused with nothing lost.

use itp_domain::budget::Category;
use itp_persistence::budget::{cost_items, figures, lines};
use itp_tests::{TestApp, TestClient};
use reqwest::StatusCode;

use crate::per_diem_statements::{cohort, create, uganda_form};

async fn committed_ore(app: &TestApp, cohort_id: i32, category: Category) -> i64 {
    let b = figures::cohort_budget(&app.state.db.conn, cohort_id)
        .await
        .unwrap();
    let (_, sums) = b
        .lines
        .iter()
        .find(|(l, _)| l.category == category)
        .unwrap();
    let extra = if category == Category::PerDiem {
        b.per_diem.approved_ore
    } else {
        0
    };
    sums.committed_ore + extra
}

async fn version(app: &TestApp, cohort_id: i32, category: Category) -> String {
    lines::find(&app.state.db.conn, cohort_id, category)
        .await
        .unwrap()
        .version
        .to_string()
}

async fn add_cost(
    client: &TestClient,
    cohort_id: i32,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    client
        .post_form(&format!("/cohorts/{cohort_id}/budget/costs"), fields)
        .await
}

#[tokio::test]
async fn finance_approving_a_statement_moves_committed_by_exactly_its_total() {
    let app = TestApp::spawn_with_demo().await;
    let manager = app.signed_in("manager@example.org").await;
    let finance = app.signed_in("finance@example.org").await;
    let mf = cohort(&app, "MF", "running").await;
    let before = committed_ore(&app, mf, Category::PerDiem).await;
    let path = create(&manager, &uganda_form(mf)).await;
    assert_eq!(
        committed_ore(&app, mf, Category::PerDiem).await,
        before,
        "a draft commits nothing"
    );
    let res = finance
        .post_form(&format!("{path}/approve"), &[("confirmed", "yes")])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        committed_ore(&app, mf, Category::PerDiem).await - before,
        171_000
    );
    let (status, page) = finance.get_text(&format!("/cohorts/{mf}/budget")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Per diem"), "{page}");
}

#[tokio::test]
async fn a_foreign_cost_converts_at_the_rate_of_its_date_or_is_refused() {
    let app = TestApp::spawn_with_demo().await;
    let manager = app.signed_in("manager@example.org").await;
    let finance = app.signed_in("finance@example.org").await;
    let mf = cohort(&app, "MF", "running").await;
    for (on, rate) in [("2026-10-01", "10,00"), ("2026-10-05", "10,4235")] {
        let res = finance
            .post_form(
                "/budgets/exchange-rates",
                &[("currency", "KES"), ("on", on), ("sek_per_unit", rate)],
            )
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
    }
    // A manager may not keep the rate table.
    let res = manager
        .post_form(
            "/budgets/exchange-rates",
            &[
                ("currency", "KES"),
                ("on", "2026-10-06"),
                ("sek_per_unit", "1"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    let cost = |on: &'static str| {
        vec![
            ("category", "local_transport"),
            ("supplier", "Nairobi Shuttle Ltd"),
            ("description", "Airport transfers"),
            ("incurred_on", on),
            ("currency", "KES"),
            ("amount", "812,40"),
        ]
    };
    let res = add_cost(&manager, mf, &cost("2026-10-07")).await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "{}",
        res.text().await.unwrap()
    );
    let items = cost_items::of_cohort(&app.state.db.conn, mf, Some(Category::LocalTransport))
        .await
        .unwrap();
    let item = items
        .iter()
        .find(|c| c.supplier == "Nairobi Shuttle Ltd")
        .unwrap();
    // 812.40 × 10.4235 = 8 468.0514 → 8 468.05 SEK, at the rate of 5 October.
    assert_eq!(item.sek.plain(), "8468.05");
    assert_eq!(item.rate_on.to_string(), "2026-10-05");
    assert_eq!(item.original.plain(), "812.40");

    let res = add_cost(&manager, mf, &cost("2026-09-30")).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("no exchange rate for KES on or before 2026-09-30"),
        "{page}"
    );
    assert!(
        page.contains("Nairobi Shuttle Ltd"),
        "what was typed is kept"
    );
}

#[tokio::test]
async fn a_stopped_line_refuses_a_commitment_beyond_its_plan_unless_finance_approves() {
    let app = TestApp::spawn_with_demo().await;
    let manager = app.signed_in("manager@example.org").await;
    let finance = app.signed_in("finance@example.org").await;
    let mf = cohort(&app, "MF", "running").await;
    let path = format!("/cohorts/{mf}/budget/lines/mentors");
    let v = version(&app, mf, Category::Mentors).await;
    let res = manager
        // The demo has already committed 18,000 SEK of mentors' fees: 30,000 leaves room for
        // 9,500 more, not for another 13,000.
        .post_form(&path, &[("version", &v), ("planned", "30000")])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let v = version(&app, mf, Category::Mentors).await;
    // Only finance sets the control.
    let res = manager
        .post_form(
            &format!("{path}/control"),
            &[("version", &v), ("control", "stop")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = finance
        .post_form(
            &format!("{path}/control"),
            &[("version", &v), ("control", "stop")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    let cost = [
        ("category", "mentors"),
        ("supplier", "Anna Lind"),
        ("description", "Mentor fee, regional workshop"),
        ("incurred_on", "2026-11-02"),
        ("currency", "SEK"),
        ("amount", "9500"),
    ];
    let res = add_cost(&manager, mf, &cost).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let before = committed_ore(&app, mf, Category::Mentors).await;
    let mut beyond = cost.to_vec();
    beyond[5] = ("amount", "13000");
    let res = add_cost(&manager, mf, &beyond).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.unwrap();
    assert!(page.contains("stopped at 100 %"), "{page}");
    assert_eq!(
        committed_ore(&app, mf, Category::Mentors).await,
        before,
        "nothing was written"
    );

    beyond.push((
        "approval_reason",
        "Extra workshop day agreed with the partner",
    ));
    let res = add_cost(&finance, mf, &beyond).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        committed_ore(&app, mf, Category::Mentors).await,
        before + 1_300_000
    );
    let items = cost_items::of_cohort(&app.state.db.conn, mf, Some(Category::Mentors))
        .await
        .unwrap();
    assert!(
        items
            .iter()
            .any(|c| c.over_budget_reason == "Extra workshop day agreed with the partner")
    );
}

#[tokio::test]
async fn two_managers_edit_one_line_and_the_second_is_refused_with_nothing_lost() {
    let app = TestApp::spawn_with_demo().await;
    let first = app.signed_in("manager@example.org").await;
    let second = app.signed_in("admin@example.org").await;
    let mf = cohort(&app, "MF", "running").await;
    let path = format!("/cohorts/{mf}/budget/lines/visas");
    let read_at = version(&app, mf, Category::Visas).await;
    let res = first
        .post_form(&path, &[("version", &read_at), ("planned", "48000")])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = second
        .post_form(
            &path,
            &[
                ("version", &read_at),
                ("planned", "51 250,50"),
                ("note", "Two more visas"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let page = res.text().await.unwrap();
    assert!(page.contains("Someone else saved this line"), "{page}");
    assert!(
        page.contains("48,000.00"),
        "the other person's value is shown"
    );
    assert!(
        page.contains("value=\"51 250,50\""),
        "what this person typed is kept"
    );
    assert!(page.contains("Two more visas"));
    let stored = lines::find(&app.state.db.conn, mf, Category::Visas)
        .await
        .unwrap();
    assert_eq!(stored.plan.planned.plain(), "48000.00");
}

#[tokio::test]
async fn the_budget_page_totals_equal_the_database_to_the_ore() {
    let app = TestApp::spawn_with_demo().await;
    let finance = app.signed_in("finance@example.org").await;
    let mf = cohort(&app, "MF", "running").await;
    let (committed, planned) = app.budget_totals_ore(mf).await;
    let (status, page) = finance.get_text(&format!("/cohorts/{mf}/budget")).await;
    assert_eq!(status, StatusCode::OK);
    let shown =
        |ore: i64| itp_domain::Money::from_minor_units(ore, itp_domain::Currency::SEK).to_string();
    let total_row = &page[page.find("id=\"budget-total\"").expect("a total row")..];
    assert!(
        total_row.contains(&shown(committed)),
        "committed {committed} in {total_row}"
    );
    assert!(total_row.contains(&shown(planned)), "planned {planned}");
    assert!(committed > 0 && planned > 0, "the demo fills the budget");
    let (status, totals) = finance.get_text("/budgets").await;
    assert_eq!(status, StatusCode::OK);
    assert!(totals.contains("MF"));
}
