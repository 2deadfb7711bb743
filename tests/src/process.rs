//! The real `itp` binary as a child process, for tests that must kill it or restart it. The
//! binary's path comes from the caller (`env!("CARGO_BIN_EXE_itp")` in the web crate's tests).

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// `binary ARGS…` with `ITP_DATA_DIR=data_dir` (and no database URL or log filter from the
/// caller's environment), `stdin` written to it, waited for: the command-line tests' one way to
/// run a command for real.
pub fn run_command(binary: &str, data_dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    use std::io::Write;
    let mut child = Command::new(binary)
        .args(args)
        .env("ITP_DATA_DIR", data_dir)
        .env_remove("ITP_DATABASE_URL")
        .env_remove("ITP_LOG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {binary}: {e}"));
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(text.as_bytes())
            .expect("write stdin");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("itp finishes")
}

/// How to run `itp` against one database.
#[derive(Debug, Clone)]
pub struct Itp {
    pub binary: PathBuf,
    pub database_url: String,
    pub data_dir: PathBuf,
}

impl Itp {
    /// The `binary` (`env!("CARGO_BIN_EXE_itp")` in the test) on a fresh database of its own in
    /// `dir`: the PostgreSQL one `ITP_TEST_DATABASE_URL` leads to, else an SQLite file.
    pub async fn on_fresh_database(
        binary: &str,
        dir: &std::path::Path,
    ) -> (Itp, itp_persistence::Database) {
        let (database_url, db) = crate::fresh_database(dir).await;
        let itp = Itp {
            binary: binary.into(),
            database_url,
            data_dir: dir.to_path_buf(),
        };
        (itp, db)
    }

    fn command(&self) -> Command {
        let mut c = Command::new(&self.binary);
        for var in ["ITP_BIND", "ITP_BASE_URL", "ITP_DEMO_PASSWORD"] {
            c.env_remove(var);
        }
        c.env("ITP_DATABASE_URL", &self.database_url)
            .env("ITP_DATA_DIR", &self.data_dir)
            .env("ITP_LOG", "warn");
        c
    }

    /// `itp ARGS…`, waited for.
    pub fn run(&self, args: &[&str]) -> Output {
        self.command()
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", self.binary.display()))
    }

    /// `itp user add`: returns the invitation's path (`/set-password/…`).
    pub fn add_user(&self, email: &str, role: &str) -> String {
        let out = self.run(&["user", "add", "--email", email, "--role", role]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "itp user add failed: {stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        stdout
            .lines()
            .find_map(|l| l.find("/set-password/").map(|at| l[at..].trim().to_owned()))
            .unwrap_or_else(|| panic!("no invitation link in: {stdout}"))
    }

    /// `itp serve` on a free port; returns once `/readyz` answers.
    pub async fn serve(&self) -> Server {
        self.serve_with(&[]).await
    }

    /// `itp serve` with these environment variables added (`ITP_JOB_SCHEDULES`, `ITP_LOG`).
    pub async fn serve_with(&self, env: &[(&str, &str)]) -> Server {
        self.serve_args(&["serve"], env).await
    }

    /// `itp serve --demo`, every demo account with `password`.
    pub async fn serve_demo(&self, password: &str) -> Server {
        self.serve_args(&["serve", "--demo"], &[("ITP_DEMO_PASSWORD", password)])
            .await
    }

    /// `itp ARGS…` (a `serve` command) with these environment variables added.
    pub async fn serve_args(&self, args: &[&str], env: &[(&str, &str)]) -> Server {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let log_path = self.data_dir.join(format!("serve-{port}.log"));
        let log = std::fs::File::create(&log_path).expect("server log file");
        let child = self
            .command()
            .args(args)
            .env("ITP_BIND", format!("127.0.0.1:{port}"))
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", self.binary.display()));
        let server = Server {
            base_url: format!("http://127.0.0.1:{port}"),
            child: Some(child),
            log_path,
        };
        server.wait_until_ready().await;
        server
    }
}

/// A running `itp serve`; killed (SIGKILL) when dropped.
pub struct Server {
    pub base_url: String,
    child: Option<Child>,
    log_path: PathBuf,
}

impl Server {
    async fn wait_until_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(60);
        let url = format!("{}/readyz", self.base_url);
        let http = reqwest::Client::new();
        while Instant::now() < deadline {
            if let Ok(res) = http.get(&url).send().await
                && res.status().is_success()
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "itp serve did not answer {url} within 60 s; its log:\n{}",
            self.log()
        );
    }

    /// SIGKILL: no shutdown handler runs, as in a crash or an out-of-memory kill.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// The process id, while it runs.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// A line of `/proc/PID/status` in kilobytes, such as `VmRSS` (resident now) or `VmHWM` (the
    /// peak resident size so far); Linux only.
    pub fn memory_kib(&self, field: &str) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid()?)).ok()?;
        status
            .lines()
            .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log_path).unwrap_or_default()
    }

    pub fn log_path(&self) -> &Path {
        &self.log_path
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}
