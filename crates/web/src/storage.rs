//! Where uploaded documents live: under the data directory, outside any path the web server
//! serves, each under a random name. Files are written before their database row and deleted
//! after theirs, so a crash can leave an orphan file but never a row without its file.

use std::path::PathBuf;

use sha2::{Digest, Sha256};

use crate::app::AppState;
use crate::error::{AppError, Result};
use crate::security::tokens::new_token;

/// The documents of the application, kept in a local directory. Callers name a document only by
/// the key `put` returned, so another store (an object store) can take this one's place.
#[derive(Debug, Clone)]
pub struct DocumentStore {
    dir: PathBuf,
}

impl DocumentStore {
    pub fn local(dir: PathBuf) -> DocumentStore {
        DocumentStore { dir }
    }

    /// The store the running application uses: `ITP_DATA_DIR/uploads`.
    pub fn of(state: &AppState) -> DocumentStore {
        DocumentStore::local(state.config.data_dir.join("uploads"))
    }

    /// A key is ours only if it has the shape of a token: never a path.
    fn path_of(&self, key: &str) -> Result<PathBuf> {
        if key.len() != 43
            || !key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(AppError::internal(format!("invalid storage key {key:?}")));
        }
        Ok(self.dir.join(key))
    }

    /// Stores the bytes under a new random key; returns the key and the SHA-256 in hex.
    pub async fn put(&self, bytes: &[u8]) -> Result<(String, String)> {
        let key = new_token();
        let path = self.path_of(&key)?;
        tokio::fs::create_dir_all(&self.dir)
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

    pub async fn get(&self, key: &str) -> Result<Vec<u8>> {
        let path = self.path_of(key)?;
        tokio::fs::read(&path)
            .await
            .map_err(|e| AppError::internal(format!("reading {key}: {e}")))
    }

    /// Deletes files after their rows are gone; a failure is logged, not shown (the row is gone).
    pub async fn delete(&self, keys: &[String]) {
        for key in keys {
            match self.path_of(key) {
                Ok(path) => {
                    if let Err(e) = tokio::fs::remove_file(&path).await {
                        tracing::warn!(key, error = %e, "could not delete an uploaded file");
                    }
                }
                Err(e) => tracing::warn!(error = ?e, "refused to delete"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_stored_document_is_read_back_and_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let store = DocumentStore::local(dir.path().join("uploads"));
        let (key, sha) = store.put(b"%PDF-1.7").await.unwrap();
        assert_eq!(sha.len(), 64);
        assert_eq!(store.get(&key).await.unwrap(), b"%PDF-1.7");
        store.delete(std::slice::from_ref(&key)).await;
        assert!(store.get(&key).await.is_err());
    }

    #[tokio::test]
    async fn a_key_that_is_not_a_token_never_reaches_the_file_system() {
        let dir = tempfile::tempdir().unwrap();
        let store = DocumentStore::local(dir.path().to_path_buf());
        for key in ["../etc/passwd", "", "a/b", &"x".repeat(44)] {
            assert!(store.get(key).await.is_err(), "{key:?}");
        }
    }
}
