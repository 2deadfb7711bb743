//! Per diem as stored: Skatteverket's rate tables ([`rates`]), the programmes' own per-diem
//! policies with their versions ([`policies`]), uploaded rate files awaiting confirmation
//! ([`imports`]), per-diem statements with the lines and rates they were computed with
//! ([`statements`]), and the cohorts statements belong to ([`cohorts`]).
//!
//! Money is kept as integer öre and percentages as integer basis points (hundredths of a
//! percent): exact on SQLite and PostgreSQL alike, where sea-orm would read DECIMAL through f64
//! on SQLite. A value that would need rounding to fit is refused, never rounded here.

pub mod cohorts;
pub mod imports;
pub mod policies;
pub mod rates;
pub mod statements;

#[cfg(test)]
mod tests;

use itp_domain::{Currency, Money};
use rust_decimal::Decimal;

use crate::{PersistenceError, Result};

/// SEK as whole öre; refuses amounts between öre rather than rounding them.
pub(crate) fn to_ore(amount: Decimal) -> Result<i64> {
    Money::sek(amount)
        .to_minor_units()
        .map_err(|e| PersistenceError::Corrupt(format!("{amount} SEK cannot be stored: {e}")))
}

pub(crate) fn from_ore(ore: i64) -> Decimal {
    Money::from_minor_units(ore, Currency::SEK).amount()
}

/// A percentage as basis points: 12.5 % is 1250.
pub(crate) fn to_basis_points(percent: Decimal) -> Result<i32> {
    let scaled = percent * Decimal::ONE_HUNDRED;
    if !scaled.fract().is_zero() {
        return Err(PersistenceError::Corrupt(format!(
            "{percent} % has more than two decimals"
        )));
    }
    i32::try_from(scaled)
        .map_err(|_| PersistenceError::Corrupt(format!("{percent} % is too large")))
}

pub(crate) fn from_basis_points(bp: i32) -> Decimal {
    Decimal::new(i64::from(bp), 2).normalize()
}

pub(crate) fn corrupt(what: &str, err: impl std::fmt::Display) -> PersistenceError {
    PersistenceError::Corrupt(format!("{what}: {err}"))
}
