//! Accessibility checks with axe-core (vendored, `tests/vendor/axe.min.js`), run inside the page
//! the browser shows. Serious and critical violations of WCAG 2.0/2.1 level A and AA fail the
//! journey; lesser ones are printed.

use fantoccini::Client;
use serde::Deserialize;
use serde_json::json;

const AXE_SOURCE: &str = include_str!("../../vendor/axe.min.js");

/// The WCAG 2.1 A and AA rules (axe's tags).
pub const WCAG_TAGS: &[&str] = &["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

#[derive(Debug, Clone, Deserialize)]
pub struct Violation {
    pub id: String,
    pub impact: Option<String>,
    pub help: String,
    #[serde(rename = "helpUrl")]
    pub help_url: String,
    pub nodes: Vec<Node>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Node {
    pub target: String,
    pub html: String,
    pub summary: Option<String>,
}

impl Violation {
    pub fn is_blocking(&self) -> bool {
        matches!(self.impact.as_deref(), Some("serious" | "critical"))
    }

    pub fn describe(&self, page: &str) -> String {
        let mut s = format!(
            "[{}] {} on {page}: {} ({})",
            self.impact.as_deref().unwrap_or("?"),
            self.id,
            self.help,
            self.help_url
        );
        for node in &self.nodes {
            s.push_str(&format!("\n      at {}: {}", node.target, node.html));
            if let Some(summary) = &node.summary {
                s.push_str(&format!("\n         {}", summary.replace('\n', " ")));
            }
        }
        s
    }
}

const RUN: &str = r#"
const done = arguments[arguments.length - 1];
axe.run(document, {
  runOnly: { type: 'tag', values: arguments[0] },
  resultTypes: ['violations']
}).then(r => done({ violations: r.violations.map(v => ({
  id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
  nodes: v.nodes.slice(0, 5).map(n => ({
    target: n.target.join(' '), html: n.html, summary: n.failureSummary
  }))
})) })).catch(e => done({ error: String(e) }));
"#;

/// Runs axe on the page the browser shows. `Err` when axe could not run (no JavaScript).
///
/// axe-core is injected and run in one script, so a navigation that finishes in between (a form
/// whose redirect lands just after the click returned) cannot leave the run on a page without it;
/// should the page still change during the run, it is waited for and checked again.
pub async fn check(client: &Client) -> Result<Vec<Violation>, String> {
    let mut last_error = String::new();
    for _ in 0..3 {
        wait_until_loaded(client).await?;
        let loaded = client
            .execute("return typeof window.axe !== 'undefined';", vec![])
            .await
            .map_err(|e| format!("cannot run scripts in the page: {e}"))?;
        let script = if loaded == json!(true) {
            RUN.to_owned()
        } else {
            format!("{AXE_SOURCE}\n{RUN}")
        };
        match client.execute_async(&script, vec![json!(WCAG_TAGS)]).await {
            Ok(result) => {
                if let Some(error) = result.get("error") {
                    return Err(format!("axe-core failed: {error}"));
                }
                return serde_json::from_value(result["violations"].clone())
                    .map_err(|e| format!("unreadable axe-core result: {e}"));
            }
            Err(e) => last_error = format!("axe-core did not run: {e}"),
        }
    }
    Err(last_error)
}

/// Waits (at most ten seconds) until the document the browser shows has loaded.
async fn wait_until_loaded(client: &Client) -> Result<(), String> {
    for _ in 0..100 {
        let state = client
            .execute("return document.readyState;", vec![])
            .await
            .map_err(|e| format!("cannot run scripts in the page: {e}"))?;
        if state == json!("complete") {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    Err("the page did not finish loading within ten seconds".into())
}
