//! Headless Chromium through ChromeDriver, both from Debian's packages (`chromium`,
//! `chromium-driver`). Each journey starts its own ChromeDriver on a free port and stops it when
//! done, so nothing outlives the test; set `ITP_WEBDRIVER_URL` to use one already running.

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Map, Value, json};

/// A running ChromeDriver (killed on drop when we started it).
pub struct Driver {
    pub url: String,
    child: Option<Child>,
}

fn program(env: &str, candidates: &[&str]) -> String {
    if let Ok(p) = std::env::var(env)
        && !p.is_empty()
    {
        return p;
    }
    candidates
        .iter()
        .find(|c| std::path::Path::new(c).exists())
        .map_or_else(|| candidates[0].to_owned(), |c| (*c).to_owned())
}

impl Driver {
    pub async fn start() -> Driver {
        if let Ok(url) = std::env::var("ITP_WEBDRIVER_URL")
            && !url.is_empty()
        {
            return Driver { url, child: None };
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let binary = program(
            "ITP_CHROMEDRIVER",
            &["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"],
        );
        // Its own process group, so that stopping it also stops the Chromium it started.
        let child = Command::new(&binary)
            .process_group(0)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start {binary}: {e}. Install Debian's chromium and chromium-driver \
                     (apt-get install chromium chromium-driver) or set ITP_CHROMEDRIVER"
                )
            });
        let driver = Driver {
            url: format!("http://127.0.0.1:{port}"),
            child: Some(child),
        };
        driver.wait_until_ready().await;
        driver
    }

    async fn wait_until_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        let status = format!("{}/status", self.url);
        let http = reqwest::Client::new();
        while Instant::now() < deadline {
            if let Ok(res) = http.get(&status).send().await
                && res.status().is_success()
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("ChromeDriver did not answer on {status} within 20 s");
    }

    /// A new browser session: headless, a fresh profile in `profile_dir`, no network beyond
    /// loopback, and JavaScript on or off.
    pub async fn session(&self, profile_dir: &std::path::Path, javascript: bool) -> Client {
        let chromium = program(
            "ITP_CHROMIUM",
            &["/usr/bin/chromium", "/usr/bin/chromium-browser"],
        );
        // The flags this machine needs (see the machine notes): without the background
        // networking ones Chromium keeps trying to reach the outside, which is closed here.
        let args = vec![
            "--headless=new".to_owned(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-extensions".into(),
            "--window-size=1280,1000".into(),
            format!("--user-data-dir={}", profile_dir.display()),
        ];
        let mut options = json!({ "binary": chromium, "args": args });
        if !javascript {
            options["prefs"] = json!({ "profile.managed_default_content_settings.javascript": 2 });
        }
        let mut caps = Map::new();
        caps.insert("browserName".into(), Value::from("chrome"));
        caps.insert("goog:chromeOptions".into(), options);
        ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&self.url)
            .await
            .unwrap_or_else(|e| panic!("cannot open a Chromium session through {}: {e}", self.url))
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", child.id())])
                .status();
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
