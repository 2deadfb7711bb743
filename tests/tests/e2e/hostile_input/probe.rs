//! One hostile request, how it is sent, and how its answer is judged.

use itp_tests::TestClient;
use itp_tests::census::Census;
use reqwest::{Method, StatusCode};

/// Where the CSRF token goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    /// The session's token as the form field `csrf_token`.
    InBody,
    /// The session's token as the `X-CSRF-Token` header (the body then reaches the handler's
    /// own parsing untouched by the CSRF check).
    InHeader,
    Missing,
    Wrong,
    /// A real token, of another session.
    Foreign,
}

#[derive(Debug, Clone)]
pub enum Body {
    /// Form fields whose values are raw bytes (so they can be invalid UTF-8).
    Form(Vec<(String, Vec<u8>)>),
    Raw {
        content_type: &'static str,
        bytes: Vec<u8>,
    },
    /// `multipart/form-data`: text fields, then files.
    Multipart {
        fields: Vec<(String, Vec<u8>)>,
        files: Vec<Upload>,
    },
}

impl Body {
    /// The text fields, where `{n}` placeholders live.
    pub fn fields_mut(&mut self) -> Option<&mut Vec<(String, Vec<u8>)>> {
        match self {
            Body::Form(fields) | Body::Multipart { fields, .. } => Some(fields),
            Body::Raw { .. } => None,
        }
    }
}

/// One file part of a multipart body.
#[derive(Debug, Clone)]
pub struct Upload {
    pub field: String,
    /// Raw bytes, so a hostile name can be invalid UTF-8 or hold a quote.
    pub file_name: Vec<u8>,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

const BOUNDARY: &str = "itp-hostile-input-7d1f0c";

/// `multipart/form-data` of raw text fields and files, as a browser sends it.
pub fn encode_multipart(fields: &[(String, Vec<u8>)], files: &[Upload]) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, value) in fields {
        out.extend(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n")
                .bytes(),
        );
        out.extend(value);
        out.extend(b"\r\n");
    }
    for file in files {
        out.extend(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{}\"; filename=\"",
                file.field
            )
            .bytes(),
        );
        out.extend(&file.file_name);
        out.extend(format!("\"\r\nContent-Type: {}\r\n\r\n", file.content_type).bytes());
        out.extend(&file.bytes);
        out.extend(b"\r\n");
    }
    out.extend(format!("--{BOUNDARY}--\r\n").bytes());
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    Status(StatusCode),
    /// Any 4xx.
    Refused,
    /// A 4xx, or a normal answer (2xx, 3xx) when the input was harmless; never a 5xx.
    Handled,
}

#[derive(Debug, Clone)]
pub struct Probe {
    pub label: String,
    pub method: Method,
    pub path: String,
    pub token: Token,
    pub body: Body,
    pub headers: Vec<(&'static str, String)>,
    pub expect: Expect,
}

pub struct Tokens {
    pub own: String,
    pub foreign: String,
}

/// `application/x-www-form-urlencoded` of raw bytes.
pub fn encode_form(fields: &[(String, Vec<u8>)]) -> Vec<u8> {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = Vec::with_capacity(fields.iter().map(|(k, v)| k.len() + v.len() + 2).sum());
    for (i, (name, value)) in fields.iter().enumerate() {
        if i > 0 {
            out.push(b'&');
        }
        for (j, part) in [name.as_bytes(), value.as_slice()].into_iter().enumerate() {
            if j == 1 {
                out.push(b'=');
            }
            for &b in part {
                match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                        out.push(b)
                    }
                    b' ' => out.push(b'+'),
                    _ => out.extend([b'%', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]),
                }
            }
        }
    }
    out
}

impl Probe {
    pub async fn send(&self, client: &TestClient, tokens: &Tokens) -> Result<Answer, String> {
        let token = match self.token {
            Token::InBody | Token::InHeader => Some(tokens.own.clone()),
            Token::Missing => None,
            Token::Wrong => Some("A".repeat(43)),
            Token::Foreign => Some(tokens.foreign.clone()),
        };
        let mut request = client
            .http
            .request(self.method.clone(), client.url(&self.path));
        for (name, value) in &self.headers {
            request = request.header(*name, value);
        }
        let in_header = self.token == Token::InHeader;
        if in_header && let Some(t) = &token {
            request = request.header("x-csrf-token", t);
        }
        let with_token = |fields: &[(String, Vec<u8>)]| {
            let mut all = Vec::new();
            if !in_header && let Some(t) = &token {
                all.push(("csrf_token".to_owned(), t.clone().into_bytes()));
            }
            all.extend(fields.iter().cloned());
            all
        };
        let multipart_type = format!("multipart/form-data; boundary={BOUNDARY}");
        let (content_type, bytes) = match &self.body {
            Body::Form(fields) => (
                "application/x-www-form-urlencoded",
                encode_form(&with_token(fields)),
            ),
            Body::Multipart { fields, files } => (
                multipart_type.as_str(),
                encode_multipart(&with_token(fields), files),
            ),
            Body::Raw {
                content_type,
                bytes,
            } => (*content_type, bytes.clone()),
        };
        let response = request
            .header("content-type", content_type)
            .body(bytes)
            .send()
            .await
            .map_err(|e| format!("no answer: {e}"))?;
        let status = response.status();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let body = response.text().await.unwrap_or_default();
        Ok(Answer {
            status,
            content_type,
            body,
        })
    }
}

pub struct Answer {
    pub status: StatusCode,
    pub content_type: String,
    pub body: String,
}

/// What is wrong with the answer to `probe`, if anything.
/// `unaudited`: the route may accept a change without an audit row (`cases::unaudited`).
pub fn judge(
    probe: &Probe,
    answer: &Answer,
    before: &Census,
    after: &Census,
    unaudited: bool,
) -> Option<String> {
    let status = answer.status;
    if status.is_server_error() {
        return Some(format!("server error {status}"));
    }
    match probe.expect {
        Expect::Status(wanted) if status != wanted => {
            return Some(format!("expected {wanted}, got {status}"));
        }
        Expect::Refused if !status.is_client_error() => {
            return Some(format!("expected a refusal (4xx), got {status}"));
        }
        _ => {}
    }
    if status.is_client_error() {
        let changes = after.changes_since(before);
        if !changes.is_empty() {
            return Some(format!("refused with {status} but wrote: {changes:?}"));
        }
        let clear = answer.content_type.starts_with("text/html")
            && (answer.body.contains("<h1") || answer.body.contains("error-summary"));
        if !clear {
            return Some(format!(
                "refused with {status} without a readable page ({}): {:?}",
                answer.content_type,
                answer.body.chars().take(200).collect::<String>()
            ));
        }
    } else if !unaudited
        && after.data_changed_since(before)
        && after.count("audit_log") <= before.count("audit_log")
    {
        return Some(format!(
            "accepted with {status} and changed data without an audit row: {:?}",
            after.changes_since(before)
        ));
    }
    None
}
