//! `itp selection propose --file CASE.json`: the selection contract's case in, the proposal out,
//! through the same domain functions as the board. No database is opened.
//!
//! Errors come back as one line for `main` to print on stderr (exit status 2); nothing is
//! printed on stdout unless the command succeeded.

use std::io::Read;

use clap::Subcommand;
use itp_domain::selection::Case;

#[derive(Subcommand, Debug)]
pub enum SelectionCommand {
    /// Propose a selection for a case (see the selection contract); prints the proposal as JSON.
    Propose {
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

/// The proposal's JSON for the case in `file`, or the one line that says what is wrong.
pub fn propose(file: &str) -> Result<String, String> {
    let case = Case::from_json(&read_case(file)?).map_err(|e| e.to_string())?;
    serde_json::to_string(&case.propose().to_json())
        .map_err(|e| format!("cannot write the proposal: {e}"))
}

pub fn run(command: SelectionCommand) -> Result<(), String> {
    match command {
        SelectionCommand::Propose { file } => {
            println!("{}", propose(&file)?);
            Ok(())
        }
    }
}
