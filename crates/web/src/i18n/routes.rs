//! The language switch: `/language/sv?back=/host-a-study-visit` remembers the choice in a cookie
//! for a year and goes back to the page. A plain link, so it works without script; changing
//! one's own language is harmless, so it needs no CSRF token.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{COOKIE, Lang};
use crate::app::{AppState, Routes};
use crate::error::{AppError, Result};
use crate::security::guard::Access;

pub fn routes(r: Routes) -> Routes {
    r.get("/language/{lang}", Access::Public, switch)
}

#[derive(Deserialize)]
struct Back {
    #[serde(default)]
    back: String,
}

/// A path on this site only: `/x`, never `//other.example` or `/\other.example`, which browsers
/// read as another site.
fn local(back: &str) -> &str {
    let ok = back.starts_with('/')
        && !back.starts_with("//")
        && !back.starts_with("/\\")
        && !back.chars().any(|c| c.is_control() || c == '\\');
    if ok { back } else { "/" }
}

/// The `back` parameter for a path (percent-encoded).
pub fn encode_back(path: &str) -> String {
    url::form_urlencoded::byte_serialize(path.as_bytes()).collect()
}

async fn switch(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(back): Query<Back>,
) -> Result<Response> {
    let lang = Lang::from_tag(&code)
        .filter(|l| l.tag() == code)
        .ok_or(AppError::NotFound)?;
    let secure = if state.config.secure_cookies() {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{COOKIE}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000{secure}",
        lang.tag()
    );
    let mut response = Redirect::to(local(&back.back)).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).map_err(|e| AppError::internal(e.to_string()))?,
    );
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_gone_back_to() {
        assert_eq!(local("/hosting"), "/hosting");
        assert_eq!(local("//evil.example"), "/");
        assert_eq!(local("/\\evil.example"), "/");
        assert_eq!(local("https://evil.example"), "/");
        assert_eq!(local(""), "/");
        assert_eq!(encode_back("/a b?c"), "%2Fa+b%3Fc");
    }
}
