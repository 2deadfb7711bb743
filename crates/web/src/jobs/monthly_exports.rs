//! Early each month: the reports of the month that has just ended, written into a folder of
//! their own (`exports/2026-11/` in the data directory, or `ITP_EXPORT_DIR`), the way `itp
//! export` writes them; then only the newest [`KEEP_MONTHS`] folders are kept. Applications are
//! left out: that report is one cohort's, not a month's.

use std::path::Path;

use itp_domain::Code;
use itp_domain::reminder::to_remove;
use itp_domain::reports::{Filter, Format, KEEP_MONTHS, Report, previous_month};

use super::{Job, JobFuture, Report as RunReport};
use crate::ops::{Context, OpError, OpResult};
use crate::reports::run::{self, Output, Requester};

pub struct MonthlyExports;

impl Job for MonthlyExports {
    fn name(&self) -> &'static str {
        "monthly_exports"
    }

    fn default_schedule(&self) -> &'static str {
        "0 0 4 1 * *"
    }

    fn purpose(&self) -> &'static str {
        "Writes last month's finance reports (Excel CSV, and the ledger as SIE 4) into a folder per month and keeps the last 24."
    }

    fn run<'a>(&'a self, ctx: &'a Context<'a>) -> JobFuture<'a> {
        Box::pin(write_month(ctx))
    }
}

/// What the job writes: each report of a month (the budget as it stands at the month's end), and
/// the ledger also for the accounting system.
const FILES: &[(Report, Format)] = &[
    (Report::PerDiem, Format::CsvExcelSv),
    (Report::Costs, Format::CsvExcelSv),
    (Report::Budget, Format::CsvExcelSv),
    (Report::Hosts, Format::CsvExcelSv),
    (Report::Ledger, Format::CsvExcelSv),
    (Report::Ledger, Format::Sie4),
];

async fn write_month(ctx: &Context<'_>) -> OpResult<RunReport> {
    let state = ctx.state;
    let (first, last) = previous_month(ctx.now().date_naive());
    let root = state.config.export_dir.clone();
    let folder = root.join(first.format("%Y-%m").to_string());
    std::fs::create_dir_all(&folder)
        .map_err(|e| OpError::internal(format!("cannot create {}: {e}", folder.display())))?;
    let requester = Requester::system("job monthly_exports");
    let mut written = 0;
    for (report, format) in FILES {
        let filter = Filter {
            from: Some(first),
            to: Some(last),
            ..Filter::default()
        };
        let plan = run::plan(state, &requester, *report, filter)
            .await
            .map_err(|e| OpError::internal(e.to_string()))?
            .map_err(OpError::Invalid)?;
        let name = format!(
            "{}-{}.{}",
            report.code(),
            first.format("%Y-%m"),
            format.extension()
        );
        let path = folder.join(&name);
        let mut file = tokio::fs::File::create(&path)
            .await
            .map_err(|e| OpError::internal(format!("cannot create {}: {e}", path.display())))?;
        run::run(state, &requester, plan, *format, Output::Writer(&mut file))
            .await
            .map_err(|e| OpError::internal(e.to_string()))?;
        file.sync_all()
            .await
            .map_err(|e| OpError::internal(format!("cannot write {}: {e}", path.display())))?;
        written += 1;
    }
    let removed = rotate(&root)?;
    Ok(RunReport::counted(
        &format!("wrote {}:", first.format("%Y-%m")),
        vec![("files", written), ("old months removed", removed)],
    ))
}

/// Keeps the newest month folders (named `YYYY-MM`, so they sort by time).
fn rotate(root: &Path) -> OpResult<u64> {
    let entries = std::fs::read_dir(root)
        .map_err(|e| OpError::internal(format!("cannot read {}: {e}", root.display())))?;
    let mut months = Vec::new();
    for entry in entries {
        let entry = entry.map_err(OpError::internal)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_month = name.len() == 7
            && name.as_bytes()[4] == b'-'
            && name
                .bytes()
                .enumerate()
                .all(|(i, b)| i == 4 || b.is_ascii_digit());
        if is_month && entry.path().is_dir() {
            months.push(name);
        }
    }
    let removed = to_remove(&months, KEEP_MONTHS);
    for name in &removed {
        std::fs::remove_dir_all(root.join(name))
            .map_err(|e| OpError::internal(format!("cannot remove {name}: {e}")))?;
    }
    Ok(removed.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_newest_month_folders_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        for y in 2024..2027 {
            for m in 1..=12 {
                std::fs::create_dir(dir.path().join(format!("{y}-{m:02}"))).unwrap();
            }
        }
        std::fs::create_dir(dir.path().join("notes")).unwrap();
        assert_eq!(rotate(dir.path()).unwrap(), 12);
        assert!(!dir.path().join("2024-12").exists());
        assert!(dir.path().join("2025-01").exists() && dir.path().join("notes").exists());
    }
}
