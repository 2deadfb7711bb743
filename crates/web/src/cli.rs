//! The `itp` command.

use itp_domain::Code;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};
use itp_domain::account::Email;
use itp_domain::role::{Grant, Role};
use itp_persistence::Database;
use tokio::net::TcpListener;

use crate::app::AppState;
use crate::config::Config;
use crate::{SystemClock, admin, backup, demo, jobs, mail, per_diem, security};

#[derive(Parser, Debug)]
#[command(
    name = "itp",
    version,
    about = "ITP Admin: runs international training programmes"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Debug, Clone)]
pub struct GlobalArgs {
    /// Database URL: sqlite://FILE?mode=rwc or postgres://USER@HOST/DB. Default: an SQLite file
    /// in the data directory.
    #[arg(long, env = "ITP_DATABASE_URL", global = true, hide_env_values = true)]
    pub database_url: Option<String>,
    /// Where the SQLite database lives (documents are kept in the database).
    #[arg(long, env = "ITP_DATA_DIR", default_value = "./data", global = true)]
    pub data_dir: PathBuf,
    /// The address people use to reach the app, for links (default: http://BIND).
    #[arg(long, env = "ITP_BASE_URL", global = true)]
    pub base_url: Option<String>,
    /// Address and port to listen on.
    #[arg(
        long,
        env = "ITP_BIND",
        default_value = "127.0.0.1:8080",
        global = true
    )]
    pub bind: SocketAddr,
    /// SMTP server for outgoing mail: smtp://HOST[:PORT], smtp://USER:PASS@HOST:587?tls=starttls
    /// or smtps://USER:PASS@HOST. Without it, mail stays in the outbox (/admin/outbox).
    #[arg(long, env = "ITP_SMTP_URL", global = true, hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// The sender of outgoing mail, e.g. "ITP Admin <itp@example.org>". Needed with --smtp-url.
    #[arg(long, env = "ITP_MAIL_FROM", global = true)]
    pub mail_from: Option<String>,
    /// Scheduled jobs on another schedule than their default, or off, e.g.
    /// "purge_expired=0 */5 * * * *;deliver_mail=off" (cron with seconds, UTC).
    #[arg(long, env = "ITP_JOB_SCHEDULES", global = true)]
    pub job_schedules: Option<String>,
    /// How long personal data is kept where it differs from the defaults, e.g.
    /// "audit_log=36m;sensitive_documents=3m" (months, or years as 2y).
    #[arg(long, env = "ITP_RETENTION", global = true)]
    pub retention: Option<String>,
    /// Where the monthly export job writes the month's reports (default: exports/ in the data
    /// directory).
    #[arg(long, env = "ITP_EXPORT_DIR", global = true)]
    pub export_dir: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Apply pending migrations, then serve HTTP.
    Serve {
        /// Fill an empty database with demo programmes, cohorts and one account per role.
        #[arg(long)]
        demo: bool,
    },
    /// Apply pending migrations and exit.
    Migrate,
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Write one archive with the data and every document while the app runs, and check it
    /// (SQLite; for PostgreSQL use pg_dump, see the deploy guide).
    Backup {
        /// The file to write; it must not exist yet.
        #[arg(long)]
        to: PathBuf,
    },
    /// Bring a backup back into an empty data directory, migrate it and check it.
    Restore {
        /// The file `itp backup` wrote.
        #[arg(long)]
        from: PathBuf,
    },
    /// Report rows without their document, documents without their row and checksum
    /// mismatches; exits non-zero when there is any.
    Check,
    /// Document storage.
    #[command(subcommand)]
    Storage(StorageCommand),
    /// Skatteverket's per-diem rate tables.
    #[command(subcommand)]
    Rates(per_diem::cli::RatesCommand),
    /// Per diems (traktamente): quote a trip against the stored rates.
    #[command(subcommand, name = "per-diem")]
    PerDiem(per_diem::cli::PerDiemCommand),
    /// Fill the database for load tests: the demo data (if empty), then synthetic applications
    /// in the MF programme's open call. Prints that cohort's applications path.
    Seed {
        #[arg(long, default_value_t = 2000)]
        applications: usize,
        /// Submitted reviews per application, from the call's first reviewers (at most three
        /// in the demo data).
        #[arg(long, default_value_t = 0)]
        reviews_per_application: usize,
        /// Synthetic cost items on the running MF cohort's budget (the budget page, the totals
        /// and the costs export under load).
        #[arg(long, default_value_t = 0)]
        cost_items: usize,
        /// Synthetic completed cohorts over the demo's programmes and the last three years,
        /// each with a planned budget and a few dozen cost items (finance's totals under load).
        #[arg(long, default_value_t = 0)]
        cohorts: usize,
    },
    /// Selection: propose a cohort from reviews and quotas (no database needed).
    #[command(subcommand)]
    Selection(crate::selection::cli::SelectionCommand),
    /// Host municipalities: suggest which team visits which host (no database needed).
    #[command(subcommand)]
    Hosts(crate::hosts::cli::HostsCommand),
    /// Write a finance report (per-diem, hosts, ledger, applications, …) as CSV or SIE 4 to a
    /// file or standard output, streamed from the database.
    Export(crate::reports::cli::ExportArgs),
}

#[derive(Subcommand, Debug)]
pub enum StorageCommand {
    /// Move documents from the uploads directory of earlier versions into the database, check
    /// every document and delete the moved files.
    Migrate,
}

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Create an account and print a one-time invitation link.
    Add {
        #[arg(long)]
        email: String,
        /// admin, manager, reviewer, finance, host or applicant.
        #[arg(long)]
        role: String,
        /// The programme (manager), cohort (reviewer) or host municipality (host) the role is limited to.
        #[arg(long)]
        scope: Option<i64>,
        /// The person's name as they write it.
        #[arg(long, default_value = "")]
        name: String,
    },
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    // Commands whose output is read by scripts log only warnings, so stderr holds nothing but
    // the one line of an error.
    init_tracing(matches!(
        cli.command,
        Command::Rates(_)
            | Command::PerDiem(_)
            | Command::Selection(_)
            | Command::Hosts(_)
            | Command::Export(_)
    ));
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {}", message.replace(['\n', '\r'], " "));
            ExitCode::from(2)
        }
    }
}

fn init_tracing(quiet: bool) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("ITP_LOG").unwrap_or_else(|_| {
        EnvFilter::new(if quiet {
            "warn"
        } else {
            "info,sqlx=warn,sea_orm=warn,tokio_cron_scheduler=warn"
        })
    });
    use std::io::IsTerminal;
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr)
        .try_init();
}

fn config(global: &GlobalArgs) -> Result<Config, String> {
    Config::resolve(
        global.database_url.clone(),
        global.data_dir.clone(),
        global.bind,
        global.base_url.clone(),
    )
    .with_mail(global.smtp_url.as_deref(), global.mail_from.as_deref())?
    .with_job_schedules(global.job_schedules.as_deref())?
    .with_retention(global.retention.as_deref())
    .map(|c| c.with_export_dir(global.export_dir.clone()))
}

/// Connects and migrates: what every command needs first.
pub async fn open(config: &Config) -> Result<Database, String> {
    if config.database_url.starts_with("sqlite:") {
        std::fs::create_dir_all(&config.data_dir).map_err(|e| {
            format!(
                "cannot create data directory {}: {e}",
                config.data_dir.display()
            )
        })?;
    }
    let db = Database::connect(&config.database_url)
        .await
        .map_err(|e| format!("cannot open the database: {e}"))?;
    let applied = db
        .migrate()
        .await
        .map_err(|e| format!("migration failed: {e}"))?;
    if applied > 0 {
        tracing::info!(applied, "migrations applied");
    }
    Ok(db)
}

pub fn state(db: Database, config: Config) -> Result<AppState, String> {
    AppState::new(db, config, Arc::new(SystemClock))
}

async fn run(cli: Cli) -> Result<(), String> {
    let config = config(&cli.global)?;
    match cli.command {
        Command::Serve { demo } => serve(config, demo).await,
        Command::Migrate => {
            open(&config).await?;
            println!("migrations are up to date");
            Ok(())
        }
        Command::User(UserCommand::Add {
            email,
            role,
            scope,
            name,
        }) => {
            let email = Email::parse(&email).map_err(|e| e.to_string())?;
            let role: Role = role
                .parse()
                .map_err(|e: itp_domain::role::UnknownRole| e.to_string())?;
            let grant = Grant::new(role, scope).map_err(|e| e.to_string())?;
            let db = open(&config).await?;
            let state = state(db, config)?;
            let invitation = admin::service::invite(
                &crate::ops::Context::system(&state, "itp user add"),
                &email,
                &name,
                grant,
            )
            .await
            .map_err(|e| e.to_string())?;
            println!(
                "Created {email} ({}). One-time invitation link, valid until {}:",
                role.label(),
                invitation.expires_at.format("%Y-%m-%d %H:%M UTC")
            );
            println!("{}", invitation.link);
            if let Some(id) = invitation.mail {
                println!(
                    "The link is also in an e-mail (outbox message #{id}); the running server sends it within a minute."
                );
            }
            Ok(())
        }
        Command::Backup { to } => backup::backup(&config, &to).await,
        Command::Restore { from } => backup::restore(&config, &from).await,
        Command::Check => backup::check_command(&config).await,
        Command::Storage(StorageCommand::Migrate) => backup::migrate_uploads(&config).await,
        Command::Seed {
            applications,
            reviews_per_application,
            cost_items,
            cohorts,
        } => {
            let db = open(&config).await?;
            let state = state(db, config)?;
            demo::seed_if_empty(&state).await?;
            let cohort_id = crate::demo::synthetic::seed(&state, applications).await?;
            if reviews_per_application > 0 {
                crate::demo::synthetic_reviews::seed(&state, cohort_id, reviews_per_application)
                    .await?;
            }
            if cost_items > 0 {
                let budget = crate::demo::synthetic_costs::seed(&state, cost_items).await?;
                eprintln!("{cost_items} cost items added to /cohorts/{budget}/budget");
            }
            if cohorts > 0 {
                let seeded = crate::demo::synthetic_cohorts::seed(&state, cohorts).await?;
                eprintln!("{seeded}");
            }
            println!("/cohorts/{cohort_id}/applications");
            Ok(())
        }
        Command::Rates(command) => per_diem::cli::rates(command, &config).await,
        Command::PerDiem(command) => per_diem::cli::per_diem(command, &config).await,
        Command::Selection(command) => crate::selection::cli::run(command),
        Command::Hosts(command) => crate::hosts::cli::run(command),
        Command::Export(args) => {
            let db = open(&config).await?;
            let state = state(db, config)?;
            crate::reports::cli::export(&state, args).await
        }
    }
}

async fn serve(config: Config, with_demo: bool) -> Result<(), String> {
    let started = Instant::now();
    tracing::info!(config = %config.describe(), "starting ITP Admin");
    let db = open(&config).await?;
    backup::warn_about_old_uploads(&config);
    let bind = config.bind;
    let state = state(db, config)?;
    if with_demo {
        demo::seed_if_empty(&state).await?;
    }
    tokio::task::spawn_blocking(security::password::warm_up);
    let _scheduler = jobs::start(state.clone()).await?;
    if mail::spawn_sender(state.clone()).is_some() {
        state.mail.nudge();
    } else {
        tracing::warn!(
            "ITP_SMTP_URL is not set: mail is not sent; it stays in the outbox at /admin/outbox"
        );
    }
    let listener = TcpListener::bind(bind)
        .await
        .map_err(|e| format!("cannot listen on {bind}: {e}"))?;
    tracing::info!(address = %bind, elapsed_ms = started.elapsed().as_millis() as u64, "listening");
    println!("ITP Admin is listening on {}", state.config.base_url);
    crate::app::serve(listener, state)
        .await
        .map_err(|e| format!("server stopped: {e}"))
}
