//! Selection: the board over the domain's proposal rules (`itp_domain::selection`), and the
//! `itp selection` command.

mod board;
mod board_cache;
pub mod cli;
mod confirm_routes;
mod decision_routes;
mod decision_views;
pub mod export;
pub mod letters;
mod routes;
pub mod service;
mod views;

pub use board::{BoardQuery, Computed, compute};
pub use board_cache::BoardCache;
pub use decision_views::funnel_svg as decision_views_funnel_svg;

/// Every route of selection.
pub fn routes(r: crate::app::Routes) -> crate::app::Routes {
    confirm_routes::routes(decision_routes::routes(routes::routes(r)))
}
