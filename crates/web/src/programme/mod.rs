//! The programme catalogue: list, programme pages, the programme form, archiving, and the year
//! overview across programmes.

mod form;
mod overview;
pub mod routes;
mod service;
pub(crate) mod views;
