//! Where ITP Admin keeps its data: sea-orm entities, repositories that map rows to domain types,
//! and the connection (SQLite by default, PostgreSQL for production).
#![forbid(unsafe_code)]

pub mod account;
pub mod application;
pub mod audit;
pub mod background;
#[cfg(test)]
mod boundary_tests;
pub mod budget;
pub mod calendar;
pub mod cohort;
pub mod connect;
pub mod data_version;
mod decode;
pub mod document_store;
pub(crate) mod entities;
pub mod erasure;
mod error;
pub mod hosts;
pub mod jobs;
pub mod ledger;
pub mod mail;
pub mod mail_templates;
pub mod participants;
pub mod per_diem;
pub mod personal_data;
pub mod phase;
pub mod programme;
pub mod reminders;
pub mod reports;
pub mod request_counts;
pub mod retention;
pub mod review;
pub mod review_reminders;
pub mod selection;
pub mod selection_decisions;
pub mod selection_settings;
pub mod session;
pub mod sqlite_reader;
#[cfg(test)]
mod test_support;
pub mod throttle;

pub use connect::{Backend, Database, begin_write};
pub use decode::decode;
pub use error::{PersistenceError, Result};
pub use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, TransactionTrait,
};
