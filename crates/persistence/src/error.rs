use sea_orm::{DbErr, SqlErr};

#[derive(Debug, thiserror::Error)]
pub enum PersistenceError {
    #[error("not found")]
    NotFound,
    /// A unique constraint refused the write; the text says which value clashed.
    #[error("{0}")]
    Conflict(String),
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Db(#[from] DbErr),
    /// From a report read straight from the SQLite file ([`crate::sqlite_reader`]).
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

pub type Result<T, E = PersistenceError> = std::result::Result<T, E>;

impl PersistenceError {
    /// Turns a unique-constraint violation into a [`PersistenceError::Conflict`] with a message
    /// for the user; other errors pass through.
    pub(crate) fn conflict_on_unique(err: DbErr, message: impl Into<String>) -> Self {
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => {
                PersistenceError::Conflict(message.into())
            }
            _ => PersistenceError::Db(err),
        }
    }
}
