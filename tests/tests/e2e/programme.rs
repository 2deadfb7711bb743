use itp_tests::{TestApp, location};
use reqwest::StatusCode;

#[tokio::test]
async fn programme_page_shows_catalogue_facts_and_cohorts() {
    let app = TestApp::spawn_with_demo().await;
    let id = itp_persistence::programme::find_by_code(&app.state.db.conn, "RBA")
        .await
        .unwrap()
        .unwrap()
        .id;
    let client = app.signed_in("reviewer@example.org").await;
    let (status, body) = client.get_text(&format!("/programmes/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Local Governance with a Rights-Based Approach"));
    assert!(
        body.contains("Kosovo (XK)"),
        "countries are shown with names"
    );
    assert!(body.contains("Civil-society representative"));
    assert!(
        body.contains("Call open"),
        "cohorts are listed with their status"
    );
}

#[tokio::test]
async fn unknown_programme_is_a_404() {
    let app = TestApp::spawn_with_demo().await;
    let client = app.signed_in("admin@example.org").await;
    assert_eq!(
        client.get("/programmes/424242").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        client.get("/programmes/not-a-number").await.status(),
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn an_admin_adds_a_programme_and_a_refused_form_keeps_what_was_typed() {
    let app = TestApp::spawn_with_demo().await;
    let admin = app.signed_in("admin@example.org").await;
    let res = admin
        .post_form(
            "/programmes",
            &[
                ("code", "MF"),
                ("name", "SymbioCity"),
                ("eligible_countries", "VN, ID, QQ"),
                ("team_min", "3"),
                ("team_max", "2"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    assert!(body.contains("value=\"SymbioCity\""));
    assert!(body.contains("'QQ' is not an ISO 3166-1 country code"));
    assert!(body.contains("The largest team cannot be smaller"));

    let fields = [
        ("code", "SC"),
        ("name", "SymbioCity Sustainable Urban Development"),
        ("theme", "Sustainable urban development"),
        ("partners", "SKL International"),
        ("eligible_countries", "VN ID"),
        ("target_group", "Municipal planners"),
        ("team_min", "2"),
        ("team_max", "4"),
        ("required_roles", "official"),
        ("required_roles", "politician"),
        ("language", "English"),
    ];
    let res = admin.post_form("/programmes", &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = admin.get_text(&location(&res)).await;
    assert!(page.contains("Viet Nam (VN)") || page.contains("Vietnam (VN)"));
    assert!(page.contains("Politician, Official"));

    // The same code twice is a clear error on the code field.
    let res = admin.post_form("/programmes", &fields).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("already used"));

    let (_, log) = admin.get_text("/admin/audit?entity_type=programme").await;
    assert!(log.contains("programme.create"));
}

#[tokio::test]
async fn managers_edit_their_own_programmes_and_only_admins_archive() {
    let app = TestApp::spawn_with_demo().await;
    let conn = &app.state.db.conn;
    let mf = itp_persistence::programme::find_by_code(conn, "MF")
        .await
        .unwrap()
        .unwrap();
    let wpl = itp_persistence::programme::find_by_code(conn, "WPL")
        .await
        .unwrap()
        .unwrap();
    let manager = app.signed_in("manager@example.org").await;
    assert_eq!(
        manager
            .get(&format!("/programmes/{}/edit", wpl.id))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let (status, form) = manager
        .get_text(&format!("/programmes/{}/edit", mf.id))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("value=\"UNCDF\"") || form.contains(">UNCDF</textarea>"));

    let res = manager
        .post_form(
            &format!("/programmes/{}", mf.id),
            &[
                ("code", "MF"),
                ("name", &mf.programme.name),
                ("theme", "Own-source revenue"),
                ("partners", "UNCDF\nSKR"),
                ("eligible_countries", "BW ZA TZ UG ZM ZW"),
                ("team_min", "2"),
                ("team_max", "3"),
                ("required_roles", "official"),
                ("language", "English"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let after = itp_persistence::programme::find(conn, mf.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.programme.partners, ["UNCDF", "SKR"]);
    assert_eq!(after.programme.theme, "Own-source revenue");

    let admin = app.signed_in("admin@example.org").await;
    let (_, log) = admin
        .get_text(&format!(
            "/admin/audit?entity_type=programme&entity_id={}",
            mf.id
        ))
        .await;
    assert!(log.contains("programme.update"));
    assert!(
        log.contains("Own-source revenue"),
        "the changed field is logged"
    );

    assert_eq!(
        manager
            .post_form(&format!("/programmes/{}/archive", mf.id), &[])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let res = admin
        .post_form(&format!("/programmes/{}/archive", wpl.id), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, list) = manager.get_text("/programmes").await;
    assert!(!list.contains("Women&#39;s Political") && !list.contains("Women's Political"));
    let res = admin
        .post_form(&format!("/programmes/{}/unarchive", wpl.id), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, list) = manager.get_text("/programmes").await;
    assert!(list.contains("Political Leadership"));
}

/// Archiving a programme takes its calls away from the public: not listed, not shown, and no
/// new draft can be started; applicants and anonymous visitors never see the staff catalogue.
#[tokio::test]
async fn an_archived_programme_is_gone_for_applicants_and_the_public() {
    let app = TestApp::spawn_with_demo().await;
    let mf = itp_persistence::programme::find_by_code(&app.state.db.conn, "MF")
        .await
        .unwrap()
        .unwrap();
    let call = crate::application::open_call(&app, "MF").await;
    let visitor = app.client();
    let applicant = app.signed_in("applicant@example.org").await;
    let (_, calls) = visitor.get_text("/calls").await;
    assert!(
        calls.contains(&format!("/calls/{call}")),
        "listed while open"
    );

    let admin = app.signed_in("admin@example.org").await;
    let res = admin
        .post_form(&format!("/programmes/{}/archive", mf.id), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    let (_, calls) = visitor.get_text("/calls").await;
    assert!(!calls.contains(&format!("/calls/{call}")), "not listed");
    assert_eq!(
        visitor.get(&format!("/calls/{call}")).await.status(),
        StatusCode::NOT_FOUND
    );
    let res = applicant
        .post_form(&format!("/calls/{call}/apply"), &[])
        .await;
    assert!(res.status().is_client_error(), "{}", res.status());
    for path in [
        "/programmes".to_owned(),
        "/programmes?archived=1".to_owned(),
        format!("/programmes/{}", mf.id),
    ] {
        let res = applicant.get(&path).await;
        assert!(res.status().is_client_error(), "{path}: {}", res.status());
        assert!(!visitor.get(&path).await.status().is_success(), "{path}");
    }
}

/// Applicants and hosts never read a cohort's staff dashboard (counts of women, reviewers,
/// drafts), not even of a cohort in planning; the cohort's staff do.
#[tokio::test]
async fn only_a_cohorts_staff_read_its_dashboard() {
    let app = TestApp::spawn_with_demo().await;
    let call = crate::application::open_call(&app, "MF").await;
    for outsider in ["applicant@example.org", "host@example.org"] {
        let client = app.signed_in(outsider).await;
        let (status, body) = client.get_text(&format!("/cohorts/{call}")).await;
        assert!(status.is_client_error(), "{outsider}: {status}");
        assert!(!body.contains("women"), "{outsider} sees no counts");
        let res = client.get("/").await;
        assert_ne!(location(&res), "/programmes", "{outsider} starts elsewhere");
    }
    let manager = app.signed_in("manager@example.org").await;
    assert_eq!(
        manager.get(&format!("/cohorts/{call}")).await.status(),
        StatusCode::OK
    );
    let applicant = app.signed_in("applicant@example.org").await;
    assert_eq!(location(&applicant.get("/").await), "/my/applications");
}
