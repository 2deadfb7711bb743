//! Uploading and downloading application documents as an applicant does, for tests that drive
//! the real binary (several instances, crashes, restores) as well as the in-process server.

use itp_persistence::Database;
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};

use crate::census::query_strings;
use crate::{TestClient, location};

/// A file of about `size` bytes that the upload accepts as `kind` (a PNG for a photo, else a
/// PDF), its content fixed by `seed`.
pub fn file(kind: &str, size: usize, seed: u64) -> Vec<u8> {
    let mut bytes = if kind == "photo" {
        b"\x89PNG\r\n\x1a\n".to_vec()
    } else {
        b"%PDF-1.4\n".to_vec()
    };
    let mut x = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    while bytes.len() < size {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
        bytes.push((x >> 33) as u8);
    }
    if kind != "photo" {
        bytes.extend_from_slice(b"\n%%EOF\n");
    }
    bytes
}

/// Uploads `bytes` as the application's document of `kind` (for team member `member`), with
/// the session's CSRF token (`client.csrf_token()`, read once: it stays while the session does).
pub async fn upload(
    client: &TestClient,
    token: &str,
    application_id: i32,
    kind: &str,
    member: Option<usize>,
    bytes: Vec<u8>,
) -> reqwest::Result<reqwest::Response> {
    let mut form = Form::new()
        .text("csrf_token", token.to_owned())
        .text("kind", kind.to_owned());
    if let Some(m) = member {
        form = form.text("member", m.to_string());
    }
    let name = if kind == "photo" {
        "photo.png"
    } else {
        "scan.pdf"
    };
    form = form.part("file", Part::bytes(bytes).file_name(name));
    client
        .http
        .post(client.url(&format!("/applications/{application_id}/documents")))
        .multipart(form)
        .send()
        .await
}

/// The cohort of programme `code` whose call is open.
pub async fn open_call(db: &Database, code: &str) -> i32 {
    query_strings(
        db,
        &format!(
            "SELECT CAST(c.id AS TEXT) FROM cohorts c JOIN programmes p ON p.id = c.programme_id \
             WHERE p.code = '{code}' AND c.status = 'call_open' ORDER BY c.id"
        ),
    )
    .await
    .first()
    .unwrap_or_else(|| panic!("no open call in programme {code}"))
    .parse()
    .unwrap()
}

/// Starts (or resumes) the signed-in applicant's application to the WPL call, with a team of
/// one, so every kind of document can be uploaded; returns its id.
pub async fn start_application(client: &TestClient, db: &Database) -> i32 {
    let call = open_call(db, "WPL").await;
    let res = client.post_form(&format!("/calls/{call}/apply"), &[]).await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "starting an application"
    );
    let id: i32 = location(&res)
        .trim_start_matches("/applications/")
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let res = client
        .post_form(
            &format!("/applications/{id}/edit/team"),
            &[
                ("member0_full_name", "Nino Beridze"),
                ("member0_gender", "woman"),
                ("member0_role", "politician"),
                ("member0_position", "Deputy mayor"),
                ("member0_email", "nino@tbilisi.gov.ge"),
                ("member0_english", "B2"),
                ("member0_year_of_birth", "1982"),
                ("go", "next"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "saving the team");
    id
}

/// The document of `kind` (and member) on the application: its id and recorded SHA-256.
pub async fn stored(
    db: &Database,
    application_id: i32,
    kind: &str,
    member: Option<usize>,
) -> Option<(i32, String)> {
    let member = match member {
        Some(m) => format!("= {m}"),
        None => "IS NULL".to_owned(),
    };
    query_strings(
        db,
        &format!(
            "SELECT CAST(id AS TEXT) || ' ' || sha256 FROM application_documents \
             WHERE application_id = {application_id} AND kind = '{kind}' AND member_position {member}"
        ),
    )
    .await
    .first()
    .map(|line| {
        let (id, sha) = line.split_once(' ').unwrap();
        (id.parse().unwrap(), sha.to_owned())
    })
}

/// Downloads a document; returns the status and the bytes.
pub async fn download(
    client: &TestClient,
    application_id: i32,
    document_id: i32,
) -> (StatusCode, Vec<u8>) {
    let res = client
        .get(&format!(
            "/applications/{application_id}/documents/{document_id}"
        ))
        .await;
    let status = res.status();
    let bytes = res.bytes().await.map(|b| b.to_vec()).unwrap_or_default();
    (status, bytes)
}
