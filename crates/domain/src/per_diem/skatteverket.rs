//! Skatteverket's open data of foreign normalbelopp, parsed into rows with country codes.
//!
//! The file: `{"resultCount": 173, "results": [{"land eller område": "Uganda",
//! "normalbelopp": "422", "år": "2024"}, …]}`. Names are Swedish. Some rows carry a reference
//! instead of an amount, `"Se Danmark"` (Grönland) or `"Se Övriga länder och områden"` (Iran):
//! they take the amount of the referenced row of the same year. The file is taken whole or not at
//! all: any row that cannot be read, mapped or resolved is an error naming the row, and no rows
//! are returned.

use std::collections::HashMap;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::rates::RateArea;
use crate::country::{CountryCode, lookup_swedish_name, normalise_name};

/// The catch-all row's name.
const OTHER_COUNTRIES: &str = "Övriga länder och områden";

/// One rate of one year, ready for [`super::RateTable::replace_foreign_years`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForeignRateRow {
    pub year: i32,
    pub area: RateArea,
    /// SEK a full day.
    pub amount: Decimal,
    /// The row's name as Skatteverket wrote it ("Storbritannien och Nordirland").
    pub swedish_name: String,
    /// The row referred to when the row carried a reference ("Se Danmark").
    pub via: Option<RateArea>,
}

impl ForeignRateRow {
    /// The country, or `None` for the catch-all row.
    pub fn country(&self) -> Option<CountryCode> {
        match self.area {
            RateArea::Country(code) => Some(code),
            RateArea::OtherCountries => None,
        }
    }
}

/// Why a file could not be imported. Rows are numbered from 1 in the file's order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// Not Skatteverket's open-data file: why, as a sentence for the person who uploaded it.
    #[error("{0}")]
    NotOpenData(String),
    #[error("the file holds no rows")]
    Empty,
    #[error(
        "the file holds {held} of its {count} rows: download every row (raise the limit) and import again"
    )]
    Incomplete { held: usize, count: u64 },
    #[error("row {row} ({name}): no \"{field}\"")]
    MissingField {
        row: usize,
        name: String,
        field: &'static str,
    },
    #[error("row {row} ({name}): '{value}' is not a year")]
    BadYear {
        row: usize,
        name: String,
        value: String,
    },
    #[error(
        "row {row} ({name}): normalbelopp '{value}' is neither an amount in kronor nor a reference such as \"Se Danmark\""
    )]
    BadAmount {
        row: usize,
        name: String,
        value: String,
    },
    #[error(
        "row {row} ({name}): normalbelopp '{value}' is not whole kronor (Skatteverket sets them in whole kronor)"
    )]
    NotWholeKronor {
        row: usize,
        name: String,
        value: String,
    },
    #[error("row {row}: '{name}' is not a country or area we can map to a country code")]
    UnknownName { row: usize, name: String },
    #[error("row {row} ({name}): '{reference}' refers to a row the file does not hold for {year}")]
    UnresolvedReference {
        row: usize,
        name: String,
        reference: String,
        year: i32,
    },
    #[error("row {row} ({name}): its references go round in a circle")]
    CircularReference { row: usize, name: String },
    #[error(
        "rows {first_row} ({first_name}) and {row} ({name}) give different amounts for {area} in {year}"
    )]
    Conflict {
        first_row: usize,
        first_name: String,
        row: usize,
        name: String,
        area: RateArea,
        year: i32,
    },
}

#[derive(Deserialize)]
struct OpenDataFile {
    #[serde(rename = "resultCount")]
    result_count: Option<u64>,
    results: Vec<Value>,
}

enum Normalbelopp {
    Amount(Decimal),
    /// The referenced row's name, as written after "Se".
    Reference(String),
}

struct RawRow {
    row: usize,
    name: String,
    year: i32,
    value: Normalbelopp,
    areas: Vec<RateArea>,
    /// The name is the country's own, not a former name or a group: it wins a collision.
    own_name: bool,
}

const IS_IT_THE_FILE: &str =
    "Is it the JSON file of normalbelopp from Skatteverket's open data, downloaded whole?";

/// A line number as a person says it: words up to ten, then digits.
fn line_in_words(line: usize) -> String {
    const WORDS: [&str; 10] = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    match line.checked_sub(1).and_then(|i| WORDS.get(i)) {
        Some(word) => format!("line {word}"),
        None => format!("line {line}"),
    }
}

/// What a JSON reader's complaint means for a person holding the file, in a sentence: the
/// reader's own words ("missing field `results` at line 1 column 18") are for developers.
fn why_not_open_data(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let line = line_in_words(e.line());
    let text = e.to_string();
    if let Some(field) = text
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next())
    {
        return format!(
            "the rate file has no “{field}” list, which Skatteverket's file has. {IS_IT_THE_FILE}"
        );
    }
    match e.classify() {
        Category::Eof if e.line() <= 1 && e.column() == 0 => {
            format!("the file is empty. {IS_IT_THE_FILE}")
        }
        Category::Eof => format!(
            "the file stops in the middle, on {line}: it may have been cut off while downloading. {IS_IT_THE_FILE}"
        ),
        Category::Syntax => format!(
            "the file is not readable as JSON: something is wrong on {line}, at character {}. {IS_IT_THE_FILE}",
            e.column()
        ),
        Category::Data | Category::Io => format!(
            "the file is JSON, but its contents on {line} are not shaped like Skatteverket's rate file. {IS_IT_THE_FILE}"
        ),
    }
}

/// Parses Skatteverket's open-data file of normalbelopp. Rows come back sorted by year and area,
/// one per (year, area); names that stand for several countries ("Nederländska Antillerna")
/// give a row for each.
pub fn parse_open_data(json: &str) -> Result<Vec<ForeignRateRow>, ImportError> {
    let file: OpenDataFile =
        serde_json::from_str(json).map_err(|e| ImportError::NotOpenData(why_not_open_data(&e)))?;
    if file.results.is_empty() {
        return Err(ImportError::Empty);
    }
    if let Some(count) = file.result_count.filter(|c| *c > file.results.len() as u64) {
        return Err(ImportError::Incomplete {
            held: file.results.len(),
            count,
        });
    }
    let raw = file
        .results
        .iter()
        .enumerate()
        .map(|(i, value)| read_row(i + 1, value))
        .collect::<Result<Vec<RawRow>, ImportError>>()?;

    let mut by_name: HashMap<(i32, String), usize> = HashMap::new();
    for (i, r) in raw.iter().enumerate() {
        by_name
            .entry((r.year, normalise_name(&r.name)))
            .or_insert(i);
    }

    let mut entries: Vec<(ForeignRateRow, &RawRow)> = Vec::new();
    for r in &raw {
        let (amount, via) = resolve(&raw, &by_name, r)?;
        for area in &r.areas {
            let row = ForeignRateRow {
                year: r.year,
                area: *area,
                amount,
                swedish_name: r.name.clone(),
                via,
            };
            entries.push((row, r));
        }
    }

    // One row per (year, area): a country's own row wins over a former name or a group.
    entries.sort_by_key(|(row, raw)| (row.year, row.area, !raw.own_name, raw.row));
    let mut rows: Vec<ForeignRateRow> = Vec::with_capacity(entries.len());
    let mut winner: Option<&RawRow> = None;
    for (row, raw) in entries {
        match (rows.last(), winner) {
            (Some(last), Some(first)) if last.year == row.year && last.area == row.area => {
                let both_own = first.own_name && raw.own_name;
                if last.amount != row.amount && (both_own || !first.own_name) {
                    return Err(ImportError::Conflict {
                        first_row: first.row,
                        first_name: first.name.clone(),
                        row: raw.row,
                        name: raw.name.clone(),
                        area: row.area,
                        year: row.year,
                    });
                }
            }
            _ => {
                rows.push(row);
                winner = Some(raw);
            }
        }
    }
    Ok(rows)
}

fn read_row(row: usize, value: &Value) -> Result<RawRow, ImportError> {
    let text = |field: &'static str| -> Option<String> {
        match value.get(field)? {
            Value::String(s) => Some(s.trim().to_owned()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    let name = text("land eller område")
        .filter(|n| !n.is_empty())
        .ok_or_else(|| ImportError::MissingField {
            row,
            name: "no name".into(),
            field: "land eller område",
        })?;
    let missing = |field| ImportError::MissingField {
        row,
        name: name.clone(),
        field,
    };
    let year_text = text("år").ok_or_else(|| missing("år"))?;
    let year = year_text
        .parse::<i32>()
        .ok()
        .filter(|y| (1900..=2999).contains(y))
        .ok_or_else(|| ImportError::BadYear {
            row,
            name: name.clone(),
            value: year_text.clone(),
        })?;
    let amount_text = text("normalbelopp").ok_or_else(|| missing("normalbelopp"))?;
    let value = read_normalbelopp(&amount_text).ok_or_else(|| ImportError::BadAmount {
        row,
        name: name.clone(),
        value: amount_text.clone(),
    })?;
    // Half days, 70 % days and night allowances of an amount with öre would fall between öre,
    // which no rule rounds.
    if let Normalbelopp::Amount(amount) = &value
        && !amount.fract().is_zero()
    {
        return Err(ImportError::NotWholeKronor {
            row,
            name,
            value: amount_text,
        });
    }
    let (areas, own_name) = if normalise_name(&name) == normalise_name(OTHER_COUNTRIES) {
        (vec![RateArea::OtherCountries], true)
    } else {
        let found = lookup_swedish_name(&name).ok_or_else(|| ImportError::UnknownName {
            row,
            name: name.clone(),
        })?;
        let areas = found
            .codes
            .iter()
            .filter_map(|c| CountryCode::parse(c).ok())
            .map(RateArea::Country)
            .collect();
        (areas, found.own_name)
    };
    Ok(RawRow {
        row,
        name,
        year,
        value,
        areas,
        own_name,
    })
}

/// `"422"` (also `"422,00"`, `"1 274"`), or `"Se Danmark"`.
fn read_normalbelopp(text: &str) -> Option<Normalbelopp> {
    let trimmed = text.trim();
    if let Some(rest) = trimmed
        .strip_prefix("Se ")
        .or_else(|| trimmed.strip_prefix("se "))
        .or_else(|| trimmed.strip_prefix("SE "))
    {
        let target = rest.trim();
        return (!target.is_empty()).then(|| Normalbelopp::Reference(target.to_owned()));
    }
    let cleaned: String = trimmed
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    Decimal::from_str(&cleaned)
        .ok()
        .filter(|a| !a.is_sign_negative())
        .map(Normalbelopp::Amount)
}

/// Follows a row's references within its year to an amount, with the area it came through.
fn resolve(
    raw: &[RawRow],
    by_name: &HashMap<(i32, String), usize>,
    start: &RawRow,
) -> Result<(Decimal, Option<RateArea>), ImportError> {
    let mut current = start;
    let mut via = None;
    for _ in 0..=raw.len() {
        let reference = match &current.value {
            Normalbelopp::Amount(amount) => return Ok((*amount, via)),
            Normalbelopp::Reference(reference) => reference,
        };
        let target = find_row(raw, by_name, current.year, reference).ok_or_else(|| {
            ImportError::UnresolvedReference {
                row: start.row,
                name: start.name.clone(),
                reference: format!("Se {reference}"),
                year: start.year,
            }
        })?;
        via = target.areas.first().copied();
        current = target;
    }
    Err(ImportError::CircularReference {
        row: start.row,
        name: start.name.clone(),
    })
}

/// The row of `year` named `reference`, or else one whose country the name stands for.
fn find_row<'a>(
    raw: &'a [RawRow],
    by_name: &HashMap<(i32, String), usize>,
    year: i32,
    reference: &str,
) -> Option<&'a RawRow> {
    if let Some(i) = by_name.get(&(year, normalise_name(reference))) {
        return Some(&raw[*i]);
    }
    let code = lookup_swedish_name(reference)?.codes.first()?;
    let area = RateArea::Country(CountryCode::parse(code).ok()?);
    raw.iter()
        .find(|r| r.year == year && r.own_name && r.areas.contains(&area))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::per_diem::rates::SHIPPED_NORMALBELOPP_2024;
    use rust_decimal_macros::dec;

    fn file(rows: &[(&str, &str, &str)]) -> String {
        let rows: Vec<Value> = rows
            .iter()
            .map(|(name, amount, year)| {
                serde_json::json!({"land eller område": name, "normalbelopp": amount, "år": year})
            })
            .collect();
        serde_json::json!({ "resultCount": rows.len(), "results": rows }).to_string()
    }

    fn amount_of(rows: &[ForeignRateRow], year: i32, area: &str) -> Option<Decimal> {
        let area = RateArea::parse(area).unwrap();
        rows.iter()
            .find(|r| r.year == year && r.area == area)
            .map(|r| r.amount)
    }

    #[test]
    fn shipped_2024_file_parses_completely() {
        let rows = parse_open_data(SHIPPED_NORMALBELOPP_2024).unwrap();
        // 173 rows: 4 former names fold into their countries, Nederländska Antillerna opens
        // into 3 islands.
        assert_eq!(rows.len(), 173 - 4 + 2);
        assert!(rows.iter().all(|r| r.year == 2024));
        for (area, amount) in [
            ("UG", dec!(422)),
            ("TZ", dec!(413)),
            ("KE", dec!(435)),
            ("ZM", dec!(425)),
            ("ZW", dec!(660)),
            ("ZA", dec!(318)),
            ("BW", dec!(407)),
            ("ID", dec!(488)),
            ("XK", dec!(290)),
            ("GB", dec!(914)),
            ("CD", dec!(697)),
            ("WS", dec!(649)),
            ("other", dec!(493)),
        ] {
            assert_eq!(amount_of(&rows, 2024, area), Some(amount), "{area}");
        }
        for island in ["CW", "SX", "BQ"] {
            assert_eq!(amount_of(&rows, 2024, island), Some(dec!(786)), "{island}");
        }
    }

    #[test]
    fn references_take_the_referenced_row_of_the_same_year() {
        let rows = parse_open_data(SHIPPED_NORMALBELOPP_2024).unwrap();
        let greenland = rows.iter().find(|r| r.swedish_name == "Grönland").unwrap();
        assert_eq!(greenland.amount, dec!(1274));
        assert_eq!(greenland.via, Some(RateArea::parse("DK").unwrap()));
        assert_eq!(
            amount_of(&rows, 2024, "IR"),
            Some(dec!(493)),
            "Se Övriga länder och områden"
        );
        assert_eq!(amount_of(&rows, 2024, "HK"), Some(dec!(688)), "Se Kina");
        let myanmar = rows
            .iter()
            .find(|r| r.area == RateArea::parse("MM").unwrap())
            .unwrap();
        assert_eq!(
            myanmar.swedish_name, "Myanmar",
            "the own row wins over Burma"
        );
    }

    #[test]
    fn reference_resolves_in_its_own_year_only() {
        let two_years = file(&[
            ("Danmark", "1200", "2023"),
            ("Grönland", "Se Danmark", "2023"),
            ("Danmark", "1274", "2024"),
            ("Grönland", "Se Danmark", "2024"),
        ]);
        let rows = parse_open_data(&two_years).unwrap();
        assert_eq!(amount_of(&rows, 2023, "GL"), Some(dec!(1200)));
        assert_eq!(amount_of(&rows, 2024, "GL"), Some(dec!(1274)));
        let missing = file(&[
            ("Danmark", "1200", "2023"),
            ("Grönland", "Se Danmark", "2024"),
        ]);
        assert_eq!(
            parse_open_data(&missing).unwrap_err().to_string(),
            "row 2 (Grönland): 'Se Danmark' refers to a row the file does not hold for 2024"
        );
    }

    #[test]
    fn unknown_name_fails_the_whole_file_naming_the_row() {
        let bad = file(&[("Uganda", "422", "2024"), ("Atlantis", "500", "2024")]);
        assert_eq!(
            parse_open_data(&bad).unwrap_err().to_string(),
            "row 2: 'Atlantis' is not a country or area we can map to a country code"
        );
    }

    #[test]
    fn bad_amounts_and_years_name_the_row() {
        let bad = file(&[("Uganda", "fyrahundra", "2024")]);
        assert!(
            parse_open_data(&bad)
                .unwrap_err()
                .to_string()
                .starts_with("row 1 (Uganda): normalbelopp 'fyrahundra' is neither an amount")
        );
        let negative = file(&[("Uganda", "-422", "2024")]);
        assert!(matches!(
            parse_open_data(&negative),
            Err(ImportError::BadAmount { row: 1, .. })
        ));
        let year = file(&[("Kenya", "435", "tjugo")]);
        assert_eq!(
            parse_open_data(&year).unwrap_err().to_string(),
            "row 1 (Kenya): 'tjugo' is not a year"
        );
        let no_year = r#"{"results": [{"land eller område": "Kenya", "normalbelopp": "435"}]}"#;
        assert_eq!(
            parse_open_data(no_year).unwrap_err().to_string(),
            "row 1 (Kenya): no \"år\""
        );
    }

    #[test]
    fn circular_references_are_an_error() {
        let circle = file(&[
            ("Danmark", "Se Grönland", "2024"),
            ("Grönland", "Se Danmark", "2024"),
        ]);
        assert_eq!(
            parse_open_data(&circle).unwrap_err(),
            ImportError::CircularReference {
                row: 1,
                name: "Danmark".into()
            }
        );
    }

    #[test]
    fn conflicting_rows_for_one_country_are_an_error() {
        let twice = file(&[("Kenya", "435", "2024"), ("kenya", "440", "2024")]);
        assert!(
            parse_open_data(&twice)
                .unwrap_err()
                .to_string()
                .starts_with("rows 1 (Kenya) and 2 (kenya) give different amounts for KE in 2024")
        );
        // A country's own row beats a group's.
        let own = file(&[
            ("Nederländska Antillerna", "786", "2024"),
            ("Curaçao", "800", "2024"),
        ]);
        let rows = parse_open_data(&own).unwrap();
        assert_eq!(amount_of(&rows, 2024, "CW"), Some(dec!(800)));
        assert_eq!(amount_of(&rows, 2024, "SX"), Some(dec!(786)));
    }

    #[test]
    fn truncated_or_empty_or_foreign_files_are_refused() {
        let truncated = r#"{"resultCount": 173, "results": [{"land eller område": "Kenya", "normalbelopp": "435", "år": "2024"}]}"#;
        assert_eq!(
            parse_open_data(truncated).unwrap_err().to_string(),
            "the file holds 1 of its 173 rows: download every row (raise the limit) and import again"
        );
        assert_eq!(
            parse_open_data(r#"{"results": []}"#).unwrap_err(),
            ImportError::Empty
        );
        assert!(matches!(
            parse_open_data("[1, 2]"),
            Err(ImportError::NotOpenData(_))
        ));
    }

    #[test]
    fn a_file_that_is_not_the_rate_file_is_told_in_a_sentence_with_its_line_in_words() {
        let why = |json: &str| parse_open_data(json).unwrap_err().to_string();
        let missing = why(r#"{"resultCount": 1}"#);
        assert!(
            missing.starts_with("the rate file has no “results” list"),
            "{missing}"
        );
        assert!(missing.contains("Is it the JSON file of normalbelopp"));
        assert!(!missing.contains("column") && !missing.contains("missing field"));
        let broken = why("{\n\n\"results\": [,]}");
        assert!(
            broken.contains("something is wrong on line three, at character"),
            "{broken}"
        );
        let cut = why("{\"results\": [");
        assert!(cut.contains("stops in the middle, on line one"), "{cut}");
        assert!(why("").starts_with("the file is empty"));
        assert!(why("[1, 2]").contains("not shaped like Skatteverket's rate file"));
        assert_eq!(line_in_words(12), "line 12");
    }

    #[test]
    fn amounts_may_be_numbers_or_swedish_decimals_of_whole_kronor() {
        let rows = parse_open_data(
            r#"{"results": [{"land eller område": "Kenya", "normalbelopp": 435, "år": 2024},
                            {"land eller område": "Uganda", "normalbelopp": "422,00", "år": "2024"},
                            {"land eller område": "Danmark", "normalbelopp": "1 274", "år": "2024"}]}"#,
        )
        .unwrap();
        assert_eq!(amount_of(&rows, 2024, "KE"), Some(dec!(435)));
        assert_eq!(amount_of(&rows, 2024, "UG"), Some(dec!(422)));
        assert_eq!(amount_of(&rows, 2024, "DK"), Some(dec!(1274)));
    }

    #[test]
    fn amounts_with_ore_are_refused_naming_the_row() {
        // Half of 422,55 is 211,275: between öre, and no rule says how to round it.
        let bad = file(&[("Kenya", "435", "2024"), ("Uganda", "422,55", "2024")]);
        assert_eq!(
            parse_open_data(&bad).unwrap_err().to_string(),
            "row 2 (Uganda): normalbelopp '422,55' is not whole kronor (Skatteverket sets them in whole kronor)"
        );
    }
}
