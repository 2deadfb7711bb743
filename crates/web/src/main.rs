#![forbid(unsafe_code)]

use std::process::ExitCode;

fn main() -> ExitCode {
    itp_web::cli::main()
}
