//! Exchange rates and conversion to SEK.
//!
//! A cost in another currency is converted at the rate of its date: the latest rate of that
//! currency on or before the date (a weekend cost takes Friday's rate; a monthly average, dated
//! the first of its month, serves the whole month until a daily rate follows). Without such a
//! rate the cost is refused, never converted at a guess.
//!
//! **Rounding rule**: the SEK amount is the original amount times the rate, rounded once to
//! whole öre, halves away from zero (commercial rounding, as banks and Swedish bookkeeping round
//! a converted amount). The original amount, the rate and its date are stored beside it.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};

use super::RateSource;
use crate::money::{Currency, Money, MoneyError};
use crate::validation::FieldErrors;

/// SEK per one unit of `currency`, from `on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub currency: Currency,
    pub on: NaiveDate,
    pub sek_per_unit: Decimal,
    pub source: RateSource,
}

/// No rate of the currency on or before the date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "There is no exchange rate for {currency} on or before {on}: enter one under Exchange rates first."
)]
pub struct NoRate {
    pub currency: Currency,
    pub on: NaiveDate,
}

/// The latest rate of `currency` on or before `on`.
pub fn rate_on(rates: &[Rate], currency: Currency, on: NaiveDate) -> Result<Rate, NoRate> {
    rates
        .iter()
        .filter(|r| r.currency == currency && r.on <= on)
        .max_by_key(|r| r.on)
        .copied()
        .ok_or(NoRate { currency, on })
}

/// A cost in its currency and in SEK, with the rate used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Conversion {
    pub original: Money,
    pub sek_per_unit: Decimal,
    pub rate_on: NaiveDate,
    pub sek: Money,
}

/// Converts `original`, incurred on `on`, with the rate table `rates` (SEK needs none).
pub fn convert(original: Money, on: NaiveDate, rates: &[Rate]) -> Result<Conversion, NoRate> {
    if original.currency() == Currency::SEK {
        return Ok(Conversion {
            original,
            sek_per_unit: Decimal::ONE,
            rate_on: on,
            sek: original,
        });
    }
    let rate = rate_on(rates, original.currency(), on)?;
    Ok(Conversion {
        original,
        sek_per_unit: rate.sek_per_unit,
        rate_on: rate.on,
        sek: Money::sek(to_ore(original.amount() * rate.sek_per_unit)),
    })
}

/// The named rounding rule: to whole öre, halves away from zero.
pub fn to_ore(sek: Decimal) -> Decimal {
    sek.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// The most decimals a rate may have, and the largest one: far beyond any real currency.
pub const MAX_RATE_DECIMALS: u32 = 10;
pub const MAX_RATE: i64 = 100_000;

/// Reads a rate as typed or published: `10,4235`, `0.0028`; positive, at most ten decimals.
pub fn parse_rate(text: &str) -> Result<Decimal, String> {
    let cleaned: String = text.trim().chars().filter(|c| !c.is_whitespace()).collect();
    let rate = Decimal::from_str(&cleaned.replace(',', ".")).map_err(|_| {
        format!(
            "'{}' is not a rate: write SEK per unit, such as 10,4235.",
            text.trim()
        )
    })?;
    if rate <= Decimal::ZERO {
        return Err("A rate must be more than zero.".into());
    }
    if rate.scale() > MAX_RATE_DECIMALS || rate > Decimal::from(MAX_RATE) {
        return Err(format!(
            "A rate has at most {MAX_RATE_DECIMALS} decimals and is below {MAX_RATE} SEK."
        ));
    }
    Ok(rate.normalize())
}

/// What the manual rate form sends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RateInput {
    pub currency: String,
    pub on: String,
    pub sek_per_unit: String,
}

impl RateInput {
    pub fn validate(&self) -> Result<Rate, FieldErrors> {
        let mut errors = FieldErrors::new();
        let currency = match Currency::parse(&self.currency) {
            Ok(c) if c == Currency::SEK => {
                errors.add("currency", "SEK needs no rate.");
                None
            }
            Ok(c) => Some(c),
            Err(MoneyError::InvalidCurrency(_)) | Err(_) => {
                errors.add(
                    "currency",
                    "Enter a currency code of three letters, such as USD.",
                );
                None
            }
        };
        let on = NaiveDate::parse_from_str(self.on.trim(), "%Y-%m-%d")
            .map_err(|_| errors.add("on", "Enter the date as YYYY-MM-DD."))
            .ok();
        let rate = parse_rate(&self.sek_per_unit)
            .map_err(|e| errors.add("sek_per_unit", e))
            .ok();
        match (currency, on, rate) {
            (Some(currency), Some(on), Some(sek_per_unit)) if errors.is_empty() => Ok(Rate {
                currency,
                on,
                sek_per_unit,
                source: RateSource::Manual,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn usd(on: &str, rate: Decimal) -> Rate {
        Rate {
            currency: Currency::USD,
            on: day(on),
            sek_per_unit: rate,
            source: RateSource::Manual,
        }
    }

    #[test]
    fn a_cost_takes_the_latest_rate_on_or_before_its_date() {
        let rates = [
            usd("2026-11-02", dec!(10.50)),
            usd("2026-11-06", dec!(10.60)),
            usd("2026-11-09", dec!(10.70)),
        ];
        let c = convert(
            Money::new(dec!(100), Currency::USD),
            day("2026-11-08"),
            &rates,
        )
        .unwrap();
        assert_eq!(c.rate_on, day("2026-11-06"));
        assert_eq!(c.sek.amount(), dec!(1060.00));
        let c = convert(
            Money::new(dec!(100), Currency::USD),
            day("2026-11-09"),
            &rates,
        )
        .unwrap();
        assert_eq!(c.sek_per_unit, dec!(10.70));
    }

    #[test]
    fn a_cost_before_every_rate_is_refused_with_a_clear_message() {
        let rates = [usd("2026-11-02", dec!(10.50))];
        let e = convert(
            Money::new(dec!(1), Currency::USD),
            day("2026-11-01"),
            &rates,
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .contains("no exchange rate for USD on or before 2026-11-01")
        );
        let eur = convert(
            Money::new(dec!(1), Currency::EUR),
            day("2026-12-01"),
            &rates,
        );
        assert!(eur.is_err());
    }

    #[test]
    fn halves_round_away_from_zero_to_whole_ore() {
        assert_eq!(to_ore(dec!(10.005)), dec!(10.01));
        assert_eq!(to_ore(dec!(10.004999)), dec!(10.00));
        assert_eq!(to_ore(dec!(-10.005)), dec!(-10.01));
        let ugx = Rate {
            currency: Currency::parse("UGX").unwrap(),
            ..usd("2026-11-01", dec!(0.002871))
        };
        let c = convert(
            Money::new(dec!(1250000), ugx.currency),
            day("2026-11-03"),
            &[ugx],
        )
        .unwrap();
        assert_eq!(c.sek.amount(), dec!(3588.75));
    }

    #[test]
    fn sek_needs_no_rate() {
        let c = convert(Money::sek(dec!(12.34)), day("2026-11-01"), &[]).unwrap();
        assert_eq!(c.sek.amount(), dec!(12.34));
        assert_eq!(c.sek_per_unit, Decimal::ONE);
    }

    #[test]
    fn rates_are_read_with_comma_or_point_and_refused_when_odd() {
        assert_eq!(parse_rate("10,4235").unwrap(), dec!(10.4235));
        assert_eq!(parse_rate(" 0.0028 ").unwrap(), dec!(0.0028));
        assert!(parse_rate("0").is_err());
        assert!(parse_rate("-1").is_err());
        assert!(parse_rate("n/a").is_err());
        assert!(parse_rate("0.00000000001").is_err());
    }

    #[test]
    fn the_rate_form_names_its_fields() {
        let e = RateInput {
            currency: "SEK".into(),
            on: "1 May".into(),
            sek_per_unit: "x".into(),
        }
        .validate()
        .unwrap_err();
        assert!(e.for_field("currency").is_some());
        assert!(e.for_field("on").is_some());
        assert!(e.for_field("sek_per_unit").is_some());
        let r = RateInput {
            currency: "usd".into(),
            on: "2026-11-02".into(),
            sek_per_unit: "10,5".into(),
        }
        .validate()
        .unwrap();
        assert_eq!(r.currency, Currency::USD);
    }

    proptest! {
        #[test]
        fn conversion_is_within_half_an_ore_of_the_exact_product(cents in 0i64..10_000_000_000, rate in 1i64..100_000_000) {
            let rate = Decimal::new(rate, 6);
            let original = Money::from_minor_units(cents, Currency::USD);
            let c = convert(original, day("2026-11-03"), &[usd("2026-11-01", rate)]).unwrap();
            let exact = original.amount() * rate;
            prop_assert!((c.sek.amount() - exact).abs() <= dec!(0.005));
            prop_assert!(c.sek.to_minor_units().is_ok());
        }
    }
}
