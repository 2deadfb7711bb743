//! The Riksbank's exchange-rate files, as its "Search interest & exchange rates" pages export
//! them (riksbank.se, "Valutakurser"; CSV, daily or monthly averages).
//!
//! The export is semicolon-separated text with a few lines of preamble (search title, period),
//! then a header and one row per observation. Two shapes are read:
//!
//! - **long**: `Datum;Grupp;Serie;Värde` (English: `Date;Group;Series;Value`), one row per
//!   date and series, e.g. `2026-11-02;130;SEKUSDPMI;10,4235`;
//! - **wide**: `Datum;1 USD;100 JPY;…` (or series codes as headers), one row per date.
//!
//! A series is named by its code (`SEKUSDPMI`: SEK per USD, mid price) or by its unit and
//! currency (`1 USD`, `100 JPY`). Some currencies are quoted per 100 units; a rate is stored
//! per one unit, so such values are divided by 100 — by the unit the file gives, or, for a bare
//! code, by the Riksbank's own unit for that currency ([`PER_HUNDRED`]). Dates are days
//! (`2026-11-02`) or months (`2026-11`, `2026 M11`, `2026 Nov`, `nov 2026`); a month's average
//! is dated the first of its month. A value of `n/a`, `..`, `-` or nothing (a bank holiday) is
//! skipped. The decimal separator may be a comma or a point; the delimiter a semicolon, a tab
//! or a comma. Every other problem is reported with its line number, and nothing is imported
//! from a file with a problem.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::rates::parse_rate;
use crate::money::Currency;

/// The currencies the Riksbank quotes in SEK per 100 units.
pub const PER_HUNDRED: &[&str] = &[
    "CZK", "DKK", "HUF", "IDR", "INR", "ISK", "JPY", "KRW", "NOK", "PHP", "PKR", "PLN", "RUB",
    "THB",
];

/// The most problems one report lists.
pub const MAX_PROBLEMS: usize = 20;

/// One rate read from the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateRow {
    pub currency: Currency,
    pub on: NaiveDate,
    /// SEK per one unit.
    pub sek_per_unit: Decimal,
    /// A monthly average (dated the first of its month) rather than a day's rate.
    pub monthly: bool,
}

/// Why a file was refused: each problem with its line number (1 = the first line).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .problems.iter().map(|(l, m)| format!("line {l}: {m}")).collect::<Vec<_>>().join("; "))]
pub struct RiksbankError {
    pub problems: Vec<(usize, String)>,
}

impl RiksbankError {
    fn one(line: usize, message: impl Into<String>) -> Self {
        RiksbankError {
            problems: vec![(line, message.into())],
        }
    }
}

const DATE_HEADERS: &[&str] = &["datum", "date", "period", "dag", "day", "månad", "month"];
const SERIES_HEADERS: &[&str] = &[
    "serie",
    "series",
    "serienamn",
    "series name",
    "valuta",
    "currency",
    "serie-id",
    "series id",
];
const VALUE_HEADERS: &[&str] = &["värde", "value", "kurs", "rate", "observation"];
const UNIT_HEADERS: &[&str] = &["enhet", "unit"];
const GROUP_HEADERS: &[&str] = &["grupp", "group", "gruppnamn", "group name"];
const MISSING: &[&str] = &["", "n/a", "na", "..", "-", "nan", "saknas"];

/// Reads a Riksbank rate file into rates sorted by currency and date.
pub fn parse_riksbank_csv(text: &str) -> Result<Vec<RateRow>, RiksbankError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().collect();
    let Some((header_at, delimiter)) = find_header(&lines) else {
        return Err(RiksbankError::one(
            1,
            "no header with a date column (Datum, Date or Period) was found: export the rates from the Riksbank's site as CSV",
        ));
    };
    let header: Vec<String> = split(lines[header_at], delimiter)
        .iter()
        .map(|h| h.to_lowercase())
        .collect();
    let column = |names: &[&str]| header.iter().position(|h| names.contains(&h.as_str()));
    let date_col = column(DATE_HEADERS).unwrap_or(0);
    let shape = match (column(SERIES_HEADERS), column(VALUE_HEADERS)) {
        (Some(series), Some(value)) => Shape::Long {
            series,
            value,
            unit: column(UNIT_HEADERS),
        },
        _ => {
            let mut series = Vec::new();
            for (i, h) in split(lines[header_at], delimiter).iter().enumerate() {
                if i == date_col || GROUP_HEADERS.contains(&h.to_lowercase().as_str()) {
                    continue;
                }
                match series_currency(h, None) {
                    Ok(s) => series.push((i, s)),
                    Err(e) => return Err(RiksbankError::one(header_at + 1, e)),
                }
            }
            if series.is_empty() {
                return Err(RiksbankError::one(
                    header_at + 1,
                    "the header names no currency series",
                ));
            }
            Shape::Wide { series }
        }
    };

    let mut problems = Vec::new();
    // (currency, date) → (rate, monthly, line)
    let mut found: BTreeMap<(Currency, NaiveDate), (Decimal, bool, usize)> = BTreeMap::new();
    for (i, line) in lines.iter().enumerate().skip(header_at + 1) {
        let number = i + 1;
        if line.trim().is_empty() || problems.len() >= MAX_PROBLEMS {
            continue;
        }
        let fields = split(line, delimiter);
        let mut record = |series: Result<(Currency, Decimal), String>,
                          value: &str,
                          problems: &mut Vec<(usize, String)>| {
            if MISSING.contains(&value.trim().to_lowercase().as_str()) {
                return;
            }
            let (on, monthly) =
                match read_period(fields.get(date_col).map(String::as_str).unwrap_or("")) {
                    Ok(p) => p,
                    Err(e) => return problems.push((number, e)),
                };
            let (currency, unit) = match series {
                Ok(s) => s,
                Err(e) => return problems.push((number, e)),
            };
            let rate = match parse_rate(value) {
                Ok(r) => (r / unit).normalize(),
                Err(e) => return problems.push((number, e)),
            };
            if rate.is_zero() {
                return problems.push((number, "the rate is too small to keep".into()));
            }
            match found.get(&(currency, on)) {
                Some((earlier, _, at)) if *earlier != rate => problems.push((
                    number,
                    format!("{currency} on {on} is {value} here but differs on line {at}"),
                )),
                Some(_) => {}
                None => {
                    found.insert((currency, on), (rate, monthly, number));
                }
            }
        };
        match &shape {
            Shape::Long {
                series,
                value,
                unit,
            } => {
                let (Some(name), Some(v)) = (fields.get(*series), fields.get(*value)) else {
                    problems.push((
                        number,
                        format!("expected {} fields, found {}", header.len(), fields.len()),
                    ));
                    continue;
                };
                let unit_text = unit.and_then(|u| fields.get(u)).map(String::as_str);
                record(series_currency(name, unit_text), v, &mut problems);
            }
            Shape::Wide { series } => {
                for (col, s) in series {
                    let v = fields.get(*col).map(String::as_str).unwrap_or("");
                    record(Ok(*s), v, &mut problems);
                }
            }
        }
    }
    if !problems.is_empty() {
        problems.truncate(MAX_PROBLEMS);
        return Err(RiksbankError { problems });
    }
    if found.is_empty() {
        return Err(RiksbankError::one(
            lines.len().max(1),
            "the file has no rates",
        ));
    }
    Ok(found
        .into_iter()
        .map(|((currency, on), (sek_per_unit, monthly, _))| RateRow {
            currency,
            on,
            sek_per_unit,
            monthly,
        })
        .collect())
}

enum Shape {
    Long {
        series: usize,
        value: usize,
        unit: Option<usize>,
    },
    Wide {
        series: Vec<(usize, (Currency, Decimal))>,
    },
}

/// The first line that names a date column, with the delimiter it uses.
fn find_header(lines: &[&str]) -> Option<(usize, char)> {
    lines.iter().take(50).enumerate().find_map(|(i, line)| {
        [';', '\t', ','].into_iter().find_map(|d| {
            let fields = split(line, d);
            (fields.len() >= 2
                && fields
                    .iter()
                    .any(|f| DATE_HEADERS.contains(&f.to_lowercase().as_str())))
            .then_some((i, d))
        })
    })
}

/// Splits a line at `delimiter` outside double quotes; fields trimmed and unquoted.
fn split(line: &str, delimiter: char) -> Vec<String> {
    let mut fields = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                current.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            c if c == delimiter && !quoted => {
                fields.push(std::mem::take(&mut current).trim().to_owned())
            }
            c => current.push(c),
        }
    }
    fields.push(current.trim().to_owned());
    fields
}

/// The currency and unit a series names: `SEKUSDPMI`, `1 USD`, `100 JPY`, `USD`.
fn series_currency(name: &str, unit: Option<&str>) -> Result<(Currency, Decimal), String> {
    let name = name.trim();
    let upper = name.to_uppercase();
    let (unit_in_name, code) = match upper.split_once(' ') {
        Some((n, c)) if n.chars().all(|d| d.is_ascii_digit()) => {
            (Some(n.to_owned()), c.trim().to_owned())
        }
        _ => (None, upper.clone()),
    };
    let code = if code.len() == 9 && code.starts_with("SEK") && code.is_char_boundary(6) {
        code[3..6].to_owned()
    } else {
        code
    };
    let currency = match Currency::parse(&code) {
        Ok(c) if c != Currency::SEK && code.chars().all(|c| c.is_ascii_uppercase()) => c,
        _ => {
            return Err(format!(
                "'{name}' is not a currency series (such as SEKUSDPMI or 1 USD)"
            ));
        }
    };
    let unit = match unit_in_name
        .as_deref()
        .or(unit.filter(|u| !u.trim().is_empty()))
    {
        Some(u) => match u.trim().parse::<u32>() {
            Ok(n @ (1 | 10 | 100 | 1000)) => Decimal::from(n),
            _ => return Err(format!("'{u}' is not a unit of a rate (1 or 100)")),
        },
        None if PER_HUNDRED.contains(&currency.code()) => Decimal::ONE_HUNDRED,
        None => Decimal::ONE,
    };
    Ok((currency, unit))
}

const MONTHS: &[(&str, &str)] = &[
    ("jan", "jan"),
    ("feb", "feb"),
    ("mar", "mar"),
    ("apr", "apr"),
    ("may", "maj"),
    ("jun", "jun"),
    ("jul", "jul"),
    ("aug", "aug"),
    ("sep", "sep"),
    ("oct", "okt"),
    ("nov", "nov"),
    ("dec", "dec"),
];

/// A day (`2026-11-02`) or a month (`2026-11`, `2026 M11`, `2026M11`, `2026 Nov`, `nov 2026`).
fn read_period(text: &str) -> Result<(NaiveDate, bool), String> {
    let t = text.trim();
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return in_range(d).map(|d| (d, false));
    }
    let lower = t.to_lowercase();
    let month_of = |word: &str| {
        MONTHS
            .iter()
            .position(|(en, sv)| word.starts_with(en) || word.starts_with(sv))
            .map(|i| i as u32 + 1)
    };
    let parts: Vec<&str> = lower
        .split(['-', ' ', '/'])
        .filter(|p| !p.is_empty())
        .collect();
    let ym = match parts.as_slice() {
        [y, m] if y.len() == 4 && m.chars().all(|c| c.is_ascii_digit()) => {
            y.parse().ok().zip(m.parse().ok())
        }
        [y, m] if y.len() == 4 && m.starts_with('m') => y.parse().ok().zip(m[1..].parse().ok()),
        [y, m] if y.len() == 4 => y.parse().ok().zip(month_of(m)),
        [m, y] if y.len() == 4 => y.parse().ok().zip(month_of(m)),
        [ym] if ym.len() == 7 && ym.as_bytes()[4] == b'm' => {
            ym[..4].parse().ok().zip(ym[5..].parse().ok())
        }
        _ => None,
    };
    match ym.and_then(|(y, m): (i32, u32)| NaiveDate::from_ymd_opt(y, m, 1)) {
        Some(d) => in_range(d).map(|d| (d, true)),
        None => Err(format!(
            "'{t}' is not a date or a month (write 2026-11-02 or 2026-11)"
        )),
    }
}

fn in_range(d: NaiveDate) -> Result<NaiveDate, String> {
    if (1990..=2100).contains(&chrono::Datelike::year(&d)) {
        Ok(d)
    } else {
        Err(format!(
            "{d} is outside the years a rate is kept for (1990–2100)"
        ))
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

    const LONG: &str = "\u{feff}Sök räntor & valutakurser\nPeriod: 2026-11-02 - 2026-11-04\n\nDatum;Grupp;Serie;Värde\n2026-11-02;130;SEKUSDPMI;10,4235\n2026-11-02;130;SEKJPYPMI;7,0125\n2026-11-03;130;SEKUSDPMI;n/a\n2026-11-04;130;SEKUSDPMI;10,5010\n";

    #[test]
    fn the_long_export_is_read_with_its_preamble_and_holidays() {
        let rows = parse_riksbank_csv(LONG).unwrap();
        assert_eq!(rows.len(), 3);
        let usd: Vec<_> = rows
            .iter()
            .filter(|r| r.currency == Currency::USD)
            .collect();
        assert_eq!(usd[0].on, day("2026-11-02"));
        assert_eq!(usd[0].sek_per_unit, dec!(10.4235));
        assert_eq!(usd[1].on, day("2026-11-04"));
        let jpy = rows.iter().find(|r| r.currency.code() == "JPY").unwrap();
        assert_eq!(jpy.sek_per_unit, dec!(0.070125), "JPY is quoted per 100");
    }

    #[test]
    fn the_wide_monthly_export_is_dated_the_first_of_each_month() {
        let text =
            "Period;1 EUR;100 NOK;1 USD\n2026 Sep;11,2010;96,30;10,71\n2026-10;11,30;97,00;10,65\n";
        let rows = parse_riksbank_csv(text).unwrap();
        assert_eq!(rows.len(), 6);
        assert!(rows.iter().all(|r| r.monthly));
        let nok = rows
            .iter()
            .find(|r| r.currency.code() == "NOK" && r.on == day("2026-09-01"))
            .unwrap();
        assert_eq!(nok.sek_per_unit, dec!(0.963));
    }

    #[test]
    fn english_headers_points_and_a_unit_column_are_read() {
        let text = "Date,Group,Series,Unit,Value\n2026-11-02,130,SEKUSDPMI,1,10.4235\n2026-11-02,130,SEKDKKPMI,100,145.10\n";
        let rows = parse_riksbank_csv(text).unwrap();
        assert_eq!(
            rows.iter()
                .find(|r| r.currency.code() == "DKK")
                .unwrap()
                .sek_per_unit,
            dec!(1.451)
        );
    }

    #[test]
    fn problems_are_named_by_their_line_and_nothing_is_kept() {
        let text = "Datum;Serie;Värde\n2026-11-02;SEKUSDPMI;10,42\n2026-13-02;SEKUSDPMI;10,42\n2026-11-03;SEKXYZ;1\n2026-11-04;SEKUSDPMI;-1\n2026-11-02;SEKUSDPMI;10,50\n";
        let e = parse_riksbank_csv(text).unwrap_err();
        let lines: Vec<usize> = e.problems.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, vec![3, 4, 5, 6]);
        assert!(e.to_string().contains("line 6: USD on 2026-11-02"));
    }

    #[test]
    fn a_file_without_a_header_or_rates_is_refused() {
        assert!(parse_riksbank_csv("").is_err());
        assert!(parse_riksbank_csv("hello;world\n1;2").unwrap_err().problems[0].0 == 1);
        assert!(parse_riksbank_csv("Datum;Serie;Värde\n2026-11-02;SEKUSDPMI;n/a\n").is_err());
        assert!(parse_riksbank_csv("Datum;SEK\n2026-11-02;1\n").is_err());
    }

    proptest! {
        #[test]
        fn any_text_is_read_or_refused_without_panicking(text in "(?s).{0,400}") {
            if let Ok(rows) = parse_riksbank_csv(&text) {
                prop_assert!(rows.iter().all(|r| r.sek_per_unit > Decimal::ZERO));
            }
        }

        #[test]
        fn written_rates_read_back(values in proptest::collection::btree_map(0u32..300, 1u32..2_000_000, 1..30)) {
            let mut text = String::from("Datum;Grupp;Serie;Värde\n");
            for (d, v) in &values {
                let on = day("2026-01-01") + chrono::Days::new(u64::from(*d));
                text.push_str(&format!("{on};130;SEKUSDPMI;{}\n", Decimal::new(i64::from(*v), 4).to_string().replace('.', ",")));
            }
            let rows = parse_riksbank_csv(&text).unwrap();
            prop_assert_eq!(rows.len(), values.len());
            for (row, (_, v)) in rows.iter().zip(&values) {
                prop_assert_eq!(row.sek_per_unit, Decimal::new(i64::from(*v), 4).normalize());
            }
        }
    }
}
