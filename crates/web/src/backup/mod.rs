//! `itp backup`, `itp restore`, `itp check` and `itp storage migrate`: one archive with the data
//! and every document, brought back whole into an empty data directory, and checked.
//!
//! Documents live in the database (`crate::storage`), so the archive is the database: on SQLite
//! a `VACUUM INTO` copy, read from one snapshot while the app keeps running and taking uploads;
//! on PostgreSQL `pg_dump`, which reads one snapshot too (the deploy guide has the steps).

mod migrate;

use std::path::{Path, PathBuf};

use itp_persistence::{Backend, Database};

use crate::config::Config;
use crate::storage::check::{self, Report};

pub use migrate::migrate_uploads;

/// Said when a command that handles the SQLite file meets a PostgreSQL database.
const POSTGRES_BACKUP: &str = "on PostgreSQL the documents are in the database: back it up with \
    pg_dump --format=custom (see the deploy guide), which reads one consistent snapshot while the app runs";
const POSTGRES_RESTORE: &str = "on PostgreSQL restore with pg_restore into an empty database \
    (see the deploy guide), then run itp check";

/// Prints each problem on its own line and the summary; an error when there is any problem.
fn conclude(report: &Report, what: &str) -> Result<(), String> {
    for problem in &report.problems {
        println!("problem: {problem}");
    }
    println!("{what}: {}", report.summary());
    if report.is_clean() {
        Ok(())
    } else {
        Err(format!(
            "{what}: {} problem(s) found (listed above)",
            report.problems.len()
        ))
    }
}

async fn checked(db: &Database) -> Result<Report, String> {
    check::run(db)
        .await
        .map_err(|e| format!("the check could not run: {e}"))
}

/// `itp check`: rows without their document, documents without their row, checksum
/// mismatches, and the database's own integrity check.
pub async fn check_command(config: &Config) -> Result<(), String> {
    let db = crate::cli::open(config).await?;
    let report = checked(&db).await?;
    conclude(&report, "check")
}

/// `itp backup --to FILE`: on SQLite, one file with the data and every document, taken while the
/// app runs, then opened and checked.
pub async fn backup(config: &Config, to: &Path) -> Result<(), String> {
    let db = crate::cli::open(config).await?;
    let report = write_backup(&db, to).await?;
    conclude(&report, &format!("backup written to {}", to.display()))
}

/// Writes the backup of `db` to `to` (which must not exist) and checks the copy: the one
/// implementation behind `itp backup`, for a scheduled backup to call as well.
pub async fn write_backup(db: &Database, to: &Path) -> Result<Report, String> {
    if db.backend == Backend::Postgres {
        return Err(POSTGRES_BACKUP.into());
    }
    db.backup_sqlite_to(to).await.map_err(|e| e.to_string())?;
    let copy = Database::inspect_sqlite_file(to)
        .await
        .map_err(|e| format!("the backup was written but does not open: {e}"))?;
    let report = checked(&copy).await?;
    copy.conn.close().await.map_err(|e| e.to_string())?;
    Ok(report)
}

/// `itp restore --from FILE`: the backup becomes the database of an empty data directory,
/// migrated to this version and checked. Refuses to overwrite a database that exists.
pub async fn restore(config: &Config, from: &Path) -> Result<(), String> {
    if !config.database_url.starts_with("sqlite:") {
        return Err(POSTGRES_RESTORE.into());
    }
    let target = itp_persistence::connect::sqlite_file_of(&config.database_url)
        .ok_or_else(|| "the database URL names no SQLite file to restore into".to_owned())?;
    let mut header = [0u8; 16];
    {
        use std::io::Read;
        let mut file = std::fs::File::open(from)
            .map_err(|e| format!("cannot read {}: {e}", from.display()))?;
        file.read_exact(&mut header)
            .map_err(|_| format!("{} is not an ITP backup", from.display()))?;
    }
    if &header != b"SQLite format 3\0" {
        return Err(format!(
            "{} is not an ITP backup (not an SQLite database)",
            from.display()
        ));
    }
    for existing in [
        target.clone(),
        with_suffix(&target, "-wal"),
        with_suffix(&target, "-journal"),
    ] {
        if existing.exists() {
            return Err(format!(
                "{} already exists: restore into an empty data directory (or move the old database away first)",
                existing.display()
            ));
        }
    }
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    // Copied beside the target and renamed into place, so a crash never leaves half a database
    // under the real name.
    let partial = with_suffix(&target, ".restoring");
    let copied = std::fs::copy(from, &partial)
        .and_then(|_| std::fs::File::open(&partial)?.sync_all())
        .and_then(|()| std::fs::rename(&partial, &target));
    if let Err(e) = copied {
        let _ = std::fs::remove_file(&partial);
        return Err(format!("cannot copy the backup into place: {e}"));
    }
    let db = crate::cli::open(config).await?;
    let report = checked(&db).await?;
    conclude(
        &report,
        &format!("restored {} into {}", from.display(), target.display()),
    )
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// At start: documents still under `uploads/` from before documents moved into the database are
/// not served until `itp storage migrate` has moved them.
pub fn warn_about_old_uploads(config: &Config) {
    let uploads = config.data_dir.join("uploads");
    let count = std::fs::read_dir(&uploads).map_or(0, |dir| dir.count());
    if count > 0 {
        tracing::warn!(
            files = count,
            directory = %uploads.display(),
            "documents are still in the old uploads directory: run `itp storage migrate` to move them into the database"
        );
    }
}
