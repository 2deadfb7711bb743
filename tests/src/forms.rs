//! Reads the forms out of our own HTML pages, so tests learn each route's fields from the page
//! that posts to it instead of from a list kept by hand. Only what maud renders has to be
//! understood: attributes in double quotes, `<input>`, `<select>` with `<option selected>`, and
//! `<textarea>`.

/// A form as a browser would submit it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlForm {
    /// `get` or `post`, lower case.
    pub method: String,
    /// The path the form is sent to (the page's own path when the form has no action).
    pub action: String,
    /// Every named field with the value a browser would send untouched, in page order (file
    /// inputs apart).
    pub fields: Vec<(String, String)>,
    /// The names of its file inputs (a form with any is sent as multipart).
    pub files: Vec<String>,
}

impl HtmlForm {
    pub fn field_names(&self) -> impl Iterator<Item = &str> {
        self.fields.iter().map(|(n, _)| n.as_str())
    }
}

/// Every form of `html`, a page served at `page_path`.
pub fn forms(html: &str, page_path: &str) -> Vec<HtmlForm> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<form") {
        let after = &rest[start..];
        let Some(tag_end) = after.find('>') else {
            break;
        };
        let tag = &after[..tag_end];
        let body_end = after.find("</form>").unwrap_or(after.len());
        let body = &after[tag_end..body_end];
        let method = attr(tag, "method")
            .unwrap_or_else(|| "get".into())
            .to_lowercase();
        let action = attr(tag, "action")
            .filter(|a| !a.is_empty())
            .unwrap_or_else(|| page_path.split('?').next().unwrap_or("").to_owned());
        let (fields, files) = fields(body);
        found.push(HtmlForm {
            method,
            action: unescape(&action),
            fields,
            files,
        });
        rest = &after[body_end..];
    }
    found
}

fn fields(body: &str) -> (Vec<(String, String)>, Vec<String>) {
    let mut out = Vec::new();
    let mut files = Vec::new();
    let mut i = 0;
    while let Some(pos) = body[i..].find('<') {
        let at = i + pos;
        let tail = &body[at..];
        let tag_end = tail.find('>').map_or(tail.len(), |e| e + 1);
        let tag = &tail[..tag_end];
        if tag.starts_with("<input") {
            let kind = attr(tag, "type").unwrap_or_else(|| "text".into());
            let checkable = kind == "checkbox" || kind == "radio";
            if kind == "file" {
                files.extend(attr(tag, "name").map(|n| unescape(&n)));
            } else if let Some(name) = attr(tag, "name")
                && kind != "submit"
                && (!checkable || tag.contains(" checked"))
            {
                out.push((
                    unescape(&name),
                    unescape(&attr(tag, "value").unwrap_or_default()),
                ));
            }
        } else if tag.starts_with("<select") {
            let close = tail.find("</select>").unwrap_or(tail.len());
            if let Some(name) = attr(tag, "name") {
                let options = &tail[tag_end..close];
                out.push((unescape(&name), selected_option(options)));
            }
        } else if tag.starts_with("<textarea") {
            let close = tail.find("</textarea>").unwrap_or(tail.len());
            if let Some(name) = attr(tag, "name") {
                out.push((unescape(&name), unescape(&tail[tag_end..close])));
            }
        }
        i = at + tag_end.max(1);
    }
    (out, files)
}

fn selected_option(options: &str) -> String {
    let mut first = None;
    for chunk in options.split("<option").skip(1) {
        let tag = &chunk[..chunk.find('>').unwrap_or(chunk.len())];
        let value = unescape(&attr(tag, "value").unwrap_or_default());
        if tag.contains(" selected") {
            return value;
        }
        first.get_or_insert(value);
    }
    first.unwrap_or_default()
}

/// The value of `name="…"` in a start tag.
fn attr(tag: &str, name: &str) -> Option<String> {
    let needle = format!(" {name}=\"");
    let start = tag.find(&needle)? + needle.len();
    let end = tag[start..].find('"')? + start;
    Some(tag[start..end].to_owned())
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// `true` when the concrete `path` is an instance of the route `pattern` (`/users/{id}`).
pub fn matches_route(pattern: &str, path: &str) -> bool {
    let path = path.split('?').next().unwrap_or(path);
    let a: Vec<&str> = pattern.trim_end_matches('/').split('/').collect();
    let b: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    a.len() == b.len()
        && a.iter()
            .zip(&b)
            .all(|(p, s)| (p.starts_with('{') && p.ends_with('}') && !s.is_empty()) || p == s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fields_with_their_submitted_values() {
        let html = r#"<form method="post" action="/admin/users" novalidate>
            <input type="hidden" name="csrf_token" value="t&amp;k">
            <input id="email" name="email" type="email" value="a@b.org">
            <select id="role" name="role"><option value="manager">M</option><option value="finance" selected>F</option></select>
            <textarea id="note" name="note" rows="3">hi &lt;there&gt;</textarea>
            <input type="checkbox" name="unticked" value="1">
            <input type="file" name="upload">
            <button type="submit">Go</button></form>
            <form method="post"><input name="password" type="password" value=""></form>"#;
        let found = forms(html, "/set-password/abc?x=1");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].action, "/admin/users");
        assert_eq!(
            found[0].fields,
            vec![
                ("csrf_token".into(), "t&k".into()),
                ("email".into(), "a@b.org".into()),
                ("role".into(), "finance".into()),
                ("note".into(), "hi <there>".into()),
            ]
        );
        assert_eq!(found[0].files, vec!["upload".to_owned()]);
        assert_eq!(found[1].action, "/set-password/abc");
        assert_eq!(found[1].method, "post");
    }

    #[test]
    fn route_patterns_match_concrete_paths() {
        assert!(matches_route("/admin/users/{user_id}", "/admin/users/7"));
        assert!(matches_route(
            "/admin/users/{user_id}/grants/{grant_id}/revoke",
            "/admin/users/7/grants/3/revoke"
        ));
        assert!(!matches_route(
            "/admin/users/{user_id}",
            "/admin/users/7/active"
        ));
        assert!(matches_route("/login", "/login?next=/x"));
    }
}
