//! `itp rates import` and `itp per-diem quote`.
//!
//! Errors come back as one line for `main` to print on stderr (exit status 2); nothing is
//! printed on stdout unless the command succeeded.

use std::io::Read;
use std::path::{Path, PathBuf};

use clap::Subcommand;
use itp_domain::per_diem::{Trip, parse_open_data};

use super::service;
use crate::cli::open;
use crate::config::Config;
use crate::ops::Context;

#[derive(Subcommand, Debug)]
pub enum RatesCommand {
    /// Import Skatteverket's open-data file of normalbelopp: replaces the whole foreign table of
    /// each year the file holds; other years and the domestic amounts stay. A file with any row
    /// that cannot be read is refused whole.
    Import {
        /// The JSON file as Skatteverket's open data API gives it.
        #[arg(long)]
        file: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum PerDiemCommand {
    /// Quote a trip against the rates in the database; prints the statement as JSON.
    Quote {
        /// The trip as JSON (see the per-diem contract), or `-` for standard input.
        #[arg(long)]
        file: String,
    },
}

fn read_input(file: &str) -> Result<String, String> {
    if file == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("cannot read the trip from standard input: {e}"))?;
        return Ok(text);
    }
    read_file(Path::new(file))
}

fn read_file(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

pub async fn rates(command: RatesCommand, config: &Config) -> Result<(), String> {
    match command {
        RatesCommand::Import { file } => {
            let text = read_file(&file)?;
            let rows = parse_open_data(&text)
                .map_err(|e| format!("{}: {e}; nothing was imported", file.display()))?;
            let state = crate::cli::state(open(config).await?, config.clone())?;
            let report =
                service::import_foreign_rates(&Context::system(&state, "itp rates import"), &rows)
                    .await
                    .map_err(|e| format!("the import failed and nothing was imported: {e}"))?;
            println!(
                "Imported Skatteverket's normalbelopp from {}:",
                file.display()
            );
            for year in &report {
                let c = year.counts;
                println!(
                    "  {}: {} rows; {} added, {} changed, {} removed, {} unchanged",
                    c.year,
                    c.added + c.changed + c.unchanged,
                    c.added,
                    c.changed,
                    c.removed,
                    c.unchanged
                );
            }
            println!("Other years and the domestic maximum amounts are unchanged.");
            Ok(())
        }
    }
}

pub async fn per_diem(command: PerDiemCommand, config: &Config) -> Result<(), String> {
    match command {
        PerDiemCommand::Quote { file } => {
            // The trip is checked before the database is opened: bad input fails fast.
            let trip = Trip::from_json(&read_input(&file)?).map_err(|e| e.to_string())?;
            let db = open(config).await?;
            let statement = service::quote_with_stored_rates(&db.conn, &trip)
                .await
                .map_err(|e| e.to_string())?;
            let json = serde_json::to_string(&statement)
                .map_err(|e| format!("cannot write the statement: {e}"))?;
            println!("{json}");
            Ok(())
        }
    }
}
