//! Demo documents: the smallest well-formed file of each type, stored like an upload.

use itp_domain::application::document::{DocumentKind, FileType};
use itp_persistence::ConnectionTrait;
use itp_persistence::application::documents;

use crate::app::AppState;
use crate::storage::DocumentStore;

/// The smallest well-formed files of each type, so demo documents open in a viewer.
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
    0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

/// Stores a photo as PNG and any other kind as PDF, and records it on the application.
pub(super) async fn store_document<C: ConnectionTrait>(
    conn: &C,
    state: &AppState,
    application_id: i32,
    kind: DocumentKind,
    member: Option<i32>,
    now: chrono::DateTime<chrono::Utc>,
) -> itp_persistence::Result<()> {
    let (bytes, file_type, name) = if kind == DocumentKind::Photo {
        (PNG, FileType::Png, "photo.png")
    } else {
        (PDF, FileType::Pdf, "scan.pdf")
    };
    let file = DocumentStore::prepare(bytes);
    DocumentStore::of(state).write(conn, &file, now).await?;
    documents::put(
        conn,
        documents::NewDocument {
            application_id,
            kind,
            member_position: member,
            original_name: name,
            file_type,
            size_bytes: file.size_bytes,
            storage_key: &file.key,
            sha256: &file.sha256,
        },
        now,
    )
    .await?;
    Ok(())
}
