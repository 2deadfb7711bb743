//! Money, numbers and dates as a reader of one language expects them: one module, so that no page
//! writes `1 960.00 SEK` (Swedish spacing, English decimal point) beside `300.00 SEK`, or
//! `2026-07-06` beside `6 Jul 2026`. English is the interface's language today; Swedish is here
//! for the host pages (`1 960,00 kr`, `6 juli 2026`). Exports do not use this module: they keep
//! ISO dates and plain amounts (`Money::plain`), which machines read.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Weekday};
use rust_decimal::Decimal;

use crate::money::{Currency, Money};

/// A language the interface is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    Sv,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Sv];

    /// The BCP 47 tag, for `<html lang>` and `Accept-Language`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Sv => "sv",
        }
    }

    /// The language whose tag is `tag` (`sv`, `sv-SE`, `EN-gb`), if we have it.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next()?.trim();
        Lang::ALL
            .into_iter()
            .find(|lang| lang.tag().eq_ignore_ascii_case(primary))
    }

    /// The separators of the language: thousands, then decimals. Swedish groups with a no-break
    /// space (U+00A0) so that an amount never breaks across lines; English with a comma.
    fn separators(self) -> (&'static str, char) {
        match self {
            Lang::En => (",", '.'),
            Lang::Sv => ("\u{a0}", ','),
        }
    }
}

/// An amount with its currency's minor digits: `1,960.00 SEK` in English, `1 960,00 kr` in
/// Swedish (where a crown amount is written with `kr`; other currencies keep their code).
pub fn money(amount: &Money, lang: Lang) -> String {
    let number = decimal(amount.amount(), amount.currency().minor_digits(), lang);
    match (lang, amount.currency()) {
        (Lang::Sv, currency) if currency == Currency::SEK => format!("{number}\u{a0}kr"),
        (_, currency) => format!("{number}\u{a0}{currency}"),
    }
}

/// `value` with exactly `digits` decimals, grouped in thousands. Rounding here is for display
/// only (half away from zero, as a person rounds); amounts stored or summed are never rounded by
/// it.
pub fn decimal(value: Decimal, digits: u32, lang: Lang) -> String {
    let mut value =
        value.round_dp_with_strategy(digits, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    value.rescale(digits);
    let text = value.abs().to_string();
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let (thousands, point) = lang.separators();
    let mut out = String::new();
    if value.is_sign_negative() && !value.is_zero() {
        out.push('-');
    }
    out.push_str(&group(int, thousands));
    if !frac.is_empty() {
        out.push(point);
        out.push_str(frac);
    }
    out
}

/// A whole number grouped in thousands: `12,500` / `12 500`.
pub fn integer(value: i64, lang: Lang) -> String {
    let digits = value.unsigned_abs().to_string();
    let sign = if value < 0 { "-" } else { "" };
    format!("{sign}{}", group(&digits, lang.separators().0))
}

/// A share as a percentage with no decimals: `40 %` in Swedish, `40%` in English.
pub fn percent(share: Decimal, lang: Lang) -> String {
    let number = decimal(share * Decimal::ONE_HUNDRED, 0, lang);
    match lang {
        Lang::En => format!("{number}%"),
        Lang::Sv => format!("{number}\u{a0}%"),
    }
}

fn group(digits: &str, separator: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * separator.len());
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(ch);
    }
    out
}

/// `6 July 2026` / `6 juli 2026`.
pub fn date(day: NaiveDate, lang: Lang) -> String {
    format!(
        "{} {} {}",
        day.day(),
        month_name(day.month(), lang),
        day.year()
    )
}

/// `6 Jul 2026` / `6 juli 2026`, for tables where space is short (Swedish short forms are
/// the full names for the short months, as Språkrådet writes them).
pub fn date_short(day: NaiveDate, lang: Lang) -> String {
    let month = month_name(day.month(), lang);
    let short = match lang {
        Lang::En => &month[..3],
        Lang::Sv if month.chars().count() <= 4 => month,
        Lang::Sv => &month[..3],
    };
    format!("{} {short} {}", day.day(), day.year())
}

/// `Monday 6 July 2026` / `måndag 6 juli 2026`.
pub fn weekday_date(day: NaiveDate, lang: Lang) -> String {
    format!("{} {}", weekday_name(day.weekday(), lang), date(day, lang))
}

/// `6 July 2026, 14:05` / `6 juli 2026 kl. 14.05` (Swedish writes the time with a point).
pub fn date_time(at: NaiveDateTime, lang: Lang) -> String {
    let day = date(at.date(), lang);
    match lang {
        Lang::En => format!("{day}, {}", at.format("%H:%M")),
        Lang::Sv => format!("{day} kl. {}", at.format("%H.%M")),
    }
}

/// The name of month `month` (1–12).
pub fn month_name(month: u32, lang: Lang) -> &'static str {
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    const SV: [&str; 12] = [
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ];
    let index = (month.clamp(1, 12) - 1) as usize;
    match lang {
        Lang::En => EN[index],
        Lang::Sv => SV[index],
    }
}

fn weekday_name(day: Weekday, lang: Lang) -> &'static str {
    let index = day.num_days_from_monday() as usize;
    match lang {
        Lang::En => [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ][index],
        Lang::Sv => [
            "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag",
        ][index],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn money_reads_as_each_language_writes_it() {
        let amount = Money::sek(dec!(1960));
        assert_eq!(money(&amount, Lang::En), "1,960.00\u{a0}SEK");
        assert_eq!(money(&amount, Lang::Sv), "1\u{a0}960,00\u{a0}kr");
        assert_eq!(money(&Money::sek(dec!(300)), Lang::En), "300.00\u{a0}SEK");
        assert_eq!(
            money(&Money::sek(dec!(-1234567.5)), Lang::En),
            "-1,234,567.50\u{a0}SEK"
        );
        let ugx = Money::new(dec!(250000), Currency::parse("UGX").unwrap());
        assert_eq!(money(&ugx, Lang::Sv), "250\u{a0}000,00\u{a0}UGX");
    }

    #[test]
    fn dates_read_as_each_language_writes_them() {
        assert_eq!(date(day(2026, 7, 6), Lang::En), "6 July 2026");
        assert_eq!(date(day(2026, 7, 6), Lang::Sv), "6 juli 2026");
        assert_eq!(date_short(day(2026, 7, 6), Lang::En), "6 Jul 2026");
        assert_eq!(date_short(day(2026, 9, 6), Lang::Sv), "6 sep 2026");
        assert_eq!(date_short(day(2026, 5, 6), Lang::Sv), "6 maj 2026");
        assert_eq!(
            weekday_date(day(2026, 7, 6), Lang::Sv),
            "måndag 6 juli 2026"
        );
        let at = day(2026, 7, 6).and_hms_opt(14, 5, 0).unwrap();
        assert_eq!(date_time(at, Lang::En), "6 July 2026, 14:05");
        assert_eq!(date_time(at, Lang::Sv), "6 juli 2026 kl. 14.05");
    }

    #[test]
    fn counts_and_shares_group_and_round_for_display_only() {
        assert_eq!(integer(12500, Lang::En), "12,500");
        assert_eq!(integer(-999, Lang::Sv), "-999");
        assert_eq!(integer(1_000_000, Lang::Sv), "1\u{a0}000\u{a0}000");
        assert_eq!(percent(dec!(0.4), Lang::En), "40%");
        assert_eq!(percent(dec!(0.125), Lang::Sv), "13\u{a0}%");
        assert_eq!(decimal(dec!(-0.001), 2, Lang::En), "0.00");
    }

    #[test]
    fn language_tags_are_read_loosely() {
        assert_eq!(Lang::from_tag("sv-SE"), Some(Lang::Sv));
        assert_eq!(Lang::from_tag("EN_gb"), Some(Lang::En));
        assert_eq!(Lang::from_tag("de"), None);
    }

    proptest! {
        #[test]
        fn the_digits_of_an_amount_survive_formatting(minor in -10_000_000_000i64..10_000_000_000) {
            let amount = Money::from_minor_units(minor, Currency::SEK);
            for lang in Lang::ALL {
                let text = money(&amount, lang);
                let digits: String = text.chars().filter(|c| c.is_ascii_digit() || *c == '-').collect();
                let expected = format!("{}{:03}", if minor < 0 { "-" } else { "" }, minor.unsigned_abs());
                prop_assert_eq!(digits, expected);
            }
        }
    }
}
