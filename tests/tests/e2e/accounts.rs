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
    assert!(filtered.contains("Nothing matches"));
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
