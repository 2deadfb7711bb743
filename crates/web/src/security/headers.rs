//! Headers every response carries: no sniffing, no framing, a strict content security policy
//! (our pages use no inline script or style), no caching of anything personal, and HSTS (for
//! every subdomain too) when served over HTTPS.

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::app::AppState;

const CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
                   object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

pub async fn security_headers(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let with_cookie = request.headers().contains_key(header::COOKIE);
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    if must_not_be_stored(h, with_cookie) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    let mut set = |name: HeaderName, value: &'static str| {
        h.entry(name).or_insert(HeaderValue::from_static(value));
    };
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::X_FRAME_OPTIONS, "DENY");
    set(header::REFERRER_POLICY, "same-origin");
    set(header::CONTENT_SECURITY_POLICY, CSP);
    set(
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    set(
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=()",
    );
    if state.config.secure_cookies() {
        set(
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        );
    }
    response
}

/// Nothing a browser or proxy keeps may hold personal data or a one-time link: a download, and
/// any answer to a request that carries the session cookie, is `no-store` whatever the handler
/// said, and so is anything that does not say. Only what declares itself `public` (the style
/// sheet) and what a token in its address alone opens (a calendar feed, fetched without a
/// cookie, says `private` itself) may be kept.
fn must_not_be_stored(h: &axum::http::HeaderMap, with_cookie: bool) -> bool {
    let declared = h
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if h.contains_key(header::CONTENT_DISPOSITION) {
        return true;
    }
    if declared.is_empty() {
        return true;
    }
    with_cookie && !declared.starts_with("public")
}

#[cfg(test)]
mod tests {
    use super::must_not_be_stored;
    use axum::http::{HeaderMap, HeaderValue, header};

    fn headers(pairs: &[(header::HeaderName, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (name, value) in pairs {
            h.insert(name.clone(), HeaderValue::from_static(value));
        }
        h
    }

    #[test]
    fn only_public_assets_and_cookie_free_feeds_may_be_cached() {
        assert!(must_not_be_stored(&headers(&[]), false));
        assert!(must_not_be_stored(&headers(&[]), true));
        let download = [
            (header::CONTENT_DISPOSITION, "attachment"),
            (header::CACHE_CONTROL, "public, max-age=60"),
        ];
        assert!(must_not_be_stored(&headers(&download), false));
        let feed = [(header::CACHE_CONTROL, "private, max-age=300")];
        assert!(!must_not_be_stored(&headers(&feed), false));
        assert!(must_not_be_stored(&headers(&feed), true));
        let style = [(header::CACHE_CONTROL, "public, max-age=3600")];
        assert!(!must_not_be_stored(&headers(&style), true));
    }
}
