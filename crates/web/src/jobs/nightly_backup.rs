//! Every night on SQLite: a backup of the database (with every document, which live in it) into
//! `backups/` in the data directory, checked as `itp backup` checks it; then the newest
//! [`KEEP_BACKUPS`] are kept, and each kept one is opened and its integrity checked, so a
//! backup that has gone bad is reported while there are good ones beside it. On PostgreSQL the
//! job does nothing and says why: `pg_dump` reads the database there.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use itp_domain::reminder::{KEEP_BACKUPS, to_remove};
use itp_persistence::{Backend, Database};

use super::{Job, JobFuture, Report};
use crate::ops::{Context, OpError, OpResult};

pub struct NightlyBackup;

const PREFIX: &str = "itp-";
const SUFFIX: &str = ".sqlite";

impl Job for NightlyBackup {
    fn name(&self) -> &'static str {
        "nightly_backup"
    }

    fn default_schedule(&self) -> &'static str {
        "0 30 2 * * *"
    }

    fn purpose(&self) -> &'static str {
        "Backs up the SQLite database into backups/ in the data directory and keeps the last 14, each checked to open."
    }

    fn run<'a>(&'a self, ctx: &'a Context<'a>) -> JobFuture<'a> {
        Box::pin(back_up(ctx))
    }
}

/// Where the nightly backups go.
pub fn directory(data_dir: &Path) -> PathBuf {
    data_dir.join("backups")
}

/// The file name of the backup taken at `at`: its time sorts as its name does.
fn file_name(at: DateTime<Utc>) -> String {
    format!("{PREFIX}{}{SUFFIX}", at.format("%Y%m%d-%H%M%S"))
}

async fn back_up(ctx: &Context<'_>) -> OpResult<Report> {
    let state = ctx.state;
    if state.db.backend == Backend::Postgres {
        return Ok(Report::text(
            "skipped: the database is PostgreSQL, which this job does not copy; back it up with \
             pg_dump --format=custom (see the deploy guide)",
        ));
    }
    let dir = directory(&state.config.data_dir);
    std::fs::create_dir_all(&dir)
        .map_err(|e| OpError::internal(format!("cannot create {}: {e}", dir.display())))?;
    let target = dir.join(file_name(ctx.now()));
    let check = crate::backup::write_backup(&state.db, &target)
        .await
        .map_err(OpError::internal)?;
    if !check.is_clean() {
        return Err(OpError::internal(format!(
            "the backup {} was written but its check found problems: {}",
            target.display(),
            check
                .problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        )));
    }
    let names = backups_in(&dir)?;
    let removed = to_remove(&names, KEEP_BACKUPS);
    for name in &removed {
        std::fs::remove_file(dir.join(name))
            .map_err(|e| OpError::internal(format!("cannot remove the old backup {name}: {e}")))?;
    }
    let kept: Vec<&String> = names.iter().filter(|n| !removed.contains(n)).collect();
    let mut bad = Vec::new();
    for name in &kept {
        if let Err(problem) = opens_cleanly(&dir.join(name)).await {
            bad.push(format!("{name}: {problem}"));
        }
    }
    if !bad.is_empty() {
        return Err(OpError::internal(format!(
            "backups that do not open cleanly: {}",
            bad.join("; ")
        )));
    }
    let counts = vec![
        ("backups kept, each opened and checked", kept.len() as u64),
        ("old backups removed", removed.len() as u64),
        ("documents in the new backup", check.whole as u64),
    ];
    let parts: Vec<String> = counts
        .iter()
        .map(|(what, n)| format!("{n} {what}"))
        .collect();
    Ok(Report {
        summary: format!(
            "wrote {}; {}",
            target
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default(),
            parts.join(", ")
        ),
        counts,
    })
}

/// The nightly backups in `dir`, by name.
fn backups_in(dir: &Path) -> OpResult<Vec<String>> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| OpError::internal(format!("cannot read {}: {e}", dir.display())))?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(OpError::internal)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(PREFIX) && name.ends_with(SUFFIX) {
            names.push(name);
        }
    }
    Ok(names)
}

/// Opens a backup and runs SQLite's own integrity check on it.
async fn opens_cleanly(path: &Path) -> Result<(), String> {
    let db = Database::inspect_sqlite_file(path)
        .await
        .map_err(|e| e.to_string())?;
    let problems = db.integrity_problems().await.map_err(|e| e.to_string());
    let _ = db.conn.close().await;
    match problems? {
        p if p.is_empty() => Ok(()),
        p => Err(p.join("; ")),
    }
}
