//! Documents kept in the database: a document of several chunks downloads byte for byte; one
//! altered or deleted behind the application's back is reported (to the person as "could not be
//! read", to the audit log with its id and why) and never served; replacing and removing
//! documents leaves neither orphans nor rows without their document.

use itp_persistence::{Backend, ConnectionTrait};
use itp_tests::census::query_strings;
use itp_tests::{TestApp, TestClient, documents};
use itp_web::storage::check::{self, Problem};
use reqwest::StatusCode;

const LETTER: &str = "nomination_letter";

fn pdf(size: usize, seed: u64) -> Vec<u8> {
    documents::file(LETTER, size, seed)
}

async fn upload(client: &TestClient, app_id: i32, bytes: Vec<u8>) -> reqwest::Response {
    let token = client.csrf_token().await;
    documents::upload(client, &token, app_id, LETTER, None, bytes)
        .await
        .unwrap()
}

async fn start(app: &TestApp, client: &TestClient) -> i32 {
    documents::start_application(client, &app.state.db).await
}

async fn the_letter(
    app: &TestApp,
    id: i32,
) -> itp_persistence::application::documents::DocumentRow {
    let mut docs = itp_persistence::application::documents::of_application(&app.state.db.conn, id)
        .await
        .unwrap();
    assert_eq!(docs.len(), 1, "one nomination letter: {docs:?}");
    docs.remove(0)
}

fn sha(bytes: &[u8]) -> String {
    itp_web::storage::sha256_hex(bytes)
}

#[tokio::test]
async fn a_document_of_several_chunks_downloads_byte_for_byte_and_an_altered_one_is_reported_not_served()
 {
    let app = TestApp::spawn_with_demo().await;
    let client = app.signed_in("applicant@example.org").await;
    let id = start(&app, &client).await;
    let letter = pdf(700_000, 1);
    let res = upload(&client, id, letter.clone()).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let doc = the_letter(&app, id).await;
    assert_eq!(doc.sha256, sha(&letter));
    let chunks = query_strings(
        &app.state.db,
        &format!(
            "SELECT CAST(chunks AS TEXT) FROM document_blobs WHERE storage_key = '{}'",
            doc.storage_key
        ),
    )
    .await;
    assert_eq!(chunks, ["3"], "700 kB is three chunks of 256 KiB");

    let path = format!("/applications/{id}/documents/{}", doc.id);
    let res = client.get(&path).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()["content-length"],
        letter.len().to_string().as_str()
    );
    let body = res.bytes().await.unwrap();
    assert!(
        body[..] == letter[..],
        "the download is the upload, byte for byte"
    );

    // One byte of the middle chunk changed behind the application's back (size kept).
    let altered = match app.state.db.backend {
        Backend::Sqlite => format!(
            "UPDATE document_chunks SET data = zeroblob(length(data)) \
             WHERE storage_key = '{}' AND seq = 1",
            doc.storage_key
        ),
        Backend::Postgres => format!(
            "UPDATE document_chunks SET data = set_byte(data, 10, (get_byte(data, 10) + 1) % 256) \
             WHERE storage_key = '{}' AND seq = 1",
            doc.storage_key
        ),
    };
    app.state
        .db
        .conn
        .execute_unprepared(&altered)
        .await
        .unwrap();
    let res = client.get(&path).await;
    assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("This document could not be read"),
        "the person is told: {page}"
    );
    assert!(!page.contains("%PDF"), "nothing of the document is served");
    let reported = query_strings(
        &app.state.db,
        "SELECT changes FROM audit_log WHERE action = 'document.unreadable'",
    )
    .await;
    assert_eq!(reported.len(), 1, "{reported:?}");
    assert!(
        reported[0].contains(&doc.id.to_string()) && reported[0].contains("altered"),
        "the audit log says which document and why: {reported:?}"
    );
    let report = check::run(&app.state.db).await.unwrap();
    assert!(
        report.problems.iter().any(|p| matches!(
            p,
            Problem::Damaged { key, .. } if *key == doc.storage_key
        )),
        "itp check names it: {:?}",
        report.problems
    );

    // Deleted behind the application's back.
    for table in ["document_chunks", "document_blobs"] {
        app.state
            .db
            .conn
            .execute_unprepared(&format!(
                "DELETE FROM {table} WHERE storage_key = '{}'",
                doc.storage_key
            ))
            .await
            .unwrap();
    }
    let (status, page) = client.get_text(&path).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(page.contains("This document could not be read"));
    let reported = query_strings(
        &app.state.db,
        "SELECT changes FROM audit_log WHERE action = 'document.unreadable' ORDER BY id",
    )
    .await;
    assert!(
        reported.len() == 2 && reported[1].contains("missing"),
        "{reported:?}"
    );
    let report = check::run(&app.state.db).await.unwrap();
    assert_eq!(
        report.problems,
        [Problem::RowWithoutDocument {
            record: format!("application document {}", doc.id),
            key: doc.storage_key.clone()
        }]
    );
}

#[tokio::test]
async fn replacing_and_removing_documents_leaves_no_orphan_and_the_demo_data_checks_clean() {
    let app = TestApp::spawn_with_demo().await;
    let before = check::run(&app.state.db).await.unwrap();
    assert!(before.is_clean(), "demo data: {:?}", before.problems);
    assert!(before.whole > 0, "the demo data has documents");

    let client = app.signed_in("applicant@example.org").await;
    let id = start(&app, &client).await;
    for seed in 0..3 {
        let res = upload(&client, id, pdf(300_000, seed)).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
    }
    let doc = the_letter(&app, id).await;
    assert_eq!(doc.sha256, sha(&pdf(300_000, 2)), "the last upload is kept");
    let report = check::run(&app.state.db).await.unwrap();
    assert!(report.is_clean(), "{:?}", report.problems);
    assert_eq!(report.whole, before.whole + 1, "the replaced ones are gone");

    let res = client
        .post_form(
            &format!("/applications/{id}/documents/{}/delete", doc.id),
            &[],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let report = check::run(&app.state.db).await.unwrap();
    assert!(report.is_clean(), "{:?}", report.problems);
    assert_eq!(report.whole, before.whole);
    let left = query_strings(
        &app.state.db,
        &format!(
            "SELECT storage_key FROM document_chunks WHERE storage_key = '{}'",
            doc.storage_key
        ),
    )
    .await;
    assert!(left.is_empty(), "the removed document's chunks are gone");
}
