//! Is every document whole? Rows without their document, documents without their row, and
//! documents whose bytes no longer match the SHA-256 recorded at upload (read through, one chunk
//! at a time). `itp check`, `itp backup`, `itp restore` and `itp storage migrate` run it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use itp_persistence::Database;
use itp_persistence::document_store as blobs;

use super::{DocumentStore, Expected, Unreadable};
use crate::error::Result;

/// One thing wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A row names a document the store does not have.
    RowWithoutDocument { record: String, key: String },
    /// The store holds a document no row names.
    DocumentWithoutRow { key: String },
    /// The document is there but not as it was stored: altered, truncated, a chunk missing.
    Damaged {
        record: String,
        key: String,
        why: Unreadable,
    },
    /// The database's own check (SQLite `integrity_check`) found something.
    Database(String),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::RowWithoutDocument { record, key } => {
                write!(
                    f,
                    "{record} names document {key}, which is not in the store"
                )
            }
            Problem::DocumentWithoutRow { key } => {
                write!(f, "document {key} is in the store but no row names it")
            }
            Problem::Damaged { record, key, why } => {
                write!(f, "{record} (document {key}): {why}")
            }
            Problem::Database(what) => write!(f, "database: {what}"),
        }
    }
}

/// What a check found.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Documents read through and found whole.
    pub whole: usize,
    pub bytes: i64,
    pub problems: Vec<Problem>,
}

impl Report {
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }

    /// One line for people: what was checked and whether it is whole.
    pub fn summary(&self) -> String {
        let mb = self.bytes as f64 / 1_000_000.0;
        if self.is_clean() {
            format!(
                "{} document(s), {mb:.1} MB, all present and matching their SHA-256; no document without its row",
                self.whole
            )
        } else {
            format!(
                "{} problem(s); {} document(s) ({mb:.1} MB) whole",
                self.problems.len(),
                self.whole
            )
        }
    }
}

/// Checks every document and every row that names one.
pub async fn run(db: &Database) -> Result<Report> {
    let mut report = Report::default();
    for line in db.integrity_problems().await? {
        report.problems.push(Problem::Database(line));
    }
    let store = DocumentStore::new(db.clone());
    let headers: BTreeMap<String, blobs::BlobHeader> = blobs::headers(&db.conn)
        .await?
        .into_iter()
        .map(|h| (h.storage_key.clone(), h))
        .collect();
    let references = blobs::references(&db.conn).await?;
    let named: BTreeSet<&str> = references.iter().map(|r| r.storage_key.as_str()).collect();
    for r in &references {
        let Some(header) = headers.get(&r.storage_key) else {
            report.problems.push(Problem::RowWithoutDocument {
                record: r.record.clone(),
                key: r.storage_key.clone(),
            });
            continue;
        };
        let expected = Expected {
            key: &r.storage_key,
            sha256: &r.sha256,
            size_bytes: r.size_bytes,
        };
        let mut verdict = store.verify(expected).await;
        if verdict.is_ok() {
            let stored = blobs::stored_chunks(&db.conn, &r.storage_key).await?;
            if stored != u64::try_from(header.chunks).unwrap_or(0) {
                verdict = Err(Unreadable::Store(format!(
                    "{stored} chunk rows where the header says {}",
                    header.chunks
                )));
            } else if header.sha256 != r.sha256 {
                verdict = Err(Unreadable::Altered {
                    expected: r.sha256.clone(),
                    found: header.sha256.clone(),
                });
            }
        }
        match verdict {
            Ok(()) => {
                report.whole += 1;
                report.bytes += r.size_bytes;
            }
            Err(why) => report.problems.push(Problem::Damaged {
                record: r.record.clone(),
                key: r.storage_key.clone(),
                why,
            }),
        }
    }
    for key in headers.keys() {
        if !named.contains(key.as_str()) {
            report
                .problems
                .push(Problem::DocumentWithoutRow { key: key.clone() });
        }
    }
    Ok(report)
}
