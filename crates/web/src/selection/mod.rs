//! Selection: the board over the domain's proposal rules (`itp_domain::selection`), and the
//! `itp selection` command.

pub mod cli;
pub mod export;
mod routes;
mod views;

pub use routes::routes;
