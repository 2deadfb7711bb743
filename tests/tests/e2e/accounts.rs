use itp_tests::{TestApp, location};
use reqwest::StatusCode;

/// The invitation link shown to the admin after creating an account.
fn link_in(body: &str) -> String {
    let start = body.find("/set-password/").expect("a link on the page");
    let end = body[start..].find('<').unwrap() + start;
    body[start..end].to_owned()
}

#[tokio::test]
async fn admin_invites_a_person_who_sets_a_password_and_signs_in() {
    let app = TestApp::spawn_with_demo().await;
    let admin = app.signed_in("admin@example.org").await;
    let res = admin
        .post_form(
            "/admin/users",
            &[
                ("email", "Ana.Kovac@Example.org"),
                ("display_name", "Ana Kovač"),
                ("role", "finance"),
                ("scope", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let link = link_in(&res.text().await.unwrap());

    let invitee = app.client();
    let (status, body) = invitee.get_text(&link).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("ana.kovac@example.org"));

    // The password rules are explained, and nothing is set while they fail.
    let res = invitee
        .post_form(&link, &[("password", "short"), ("confirm", "short")])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("at least 12 characters"));
    let res = invitee
        .post_form(
            &link,
            &[("password", "Password1234"), ("confirm", "Password1234")],
        )
        .await;
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("This password is too easy to guess")
    );

    let res = invitee
        .post_form(
            &link,
            &[
                ("password", "tree nurseries in Hoima"),
                ("confirm", "tree nurseries in Hoima"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // Signed in at once: the link proved the address, the password was just chosen.
    assert_eq!(location(&res), "/");
    assert_eq!(invitee.get("/account").await.status(), StatusCode::OK);
    let res = app
        .client()
        .login("ana.kovac@example.org", "tree nurseries in Hoima")
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    // The link works once.
    let (_, body) = app.client().get_text(&link).await;
    assert!(body.contains("no longer valid"));
}

#[tokio::test]
async fn invitation_form_keeps_what_was_typed_and_lists_every_problem() {
    let app = TestApp::spawn_with_demo().await;
    let admin = app.signed_in("admin@example.org").await;
    let res = admin
        .post_form(
            "/admin/users",
            &[
                ("email", "not-an-address"),
                ("display_name", "Ілля Петренко"),
                ("role", "manager"),
                ("scope", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    assert!(body.contains("There is a problem"));
    assert!(body.contains("is not an e-mail address"));
    assert!(body.contains("needs a programme"));
    assert!(
        body.contains("value=\"Ілля Петренко\""),
        "the name typed is kept"
    );
    assert!(body.contains("value=\"not-an-address\""));
}

#[tokio::test]
async fn duplicate_address_is_a_form_error_not_a_crash() {
    let app = TestApp::spawn_with_demo().await;
    let admin = app.signed_in("admin@example.org").await;
    let res = admin
        .post_form(
            "/admin/users",
            &[("email", "finance@example.org"), ("role", "finance")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("already exists"));
}

#[tokio::test]
async fn changes_are_in_the_audit_log_with_their_fields() {
    let app = TestApp::spawn_with_demo().await;
    let admin = app.signed_in("admin@example.org").await;
    admin
        .post_form(
            "/admin/users",
            &[
                ("email", "mentor@example.org"),
                ("display_name", "Mentor"),
                ("role", "finance"),
            ],
        )
        .await;
    let (status, body) = admin.get_text("/admin/audit?action=user.invite").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("user.invite"));
    assert!(body.contains("email: mentor@example.org"));
    assert!(body.contains("role: finance"));
    assert!(body.contains("admin@example.org"), "the actor is named");
    let (_, filtered) = admin
        .get_text("/admin/audit?action=account.change_password")
        .await;
    assert!(filtered.contains("No entries match these filters."));
}

#[tokio::test]
async fn disabled_account_is_signed_out_and_cannot_sign_in() {
    let app = TestApp::spawn_with_demo().await;
    let finance = app.signed_in("finance@example.org").await;
    let admin = app.signed_in("admin@example.org").await;
    let finance_id = app.user_id("finance@example.org").await;
    let res = admin
        .post_form(
            &format!("/admin/users/{finance_id}/active"),
            &[("active", "false")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        finance.get("/account").await.status(),
        StatusCode::SEE_OTHER
    );
    let res = app
        .client()
        .login("finance@example.org", itp_tests::DEMO_PASSWORD)
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn reset_link_lets_a_person_choose_a_new_password() {
    let app = TestApp::spawn_with_demo().await;
    let admin = app.signed_in("admin@example.org").await;
    let reviewer_id = app.user_id("reviewer@example.org").await;
    let res = admin
        .post_form(&format!("/admin/users/{reviewer_id}/reset-link"), &[])
        .await;
    let link = link_in(&res.text().await.unwrap());
    let reviewer = app.client();
    let res = reviewer
        .post_form(
            &link,
            &[
                ("password", "a brand new reviewer pass"),
                ("confirm", "a brand new reviewer pass"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        reviewer
            .login("reviewer@example.org", "a brand new reviewer pass")
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.client()
            .login("reviewer@example.org", itp_tests::DEMO_PASSWORD)
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn changing_your_password_needs_the_current_one() {
    let app = TestApp::spawn_with_demo().await;
    let me = app.signed_in("host@example.org").await;
    let res = me
        .post_form(
            "/account/password",
            &[
                ("current_password", "not it at all"),
                ("new_password", "gotland study visit 2027"),
                ("confirm", "gotland study visit 2027"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = me
        .post_form(
            "/account/password",
            &[
                ("current_password", itp_tests::DEMO_PASSWORD),
                ("new_password", "gotland study visit 2027"),
                ("confirm", "gotland study visit 2027"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // The browser that changed it stays signed in.
    assert_eq!(me.get("/account").await.status(), StatusCode::OK);
}

/// A common password is refused with the reason, checked against zxcvbn's dictionaries rather
/// than a list of fifty.
#[tokio::test]
async fn a_common_password_is_refused_and_the_person_is_told_why() {
    let app = itp_tests::TestApp::spawn_with_demo().await;
    let client = app.signed_in("finance@example.org").await;
    let res = client
        .post_form(
            "/account/password",
            &[
                ("current_password", itp_tests::DEMO_PASSWORD),
                ("new_password", "Password123!"),
                ("confirm", "Password123!"),
            ],
        )
        .await;
    assert_eq!(res.status(), reqwest::StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    assert!(
        body.contains("This password is too easy to guess"),
        "{body}"
    );
}

/// The invitation form asked for a record number and accepted cohort 999, which does not exist.
#[tokio::test]
async fn roles_are_limited_to_records_chosen_by_name_and_a_missing_one_is_refused() {
    let app = TestApp::spawn_with_demo().await;
    let admin = app.signed_in("admin@example.org").await;
    let (_, form) = admin.get_text("/admin/users/new").await;
    assert!(
        form.contains("<optgroup label=\"Cohorts (for reviewers)\">"),
        "{form}"
    );
    assert!(!form.contains("record number") && !form.contains("--scope"));
    let cohort = itp_persistence::per_diem::cohorts::list(&app.state.db.conn, None)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.programme_code == "MF")
        .unwrap();
    assert!(
        form.contains(&format!("{} (MF)", cohort.programme_name)),
        "programmes by name"
    );

    for (scope, expected) in [
        (
            "cohort:999",
            "There is no such cohort: choose one from the list of those that exist.",
        ),
        (
            "999",
            "A reviewer is limited to a cohort: choose one of the cohorts in the list.",
        ),
        ("", "A reviewer needs a cohort"),
    ] {
        let res = admin
            .post_form(
                "/admin/users",
                &[
                    ("email", "new.reviewer@example.org"),
                    ("role", "reviewer"),
                    ("scope", scope),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{scope}");
        let body = res.text().await.unwrap();
        assert!(body.contains(expected), "{scope}: {body}");
        assert!(
            !body.contains("--scope"),
            "no command-line wording on a page"
        );
    }
    let programme = format!("programme:{}", cohort.programme_id);
    let res = admin
        .post_form(
            "/admin/users",
            &[
                ("email", "new.reviewer@example.org"),
                ("role", "reviewer"),
                ("scope", &programme),
            ],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a reviewer reviews a cohort"
    );

    let chosen = format!("cohort:{}", cohort.id);
    let res = admin
        .post_form(
            "/admin/users",
            &[
                ("email", "new.reviewer@example.org"),
                ("role", "reviewer"),
                ("scope", &chosen),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let id = app.user_id("new.reviewer@example.org").await;
    let (_, page) = admin.get_text(&format!("/admin/users/{id}")).await;
    assert!(
        page.contains(&format!(
            "Reviewer of cohort <a href=\"/cohorts/{}\">MF · {}</a>",
            cohort.id, cohort.name
        )),
        "{page}"
    );
    let (_, people) = admin.get_text("/admin/users").await;
    assert!(people.contains(&format!("<a href=\"/cohorts/{}\">", cohort.id)));
    assert!(!people.contains(" #"), "no record numbers for names");
}

/// The list said "Invited" for people whose own page said "Active"; it had no search, no role
/// filter and no empty state.
#[tokio::test]
async fn the_people_list_searches_filters_by_role_and_says_the_same_status_as_the_persons_page() {
    let app = TestApp::spawn_with_demo().await;
    let admin = app.signed_in("admin@example.org").await;
    let res = admin
        .post_form(
            "/admin/users",
            &[
                ("email", "pending@example.org"),
                ("display_name", "Pending Person"),
                ("role", "finance"),
            ],
        )
        .await;
    let link = link_in(&res.text().await.unwrap());
    let id = app.user_id("pending@example.org").await;
    let status_in_list = |list: &str| {
        let row = &list[list.find("Pending Person").expect("listed")..];
        let row = &row[..row.find("</tr>").unwrap()];
        ["Invited", "Active", "Disabled"]
            .into_iter()
            .find(|s| row.contains(s))
            .unwrap()
            .to_owned()
    };
    let status_on_page = |page: &str| {
        let dd = &page[page.find("<dt>Status</dt>").expect("a status")..];
        ["Invited", "Active", "Disabled"]
            .into_iter()
            .find(|s| dd[..200.min(dd.len())].contains(s))
            .unwrap()
            .to_owned()
    };
    let (_, list) = admin.get_text("/admin/users?q=pending").await;
    let (_, page) = admin.get_text(&format!("/admin/users/{id}")).await;
    assert_eq!(status_in_list(&list), "Invited");
    assert_eq!(status_on_page(&page), "Invited", "one rule for both pages");
    app.client()
        .post_form(
            &link,
            &[
                ("password", "tree nurseries in Hoima"),
                ("confirm", "tree nurseries in Hoima"),
            ],
        )
        .await;
    let (_, list) = admin.get_text("/admin/users?q=PENDING").await;
    let (_, page) = admin.get_text(&format!("/admin/users/{id}")).await;
    assert_eq!(status_in_list(&list), "Active");
    assert_eq!(status_on_page(&page), "Active");

    // Search by name or address, any case; filter by role.
    assert!(list.contains("1 person of"), "{list}");
    let admin_id = app.user_id("admin@example.org").await;
    assert!(!list.contains(&format!("href=\"/admin/users/{admin_id}\"")));
    let (_, reviewers) = admin.get_text("/admin/users?role=reviewer").await;
    assert!(
        reviewers.contains("reviewer@example.org") && !reviewers.contains("finance@example.org")
    );
    let (_, by_name) = admin.get_text("/admin/users?q=lindqvist").await;
    assert!(by_name.contains("admin@example.org"));
    let (status, nobody) = admin
        .get_text("/admin/users?q=nobody-at-all&role=admin\u{0}")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(nobody.contains("No people match these filters."));
    assert!(!nobody.contains("<thead>"));
}

/// The audit log showed `account.login` codes breaking mid-word and addresses for people.
#[tokio::test]
async fn the_audit_log_reads_as_words_with_people_and_records_named_and_linked() {
    let app = TestApp::spawn_with_demo().await;
    let admin = app.signed_in("admin@example.org").await;
    let (_, log) = admin.get_text("/admin/audit?action=account.login").await;
    assert!(log.contains("Signed in"), "{log}");
    assert!(
        log.contains("<code class=\"nowrap\""),
        "the code stays, unbroken"
    );
    let admin_id = app.user_id("admin@example.org").await;
    assert!(log.contains(&format!("<a href=\"/admin/users/{admin_id}\" title=\"admin@example.org\"><bdi>Astrid Lindqvist</bdi></a>")));
    let (_, programmes) = admin.get_text("/admin/audit?entity_type=programme").await;
    assert!(
        !programmes.contains(" #"),
        "records are named, not numbered"
    );
}
