//! `itp storage migrate`: moves the documents an earlier version kept as files under
//! `ITP_DATA_DIR/uploads` into the database, each in its own transaction and only if its bytes
//! still match the SHA-256 its row recorded; then checks every document and deletes the files
//! that were moved. Safe to run again: a document already in the database is skipped.

use std::collections::BTreeSet;

use itp_persistence::document_store as blobs;

use super::{checked, conclude};
use crate::config::Config;
use crate::ops::Context;
use crate::storage::DocumentStore;
use crate::storage::check::Problem;

pub async fn migrate_uploads(config: &Config) -> Result<(), String> {
    let db = crate::cli::open(config).await?;
    let state = crate::cli::state(db.clone(), config.clone())?;
    let ctx = Context::system(&state, "itp storage migrate");
    let uploads = config.data_dir.join("uploads");
    let store = DocumentStore::new(db.clone());
    let stored: BTreeSet<String> = blobs::headers(&db.conn)
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .map(|h| h.storage_key)
        .collect();
    let references = blobs::references(&db.conn)
        .await
        .map_err(|e| e.to_string())?;
    let named: BTreeSet<&str> = references.iter().map(|r| r.storage_key.as_str()).collect();
    let mut moved = Vec::new();
    let mut refused = Vec::new();
    for r in references
        .iter()
        .filter(|r| !stored.contains(&r.storage_key))
    {
        // Keys are tokens (checked again by the store); never a path.
        let path = uploads.join(&r.storage_key);
        let file = match tokio::fs::File::open(&path).await {
            Ok(f) => f,
            Err(e) => {
                refused.push(format!("{}: no file {} ({e})", r.record, path.display()));
                continue;
            }
        };
        // One unit of work per document: a file that does not match rolls back alone.
        let uow = ctx.begin().await.map_err(|e| e.to_string())?;
        let written = store
            .write_from(uow.conn(), &r.storage_key, file, uow.now())
            .await
            .map_err(|e| format!("{}: {e}", r.record))?;
        if written.sha256 != r.sha256 || written.size_bytes != r.size_bytes {
            drop(uow);
            refused.push(format!(
                "{}: the file {} is not what was uploaded (SHA-256 {}, {} bytes; the row recorded {}, {} bytes); left where it is",
                r.record,
                path.display(),
                written.sha256,
                written.size_bytes,
                r.sha256,
                r.size_bytes
            ));
            continue;
        }
        uow.commit().await.map_err(|e| e.to_string())?;
        moved.push((r.storage_key.clone(), path));
    }
    let report = checked(&db).await?;
    let damaged: BTreeSet<&str> = report
        .problems
        .iter()
        .filter_map(|p| match p {
            Problem::Damaged { key, .. } => Some(key.as_str()),
            _ => None,
        })
        .collect();
    let mut deleted = 0;
    for (key, path) in &moved {
        if !damaged.contains(key.as_str()) && tokio::fs::remove_file(path).await.is_ok() {
            deleted += 1;
        }
    }
    let strays = std::fs::read_dir(&uploads)
        .map(|dir| {
            dir.filter_map(|e| e.ok())
                .filter(|e| !named.contains(e.file_name().to_string_lossy().as_ref()))
                .count()
        })
        .unwrap_or(0);
    println!(
        "moved {} document(s) from {} into the database and deleted {deleted} file(s) there",
        moved.len(),
        uploads.display()
    );
    if strays > 0 {
        println!(
            "{strays} file(s) in {} are named by no row (left there; delete them once you are sure)",
            uploads.display()
        );
    }
    for line in &refused {
        println!("not moved: {line}");
    }
    conclude(&report, "check after moving")?;
    if refused.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} document(s) could not be moved (listed above)",
            refused.len()
        ))
    }
}
