//! Where uploaded documents live: under the data directory, outside any path the web server
//! serves, each under a random name. Files are written before their database row and deleted
//! after theirs, so a crash can leave an orphan file but never a row without its file.

use std::path::PathBuf;

use sha2::{Digest, Sha256};

use crate::app::AppState;
use crate::error::{AppError, Result};
use crate::security::tokens::new_token;

fn dir(state: &AppState) -> PathBuf {
    state.config.data_dir.join("uploads")
}

/// A key is ours only if it has the shape of a token: never a path.
fn path_of(state: &AppState, key: &str) -> Result<PathBuf> {
    if key.len() != 43
        || !key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(AppError::internal(format!("invalid storage key {key:?}")));
    }
    Ok(dir(state).join(key))
}

/// Stores the bytes under a new random key; returns the key and the SHA-256 in hex.
pub async fn store(state: &AppState, bytes: &[u8]) -> Result<(String, String)> {
    let key = new_token();
    let path = path_of(state, &key)?;
    tokio::fs::create_dir_all(dir(state))
        .await
        .map_err(AppError::internal)?;
    tokio::fs::write(&path, bytes)
        .await
        .map_err(AppError::internal)?;
    let sha = Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok((key, sha))
}

pub async fn read(state: &AppState, key: &str) -> Result<Vec<u8>> {
    let path = path_of(state, key)?;
    tokio::fs::read(&path)
        .await
        .map_err(|e| AppError::internal(format!("reading {key}: {e}")))
}

/// Deletes files after their rows are gone; a failure is logged, not shown (the row is gone).
pub async fn delete(state: &AppState, keys: &[String]) {
    for key in keys {
        match path_of(state, key) {
            Ok(path) => {
                if let Err(e) = tokio::fs::remove_file(&path).await {
                    tracing::warn!(key, error = %e, "could not delete an uploaded file");
                }
            }
            Err(e) => tracing::warn!(error = ?e, "refused to delete"),
        }
    }
}
