//! The rules of ITP Admin as pure types and functions: no IO, no web framework, no database.
//! Every other crate depends on this one, never the other way round.
#![forbid(unsafe_code)]

pub mod account;
pub mod application;
pub mod audit;
pub mod authz;
pub mod budget;
pub mod calendar;
pub mod clock;
pub mod code;
pub mod cohort;
pub mod country;
pub mod format;
pub mod hosts;
pub mod ledger;
pub mod mail;
pub mod money;
pub mod participants;
pub mod password_policy;
pub mod per_diem;
pub mod phase;
pub mod programme;
pub mod reminder;
pub mod reports;
pub mod retention;
pub mod review;
pub mod role;
pub mod selection;
pub mod sie4;
pub mod throttle;
pub mod validation;
pub mod wording;

pub use clock::Clock;
pub use code::Code;
pub use money::{Currency, Money, MoneyError};
