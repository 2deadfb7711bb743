//! Configuration from environment variables and flags. Printed at start, secrets never.

use std::net::SocketAddr;
use std::path::PathBuf;

use itp_domain::retention::Retention;
use itp_persistence::connect::{redact_url, sqlite_url};

use crate::jobs::Schedules;
use crate::mail::MailConfig;
use crate::security::session::SessionPolicy;

#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: String,
    pub data_dir: PathBuf,
    pub bind: SocketAddr,
    /// The address people use to reach the app (links in invitations, calendar feeds).
    pub base_url: String,
    pub session: SessionPolicy,
    /// The SMTP server and sender address; without them mail stays in the outbox.
    pub mail: MailConfig,
    /// Scheduled jobs whose schedule differs from their default, or that are off.
    pub jobs: Schedules,
    /// How long each kind of personal data is kept (`ITP_RETENTION`).
    pub retention: Retention,
    /// Where the monthly export job writes the month's reports (`ITP_EXPORT_DIR`; default
    /// `exports/` in the data directory, beside `backups/`).
    pub export_dir: PathBuf,
}

impl Config {
    /// Resolves defaults: the database is an SQLite file in the data directory unless a URL is
    /// given; the base URL is the bind address unless given.
    pub fn resolve(
        database_url: Option<String>,
        data_dir: PathBuf,
        bind: SocketAddr,
        base_url: Option<String>,
    ) -> Config {
        let database_url = database_url
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(|| sqlite_url(&data_dir.join("itp.sqlite")));
        let base_url = base_url
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(|| format!("http://{bind}"))
            .trim_end_matches('/')
            .to_owned();
        Config {
            database_url,
            export_dir: data_dir.join("exports"),
            data_dir,
            bind,
            base_url,
            session: SessionPolicy::default(),
            mail: MailConfig::default(),
            jobs: Schedules::default(),
            retention: Retention::default(),
        }
    }

    /// Adds the mail settings (`ITP_SMTP_URL`, `ITP_MAIL_FROM`); a malformed one is an error
    /// that stops the start.
    pub fn with_mail(
        mut self,
        smtp_url: Option<&str>,
        mail_from: Option<&str>,
    ) -> Result<Config, String> {
        self.mail = MailConfig::parse(smtp_url, mail_from)?;
        Ok(self)
    }

    /// Adds the job schedule overrides (`ITP_JOB_SCHEDULES`); an unknown job or a malformed
    /// schedule is an error that names the job and stops the start.
    pub fn with_job_schedules(mut self, raw: Option<&str>) -> Result<Config, String> {
        self.jobs = Schedules::parse(raw)?;
        Ok(self)
    }

    /// Adds the retention periods (`ITP_RETENTION`); a mistake names the entry and stops the
    /// start.
    pub fn with_retention(mut self, raw: Option<&str>) -> Result<Config, String> {
        self.retention = Retention::parse(raw).map_err(|e| e.to_string())?;
        Ok(self)
    }

    /// Another folder for the monthly exports (`ITP_EXPORT_DIR`).
    pub fn with_export_dir(mut self, dir: Option<PathBuf>) -> Config {
        if let Some(dir) = dir.filter(|d| !d.as_os_str().is_empty()) {
            self.export_dir = dir;
        }
        self
    }

    /// Cookies get `Secure` (and responses HSTS) when people reach the app over HTTPS.
    pub fn secure_cookies(&self) -> bool {
        self.base_url.starts_with("https://")
    }

    /// What is used, for the start-up log: the database URL without its password.
    pub fn describe(&self) -> String {
        let mut text = format!(
            "database={} data_dir={} bind={} base_url={} {}",
            redact_url(&self.database_url),
            self.data_dir.display(),
            self.bind,
            self.base_url,
            self.mail.describe()
        );
        let jobs = self.jobs.describe();
        if !jobs.is_empty() {
            text.push_str(&format!(" job_schedules={jobs}"));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_to_sqlite_in_the_data_dir() {
        let c = Config::resolve(
            None,
            PathBuf::from("data"),
            "127.0.0.1:8080".parse().unwrap(),
            None,
        );
        assert_eq!(c.database_url, "sqlite://data/itp.sqlite?mode=rwc");
        assert_eq!(c.base_url, "http://127.0.0.1:8080");
        assert!(!c.secure_cookies());
    }

    #[test]
    fn https_base_url_makes_cookies_secure_and_description_hides_password() {
        let c = Config::resolve(
            Some("postgres://itp:hunter2@db/itp".into()),
            PathBuf::from("data"),
            "0.0.0.0:8080".parse().unwrap(),
            Some("https://itp.example.org/".into()),
        )
        .with_mail(
            Some("smtp://itp:s3cret@mail.example.org?tls=starttls"),
            Some("ITP Admin <itp@example.org>"),
        )
        .unwrap();
        assert!(c.secure_cookies());
        assert_eq!(c.base_url, "https://itp.example.org");
        assert!(!c.describe().contains("hunter2"));
        assert!(!c.describe().contains("s3cret"));
        assert!(c.describe().contains("mail.example.org:587"));
    }
}
