//! Exact money: `rust_decimal` inside, a currency beside it, SEK by default.
//!
//! Amounts are stored as integer minor units (öre) because sea-orm keeps `Decimal` as a binary
//! float on SQLite (STACK.md, trap 1). Rounding never happens implicitly: a value with more
//! decimals than the currency has minor units cannot be stored and must be rounded by a named rule
//! first.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// An ISO 4217 currency code of three upper-case ASCII letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

impl Currency {
    pub const SEK: Currency = Currency(*b"SEK");
    pub const EUR: Currency = Currency(*b"EUR");
    pub const USD: Currency = Currency(*b"USD");

    pub fn parse(code: &str) -> Result<Self, MoneyError> {
        let bytes = code.trim().as_bytes();
        match bytes {
            [a, b, c] if bytes.iter().all(u8::is_ascii_alphabetic) => Ok(Currency([
                a.to_ascii_uppercase(),
                b.to_ascii_uppercase(),
                c.to_ascii_uppercase(),
            ])),
            _ => Err(MoneyError::InvalidCurrency(code.to_owned())),
        }
    }

    pub fn code(&self) -> &str {
        // Constructed only from ASCII letters.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }

    /// Digits after the decimal point of the currency's minor unit (öre, cent).
    pub fn minor_digits(&self) -> u32 {
        2
    }
}

impl Default for Currency {
    fn default() -> Self {
        Currency::SEK
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Currency::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("'{0}' is not a currency code (three letters, such as SEK)")]
    InvalidCurrency(String),
    #[error("'{0}' is not an amount of money")]
    InvalidAmount(String),
    #[error("{amount} has more decimals than {currency} has minor units")]
    TooPrecise { amount: Decimal, currency: Currency },
    #[error("the amount is too large")]
    Overflow,
    #[error("cannot combine {0} and {1}")]
    CurrencyMismatch(Currency, Currency),
}

/// An exact amount in one currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    amount: Decimal,
    currency: Currency,
}

impl Money {
    pub fn new(amount: Decimal, currency: Currency) -> Self {
        Money { amount, currency }
    }

    pub fn sek(amount: Decimal) -> Self {
        Money::new(amount, Currency::SEK)
    }

    pub fn zero(currency: Currency) -> Self {
        Money::new(Decimal::ZERO, currency)
    }

    pub fn amount(&self) -> Decimal {
        self.amount
    }

    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// Parses what a person types: `1 234,50`, `1234.50`, `-12`. A comma is read as the decimal
    /// separator (Swedish habit) unless the text also has a point.
    pub fn parse(text: &str, currency: Currency) -> Result<Self, MoneyError> {
        let cleaned: String = text
            .trim()
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\u{202f}')
            .collect();
        let normalised = if cleaned.contains('.') {
            cleaned.replace(',', "")
        } else {
            cleaned.replace(',', ".")
        };
        let amount = Decimal::from_str(&normalised)
            .map_err(|_| MoneyError::InvalidAmount(text.to_owned()))?;
        let money = Money::new(amount, currency);
        money.to_minor_units()?;
        Ok(money)
    }

    /// The amount in minor units (öre), refusing any value that would need rounding.
    pub fn to_minor_units(&self) -> Result<i64, MoneyError> {
        let digits = self.currency.minor_digits();
        let scaled = self
            .amount
            .checked_mul(Decimal::from(10_i64.pow(digits)))
            .ok_or(MoneyError::Overflow)?;
        if scaled.fract() != Decimal::ZERO {
            return Err(MoneyError::TooPrecise {
                amount: self.amount,
                currency: self.currency,
            });
        }
        i64::try_from(scaled).map_err(|_| MoneyError::Overflow)
    }

    pub fn from_minor_units(minor: i64, currency: Currency) -> Self {
        Money::new(Decimal::new(minor, currency.minor_digits()), currency)
    }

    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        let amount = self
            .amount
            .checked_add(other.amount)
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::new(amount, self.currency))
    }

    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        let amount = self
            .amount
            .checked_sub(other.amount)
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::new(amount, self.currency))
    }

    /// Sums amounts of one currency; an empty list is zero in `currency`.
    pub fn sum<I: IntoIterator<Item = Money>>(
        items: I,
        currency: Currency,
    ) -> Result<Money, MoneyError> {
        items
            .into_iter()
            .try_fold(Money::zero(currency), Money::checked_add)
    }

    fn same_currency(&self, other: Money) -> Result<(), MoneyError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch(self.currency, other.currency))
        }
    }

    /// The amount with exactly the currency's minor digits, `1234.50`: for exports and JSON.
    pub fn plain(&self) -> String {
        self.plain_amount().to_string()
    }

    /// The amount at the currency's minor digits, which is what [`Money::plain`] writes; for
    /// writing into a buffer without a `String` of its own.
    pub fn plain_amount(&self) -> Decimal {
        let mut a = self.amount;
        a.rescale(self.currency.minor_digits());
        a
    }
}

impl fmt::Display for Money {
    /// `1,234.50 SEK`: the English form of `format::money`, so that every page writes amounts
    /// one way.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::format::money(self, crate::format::Lang::En))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    #[test]
    fn minor_units_round_trip_keeps_trailing_zeros() {
        let m = Money::sek(dec!(100.00));
        let minor = m.to_minor_units().unwrap();
        assert_eq!(minor, 10_000);
        assert_eq!(
            Money::from_minor_units(minor, Currency::SEK).plain(),
            "100.00"
        );
    }

    #[test]
    fn large_values_keep_every_digit() {
        let m = Money::sek(dec!(92233720368547758.07));
        assert_eq!(m.to_minor_units().unwrap(), i64::MAX);
        assert_eq!(
            Money::from_minor_units(i64::MAX, Currency::SEK).plain(),
            "92233720368547758.07"
        );
    }

    #[test]
    fn too_precise_amount_is_refused_not_rounded() {
        let err = Money::sek(dec!(1.005)).to_minor_units().unwrap_err();
        assert!(matches!(err, MoneyError::TooPrecise { .. }));
    }

    #[test]
    fn parses_swedish_and_english_notation() {
        assert_eq!(
            Money::parse("1 234,50", Currency::SEK).unwrap().amount(),
            dec!(1234.50)
        );
        assert_eq!(
            Money::parse("1,234.50", Currency::SEK).unwrap().amount(),
            dec!(1234.50)
        );
        assert!(Money::parse("12 kr", Currency::SEK).is_err());
        assert!(Money::parse("0.001", Currency::SEK).is_err());
    }

    #[test]
    fn display_groups_thousands() {
        assert_eq!(
            Money::sek(dec!(1234567.5)).to_string(),
            "1,234,567.50\u{a0}SEK"
        );
        assert_eq!(Money::sek(dec!(-422)).to_string(), "-422.00\u{a0}SEK");
    }

    #[test]
    fn mixing_currencies_is_an_error() {
        let err = Money::sek(dec!(1))
            .checked_add(Money::new(dec!(1), Currency::EUR))
            .unwrap_err();
        assert_eq!(
            err,
            MoneyError::CurrencyMismatch(Currency::SEK, Currency::EUR)
        );
    }

    #[test]
    fn currency_codes_are_three_letters() {
        assert_eq!(Currency::parse("sek").unwrap(), Currency::SEK);
        assert!(Currency::parse("SE").is_err());
        assert!(Currency::parse("S€K").is_err());
    }

    proptest! {
        #[test]
        fn any_minor_amount_round_trips(minor in any::<i64>()) {
            let m = Money::from_minor_units(minor, Currency::SEK);
            prop_assert_eq!(m.to_minor_units().unwrap(), minor);
        }

        #[test]
        fn sum_is_exact(values in proptest::collection::vec(-1_000_000_000i64..1_000_000_000, 0..50)) {
            let total = Money::sum(values.iter().map(|v| Money::from_minor_units(*v, Currency::SEK)), Currency::SEK).unwrap();
            prop_assert_eq!(total.to_minor_units().unwrap(), values.iter().sum::<i64>());
        }
    }
}
