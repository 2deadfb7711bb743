//! Turns every error response into something a person (or an API client) can read: an HTML page
//! in the site's layout, or JSON under `/api`. Also covers responses the framework produces on
//! its own (unknown method, unreadable form) so no bare text or internal message reaches anyone.

use axum::Json;
use axum::extract::Request;
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;

use crate::error::ErrorInfo;
use crate::security::session::Session;
use crate::views::{PageContext, page};

pub async fn render_errors(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let query = request.uri().query().map(str::to_owned);
    let method = request.method().clone();
    let session = request.extensions().get::<Session>().cloned();
    let response = next.run(request).await;

    let status = response.status();
    let info = response.extensions().get::<ErrorInfo>().cloned();
    let is_error = status.is_client_error() || status.is_server_error();
    // A handler that rendered its own page (a form with its errors) keeps it.
    let rendered = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("text/html") || ct.starts_with("application/json"));
    if info.is_none() && (!is_error || rendered) {
        return response;
    }
    let info = info.unwrap_or_else(|| ErrorInfo {
        status,
        message: default_message(status).to_owned(),
    });
    let api = path.starts_with("/api/") || path == "/api";
    if api {
        let body =
            Json(serde_json::json!({ "error": info.message, "status": info.status.as_u16() }));
        return carry_headers(response, (info.status, body).into_response());
    }
    if info.status == StatusCode::UNAUTHORIZED && method == Method::GET {
        let next = match query {
            Some(q) => format!("{path}?{q}"),
            None => path,
        };
        let target = format!("/login?next={}", urlencode(&next));
        return Redirect::to(&target).into_response();
    }
    let ctx = PageContext {
        user: session.as_ref().and_then(Session::user),
        csrf_token: session.as_ref().and_then(Session::existing_csrf_token),
        flash: None,
        path,
        ..PageContext::default()
    };
    let title = title_for(info.status);
    let body = page(
        &ctx,
        title,
        html! {
            h1 { (title) }
            p.lead { (info.message) }
            @if info.status == StatusCode::FORBIDDEN && ctx.user.is_none() {
                p { a href="/login" { "Sign in" } }
            } @else {
                p { a href="/" { "Go to the start page" } }
            }
        },
    );
    carry_headers(response, (info.status, body).into_response())
}

/// Keeps headers the error response set on purpose (Retry-After, Set-Cookie).
fn carry_headers(original: Response, mut rendered: Response) -> Response {
    for name in [header::RETRY_AFTER, header::SET_COOKIE, header::ALLOW] {
        for value in original.headers().get_all(&name) {
            rendered.headers_mut().append(name.clone(), value.clone());
        }
    }
    rendered
}

fn title_for(status: StatusCode) -> &'static str {
    match status {
        StatusCode::NOT_FOUND => "Page not found",
        StatusCode::FORBIDDEN => "Not allowed",
        StatusCode::UNAUTHORIZED => "Sign in required",
        StatusCode::TOO_MANY_REQUESTS => "Too many attempts",
        StatusCode::PAYLOAD_TOO_LARGE => "Too large",
        s if s.is_server_error() => "Something went wrong",
        _ => "The request could not be handled",
    }
}

fn default_message(status: StatusCode) -> &'static str {
    match status {
        StatusCode::NOT_FOUND => "The page you asked for does not exist.",
        StatusCode::METHOD_NOT_ALLOWED => "This address does not accept that kind of request.",
        StatusCode::PAYLOAD_TOO_LARGE => "What you sent is too large.",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "What you sent is not in a form this page reads.",
        StatusCode::REQUEST_TIMEOUT => "The request took too long. Please try again.",
        StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY => {
            "The form could not be read. Go back, check what you entered and try again."
        }
        s if s.is_server_error() => {
            "Something went wrong on our side. It has been logged; please try again."
        }
        _ => "The request could not be handled.",
    }
}

pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
