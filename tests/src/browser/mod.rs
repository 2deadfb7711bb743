//! Browser journeys: a person's path through the app in headless Chromium, with axe-core run on
//! every page it reaches. A failing journey leaves a screenshot and the page's HTML under
//! `ci-artifacts/journeys/<journey>/` and prints where they are, with an excerpt, into the log.
//!
//! ```ignore
//! journey(&app, "finance imports rates", Options::default(), async |j| {
//!     j.sign_in("finance@example.org").await?;
//!     j.goto("/per-diem/rates").await?;
//!     j.expect_text("Normalbelopp").await
//! }).await;
//! ```

pub mod axe;
pub mod driver;

use std::path::PathBuf;

use fantoccini::{Client, Locator};

use crate::{DEMO_PASSWORD, TestApp};
use driver::Driver;

/// Why a journey stopped: a sentence for the log.
#[derive(Debug)]
pub struct Failure(pub String);

impl From<fantoccini::error::CmdError> for Failure {
    fn from(e: fantoccini::error::CmdError) -> Self {
        Failure(format!("browser command failed: {e}"))
    }
}

pub type Step<T = ()> = Result<T, Failure>;

/// `ensure!(condition, "message {}", x)`: fails the journey (with artefacts) instead of panicking.
#[macro_export]
macro_rules! ensure {
    ($cond:expr, $($msg:tt)+) => {
        if !$cond {
            return Err($crate::browser::Failure(format!($($msg)+)));
        }
    };
}

#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub javascript: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { javascript: true }
    }
}

pub struct Journey {
    name: String,
    base_url: String,
    client: Client,
    javascript: bool,
    pages_checked: usize,
    minor: Vec<String>,
    _profile: tempfile::TempDir,
    _driver: Driver,
}

/// Runs `steps` in a fresh browser against `app`; on failure saves the evidence and panics.
pub async fn journey(
    app: &TestApp,
    name: &str,
    options: Options,
    steps: impl AsyncFnOnce(&mut Journey) -> Step,
) {
    let driver = Driver::start().await;
    let profile = tempfile::tempdir().expect("a browser profile directory");
    let client = driver.session(profile.path(), options.javascript).await;
    let mut j = Journey {
        name: name.to_owned(),
        base_url: app.base_url.clone(),
        client,
        javascript: options.javascript,
        pages_checked: 0,
        minor: Vec::new(),
        _profile: profile,
        _driver: driver,
    };
    let outcome = steps(&mut j).await;
    j.conclude(outcome).await;
}

impl Journey {
    pub fn client(&self) -> &Client {
        &self.client
    }

    pub async fn goto(&mut self, path: &str) -> Step {
        self.client
            .goto(&format!("{}{path}", self.base_url))
            .await?;
        self.arrived().await
    }

    /// Types into the field named `name` (after clearing it).
    pub async fn fill(&self, name: &str, value: &str) -> Step {
        let field = self.field(name).await?;
        field.clear().await?;
        field.send_keys(value).await?;
        Ok(())
    }

    pub async fn select(&self, name: &str, value: &str) -> Step {
        self.field(name).await?.select_by_value(value).await?;
        Ok(())
    }

    /// Sets a field's value as a script would (date and time inputs, selects, long texts),
    /// where typing would depend on the browser's locale.
    pub async fn set(&self, name: &str, value: &str) -> Step {
        let field = self.field(name).await?;
        let arg = serde_json::to_value(&field)
            .map_err(|e| Failure(format!("field '{name}' as a script argument: {e}")))?;
        self.client
            .execute(
                "arguments[0].value = arguments[1]; \
                 arguments[0].dispatchEvent(new Event('change', { bubbles: true }));",
                vec![arg, serde_json::Value::String(value.to_owned())],
            )
            .await?;
        Ok(())
    }

    /// Ticks the check box named `name` (and `value`, when several share the name).
    pub async fn tick(&self, name: &str, value: Option<&str>) -> Step {
        let css = match value {
            Some(v) => format!("input[name=\"{name}\"][value=\"{v}\"]"),
            None => format!("input[name=\"{name}\"]"),
        };
        let b = self
            .client
            .find(Locator::Css(&css))
            .await
            .map_err(|e| Failure(format!("no check box {css}: {e}")))?;
        if !b.is_selected().await? {
            b.click().await?;
        }
        Ok(())
    }

    /// Chooses `path` in the file input with id `input_id` and sends that input's form with its
    /// own button, as a person picking a file and pressing Upload does.
    pub async fn upload(&mut self, input_id: &str, path: &std::path::Path) -> Step {
        let input = self
            .client
            .find(Locator::Id(input_id))
            .await
            .map_err(|e| Failure(format!("no file input #{input_id}: {e}")))?;
        input.send_keys(&path.display().to_string()).await?;
        let xpath = format!(
            "//input[@id={}]/ancestor::form//button[@type='submit']",
            xpath_literal(input_id)
        );
        let button = self.client.find(Locator::XPath(&xpath)).await?;
        self.click_to_navigate(button).await
    }

    /// Forgets every cookie: the next page is seen as by a new browser session.
    pub async fn new_session(&mut self) -> Step {
        self.client.delete_all_cookies().await?;
        Ok(())
    }

    async fn field(&self, name: &str) -> Step<fantoccini::elements::Element> {
        self.client
            .find(Locator::Css(&format!("[name=\"{name}\"]")))
            .await
            .map_err(|e| Failure(format!("no field named '{name}' on this page: {e}")))
    }

    /// Clicks the button labelled `label` and checks the page it leads to.
    pub async fn press(&mut self, label: &str) -> Step {
        let xpath = format!("//button[normalize-space()={}]", xpath_literal(label));
        let button = self
            .client
            .find(Locator::XPath(&xpath))
            .await
            .map_err(|e| Failure(format!("no button '{label}' on this page: {e}")))?;
        self.click_to_navigate(button).await
    }

    /// Follows the link whose text is `text`.
    pub async fn follow(&mut self, text: &str) -> Step {
        let xpath = format!("//a[normalize-space()={}]", xpath_literal(text));
        let link = self
            .client
            .find(Locator::XPath(&xpath))
            .await
            .map_err(|e| Failure(format!("no link '{text}' on this page: {e}")))?;
        self.click_to_navigate(link).await
    }

    /// Clicks an element that leads to another page, waits for it ([`Self::click_and_wait`]) and
    /// checks it as every page of a journey is.
    pub async fn click_to_navigate(&mut self, element: fantoccini::elements::Element) -> Step {
        self.click_and_wait(element).await?;
        self.arrived().await
    }

    /// Clicks an element that leads to another page and waits until that page has replaced this
    /// one. WebDriver's click can return before a form's navigation begins, and with JavaScript
    /// off nothing else waits for it: reading the URL right away may still show the old page.
    pub async fn click_and_wait(&self, element: fantoccini::elements::Element) -> Step {
        let old_page = self.client.find(Locator::Css("html")).await?;
        element.click().await?;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        // The old document's root goes stale once the new page is in; a timeout falls through to
        // the journey's own checks, which fail with evidence.
        while old_page.tag_name().await.is_ok() && std::time::Instant::now() < deadline {
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        Ok(())
    }

    /// What the field with id `id` holds now (its `value` property: what the person sees in it).
    pub async fn value_of(&self, id: &str) -> Step<String> {
        Ok(self
            .client
            .find(Locator::Id(id))
            .await
            .map_err(|e| Failure(format!("no field #{id}: {e}")))?
            .prop("value")
            .await?
            .unwrap_or_default())
    }

    /// The text of the first element `css` matches.
    pub async fn text_of(&self, css: &str) -> Step<String> {
        Ok(self
            .client
            .find(Locator::Css(css))
            .await
            .map_err(|e| Failure(format!("nothing matches {css}: {e}")))?
            .text()
            .await?)
    }

    /// The path and query of the page shown.
    pub async fn path(&self) -> Step<String> {
        let url = self.client.current_url().await?;
        Ok(match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        })
    }

    /// The text a person sees on the page.
    pub async fn text(&self) -> Step<String> {
        Ok(self.client.find(Locator::Css("body")).await?.text().await?)
    }

    pub async fn expect_text(&self, needle: &str) -> Step {
        let text = self.text().await?;
        ensure!(
            text.contains(needle),
            "expected the page to say '{needle}'; it says: {}",
            excerpt(&text, 600)
        );
        Ok(())
    }

    pub async fn expect_path(&self, prefix: &str) -> Step {
        let path = self.path().await?;
        ensure!(
            path.starts_with(prefix),
            "expected to be on {prefix}, but the browser is on {path}"
        );
        Ok(())
    }

    /// Signs in through the form, as a person would, with the demo password.
    pub async fn sign_in(&mut self, email: &str) -> Step {
        self.sign_in_with(email, DEMO_PASSWORD).await
    }

    pub async fn sign_in_with(&mut self, email: &str, password: &str) -> Step {
        self.goto("/login").await?;
        self.fill("email", email).await?;
        self.fill("password", password).await?;
        self.press("Sign in").await?;
        let path = self.path().await?;
        ensure!(
            !path.starts_with("/login"),
            "signing in as {email} stayed on {path}"
        );
        Ok(())
    }

    pub async fn sign_out(&mut self) -> Step {
        self.press("Sign out").await?;
        self.expect_path("/login").await?;
        self.expect_text("You are signed out.").await
    }

    /// Every new page: axe-core's serious and critical WCAG 2.1 A/AA violations fail the journey.
    async fn arrived(&mut self) -> Step {
        let page = self.path().await?;
        if !self.javascript {
            // axe-core is JavaScript; pages seen with it off are checked in the other journeys.
            return Ok(());
        }
        let violations = axe::check(&self.client).await.map_err(Failure)?;
        self.pages_checked += 1;
        let (blocking, minor): (Vec<_>, Vec<_>) = violations
            .into_iter()
            .partition(axe::Violation::is_blocking);
        self.minor.extend(minor.iter().map(|v| v.describe(&page)));
        ensure!(
            blocking.is_empty(),
            "{} serious or critical accessibility violation(s) on {page}:\n  {}",
            blocking.len(),
            blocking
                .iter()
                .map(|v| v.describe(&page))
                .collect::<Vec<_>>()
                .join("\n  ")
        );
        Ok(())
    }

    async fn conclude(self, outcome: Step) {
        match outcome {
            Ok(()) => {
                eprintln!(
                    "journey '{}' passed: {} page(s) checked with axe-core{}",
                    self.name,
                    self.pages_checked,
                    if self.minor.is_empty() {
                        String::new()
                    } else {
                        format!(
                            "; minor or moderate findings:\n  {}",
                            self.minor.join("\n  ")
                        )
                    }
                );
                let _ = self.client.close().await;
            }
            Err(Failure(message)) => {
                let evidence = self.save_evidence().await;
                let _ = self.client.close().await;
                panic!("journey '{}' failed: {message}\n{evidence}", self.name);
            }
        }
    }

    /// Screenshot and HTML of the page shown, under ci-artifacts/; returns what to print.
    async fn save_evidence(&self) -> String {
        let dir = artifacts_dir().join("journeys").join(slug(&self.name));
        let _ = std::fs::create_dir_all(&dir);
        let url = self
            .client
            .current_url()
            .await
            .map(|u| u.to_string())
            .unwrap_or_else(|e| format!("(unknown: {e})"));
        let mut lines = vec![format!("  page: {url}")];
        match self.client.screenshot().await {
            Ok(png) => {
                let path = dir.join("failure.png");
                let _ = std::fs::write(&path, png);
                lines.push(format!("  screenshot: {}", path.display()));
            }
            Err(e) => lines.push(format!("  screenshot: not taken ({e})")),
        }
        match self.client.source().await {
            Ok(html) => {
                let path = dir.join("failure.html");
                let _ = std::fs::write(&path, &html);
                lines.push(format!("  HTML: {}", path.display()));
                let main = html
                    .find("<main")
                    .map_or(html.as_str(), |start| &html[start..]);
                lines.push(format!("  excerpt: {}", excerpt(main, 1200)));
            }
            Err(e) => lines.push(format!("  HTML: not saved ({e})")),
        }
        lines.join("\n")
    }
}

/// `ci-artifacts/` at the top of the repository (git-ignored); `ITP_ARTIFACTS_DIR` overrides.
pub fn artifacts_dir() -> PathBuf {
    match std::env::var("ITP_ARTIFACTS_DIR") {
        Ok(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join("ci-artifacts"),
    }
}

fn slug(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

fn excerpt(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > max {
        format!("{}…", flat.chars().take(max).collect::<String>())
    } else {
        flat
    }
}

/// An XPath string literal for any text (XPath 1.0 has no escapes).
fn xpath_literal(s: &str) -> String {
    if !s.contains('\'') {
        format!("'{s}'")
    } else if !s.contains('"') {
        format!("\"{s}\"")
    } else {
        let parts: Vec<String> = s.split('\'').map(|p| format!("'{p}'")).collect();
        format!("concat({})", parts.join(", \"'\", "))
    }
}
