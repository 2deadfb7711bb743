//! Where uploaded documents live: in the database, beside the rows that name them (see
//! `itp_persistence::document_store`). Every instance on one PostgreSQL reads every document,
//! SQLite stays one file, and one backup holds the data and the documents together.
//!
//! A document is written in the transaction of the row that names it, before that row, and
//! deleted in the transaction that deletes its row: the two commit together, so a crash leaves
//! neither a row without its document nor a document without its row. Its SHA-256 is recorded
//! with the row and checked on every read; a document that is missing or altered is never
//! served: the person is told it could not be read, the log and the audit log say which and why.

pub mod check;

use axum::body::{Body, Bytes};
use axum::response::Response;
use chrono::{DateTime, Utc};
use itp_domain::audit::ChangeSet;
use itp_persistence::document_store::{self as blobs, CHUNK_BYTES};
use itp_persistence::{ConnectionTrait, Database, PersistenceError};
use sha2::{Digest, Sha256};
use tokio::io::{AsyncRead, AsyncReadExt};

use crate::app::AppState;
use crate::download;
use crate::error::{AppError, Result};
use crate::ops::Context;
use crate::security::tokens::new_token;

/// The documents of the application. Callers name a document only by the key [`prepare`]
/// chose, write and delete it in their own transaction, and read it through [`download`] or
/// [`DocumentStore::read`], so another store (an object store) could take this one's place
/// behind the same calls.
///
/// [`prepare`]: DocumentStore::prepare
/// [`download`]: DocumentStore::download
#[derive(Debug, Clone)]
pub struct DocumentStore {
    db: Database,
}

/// A document about to be stored: its new key and the SHA-256 of its bytes.
pub struct Pending<'a> {
    pub key: String,
    pub sha256: String,
    pub size_bytes: i64,
    bytes: &'a [u8],
}

/// What was written: the size and SHA-256 (hex) of the bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub size_bytes: i64,
    pub sha256: String,
}

/// Why a document could not be read. Said to the log and the admin, never to the person.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unreadable {
    #[error("the document is missing from the store")]
    Missing,
    #[error("chunk {0} of the document is missing")]
    ChunkMissing(i32),
    #[error("the document holds {found} bytes where {expected} were stored")]
    SizeDiffers { expected: i64, found: i64 },
    #[error("the document was altered: its SHA-256 is {found}, {expected} was recorded")]
    Altered { expected: String, found: String },
    #[error("the store could not be read: {0}")]
    Store(String),
}

/// The row's record of a document, against which its bytes are checked.
#[derive(Debug, Clone, Copy)]
pub struct Expected<'a> {
    pub key: &'a str,
    pub sha256: &'a str,
    pub size_bytes: i64,
}

/// A document as its download needs it: what the row recorded, and the record to name in the
/// log and the audit log when it cannot be read.
pub struct Document<'a> {
    pub expected: Expected<'a>,
    pub content_type: &'a str,
    pub file_name: &'a str,
    /// The audited record it belongs to, e.g. ("application", 7).
    pub entity: (&'a str, i32),
    pub document_id: i32,
}

pub fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The SHA-256 of `bytes` in hex, as rows record it.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

impl DocumentStore {
    pub fn new(db: Database) -> DocumentStore {
        DocumentStore { db }
    }

    /// The store the running application uses.
    pub fn of(state: &AppState) -> DocumentStore {
        DocumentStore::new(state.db.clone())
    }

    /// Names a document before it is stored: a new random key and the SHA-256 of its bytes, for
    /// the row that will name it.
    pub fn prepare(bytes: &[u8]) -> Pending<'_> {
        Pending {
            key: new_token(),
            sha256: sha256_hex(bytes),
            size_bytes: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
            bytes,
        }
    }

    /// Writes a prepared document in `conn`'s transaction, before the row that names it.
    pub async fn write<C: ConnectionTrait>(
        &self,
        conn: &C,
        doc: &Pending<'_>,
        now: DateTime<Utc>,
    ) -> itp_persistence::Result<()> {
        self.write_from(conn, &doc.key, doc.bytes, now).await?;
        Ok(())
    }

    /// Stores what `reader` yields under `key`, one chunk at a time, in `conn`'s transaction;
    /// returns the size and SHA-256 of what was read.
    pub async fn write_from<C: ConnectionTrait, R: AsyncRead + Unpin>(
        &self,
        conn: &C,
        key: &str,
        mut reader: R,
        now: DateTime<Utc>,
    ) -> itp_persistence::Result<Written> {
        check_key(key)?;
        blobs::begin(conn, key, now).await?;
        let mut hasher = Sha256::new();
        let mut size: i64 = 0;
        let mut seq = 0;
        loop {
            let mut chunk = Vec::with_capacity(CHUNK_BYTES);
            while chunk.len() < CHUNK_BYTES {
                let n = (&mut reader)
                    .take((CHUNK_BYTES - chunk.len()) as u64)
                    .read_to_end(&mut chunk)
                    .await
                    .map_err(|e| PersistenceError::Corrupt(format!("reading a document: {e}")))?;
                if n == 0 {
                    break;
                }
            }
            if chunk.is_empty() {
                break;
            }
            hasher.update(&chunk);
            size += chunk.len() as i64;
            let full = chunk.len() == CHUNK_BYTES;
            blobs::append(conn, key, seq, chunk).await?;
            seq += 1;
            if !full {
                break;
            }
        }
        let sha256 = hex(&hasher.finalize());
        blobs::finish(conn, key, size, &sha256, seq).await?;
        Ok(Written {
            size_bytes: size,
            sha256,
        })
    }

    /// Deletes documents in `conn`'s transaction, the one that deletes the rows naming them.
    pub async fn delete<C: ConnectionTrait>(
        &self,
        conn: &C,
        keys: &[String],
    ) -> itp_persistence::Result<()> {
        blobs::delete(conn, keys).await?;
        Ok(())
    }

    /// Reads the document through once, chunk by chunk, holding one chunk at a time, and checks
    /// it against what its row recorded.
    pub async fn verify(&self, expected: Expected<'_>) -> Result<(), Unreadable> {
        let mut reading = Reading::start(&self.db, expected).await?;
        while reading.next().await?.is_some() {}
        Ok(())
    }

    /// The whole document, checked (for small documents and tests; downloads stream).
    pub async fn read(&self, expected: Expected<'_>) -> Result<Vec<u8>, Unreadable> {
        let mut reading = Reading::start(&self.db, expected).await?;
        let mut all = Vec::new();
        while let Some(chunk) = reading.next().await? {
            all.extend_from_slice(&chunk);
        }
        Ok(all)
    }

    /// The document as a download: checked whole first (so a missing or altered document is
    /// refused before a byte is sent), then streamed one chunk at a time and checked again on
    /// the way, the stream cut short if the bytes changed in between. A document that cannot
    /// be read is reported to the log and the audit log with its id and why, and the person is
    /// told it could not be read.
    pub async fn download(&self, ctx: &Context<'_>, doc: &Document<'_>) -> Result<Response> {
        if let Err(why) = self.verify(doc.expected).await {
            report_unreadable(ctx, doc, &why).await;
            return Err(AppError::DocumentUnreadable);
        }
        let reading = Reading::start(&self.db, doc.expected)
            .await
            .map_err(|_| AppError::DocumentUnreadable)?;
        let document_id = doc.document_id;
        let body = futures_util::stream::unfold(Some(reading), move |state| async move {
            let mut reading = state?;
            match reading.next().await {
                Ok(Some(chunk)) => Some((Ok(Bytes::from(chunk)), Some(reading))),
                Ok(None) => None,
                Err(why) => {
                    tracing::error!(document = document_id, reason = %why, "a document changed while it was sent; the download was cut");
                    Some((Err(std::io::Error::other(why)), None))
                }
            }
        });
        Ok(download::document(
            doc.content_type,
            doc.file_name,
            u64::try_from(doc.expected.size_bytes).unwrap_or(0),
            Body::from_stream(body),
        ))
    }
}

/// Says which document could not be read and why: to the log, and to administrators in the
/// audit log (`document.unreadable`), in the name of the person who asked for it.
async fn report_unreadable(ctx: &Context<'_>, doc: &Document<'_>, why: &Unreadable) {
    tracing::error!(
        document = doc.document_id,
        storage_key = doc.expected.key,
        reason = %why,
        "a document could not be read"
    );
    let entry = itp_persistence::audit::Entry::new(
        "document.unreadable",
        doc.entity.0,
        doc.entity.1,
        ChangeSet::new()
            .set("document_id", doc.document_id)
            .set("reason", why.to_string()),
    );
    if let Err(e) = itp_persistence::audit::record(ctx.conn(), &ctx.actor, ctx.now(), entry).await {
        tracing::error!(document = doc.document_id, error = %e, "could not record an unreadable document in the audit log");
    }
}

/// A key is ours only if it has the shape of a token.
fn check_key(key: &str) -> itp_persistence::Result<()> {
    if key.len() != 43
        || !key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(PersistenceError::Corrupt(format!(
            "invalid storage key {key:?}"
        )));
    }
    Ok(())
}

/// One pass over a document's chunks, checking the number of chunks, the size and the SHA-256
/// against the row's record as it goes.
struct Reading {
    db: Database,
    key: String,
    expected_sha: String,
    expected_size: i64,
    chunks: i32,
    seq: i32,
    size: i64,
    hasher: Option<Sha256>,
}

impl Reading {
    async fn start(db: &Database, expected: Expected<'_>) -> Result<Reading, Unreadable> {
        let header = blobs::header(&db.conn, expected.key)
            .await
            .map_err(|e| Unreadable::Store(e.to_string()))?
            .ok_or(Unreadable::Missing)?;
        if header.size_bytes != expected.size_bytes {
            return Err(Unreadable::SizeDiffers {
                expected: expected.size_bytes,
                found: header.size_bytes,
            });
        }
        Ok(Reading {
            db: db.clone(),
            key: expected.key.to_owned(),
            expected_sha: expected.sha256.to_owned(),
            expected_size: expected.size_bytes,
            chunks: header.chunks,
            seq: 0,
            size: 0,
            hasher: Some(Sha256::new()),
        })
    }

    /// The next chunk; `None` after the last, once the whole document has been found intact.
    async fn next(&mut self) -> Result<Option<Vec<u8>>, Unreadable> {
        let Some(hasher) = self.hasher.as_mut() else {
            return Ok(None);
        };
        if self.seq < self.chunks {
            let chunk = blobs::chunk(&self.db.conn, &self.key, self.seq)
                .await
                .map_err(|e| Unreadable::Store(e.to_string()))?
                .ok_or(Unreadable::ChunkMissing(self.seq))?;
            hasher.update(&chunk);
            self.size += chunk.len() as i64;
            self.seq += 1;
            if self.size > self.expected_size {
                return Err(Unreadable::SizeDiffers {
                    expected: self.expected_size,
                    found: self.size,
                });
            }
            return Ok(Some(chunk));
        }
        let found = hex(&self.hasher.take().unwrap_or_default().finalize());
        if self.size != self.expected_size {
            return Err(Unreadable::SizeDiffers {
                expected: self.expected_size,
                found: self.size,
            });
        }
        if found != self.expected_sha {
            return Err(Unreadable::Altered {
                expected: self.expected_sha.clone(),
                found,
            });
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn store() -> (tempfile::TempDir, DocumentStore) {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open_sqlite_file(&dir.path().join("t.sqlite"))
            .await
            .unwrap();
        db.migrate().await.unwrap();
        (dir, DocumentStore::new(db))
    }

    fn expected<'a>(p: &'a Pending<'_>) -> Expected<'a> {
        Expected {
            key: &p.key,
            sha256: &p.sha256,
            size_bytes: p.size_bytes,
        }
    }

    #[tokio::test]
    async fn a_document_of_several_chunks_is_read_back_whole_and_deleted() {
        let (_dir, store) = store().await;
        let bytes: Vec<u8> = (0..(2 * CHUNK_BYTES + 17))
            .map(|i| (i % 251) as u8)
            .collect();
        let pending = DocumentStore::prepare(&bytes);
        store
            .write(&store.db.conn, &pending, Utc::now())
            .await
            .unwrap();
        assert_eq!(store.read(expected(&pending)).await.unwrap(), bytes);
        let header = blobs::header(&store.db.conn, &pending.key)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(header.chunks, 3);
        assert_eq!(header.sha256, pending.sha256);
        store
            .delete(&store.db.conn, std::slice::from_ref(&pending.key))
            .await
            .unwrap();
        assert_eq!(
            store.verify(expected(&pending)).await,
            Err(Unreadable::Missing)
        );
    }

    #[tokio::test]
    async fn an_exact_multiple_of_the_chunk_size_and_an_empty_document_round_trip() {
        let (_dir, store) = store().await;
        for bytes in [vec![7u8; CHUNK_BYTES], Vec::new()] {
            let pending = DocumentStore::prepare(&bytes);
            store
                .write(&store.db.conn, &pending, Utc::now())
                .await
                .unwrap();
            assert_eq!(store.read(expected(&pending)).await.unwrap(), bytes);
        }
    }

    #[tokio::test]
    async fn an_altered_or_truncated_document_is_never_read_as_whole() {
        let (_dir, store) = store().await;
        let bytes = vec![1u8; CHUNK_BYTES + 5];
        let pending = DocumentStore::prepare(&bytes);
        store
            .write(&store.db.conn, &pending, Utc::now())
            .await
            .unwrap();
        // One byte changed, size kept.
        let conn = &store.db.conn;
        conn.execute_unprepared(&format!(
            "UPDATE document_chunks SET data = X'{}' WHERE storage_key = '{}' AND seq = 1",
            "0202020202", pending.key
        ))
        .await
        .unwrap();
        assert!(matches!(
            store.read(expected(&pending)).await,
            Err(Unreadable::Altered { .. })
        ));
        // A chunk gone.
        conn.execute_unprepared(&format!(
            "DELETE FROM document_chunks WHERE storage_key = '{}' AND seq = 1",
            pending.key
        ))
        .await
        .unwrap();
        assert_eq!(
            store.verify(expected(&pending)).await,
            Err(Unreadable::ChunkMissing(1))
        );
        // The row's record disagrees with the store's.
        let wrong = Expected {
            size_bytes: 3,
            ..expected(&pending)
        };
        assert!(matches!(
            store.verify(wrong).await,
            Err(Unreadable::SizeDiffers { .. })
        ));
    }

    #[tokio::test]
    async fn a_key_that_is_not_a_token_is_refused() {
        let (_dir, store) = store().await;
        for key in ["../etc/passwd", "", "a/b", &"x".repeat(44)] {
            assert!(
                store
                    .write_from(&store.db.conn, key, &b"x"[..], Utc::now())
                    .await
                    .is_err(),
                "{key:?}"
            );
        }
    }
}
