//! Cohort budgets as stored: budget lines with their plan, control and version ([`lines`]), the
//! cost items committed and paid against them ([`cost_items`], the API other features write
//! their bookings through), and the exchange-rate table ([`rates`]). [`figures`] reads what a
//! budget page and finance's totals add up.
//!
//! Money is integer öre (and minor units of the original currency); rates are exact decimal
//! text. Sums of integer columns are taken in SQL (exact on both backends) or in Rust.

pub mod cost_items;
pub mod figures;
pub mod lines;
pub mod rates;

use itp_domain::{Currency, Money};
use rust_decimal::Decimal;

use crate::{PersistenceError, Result};

pub(crate) fn to_ore(amount: Decimal) -> Result<i64> {
    Money::sek(amount)
        .to_minor_units()
        .map_err(|e| PersistenceError::Corrupt(format!("{amount} SEK cannot be stored: {e}")))
}

pub(crate) fn from_ore(ore: i64) -> Decimal {
    Money::from_minor_units(ore, Currency::SEK).amount()
}

pub(crate) fn corrupt(what: &str, err: impl std::fmt::Display) -> PersistenceError {
    PersistenceError::Corrupt(format!("{what}: {err}"))
}

#[cfg(test)]
mod tests;
