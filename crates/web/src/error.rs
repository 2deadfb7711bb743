//! One error type for the web layer, mapped to HTTP in one place. Handlers return
//! `Result<_, AppError>`; `IntoResponse` attaches an [`ErrorInfo`] and the `error_pages`
//! middleware renders it as an HTML page for people or JSON under `/api`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use itp_domain::validation::FieldErrors;
use itp_persistence::PersistenceError;

use crate::ops::{Internal, OpError};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("Sign in to continue.")]
    Unauthenticated,
    #[error("You do not have access to this page.")]
    Forbidden,
    #[error("The page you asked for does not exist.")]
    NotFound,
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Conflict(String),
    /// A body over the size limit: 413, so a client knows that sending it again will not help.
    #[error("{0}")]
    TooLarge(String),
    #[error(
        "The form was not sent from this site or has expired. Go back, reload the page and try again."
    )]
    Csrf,
    #[error("Too many failed attempts. Try again in {}.", itp_domain::wording::count(*minutes, "minute"))]
    TooManyAttempts { minutes: i64 },
    #[error("Too many requests from your network. Try again in {}.", itp_domain::wording::count(*minutes, "minute"))]
    TooManyRequests { minutes: i64 },
    #[error("{0}")]
    Invalid(FieldErrors),
    /// A form shown again with what was typed and what is wrong (422), rendered by the
    /// handler (`crate::forms::OrForm`).
    #[error("The form has errors.")]
    Reshow(maud::Markup),
    /// At a limit that protects the server (password hashing): 503 with a short Retry-After.
    #[error("The server is busy. Please try again in a few seconds.")]
    Busy,
    /// A stored document that is missing or altered (`crate::storage` says which and why to
    /// the log and the audit log).
    #[error(
        "This document could not be read. It has been reported to an administrator; please upload it again or ask the programme team."
    )]
    DocumentUnreadable,
    #[error("Something went wrong on our side. It has been logged; please try again.")]
    Internal(Internal),
}

pub type Result<T, E = AppError> = std::result::Result<T, E>;

/// What the error-page middleware needs to render an error response.
#[derive(Debug, Clone)]
pub struct ErrorInfo {
    pub status: StatusCode,
    pub message: String,
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::TooManyAttempts { .. } | AppError::TooManyRequests { .. } => {
                StatusCode::TOO_MANY_REQUESTS
            }
            AppError::Invalid(_) | AppError::Reshow(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) | AppError::DocumentUnreadable => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }

    /// An unexpected failure described in words.
    pub fn internal(err: impl std::fmt::Display) -> AppError {
        AppError::Internal(Internal::message(err))
    }

    /// An unexpected failure caused by `err`, whose cause chain goes to the log.
    pub fn caused_by(err: impl std::error::Error + Send + Sync + 'static) -> AppError {
        AppError::Internal(Internal::caused_by(err))
    }

    /// An upload that could not be read: 413 when it was over the body limit (sending it again
    /// will not help; `too_large` says what fits), otherwise 400.
    pub fn unreadable_upload(status: StatusCode, too_large: &str) -> AppError {
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::TooLarge(too_large.to_owned())
        } else {
            AppError::BadRequest(
                "The upload could not be read; choose the file and send the form again.".into(),
            )
        }
    }
}

impl From<PersistenceError> for AppError {
    fn from(err: PersistenceError) -> Self {
        match err {
            PersistenceError::NotFound => AppError::NotFound,
            PersistenceError::Conflict(msg) => AppError::Conflict(msg),
            other => AppError::caused_by(other),
        }
    }
}

impl From<itp_persistence::DbErr> for AppError {
    fn from(err: itp_persistence::DbErr) -> Self {
        AppError::caused_by(err)
    }
}

/// The one mapping of an operation's refusal to an HTTP answer.
impl From<OpError> for AppError {
    fn from(err: OpError) -> Self {
        match err {
            OpError::NotFound => AppError::NotFound,
            OpError::Forbidden => AppError::Forbidden,
            OpError::BadRequest(m) => AppError::BadRequest(m),
            OpError::Conflict(m) => AppError::Conflict(m),
            OpError::Invalid(e) => AppError::Invalid(e),
            OpError::Busy => AppError::Busy,
            OpError::TooMany { minutes } => AppError::TooManyRequests { minutes },
            OpError::Internal(e) => AppError::Internal(e),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        let message = match self {
            AppError::Reshow(page) => return (status, page).into_response(),
            // The detail and its causes go to the log, once, never to the user.
            AppError::Internal(ref detail) => {
                tracing::error!(error = %detail.chain(), "internal error");
                self.to_string()
            }
            AppError::Invalid(ref errors) => errors.to_string(),
            ref other => other.to_string(),
        };
        let mut response = status.into_response();
        let retry_after = match self {
            AppError::TooManyAttempts { minutes } | AppError::TooManyRequests { minutes } => {
                Some(minutes * 60)
            }
            AppError::Busy => Some(5),
            _ => None,
        };
        if let Some(seconds) = retry_after
            && let Ok(v) = axum::http::HeaderValue::from_str(&seconds.to_string())
        {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, v);
        }
        response
            .extensions_mut()
            .insert(ErrorInfo { status, message });
        response
    }
}
