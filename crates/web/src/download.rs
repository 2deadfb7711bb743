//! How a file leaves the application: as a download with the type we checked or produced, never
//! rendered inline (an uploaded "PDF" that is really HTML must not run in our origin), and never
//! kept by a shared cache (documents and exports hold personal data).

use axum::body::Body;
use axum::http::header;
use axum::response::{IntoResponse, Response};

/// A download named `name`; characters that could break out of the header are dropped.
pub fn file(content_type: &str, name: &str, body: impl Into<Body>) -> Response {
    let safe_name: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ' '))
        .collect();
    let safe_name = if safe_name.is_empty() {
        "document".to_owned()
    } else {
        safe_name
    };
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{safe_name}\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        body.into(),
    )
        .into_response()
}

/// A stored document of `length` bytes as a download; the length lets the client tell a
/// download cut short from a whole one.
pub fn document(content_type: &str, name: &str, length: u64, body: Body) -> Response {
    let mut response = file(content_type, name, body);
    response
        .headers_mut()
        .insert(header::CONTENT_LENGTH, header::HeaderValue::from(length));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_cannot_break_out_of_the_header() {
        let response = file("application/pdf", "a\"; b\r\n.pdf", Vec::new());
        let disposition = &response.headers()[header::CONTENT_DISPOSITION];
        assert_eq!(disposition, "attachment; filename=\"a b.pdf\"");
        let response = file("application/pdf", "\"\"", Vec::new());
        let disposition = &response.headers()[header::CONTENT_DISPOSITION];
        assert_eq!(disposition, "attachment; filename=\"document\"");
    }
}
