//! One error type for the web layer, mapped to HTTP in one place. Handlers return
//! `Result<_, AppError>`; `IntoResponse` attaches an [`ErrorInfo`] and the `error_pages`
//! middleware renders it as an HTML page for people or JSON under `/api`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use itp_domain::validation::FieldErrors;
use itp_persistence::PersistenceError;

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
    #[error("Too many failed attempts. Try again in {minutes} minute(s).")]
    TooManyAttempts { minutes: i64 },
    #[error("{0}")]
    Invalid(FieldErrors),
    #[error("Something went wrong on our side. It has been logged; please try again.")]
    Internal(String),
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
            AppError::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn internal(err: impl std::fmt::Display) -> AppError {
        AppError::Internal(err.to_string())
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
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl From<itp_persistence::DbErr> for AppError {
    fn from(err: itp_persistence::DbErr) -> Self {
        AppError::Internal(err.to_string())
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        let message = match &self {
            // The detail goes to the log, once, never to the user.
            AppError::Internal(detail) => {
                tracing::error!(error = %detail, "internal error");
                self.to_string()
            }
            AppError::Invalid(errors) => errors.to_string(),
            other => other.to_string(),
        };
        let mut response = status.into_response();
        if let AppError::TooManyAttempts { minutes } = self
            && let Ok(v) = axum::http::HeaderValue::from_str(&(minutes * 60).to_string())
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
