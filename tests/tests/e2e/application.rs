use chrono::Duration;
use itp_domain::Code;
use itp_tests::{DEMO_PASSWORD, TestApp, TestClient, location};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};

const PDF: &[u8] = b"%PDF-1.4\n%%EOF\n";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

/// The cohort of programme `code` whose call is open in the demo data.
pub(crate) async fn open_call(app: &TestApp, code: &str) -> i32 {
    let p = itp_persistence::programme::find_by_code(&app.state.db.conn, code)
        .await
        .unwrap()
        .unwrap();
    itp_persistence::cohort::of_programme(&app.state.db.conn, p.id)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.status == itp_domain::cohort::CohortStatus::CallOpen)
        .unwrap()
        .id
}

async fn upload(
    client: &TestClient,
    app_id: i32,
    kind: &str,
    member: Option<usize>,
    name: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    let token = client.csrf_token().await;
    let mut form = Form::new()
        .text("csrf_token", token)
        .text("kind", kind.to_owned());
    if let Some(m) = member {
        form = form.text("member", m.to_string());
    }
    form = form.part("file", Part::bytes(bytes).file_name(name.to_owned()));
    client
        .http
        .post(client.url(&format!("/applications/{app_id}/documents")))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// Starts an application to the WPL call (teams of 1–3 politicians) and returns its id.
async fn start(client: &TestClient, call: i32) -> i32 {
    let res = client.post_form(&format!("/calls/{call}/apply"), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let loc = location(&res);
    loc.trim_start_matches("/applications/")
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

async fn fill_everything(client: &TestClient, id: i32) {
    let res = client
        .post_form(
            &format!("/applications/{id}/edit/organisation"),
            &[
                ("org_name", "Tbilisi City Assembly"),
                ("org_kind", "municipality"),
                ("org_level", "local"),
                ("org_country", "GE"),
                ("org_address", "Tbilisi, Georgia"),
                ("nom_authority", "Tbilisi City Assembly bureau"),
                ("go", "next"),
            ],
        )
        .await;
    assert_eq!(location(&res), format!("/applications/{id}/edit/team"));
    client
        .post_form(
            &format!("/applications/{id}/edit/team"),
            &[
                ("member0_full_name", "ნინო ბერიძე"),
                ("member0_gender", "woman"),
                ("member0_role", "politician"),
                ("member0_position", "Deputy mayor"),
                ("member0_email", "nino@tbilisi.gov.ge"),
                ("member0_english", "B2"),
                ("member0_year_of_birth", "1982"),
                ("member0_declares_no_earlier_programme", "on"),
                ("member0_declares_can_attend", "on"),
                ("member0_consents_to_privacy_notice", "on"),
                ("go", "next"),
            ],
        )
        .await;
    client
        .post_form(
            &format!("/applications/{id}/edit/project"),
            &[
                ("project_title", "Women in district councils"),
                ("project_problem", "Few women stand for district councils."),
                ("project_goal", "Double the number of women candidates."),
                (
                    "project_expected_results",
                    "A mentoring network in every district.",
                ),
                (
                    "project_stakeholders",
                    "Parties, civil society, the assembly.",
                ),
                ("project_commitment", "Staff time and meeting rooms."),
                ("go", "next"),
            ],
        )
        .await;
}

#[tokio::test]
async fn applicant_saves_a_draft_resumes_it_in_a_new_session_and_submits() {
    let app = TestApp::spawn_with_demo().await;
    let call = open_call(&app, "WPL").await;
    let first = app.signed_in("applicant@example.org").await;
    let id = start(&first, call).await;
    first
        .post_form(
            &format!("/applications/{id}/edit/organisation"),
            &[("org_name", "Tbilisi City Assembly"), ("go", "next")],
        )
        .await;

    // Another day, another device: a new browser session finds the draft as it was left.
    let second = app.signed_in("applicant@example.org").await;
    let (_, mine) = second.get_text("/my/applications").await;
    assert!(mine.contains(&format!("/applications/{id}/edit/organisation")));
    let (_, form) = second
        .get_text(&format!("/applications/{id}/edit/organisation"))
        .await;
    assert!(form.contains("value=\"Tbilisi City Assembly\""));

    fill_everything(&second, id).await;
    for (kind, member, name, bytes) in [
        ("nomination_letter", None, "letter.pdf", PDF),
        ("passport", Some(0), "passport.pdf", PDF),
        ("photo", Some(0), "photo.png", PNG),
        ("medical_statement", Some(0), "medical.pdf", PDF),
    ] {
        let res = upload(&second, id, kind, member, name, bytes.to_vec()).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{kind} upload");
    }
    // The check-and-submit page shows every answer, not a summary.
    let (_, review) = second
        .get_text(&format!("/applications/{id}/edit/review"))
        .await;
    for answer in [
        "Tbilisi City Assembly bureau",
        "nino@tbilisi.gov.ge",
        "Deputy mayor",
        "1982",
        "Double the number of women candidates.",
        "Staff time and meeting rooms.",
        "passport.pdf",
    ] {
        assert!(review.contains(answer), "the review page shows {answer}");
    }
    let before = app.state.clock.now();
    let res = second
        .post_form(&format!("/applications/{id}/submit"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let reference = itp_domain::application::reference(call, id);
    let (_, page) = second.get_text(&format!("/applications/{id}")).await;
    assert!(page.contains("Submitted"));
    assert!(page.contains("ნინო ბერიძე"), "non-Latin names survive");
    // A reference, what happens next, a printable copy of every answer and a receipt by mail.
    assert!(page.contains(&reference), "{reference}");
    assert!(page.contains("What happens next"));
    assert!(page.contains("data-print"));
    assert!(page.contains("Double the number of women candidates."));
    assert!(
        itp_persistence::mail::queued_to_since(&app.state.db.conn, "applicant@example.org", before)
            .await
            .unwrap(),
        "a receipt is queued"
    );
    // Submitted applications are read-only.
    let res = second
        .post_form(
            &format!("/applications/{id}/edit/organisation"),
            &[("org_name", "Changed")],
        )
        .await;
    assert_eq!(location(&res), format!("/applications/{id}"));
    let row = itp_persistence::application::find(&app.state.db.conn, id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.organisation_name, "Tbilisi City Assembly");
    assert_eq!(row.eligibility.code(), "pass");
}

#[tokio::test]
async fn submitting_an_incomplete_application_lists_every_problem_and_keeps_the_draft() {
    let app = TestApp::spawn_with_demo().await;
    let call = open_call(&app, "WPL").await;
    let client = app.signed_in("applicant@example.org").await;
    let id = start(&client, call).await;
    client
        .post_form(
            &format!("/applications/{id}/edit/organisation"),
            &[("org_name", "Kyiv Oblast Council"), ("org_country", "XX")],
        )
        .await;
    let res = client
        .post_form(&format!("/applications/{id}/submit"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    for expected in [
        "Choose the organisation&#39;s country",
        "This call asks for teams of 1 to 3 people",
        "Enter a title for the change project",
        "Upload the nomination letter",
    ] {
        assert!(
            body.contains(expected) || body.contains(&expected.replace("&#39;", "'")),
            "missing: {expected}"
        );
    }
    assert!(
        body.contains(&format!("/applications/{id}/edit/organisation#org_country")),
        "each problem links to its field"
    );
    let row = itp_persistence::application::find(&app.state.db.conn, id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.status.code(), "draft");
    assert_eq!(row.organisation_name, "Kyiv Oblast Council");
}

#[tokio::test]
async fn submission_after_the_deadline_is_refused_by_the_server() {
    let app = TestApp::spawn_with_demo().await;
    let call = open_call(&app, "WPL").await;
    let client = app.signed_in("applicant@example.org").await;
    let id = start(&client, call).await;
    fill_everything(&client, id).await;
    app.clock.advance(Duration::days(400));
    // A fresh sign-in: the old session has expired with the jump in time.
    let client = app.signed_in("applicant@example.org").await;
    let res = client
        .post_form(&format!("/applications/{id}/submit"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("deadline for this call has passed")
    );
    let (_, page) = client.get_text(&format!("/calls/{call}")).await;
    assert!(page.contains("This call is closed"));
    assert!(
        page.contains("Phases and dates"),
        "the call page lists the phases"
    );
    let res = client.post_form(&format!("/calls/{call}/apply"), &[]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let row = itp_persistence::application::find(&app.state.db.conn, id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.status.code(), "draft");
}

#[tokio::test]
async fn uploads_are_checked_by_content_and_size() {
    let app = TestApp::spawn_with_demo().await;
    let call = open_call(&app, "WPL").await;
    let client = app.signed_in("applicant@example.org").await;
    let id = start(&client, call).await;
    fill_everything(&client, id).await;
    let res = upload(
        &client,
        id,
        "passport",
        Some(0),
        "passport.pdf",
        b"MZ\x90\x00 an executable renamed".to_vec(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("not a PDF, JPEG or PNG"));
    let mut big = PDF.to_vec();
    big.resize(10 * 1024 * 1024 + 1, b' ');
    let res = upload(&client, id, "passport", Some(0), "big.pdf", big).await;
    let status = res.status();
    let text = res.text().await.unwrap();
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
    let res_text = text;
    assert!(res_text.contains("larger than 10 MB"));
    let res = upload(&client, id, "photo", Some(0), "photo.pdf", PDF.to_vec()).await;
    assert!(res.text().await.unwrap().contains("must be a JPEG or PNG"));
    let docs = itp_persistence::application::documents::of_application(&app.state.db.conn, id)
        .await
        .unwrap();
    assert!(docs.is_empty(), "nothing refused was stored");
}

pub(crate) async fn demo_application(
    app: &TestApp,
    organisation: &str,
) -> itp_persistence::application::ApplicationRow {
    let call = open_call(app, "MF").await;
    let page = itp_persistence::application::list::page(
        &app.state.db.conn,
        call,
        &Default::default(),
        Default::default(),
        true,
        0,
        100,
    )
    .await
    .unwrap();
    let id = page
        .rows
        .iter()
        .find(|r| r.organisation_name == organisation)
        .unwrap()
        .id;
    itp_persistence::application::find(&app.state.db.conn, id)
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn reviewers_never_get_medical_statements_and_managers_views_are_logged() {
    let app = TestApp::spawn_with_demo().await;
    let a = demo_application(&app, "Hoima Municipal Council").await;
    let docs = itp_persistence::application::documents::of_application(&app.state.db.conn, a.id)
        .await
        .unwrap();
    let medical = docs
        .iter()
        .find(|d| d.kind.code() == "medical_statement")
        .unwrap();
    let letter = docs
        .iter()
        .find(|d| d.kind.code() == "nomination_letter")
        .unwrap();

    let reviewer = app.signed_in("reviewer@example.org").await;
    assert_eq!(
        reviewer
            .get(&format!("/applications/{}/documents/{}", a.id, medical.id))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        reviewer
            .get(&format!("/applications/{}/documents/{}", a.id, letter.id))
            .await
            .status(),
        StatusCode::OK
    );
    let host = app.signed_in("host@example.org").await;
    assert_ne!(
        host.get(&format!("/applications/{}/documents/{}", a.id, medical.id))
            .await
            .status(),
        StatusCode::OK
    );

    let manager = app.signed_in("manager@example.org").await;
    let res = manager
        .get(&format!("/applications/{}/documents/{}", a.id, medical.id))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let admin = app.signed_in("admin@example.org").await;
    let (_, log) = admin.get_text("/admin/audit?action=document.view").await;
    assert!(log.contains("manager@example.org") && log.contains("medical_statement"));
}

#[tokio::test]
async fn manager_finds_applications_with_their_flags_and_decides() {
    let app = TestApp::spawn_with_demo().await;
    let call = open_call(&app, "MF").await;
    let manager = app.signed_in("manager@example.org").await;
    let (status, flagged) = manager
        .get_text(&format!("/cohorts/{call}/applications?flagged=1"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(flagged.contains("Ndola City Council"));
    assert!(!flagged.contains("Jinja City Council"));
    let (_, kenya) = manager
        .get_text(&format!("/cohorts/{call}/applications?country=KE"))
        .await;
    assert!(kenya.contains("Kisumu County Government") && kenya.contains("1 application match"));

    let mutare = demo_application(&app, "Ndola City Council").await;
    let (_, page) = manager
        .get_text(&format!("/applications/{}", mutare.id))
        .await;
    assert!(page.contains("Mwila Banda may have taken part before: Municipal Financing 2023"));
    let res = manager
        .post_form(
            &format!("/applications/{}/checks/returning/override", mutare.id),
            &[("reason", "short")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = manager
        .post_form(
            &format!("/applications/{}/checks/returning/override", mutare.id),
            &[(
                "reason",
                "Different person: confirmed by phone with Ndola HR on 2027-01-12.",
            )],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let row = itp_persistence::application::find(&app.state.db.conn, mutare.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.eligibility.code(), "pass");

    let res = manager
        .get(&format!("/cohorts/{call}/applications.csv"))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = res.bytes().await.unwrap();
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.starts_with("id;reference;organisation;country"));
    assert_eq!(text.lines().count(), 10, "a header and nine applications");
}

#[tokio::test]
async fn scope_limits_who_sees_a_cohorts_applications() {
    let app = TestApp::spawn_with_demo().await;
    let mf = open_call(&app, "MF").await;
    let rba = open_call(&app, "RBA").await;
    let reviewer = app.signed_in("reviewer@example.org").await;
    assert_eq!(
        reviewer
            .get(&format!("/cohorts/{mf}/applications"))
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        reviewer
            .get(&format!("/cohorts/{rba}/applications"))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let manager = app.signed_in("manager@example.org").await;
    assert_eq!(
        manager
            .get(&format!("/cohorts/{rba}/applications"))
            .await
            .status(),
        StatusCode::FORBIDDEN,
        "MF and GM manager, not RBA"
    );
    let applicant = app.signed_in("applicant@example.org").await;
    let jinja = demo_application(&app, "Jinja City Council").await;
    assert_eq!(
        applicant
            .get(&format!("/applications/{}", jinja.id))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

const HEADER: &str = "reference;organisation_name;organisation_type;government_level;country;address;nominating_authority;project_title;project_problem;project_goal;project_expected_results;project_stakeholders;project_commitment;member_full_name;member_gender;member_role;member_position;member_email;member_english;member_year_of_birth;declarations_confirmed";

async fn import(client: &TestClient, call: i32, csv: String, mode: &str) -> String {
    let token = client.csrf_token().await;
    let form = Form::new()
        .text("csrf_token", token)
        .text("mode", mode.to_owned())
        .part("file", Part::bytes(csv.into_bytes()).file_name("apps.csv"));
    let res = client
        .http
        .post(client.url(&format!("/cohorts/{call}/applications/import")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let status_page = location(&res);
    for _ in 0..100 {
        let (_, body) = client.get_text(&status_page).await;
        if !body.contains("http-equiv=\"refresh\"") {
            return body;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the import did not finish");
}

#[tokio::test]
async fn import_reports_every_bad_row_and_writes_nothing_until_the_file_is_valid() {
    let app = TestApp::spawn_with_demo().await;
    let call = open_call(&app, "MF").await;
    let manager = app.signed_in("manager@example.org").await;
    let before = itp_persistence::application::list::counts(&app.state.db.conn, call)
        .await
        .unwrap()
        .0
        .submitted;
    let good = "X-1;Mbale City;municipality;local;UG;;Council;Markets;;;;;;Joan Auma;woman;official;Treasurer;joan@mbale.go.ug;B2;1985;yes";
    let bad = "X-1;Mbale City;municipality;local;UG;;Council;Markets;;;;;;Paul Wafula;man;mayor;Clerk;not-an-email;B2;85;yes";
    let body = import(
        &manager,
        call,
        format!("{HEADER}\n{good}\n{bad}\n"),
        "import",
    )
    .await;
    assert!(body.contains("Nothing was imported"));
    assert!(
        body.contains("<td class=\"num\">3</td>"),
        "the bad row's line"
    );
    assert!(body.contains("not-an-email") && body.contains("'mayor'"));
    let after = itp_persistence::application::list::counts(&app.state.db.conn, call)
        .await
        .unwrap()
        .0
        .submitted;
    assert_eq!(before, after);

    let second = "X-1;;;;;;;;;;;;;Paul Wafula;man;official;Clerk;paul@mbale.go.ug;B1;1979;yes";
    let csv = format!("{HEADER}\n{good}\n{second}\n");
    let body = import(&manager, call, csv.clone(), "check").await;
    assert!(
        body.contains("1 applications would be imported")
            || body.contains("applications would be imported")
    );
    assert_eq!(
        itp_persistence::application::list::counts(&app.state.db.conn, call)
            .await
            .unwrap()
            .0
            .submitted,
        before,
        "a dry run writes nothing"
    );
    let body = import(&manager, call, csv.clone(), "import").await;
    assert!(body.contains("1 applications were imported"), "{body}");
    assert_eq!(
        itp_persistence::application::list::counts(&app.state.db.conn, call)
            .await
            .unwrap()
            .0
            .submitted,
        before + 1
    );
    let body = import(&manager, call, csv, "import").await;
    assert!(
        body.contains("was imported into this cohort before"),
        "the same reference twice is refused"
    );
}

#[tokio::test]
async fn withdrawing_before_the_deadline() {
    let app = TestApp::spawn_with_demo().await;
    let hoima = demo_application(&app, "Hoima Municipal Council").await;
    let client = app.signed_in("applicant@example.org").await;
    let (_, page) = client
        .get_text(&format!("/applications/{}", hoima.id))
        .await;
    assert!(page.contains("Withdraw the application"));
    let res = client
        .post_form(&format!("/applications/{}/withdraw", hoima.id), &[])
        .await;
    assert_eq!(res.status(), StatusCode::OK, "asked to confirm first");
    let res = client
        .post_form(
            &format!("/applications/{}/withdraw", hoima.id),
            &[("confirmed", "yes")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let row = itp_persistence::application::find(&app.state.db.conn, hoima.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.status.code(), "withdrawn");
    let _ = DEMO_PASSWORD;
}

/// The invariants the crash test checks (`itp_tests::consistency`) hold on the demo data, which
/// has submitted, imported and draft applications with documents: a new invariant that is
/// wrong fails here first, not in the crash test after a SIGKILL.
#[tokio::test]
async fn the_demo_data_with_its_applications_is_consistent() {
    let app = TestApp::spawn_with_demo().await;
    let problems = itp_tests::consistency::problems(&app.state.db).await;
    assert!(problems.is_empty(), "{problems:#?}");
}

/// An applicant account besides the demo's, with the demo password: its id.
async fn another_applicant(app: &TestApp, email: &str, name: &str) -> i32 {
    let conn = &app.state.db.conn;
    let id = itp_persistence::account::create(
        conn,
        &itp_domain::account::Email::parse(email).unwrap(),
        name,
        &[itp_domain::role::Grant {
            role: itp_domain::role::Role::Applicant,
            scope: None,
        }],
        app.state.clock.now(),
    )
    .await
    .unwrap();
    let hash = itp_web::auth::service::hash_blocking(itp_tests::DEMO_PASSWORD)
        .await
        .unwrap();
    itp_persistence::account::set_password(conn, id, &hash)
        .await
        .unwrap();
    id
}

/// A draft is its applicant's alone: a manager of its programme can neither read it nor store
/// an override on it, and both answer exactly as for an id that does not exist.
#[tokio::test]
async fn a_managers_write_to_a_draft_is_refused_like_a_missing_record() {
    let app = TestApp::spawn_with_demo().await;
    let call = open_call(&app, "MF").await;
    // A second applicant's fresh draft in the manager's own programme.
    let owner = another_applicant(&app, "second.applicant@example.org", "Second Applicant").await;
    let draft = itp_persistence::application::create_draft(
        &app.state.db.conn,
        call,
        owner,
        app.state.clock.now(),
    )
    .await
    .unwrap();
    let manager = app.signed_in("manager@example.org").await;
    let missing = 999_999;
    let override_of = |id: i32| format!("/applications/{id}/checks/returning/override");
    let on_draft = manager
        .post_form(&override_of(draft), &[("reason", "checked by phone")])
        .await;
    let on_missing = manager
        .post_form(&override_of(missing), &[("reason", "checked by phone")])
        .await;
    assert_eq!(
        on_draft.status(),
        StatusCode::NOT_FOUND,
        "{}",
        location(&on_draft)
    );
    assert_eq!(on_draft.status(), on_missing.status());
    let read_draft = manager
        .get(&format!("/applications/{draft}"))
        .await
        .status();
    let read_missing = manager
        .get(&format!("/applications/{missing}"))
        .await
        .status();
    assert_eq!(
        (read_draft, read_missing),
        (StatusCode::NOT_FOUND, StatusCode::NOT_FOUND)
    );
    let stored = itp_tests::census::query_strings(
        &app.state.db,
        &format!("SELECT CAST(COUNT(*) AS TEXT) FROM eligibility_overrides WHERE application_id = {draft}"),
    )
    .await;
    assert_eq!(stored, vec!["0".to_owned()], "nothing was written");
}

/// Each field keeps at most what submission takes, already when the draft is saved: what fits
/// is kept, and the person is told what was cut.
#[tokio::test]
async fn an_overlong_draft_answer_is_cut_when_saved_and_the_person_is_told() {
    let app = TestApp::spawn_with_demo().await;
    let call = open_call(&app, "MF").await;
    another_applicant(&app, "wanjiru@jinja.example", "Wanjiru Otieno").await;
    let applicant = app.signed_in("wanjiru@jinja.example").await;
    let res = applicant
        .post_form(&format!("/calls/{call}/apply"), &[])
        .await;
    let step = location(&res);
    let id: i32 = step
        .trim_start_matches("/applications/")
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let address = "Plot 1, Main Street. ".repeat(10_000);
    let res = applicant
        .post_form(
            &format!("/applications/{id}/edit/organisation"),
            &[
                ("org_name", "Jinja City Council"),
                ("org_address", &address),
                ("go", "next"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&res),
        format!("/applications/{id}/edit/organisation"),
        "stays to show it"
    );
    let (_, page) = applicant.get_text(&location(&res)).await;
    assert!(
        page.contains("was cut to fit: the organisation&#39;s address (at most 1000 characters)")
            || page
                .contains("was cut to fit: the organisation's address (at most 1000 characters)")
    );
    let draft = itp_persistence::application::draft_of(&app.state.db.conn, id)
        .await
        .unwrap();
    assert_eq!(draft.organisation.address.chars().count(), 1000);
    assert_eq!(draft.organisation.name, "Jinja City Council");
}

/// No way out of a draft step loses what was typed: every other step in the step list and the
/// back link are buttons of the step's form (they save first, with no script), the page has no
/// plain link that leaves it (except the privacy notice, which opens in a new tab), "Save" says
/// when, and a malformed answer is named at once while it is kept.
#[tokio::test]
async fn no_way_out_of_a_draft_step_loses_what_was_typed() {
    let app = TestApp::spawn_with_demo().await;
    let call = open_call(&app, "WPL").await;
    let client = app.signed_in("applicant@example.org").await;
    let id = start(&client, call).await;
    let steps = ["organisation", "team", "project"];
    for step in steps {
        let (status, page) = client
            .get_text(&format!("/applications/{id}/edit/{step}"))
            .await;
        assert_eq!(status, StatusCode::OK);
        let main = page.split("<main").nth(1).unwrap();
        for link in main.split("<a ").skip(1) {
            let tag = link.split('>').next().unwrap();
            assert!(
                tag.contains("target=\"_blank\"") || tag.contains("href=\"#"),
                "{step}: a plain link leaves the step and loses what was typed: <a {tag}>"
            );
        }
        for other in steps.iter().chain(&["documents", "review", "applications"]) {
            if *other != step {
                assert!(
                    page.contains(&format!("form=\"step-form\" name=\"go\" value=\"{other}\"")),
                    "{step}: the way to {other} saves first"
                );
            }
        }
    }
    // Each way out saves: a field typed on one step and the step list followed.
    for (step, field, value, go) in [
        ("organisation", "org_name", "Jinja City Council", "team"),
        ("team", "member0_full_name", "Aisha Nakato", "organisation"),
        ("project", "project_title", "Tree nurseries", "applications"),
    ] {
        let res = client
            .post_form(
                &format!("/applications/{id}/edit/{step}"),
                &[(field, value), ("go", go)],
            )
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let expected = if go == "applications" {
            "/my/applications".to_owned()
        } else {
            format!("/applications/{id}/edit/{go}")
        };
        assert_eq!(location(&res), expected);
        let (_, back) = client
            .get_text(&format!("/applications/{id}/edit/{step}"))
            .await;
        assert!(
            back.contains(&format!("value=\"{value}\"")) || back.contains(&format!(">{value}<")),
            "{field} kept"
        );
    }
    let res = client
        .post_form(
            &format!("/applications/{id}/edit/organisation"),
            &[("org_name", "Jinja City Council"), ("go", "stay")],
        )
        .await;
    let (_, page) = client.get_text(&location(&res)).await;
    assert!(page.contains("Saved at "), "Save says when");

    // A malformed answer is named when its step is saved, and kept.
    let res = client
        .post_form(
            &format!("/applications/{id}/edit/team"),
            &[
                ("member0_full_name", "Aisha Nakato"),
                ("member0_email", "town clerk at jinja"),
                ("member0_year_of_birth", "1875"),
                ("go", "next"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.unwrap();
    assert!(page.contains("is not an e-mail address"));
    assert!(page.contains("would make team member 1 over 100"));
    assert!(
        page.contains("value=\"town clerk at jinja\""),
        "kept in the field"
    );
    let draft = itp_persistence::application::draft_of(&app.state.db.conn, id)
        .await
        .unwrap();
    assert_eq!(draft.members[0].email, "town clerk at jinja", "and saved");
    // Required fields are marked from the start: no member field says "(optional)".
    let (_, team) = client
        .get_text(&format!("/applications/{id}/edit/team"))
        .await;
    let first_member = team
        .split("Team member 1")
        .nth(1)
        .unwrap()
        .split("Team member 2")
        .next()
        .unwrap();
    assert!(
        !first_member.contains("(optional)"),
        "member fields are needed, not optional"
    );
    assert!(
        team.contains("href=\"/privacy\""),
        "the privacy notice is linked"
    );
}
