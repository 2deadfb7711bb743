//! `itp hosts match --file CASE.json`: the matching contract's case in, the suggestion out,
//! through the same domain function as the matching board. No database is opened.
//!
//! Errors come back as one line for `main` to print on stderr (exit status 2); nothing is
//! printed on stdout unless the command succeeded.

use std::io::Read;

use clap::Subcommand;
use itp_domain::hosts::MatchCase;

#[derive(Subcommand, Debug)]
pub enum HostsCommand {
    /// Suggest which team visits which host (see the matching contract); prints JSON.
    Match {
        /// The case as JSON, or `-` for standard input.
        #[arg(long)]
        file: String,
    },
}

fn read_case(file: &str) -> Result<String, String> {
    if file == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("cannot read the case from standard input: {e}"))?;
        return Ok(text);
    }
    std::fs::read_to_string(file).map_err(|e| format!("cannot read {file}: {e}"))
}

/// The suggestion's JSON for the case in `file`, or the one line that says what is wrong.
pub fn suggest(file: &str) -> Result<String, String> {
    let case = MatchCase::from_json(&read_case(file)?).map_err(|e| e.to_string())?;
    serde_json::to_string(&case.suggest().to_json())
        .map_err(|e| format!("cannot write the suggestion: {e}"))
}

pub fn run(command: HostsCommand) -> Result<(), String> {
    match command {
        HostsCommand::Match { file } => {
            println!("{}", suggest(&file)?);
            Ok(())
        }
    }
}
