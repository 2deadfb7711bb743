//! `itp export REPORT --format … [--from] [--to] [--programme] [--cohort] [--state] [--out]`:
//! a report written to a file or standard output, streamed like the download, and recorded in
//! the audit log under `itp export` when it names people.

use std::path::PathBuf;

use clap::Args;
use itp_domain::Code;
use itp_domain::reports::{FilterInput, Format, Report};

use super::run::{self, Output, Requester};
use crate::app::AppState;

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// per-diem, costs, budget, participants, hosts, ledger or applications.
    pub report: String,
    /// csv, csv-excel-sv or sie4 (the ledger only).
    #[arg(long, default_value = "csv-excel-sv")]
    pub format: String,
    /// The first day of the period, 2027-01-31.
    #[arg(long, default_value = "")]
    pub from: String,
    /// The last day of the period.
    #[arg(long, default_value = "")]
    pub to: String,
    /// A programme's code (MF).
    #[arg(long, default_value = "")]
    pub programme: String,
    /// A cohort's number.
    #[arg(long, default_value = "")]
    pub cohort: String,
    /// A state the report knows (per-diem: draft, approved, paid).
    #[arg(long, default_value = "")]
    pub state: String,
    /// The file to write; standard output without it.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

pub async fn export(state: &AppState, args: ExportArgs) -> Result<(), String> {
    let report = Report::parse(args.report.trim()).ok_or_else(|| {
        let names: Vec<&str> = Report::ALL.iter().map(|r| r.code()).collect();
        format!(
            "unknown report {:?}: one of {}",
            args.report,
            names.join(", ")
        )
    })?;
    let format = Format::parse(args.format.trim())
        .filter(|f| report.formats().contains(f))
        .ok_or_else(|| {
            let names: Vec<&str> = report.formats().iter().map(|f| f.code()).collect();
            format!("the {} report comes as {}", report.code(), names.join(", "))
        })?;
    let filter = FilterInput {
        from: args.from,
        to: args.to,
        programme: args.programme,
        cohort: args.cohort,
        state: args.state,
    }
    .validate(report)
    .map_err(|e| e.to_string())?;
    let requester = Requester::system("itp export");
    let plan = run::plan(state, &requester, report, filter)
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())?;
    match args.out {
        Some(path) => {
            let mut file = tokio::fs::File::create(&path)
                .await
                .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
            run::run(state, &requester, plan, format, Output::Writer(&mut file))
                .await
                .map_err(|e| e.to_string())?;
            file.sync_all()
                .await
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
        None => {
            let mut out = tokio::io::stdout();
            run::run(state, &requester, plan, format, Output::Writer(&mut out))
                .await
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}
