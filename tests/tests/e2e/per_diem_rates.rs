//! Finance keeps the per-diem rates: Skatteverket's list imported through a preview, domestic
//! amounts, and programme policies with versions.

use itp_domain::per_diem::RateArea;
use itp_persistence::audit::{self, Filter};
use itp_persistence::per_diem::{imports, policies, rates};
use itp_tests::{TestApp, TestClient, location};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};

pub const SHIPPED_2024: &str =
    include_str!("../../../crates/domain/data/skatteverket-normalbelopp-2024.json");

/// Skatteverket's 2024 list with Uganda at `uganda` and Kenya's row left out.
pub fn list_2024(uganda: &str) -> String {
    let mut list: serde_json::Value = serde_json::from_str(SHIPPED_2024).unwrap();
    let results = list["results"].as_array_mut().unwrap();
    results.retain(|r| r["land eller område"] != "Kenya");
    for r in results.iter_mut() {
        if r["land eller område"] == "Uganda" {
            r["normalbelopp"] = uganda.into();
        }
    }
    list["resultCount"] = results.len().into();
    list.to_string()
}

/// Uploads a file to the import form as a browser does (multipart, with the CSRF token).
pub async fn upload(client: &TestClient, name: &str, content: &str) -> reqwest::Response {
    let token = client.csrf_token().await;
    let form = Form::new().text("csrf_token", token).part(
        "file",
        Part::bytes(content.as_bytes().to_vec())
            .file_name(name.to_owned())
            .mime_str("application/json")
            .unwrap(),
    );
    client
        .http
        .post(client.url("/per-diem/rates/import"))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// Finance imports a file through the preview and confirms it.
pub async fn import_through_the_web(client: &TestClient, content: &str) {
    let res = upload(client, "normalbelopp-2024.json", content).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let preview = location(&res);
    let token = client.csrf_token().await;
    let res = client
        .post_raw(&format!("{preview}/apply"), &[("csrf_token", &token)])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}

async fn uganda_2024(app: &TestApp) -> Option<String> {
    rates::load_table(&app.state.db.conn)
        .await
        .unwrap()
        .foreign_rate(2024, RateArea::parse("UG").unwrap())
        .map(|r| r.amount.to_string())
}

#[tokio::test]
async fn finance_imports_skatteverkets_list_through_a_preview_then_confirms() {
    let app = TestApp::spawn_with_demo().await;
    let finance = app.signed_in("finance@example.org").await;
    let (status, form) = finance.get_text("/per-diem/rates/import").await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("enctype=\"multipart/form-data\""));

    let res = upload(&finance, "normalbelopp-2024.json", &list_2024("430")).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let preview_path = location(&res);
    let (status, preview) = finance.get_text(&preview_path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        preview.contains("0 added, 1 changed, 1 removed, 169 unchanged."),
        "{preview}"
    );
    for shown in [
        "Uganda",
        "422.00\u{a0}SEK",
        "430.00\u{a0}SEK",
        "Kenya",
        "435.00\u{a0}SEK",
        "Removed",
    ] {
        assert!(preview.contains(shown), "the preview shows {shown}");
    }
    assert_eq!(
        uganda_2024(&app).await.as_deref(),
        Some("422.00"),
        "a preview changes nothing"
    );

    let token = finance.csrf_token().await;
    let res = finance
        .post_raw(&format!("{preview_path}/apply"), &[("csrf_token", &token)])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/per-diem/rates");
    let (_, page) = finance.get_text("/per-diem/rates").await;
    assert!(page.contains("2024: 0 added, 1 changed, 1 removed, 169 unchanged"));
    assert_eq!(uganda_2024(&app).await.as_deref(), Some("430.00"));
    let table = rates::load_table(&app.state.db.conn).await.unwrap();
    assert_eq!(
        table.foreign_rate(2024, RateArea::parse("KE").unwrap()),
        None,
        "no stale row"
    );
    assert_eq!(table.domestic_maximum(2024).unwrap().to_string(), "290.00");

    let log = audit::list(
        &app.state.db.conn,
        &Filter {
            action: Some("per_diem_rates.import".into()),
            ..Filter::default()
        },
        0,
        10,
    )
    .await
    .unwrap();
    assert_eq!(log.total, 1);
    let entry = &log.entries[0];
    assert_eq!(entry.actor_label, "finance@example.org");
    assert_eq!(entry.entity_id.as_deref(), Some("2024"));
    assert!(
        entry
            .changes
            .contains(r#"{"field":"UG","before":"422.00","after":"430.00"}"#)
    );
    assert!(
        entry
            .changes
            .contains(r#"{"field":"KE","before":"435.00"}"#)
    );

    // The same preview cannot be applied twice.
    let token = finance.csrf_token().await;
    let again = finance
        .post_raw(&format!("{preview_path}/apply"), &[("csrf_token", &token)])
        .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_broken_file_shows_the_row_named_error_and_changes_nothing() {
    let app = TestApp::spawn_with_demo().await;
    let finance = app.signed_in("finance@example.org").await;
    let bad = serde_json::json!({"resultCount": 2, "results": [
        {"land eller område": "Uganda", "normalbelopp": "999", "år": "2024"},
        {"land eller område": "Atlantis", "normalbelopp": "500", "år": "2024"}
    ]})
    .to_string();
    let res = upload(&finance, "broken.json", &bad).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    assert!(
        body.contains("broken.json: row 2: 'Atlantis' is not a country or area we can map to a country code. Nothing was imported."),
        "{body}"
    );
    let unresolved = serde_json::json!({"results": [
        {"land eller område": "Grönland", "normalbelopp": "Se Danmark", "år": "2024"}
    ]})
    .to_string();
    let res = upload(&finance, "ref.json", &unresolved).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("row 1 (Grönland)"));
    let res = upload(&finance, "empty.json", "").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    assert_eq!(uganda_2024(&app).await.as_deref(), Some("422.00"));
    let conn = &app.state.db.conn;
    assert!(
        imports::recent(conn, 10).await.unwrap().is_empty(),
        "nothing kept"
    );
    let log = audit::list(
        conn,
        &Filter {
            action: Some("per_diem_rates".into()),
            actor: Some("finance".into()),
            ..Filter::default()
        },
        0,
        10,
    )
    .await
    .unwrap();
    assert_eq!(log.total, 0);
}

#[tokio::test]
async fn finance_sets_a_domestic_amount_and_gets_a_message_per_field() {
    let app = TestApp::spawn_with_demo().await;
    let finance = app.signed_in("finance@example.org").await;
    let res = finance
        .post_form(
            "/per-diem/rates/domestic",
            &[("year", "2027"), ("amount", "310")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = finance.get_text("/per-diem/rates").await;
    assert!(page.contains("The domestic maximum amount for 2027 is now 310.00\u{a0}SEK."));
    let table = rates::load_table(&app.state.db.conn).await.unwrap();
    assert_eq!(table.domestic_maximum(2027).unwrap().to_string(), "310.00");

    let res = finance
        .post_form(
            "/per-diem/rates/domestic",
            &[("year", "27"), ("amount", "300,50")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    assert!(body.contains("Enter the year as four digits, such as 2027."));
    assert!(body.contains("Enter the maximum amount in whole kronor"));
    assert!(
        body.contains("value=\"300,50\""),
        "the form keeps what was typed"
    );
}

#[tokio::test]
async fn finance_creates_a_policy_and_adds_versions_with_messages_per_field() {
    let app = TestApp::spawn_with_demo().await;
    let finance = app.signed_in("finance@example.org").await;
    let fields = [
        ("code", "wpl"),
        ("name", "Women's Political Leadership participants"),
        ("valid_from", "2026-01-01"),
        ("travel_day_percent", "50"),
        ("breakfast_percent", "15"),
        ("lunch_percent", "35"),
        ("dinner_percent", "35"),
        ("rate_country_1", "Sweden"),
        ("rate_amount_1", "300"),
        ("rate_country_2", ""),
        ("rate_amount_2", ""),
    ];
    let res = finance.post_form("/per-diem/policies", &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let path = location(&res);
    let conn = &app.state.db.conn;
    let stored = policies::find_by_code(conn, "WPL").await.unwrap().unwrap();
    assert_eq!(path, format!("/per-diem/policies/{}", stored.id));
    assert_eq!(stored.policy.versions()[0].daily_rates.len(), 1);

    let (status, form) = finance.get_text(&format!("{path}/versions/new")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        form.contains("value=\"SE\"") && form.contains("value=\"300\""),
        "prefilled"
    );
    let version = [
        ("valid_from", "2027-01-01"),
        ("travel_day_percent", "50"),
        ("breakfast_percent", "15"),
        ("lunch_percent", "35"),
        ("dinner_percent", "35"),
        ("rate_country_1", "SE"),
        ("rate_amount_1", "320"),
    ];
    let res = finance
        .post_form(&format!("{path}/versions"), &version)
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let again = finance
        .post_form(&format!("{path}/versions"), &version)
        .await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        again
            .text()
            .await
            .unwrap()
            .contains("A version valid from 2027-01-01 exists already")
    );
    let stored = policies::find_by_code(conn, "WPL").await.unwrap().unwrap();
    assert_eq!(stored.policy.versions().len(), 2);

    let bad = [
        ("code", "ICLD"),
        ("name", ""),
        ("valid_from", "next year"),
        ("travel_day_percent", "33.5"),
        ("breakfast_percent", "150"),
        ("lunch_percent", "35"),
        ("dinner_percent", "35"),
        ("rate_country_1", "Narnia"),
        ("rate_amount_1", "300.50"),
    ];
    let res = finance.post_form("/per-diem/policies", &bad).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    for message in [
        "Enter the name.",
        "Enter the date the version applies from",
        "Give the arrival and departure day share as a whole percentage",
        "The breakfast reduction must be between 0 and 100 %.",
        "&#39;Narnia&#39; is not a country",
        "Enter the daily rate in whole kronor",
    ] {
        assert!(
            body.contains(message) || body.contains(&message.replace("&#39;", "'")),
            "{message}"
        );
    }
    let taken = [
        ("code", "ICLD"),
        ("name", "Again"),
        ("valid_from", "2026-01-01"),
    ];
    let mut fields: Vec<(&str, &str)> = taken.to_vec();
    fields.extend(&version[1..]);
    let res = finance.post_form("/per-diem/policies", &fields).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("There is a per-diem policy with the code ICLD already.")
    );
    let log = audit::list(
        conn,
        &Filter {
            action: Some("per_diem_policy".into()),
            ..Filter::default()
        },
        0,
        10,
    )
    .await
    .unwrap();
    assert_eq!(log.total, 2, "created and one version added");
}
