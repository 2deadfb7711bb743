//! CSRF protection for every state-changing request (any method but GET, HEAD, OPTIONS): the
//! request must come from our own site (Sec-Fetch-Site and Origin, OWASP CSRF Cheat Sheet's
//! "verifying origin with standard headers") and carry the session's token, in the form field
//! `csrf_token` or the `X-CSRF-Token` header.

use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::app::AppState;
use crate::error::AppError;
use crate::security::session::Session;
use crate::security::tokens::same_secret;

pub const FIELD: &str = "csrf_token";
pub const HEADER: &str = "x-csrf-token";

/// The largest body any route accepts; routes set lower limits of their own.
pub const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

pub async fn csrf_middleware(
    State(app): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    if !same_site(request.headers(), app.config.base_url.as_str()) {
        return AppError::Csrf.into_response();
    }
    let Some(expected) = request
        .extensions()
        .get::<Session>()
        .and_then(Session::existing_csrf_token)
    else {
        return AppError::Csrf.into_response();
    };
    let (parts, body) = request.into_parts();
    if let Some(sent) = parts.headers.get(HEADER).and_then(|v| v.to_str().ok()) {
        if same_secret(sent, &expected) {
            return next.run(Request::from_parts(parts, body)).await;
        }
        return AppError::Csrf.into_response();
    }
    let bytes = match to_bytes(body, MAX_BODY_BYTES).await {
        Ok(b) => b,
        Err(_) => {
            return AppError::BadRequest(format!(
                "The request is too large (at most {} MB).",
                MAX_BODY_BYTES / 1024 / 1024
            ))
            .into_response_with(StatusCode::PAYLOAD_TOO_LARGE);
        }
    };
    let sent = match form_token(&parts.headers, &bytes).await {
        Ok(sent) => sent,
        Err(response) => return response,
    };
    match sent {
        Some(sent) if same_secret(&sent, &expected) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        _ => AppError::Csrf.into_response(),
    }
}

/// `false` when the browser says the request came from another site.
fn same_site(headers: &HeaderMap, base_url: &str) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok())
        && !matches!(site, "same-origin" | "none")
    {
        return false;
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let Some(origin) = origin.to_str().ok().and_then(|o| url::Url::parse(o).ok()) else {
        return false;
    };
    let Ok(base) = url::Url::parse(base_url) else {
        return false;
    };
    // The whole origin (scheme, host, port) must be ours: `http://` posting to an `https://`
    // site is another origin, even on the same host. The Host header stands in for the base
    // URL's host (an instance reached by another name), never for its scheme.
    if origin.origin() == base.origin() {
        return true;
    }
    let request_host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let origin_authority = origin.host_str().map(|host| match origin.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    });
    origin.scheme() == base.scheme()
        && origin_authority.is_some()
        && origin_authority.as_deref() == request_host
}

/// Reads `csrf_token` from a urlencoded or multipart body.
async fn form_token(headers: &HeaderMap, bytes: &Bytes) -> Result<Option<String>, Response> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if content_type.starts_with("application/x-www-form-urlencoded") {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(bytes).map_err(|_| {
            AppError::BadRequest("The form could not be read (it is not valid form data).".into())
                .into_response()
        })?;
        return Ok(pairs.into_iter().find(|(k, _)| k == FIELD).map(|(_, v)| v));
    }
    if content_type.starts_with("multipart/form-data") {
        let Some(boundary) = boundary_of(content_type) else {
            return Err(AppError::BadRequest(
                "The upload could not be read (no multipart boundary).".into(),
            )
            .into_response());
        };
        return Ok(multipart_text_field(bytes, &boundary, FIELD));
    }
    Ok(None)
}

fn boundary_of(content_type: &str) -> Option<String> {
    content_type
        .split(';')
        .map(str::trim)
        .find_map(|p| p.strip_prefix("boundary="))
        .map(|b| b.trim_matches('"').to_owned())
        .filter(|b| !b.is_empty() && b.len() <= 200)
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// The value of a small text field of a multipart body, read without buffering limits of the
/// framework's parser (the body is already bounded by [`MAX_BODY_BYTES`]). Stops at the first
/// part with that name; forms put `csrf_token` first, so large files after it are not scanned.
fn multipart_text_field(body: &[u8], boundary: &str, name: &str) -> Option<String> {
    let delimiter = format!("--{boundary}");
    let wanted = format!("name=\"{name}\"");
    let mut at = find(body, delimiter.as_bytes(), 0)?;
    loop {
        let part_start = at + delimiter.len();
        if body.get(part_start..part_start + 2) == Some(b"--") {
            return None;
        }
        let headers_end = find(body, b"\r\n\r\n", part_start)?;
        let next = find(body, format!("\r\n{delimiter}").as_bytes(), headers_end)?;
        let headers = String::from_utf8_lossy(&body[part_start..headers_end]).to_ascii_lowercase();
        if headers.contains(&wanted) && !headers.contains("filename=") {
            return String::from_utf8(body[headers_end + 4..next].to_vec()).ok();
        }
        at = next + 2;
    }
}

impl AppError {
    fn into_response_with(self, status: StatusCode) -> Response {
        let mut response = self.into_response();
        *response.status_mut() = status;
        if let Some(info) = response
            .extensions_mut()
            .get_mut::<crate::error::ErrorInfo>()
        {
            info.status = status;
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn cross_site_fetch_metadata_is_refused() {
        assert!(!same_site(
            &headers(&[("sec-fetch-site", "cross-site")]),
            "http://app"
        ));
        assert!(!same_site(
            &headers(&[("sec-fetch-site", "same-site")]),
            "http://app"
        ));
        assert!(same_site(
            &headers(&[("sec-fetch-site", "same-origin")]),
            "http://app"
        ));
    }

    #[test]
    fn foreign_origin_is_refused_and_own_origin_accepted() {
        let own = headers(&[
            ("origin", "https://itp.example.org"),
            ("host", "itp.example.org"),
        ]);
        assert!(same_site(&own, "https://itp.example.org"));
        let foreign = headers(&[
            ("origin", "https://evil.example"),
            ("host", "itp.example.org"),
        ]);
        assert!(!same_site(&foreign, "https://itp.example.org"));
        assert!(!same_site(
            &headers(&[("origin", "null")]),
            "https://itp.example.org"
        ));
    }

    #[test]
    fn the_scheme_is_part_of_the_origin() {
        let plain = headers(&[
            ("origin", "http://itp.example.org"),
            ("host", "itp.example.org"),
        ]);
        assert!(!same_site(&plain, "https://itp.example.org"));
        let other_port = headers(&[("origin", "https://itp.example.org:8443")]);
        assert!(!same_site(&other_port, "https://itp.example.org"));
        let by_another_name = headers(&[
            ("origin", "https://10.0.0.5:8443"),
            ("host", "10.0.0.5:8443"),
        ]);
        assert!(same_site(&by_another_name, "https://itp.example.org"));
    }

    #[test]
    fn token_is_found_in_a_multipart_body_before_a_large_file() {
        let mut body = b"--XyZ\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\nabc123\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n".to_vec();
        body.extend(std::iter::repeat_n(b'x', 3 * 1024 * 1024));
        body.extend(b"\r\n--XyZ--\r\n");
        assert_eq!(
            multipart_text_field(&body, "XyZ", "csrf_token").as_deref(),
            Some("abc123")
        );
        assert_eq!(
            boundary_of("multipart/form-data; boundary=\"XyZ\"").as_deref(),
            Some("XyZ")
        );
    }

    #[test]
    fn a_file_named_csrf_token_or_a_broken_body_gives_no_token() {
        let body = b"--B\r\nContent-Disposition: form-data; name=\"csrf_token\"; filename=\"t\"\r\n\r\nabc\r\n--B--\r\n";
        assert_eq!(multipart_text_field(body, "B", "csrf_token"), None);
        assert_eq!(multipart_text_field(b"garbage", "B", "csrf_token"), None);
        assert_eq!(
            multipart_text_field(b"--B\r\nno end of headers", "B", "csrf_token"),
            None
        );
    }

    #[test]
    fn no_headers_at_all_is_left_to_the_token() {
        assert!(same_site(&HeaderMap::new(), "http://127.0.0.1:8080"));
    }
}
