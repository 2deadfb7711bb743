//! The one error type of operations. Handlers map it to `AppError` with `?` (one `From`, in
//! `crate::error`); the `itp` command and jobs print it. Field errors are a value the handler
//! renders back into its form (`crate::forms::OrForm`).

use itp_domain::validation::FieldErrors;
use itp_persistence::PersistenceError;

/// An unexpected failure, with its cause chain kept for the log (never shown to people).
#[derive(Debug)]
pub struct Internal(Box<dyn std::error::Error + Send + Sync + 'static>);

impl Internal {
    /// A failure described in words (a broken invariant found in the code).
    pub fn message(message: impl std::fmt::Display) -> Internal {
        Internal(message.to_string().into())
    }

    /// A failure caused by another error, whose chain goes to the log.
    pub fn caused_by(err: impl std::error::Error + Send + Sync + 'static) -> Internal {
        Internal(Box::new(err))
    }

    /// The error and every cause under it, outermost first, joined for one log line.
    pub fn chain(&self) -> String {
        let mut text = self.0.to_string();
        let mut source = self.0.source();
        while let Some(cause) = source {
            let next = cause.to_string();
            if !text.ends_with(&next) {
                text.push_str(": ");
                text.push_str(&next);
            }
            source = cause.source();
        }
        text
    }
}

impl std::fmt::Display for Internal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Why an operation did not happen.
#[derive(Debug, thiserror::Error)]
pub enum OpError {
    /// The record does not exist (or the person must not learn that it does).
    #[error("The page you asked for does not exist.")]
    NotFound,
    /// The person may not do this to this record.
    #[error("You do not have access to this page.")]
    Forbidden,
    /// The request cannot be understood as it stands (not a field's fault).
    #[error("{0}")]
    BadRequest(String),
    /// The record's state or another record stands in the way.
    #[error("{0}")]
    Conflict(String),
    /// What was typed breaks the rules: the form is shown again with these messages.
    #[error("{0}")]
    Invalid(FieldErrors),
    /// Too many requests of this kind from one client: try again in `minutes`.
    #[error("Too many requests from your network. Try again in {}.", itp_domain::wording::count(*minutes, "minute"))]
    TooMany { minutes: i64 },
    /// The server is at its limit for this kind of work (password hashing): try again shortly.
    #[error("The server is busy. Please try again in a few seconds.")]
    Busy,
    #[error("{0}")]
    Internal(Internal),
}

pub type OpResult<T> = std::result::Result<T, OpError>;

impl OpError {
    pub fn internal(message: impl std::fmt::Display) -> OpError {
        OpError::Internal(Internal::message(message))
    }

    /// A clash with another record (a unique value taken) told as the message of the field that
    /// holds the value, so the form shows it there.
    pub fn conflict_as_field(self, field: &str) -> OpError {
        match self {
            OpError::Conflict(m) => OpError::field(field, m),
            other => other,
        }
    }

    /// An unexpected failure caused by `err`; its cause chain goes to the log.
    pub fn caused_by(err: impl std::error::Error + Send + Sync + 'static) -> OpError {
        OpError::Internal(Internal::caused_by(err))
    }

    /// One field's message, as a form error.
    pub fn field(field: &str, message: impl Into<String>) -> OpError {
        OpError::Invalid(FieldErrors::single(field, message))
    }
}

impl From<FieldErrors> for OpError {
    fn from(errors: FieldErrors) -> Self {
        OpError::Invalid(errors)
    }
}

impl From<PersistenceError> for OpError {
    fn from(err: PersistenceError) -> Self {
        match err {
            PersistenceError::NotFound => OpError::NotFound,
            PersistenceError::Conflict(msg) => OpError::Conflict(msg),
            other => OpError::Internal(Internal::caused_by(other)),
        }
    }
}

impl From<itp_persistence::DbErr> for OpError {
    fn from(err: itp_persistence::DbErr) -> Self {
        OpError::Internal(Internal::caused_by(err))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("could not read the rates")]
    struct Outer(#[source] std::io::Error);

    #[test]
    fn an_internal_error_keeps_its_cause_chain_for_the_log() {
        let err = Internal::caused_by(Outer(std::io::Error::other("disk full")));
        assert_eq!(err.chain(), "could not read the rates: disk full");
        assert_eq!(err.to_string(), "could not read the rates");
    }
}
