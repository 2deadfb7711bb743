//! Form bodies with repeated fields (check boxes send one `name=value` pair each), which
//! `axum::Form` into a struct cannot read.

use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::{Form, RequestExt};
use itp_domain::validation::FieldErrors;

use crate::error::AppError;
use crate::ops::OpError;

/// The fields of a submitted form in the order they came.
#[derive(Debug, Clone, Default)]
pub struct FormFields(Vec<(String, String)>);

impl FormFields {
    /// The first value of a field, or an empty text.
    pub fn text(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    /// Every value of a repeated field.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// Every name and value, in the order they came.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Whether a check box was ticked (browsers send nothing for an unticked one).
    pub fn checked(&self, name: &str) -> bool {
        self.0
            .iter()
            .any(|(k, v)| k == name && !v.is_empty() && v != "false")
    }
}

impl<S: Send + Sync> FromRequest<S> for FormFields {
    type Rejection = AppError;

    async fn from_request(req: Request, _: &S) -> Result<Self, Self::Rejection> {
        let Form(pairs) = req
            .extract::<Form<Vec<(String, String)>>, _>()
            .await
            .map_err(|e| {
                // Over the body limit is not a broken form: say so with 413, as the CSRF layer
                // does for a token in the body (found by the hostile-input test).
                if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    AppError::TooLarge("What you sent is too large.".into())
                } else {
                    AppError::BadRequest("The form could not be read.".into())
                }
            })?;
        Ok(FormFields(pairs))
    }
}

/// A list filter's text, trimmed, or `None` when empty. Control characters are dropped: no one
/// types them, nothing stored holds them, and PostgreSQL refuses a NUL in a query parameter (a
/// 500, found by the hostile-input test).
pub fn filter_text(s: &str) -> Option<String> {
    let t: String = s.trim().chars().filter(|c| !c.is_control()).collect();
    (!t.is_empty()).then_some(t)
}

/// The round trip of every form: validate, and on field errors show the form again (422) with
/// what was typed and what is wrong; anything else passes on as the error it is.
///
/// ```text
/// let programme = input.validate().or_form(|e| form::form(&ctx, None, &input, e))?;
/// let id = service::create(&ops, &programme).await.or_form(|e| form::form(&ctx, None, &input, e))?;
/// ```
pub trait OrForm<T> {
    fn or_form(self, form: impl FnOnce(&FieldErrors) -> maud::Markup) -> Result<T, AppError>;
}

impl<T> OrForm<T> for Result<T, FieldErrors> {
    fn or_form(self, form: impl FnOnce(&FieldErrors) -> maud::Markup) -> Result<T, AppError> {
        self.map_err(|e| AppError::Reshow(form(&e)))
    }
}

impl<T> OrForm<T> for Result<T, OpError> {
    fn or_form(self, form: impl FnOnce(&FieldErrors) -> maud::Markup) -> Result<T, AppError> {
        self.map_err(|err| match err {
            OpError::Invalid(e) => AppError::Reshow(form(&e)),
            other => other.into(),
        })
    }
}
