//! Selection: the board, the decisions and the refill, over the domain's proposal rules
//! (`itp_domain::selection`), and the `itp selection` command.

pub mod cli;
