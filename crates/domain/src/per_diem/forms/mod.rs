//! What people type into the per-diem forms, checked field by field: every problem is reported
//! against the field it concerns (`FieldErrors`), all at once, and nothing is half-accepted.
//!
//! - [`itinerary`]: departure, return, stays, free meals, lodging → a [`super::Trip`].
//! - [`statement`]: the traveller, the phase, the policy, and the itinerary.
//! - [`policy`]: a programme policy and its versions; a year's domestic maximum amount.

pub mod itinerary;
pub mod policy;
pub mod statement;

use chrono::NaiveDateTime;
use rust_decimal::Decimal;

use crate::country::{self, CountryCode};
use crate::money::{Currency, Money};
use crate::validation::FieldErrors;

/// A local date and time as a `datetime-local` input sends it (`2024-03-04T08:30`), or typed
/// with a space instead of the `T`; seconds are allowed.
pub(crate) fn local_time(
    errors: &mut FieldErrors,
    field: &str,
    label: &str,
    value: &str,
) -> Option<NaiveDateTime> {
    let text = value.trim();
    if text.is_empty() {
        errors.add(field, format!("Enter the {label}."));
        return None;
    }
    let parsed = [
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok());
    if parsed.is_none() {
        errors.add(
            field,
            format!("Enter the {label} as a date and time, such as 2024-03-04 08:30."),
        );
    }
    parsed
}

/// A country by its ISO code (`UG`), English name (`Uganda`) or Swedish name (`Sydafrika`).
pub fn parse_country(text: &str) -> Option<CountryCode> {
    let text = text.trim();
    if let Ok(code) = CountryCode::parse(text) {
        return Some(code);
    }
    if let Some(c) = country::all()
        .iter()
        .find(|c| c.name_en.eq_ignore_ascii_case(text))
    {
        return CountryCode::parse(c.code).ok();
    }
    match country::lookup_swedish_name(text)?.codes {
        [one] => CountryCode::parse(one).ok(),
        _ => None,
    }
}

/// A whole number of kronor, as people write it: `300`, `1 200`, `300,00`.
pub(crate) fn whole_kronor(
    errors: &mut FieldErrors,
    field: &str,
    label: &str,
    value: &str,
) -> Option<Decimal> {
    if value.trim().is_empty() {
        errors.add(field, format!("Enter the {label} in kronor."));
        return None;
    }
    match Money::parse(value, Currency::SEK).map(|m| m.amount()) {
        Ok(amount) if amount.is_sign_negative() => {
            errors.add(field, format!("The {label} cannot be negative."));
            None
        }
        Ok(amount) if !amount.fract().is_zero() => {
            errors.add(
                field,
                format!("Enter the {label} in whole kronor (per-diem rates have no öre)."),
            );
            None
        }
        Ok(amount) => Some(amount.trunc()),
        Err(_) => {
            errors.add(
                field,
                format!("Enter the {label} as a number of kronor, such as 300."),
            );
            None
        }
    }
}

/// A percentage from 0 to 100 with at most two decimals: `15`, `15 %`, `12,5`.
pub(crate) fn percent(
    errors: &mut FieldErrors,
    field: &str,
    label: &str,
    value: &str,
) -> Option<Decimal> {
    let cleaned = value.trim().trim_end_matches('%').trim().replace(',', ".");
    if cleaned.is_empty() {
        errors.add(field, format!("Enter the {label} as a percentage."));
        return None;
    }
    match cleaned.parse::<Decimal>() {
        Ok(p) if p < Decimal::ZERO || p > Decimal::ONE_HUNDRED => {
            errors.add(field, format!("The {label} must be between 0 and 100 %."));
            None
        }
        Ok(p) if p.normalize().scale() > 2 => {
            errors.add(
                field,
                format!("Give the {label} with at most two decimals."),
            );
            None
        }
        Ok(p) => Some(p.normalize()),
        Err(_) => {
            errors.add(
                field,
                format!("Enter the {label} as a percentage, such as 15."),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn countries_are_found_by_code_english_or_swedish_name() {
        for text in ["ug", "UG", "Uganda", " uganda "] {
            assert_eq!(parse_country(text).unwrap().as_str(), "UG", "{text}");
        }
        assert_eq!(parse_country("Sydafrika").unwrap().as_str(), "ZA");
        assert_eq!(parse_country("Atlantis"), None);
        assert_eq!(parse_country("Nederländska Antillerna"), None, "a group");
    }

    #[test]
    fn kronor_must_be_whole() {
        let mut e = FieldErrors::new();
        assert_eq!(whole_kronor(&mut e, "a", "rate", "1 200"), Some(dec!(1200)));
        assert_eq!(whole_kronor(&mut e, "a", "rate", "300,00"), Some(dec!(300)));
        assert!(e.is_empty());
        assert_eq!(whole_kronor(&mut e, "b", "rate", "300,50"), None);
        assert_eq!(whole_kronor(&mut e, "c", "rate", "-1"), None);
        assert_eq!(whole_kronor(&mut e, "d", "rate", "lots"), None);
        assert_eq!(whole_kronor(&mut e, "e", "rate", ""), None);
        assert_eq!(
            e.for_field("b"),
            Some("Enter the rate in whole kronor (per-diem rates have no öre).")
        );
        assert_eq!(e.iter().count(), 4);
    }

    #[test]
    fn percentages_lie_between_0_and_100() {
        let mut e = FieldErrors::new();
        assert_eq!(percent(&mut e, "a", "share", "50 %"), Some(dec!(50)));
        assert_eq!(percent(&mut e, "a", "share", "12,5"), Some(dec!(12.5)));
        assert!(e.is_empty());
        assert_eq!(percent(&mut e, "b", "share", "101"), None);
        assert_eq!(percent(&mut e, "c", "share", "12.345"), None);
        assert_eq!(percent(&mut e, "d", "share", "half"), None);
        assert_eq!(e.iter().count(), 3);
    }

    #[test]
    fn local_times_accept_the_browsers_and_a_typed_form() {
        let mut e = FieldErrors::new();
        assert!(local_time(&mut e, "d", "departure", "2024-03-04T08:30").is_some());
        assert!(local_time(&mut e, "d", "departure", "2024-03-04 08:30").is_some());
        assert!(e.is_empty());
        assert!(local_time(&mut e, "d", "departure", "4 March").is_none());
        assert!(local_time(&mut e, "r", "return", " ").is_none());
        assert_eq!(e.for_field("r"), Some("Enter the return."));
    }
}
