//! CSV in two dialects from one writer: plain RFC 4180 (comma, decimal point) for programs, and
//! the file Excel with a Swedish locale opens right (semicolons, UTF-8 with a byte-order mark,
//! without which Excel reads the file as Windows-1252, decimal commas). In both, text cannot run
//! as a formula, lines end in CR LF (RFC 4180 section 2), amounts have two decimals and dates are
//! ISO 8601.

use std::borrow::Cow;
use std::fmt::Write as _;

use chrono::{Datelike, Timelike};
use itp_domain::money::Currency;

use super::{ColumnType, Export, Value};

/// Characters that make a spreadsheet read a cell as a formula (OWASP: CSV injection).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

#[derive(Debug, thiserror::Error)]
pub enum CsvError {
    #[error("writing the CSV: {0}")]
    Write(#[from] csv::Error),
    /// Money columns are SEK; another currency in one would be a wrong figure, not a format.
    #[error("column {column} is in SEK but holds an amount in {currency}")]
    Currency {
        column: &'static str,
        currency: Currency,
    },
}

/// Which CSV a file is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// RFC 4180: comma, decimal point, UTF-8 without a byte-order mark.
    Rfc4180,
    /// What Swedish Excel opens without an import wizard: semicolon, decimal comma, UTF-8 with
    /// a byte-order mark.
    ExcelSv,
}

impl Dialect {
    fn separator(self) -> u8 {
        match self {
            Dialect::Rfc4180 => b',',
            Dialect::ExcelSv => b';',
        }
    }

    fn start(self) -> Vec<u8> {
        match self {
            Dialect::Rfc4180 => Vec::new(),
            Dialect::ExcelSv => vec![0xEF, 0xBB, 0xBF],
        }
    }

    /// A number just written into `cell`, with its decimal point as the dialect writes it.
    fn decimal(self, cell: &mut String) {
        if self == Dialect::ExcelSv
            && let Some(point) = cell.find('.')
        {
            cell.replace_range(point..=point, ",");
        }
    }
}

/// Writes the rows of one export into a buffer that the caller empties as it goes.
pub struct CsvWriter<R: 'static> {
    export: &'static Export<R>,
    dialect: Dialect,
    out: csv::Writer<Vec<u8>>,
    /// Where a number or a date is formatted before it is written, kept from cell to cell.
    scratch: String,
}

impl<R> CsvWriter<R> {
    /// A Swedish Excel file with its byte-order mark and header line.
    pub fn new(export: &'static Export<R>) -> Result<CsvWriter<R>, CsvError> {
        CsvWriter::in_dialect(export, Dialect::ExcelSv)
    }

    /// A file in `dialect`, with its header line.
    pub fn in_dialect(
        export: &'static Export<R>,
        dialect: Dialect,
    ) -> Result<CsvWriter<R>, CsvError> {
        let mut out = writer(dialect, dialect.start());
        out.write_record(export.columns.iter().map(|c| c.name))?;
        Ok(CsvWriter {
            export,
            dialect,
            out,
            scratch: String::new(),
        })
    }

    /// Writes one row, or nothing when a cell is wrong (a money column in another currency).
    pub fn row(&mut self, row: &R) -> Result<(), CsvError> {
        for column in self.export.columns {
            if column.kind() == ColumnType::Money
                && let Value::Money(m) = column.value(row)
                && m.currency() != Currency::SEK
            {
                return Err(CsvError::Currency {
                    column: column.name,
                    currency: m.currency(),
                });
            }
        }
        for column in self.export.columns {
            let value = column.value(row);
            self.scratch.clear();
            let cell = cell_into(&value, self.dialect, &mut self.scratch);
            self.out.write_field(cell.as_bytes())?;
        }
        self.out.write_record(None::<&[u8]>)?;
        Ok(())
    }

    /// What has been written so far and not yet taken, roughly (the csv writer keeps a little).
    pub fn pending(&self) -> usize {
        self.out.get_ref().len()
    }

    /// The bytes written since the last call.
    pub fn take(&mut self) -> Result<Vec<u8>, CsvError> {
        let full = std::mem::replace(&mut self.out, writer(self.dialect, Vec::new()));
        full.into_inner()
            .map_err(|e| CsvError::Write(csv::Error::from(e.into_error())))
    }
}

impl<R: 'static> super::FileWriter<R> for CsvWriter<R> {
    fn row(&mut self, row: &R) -> crate::error::Result<()> {
        CsvWriter::row(self, row).map_err(crate::error::AppError::caused_by)
    }

    fn pending(&self) -> usize {
        CsvWriter::pending(self)
    }

    fn take(&mut self) -> crate::error::Result<Vec<u8>> {
        CsvWriter::take(self).map_err(crate::error::AppError::caused_by)
    }
}

/// The dialect's separator; lines end in CR LF, as RFC 4180 asks and Excel reads everywhere.
fn writer(dialect: Dialect, out: Vec<u8>) -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .delimiter(dialect.separator())
        .terminator(csv::Terminator::CRLF)
        .from_writer(out)
}

/// A value as its cell in a Swedish Excel file.
pub fn cell<'a>(value: &'a Value<'a>) -> Cow<'a, str> {
    cell_in(value, Dialect::ExcelSv)
}

/// A value as its cell: numbers as the dialect reads numbers, dates as ISO 8601.
pub fn cell_in<'a>(value: &'a Value<'a>, dialect: Dialect) -> Cow<'a, str> {
    match value {
        Value::Text(text) => defuse(text),
        other => {
            let mut cell = String::new();
            Cow::Owned(cell_into(other, dialect, &mut cell).to_owned())
        }
    }
}

/// A value as its cell: the row's own text when it can be written as it is, or else what is
/// formatted into `scratch`, which the caller has emptied and keeps from cell to cell.
fn cell_into<'a>(value: &'a Value<'a>, dialect: Dialect, scratch: &'a mut String) -> &'a str {
    // Writing into a String cannot fail.
    match value {
        Value::Empty => return "",
        Value::Boolean(b) => return if *b { "yes" } else { "no" },
        Value::Text(text) => {
            if !needs_defusing(text) {
                return text;
            }
            scratch.push('\'');
            scratch.push_str(text);
        }
        Value::Integer(n) => {
            let _ = write!(scratch, "{n}");
        }
        Value::Decimal(d) => {
            let _ = write!(scratch, "{d}");
            dialect.decimal(scratch);
        }
        Value::Money(m) => {
            let _ = write!(scratch, "{}", m.plain_amount());
            dialect.decimal(scratch);
        }
        Value::Date(d) => {
            let _ = write!(scratch, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day());
        }
        Value::DateTime(t) => {
            let _ = write!(
                scratch,
                "{:04}-{:02}-{:02} {:02}:{:02}",
                t.year(),
                t.month(),
                t.day(),
                t.hour(),
                t.minute()
            );
        }
    }
    scratch
}

/// Text that a spreadsheet would run as a formula gets a leading apostrophe, which Excel shows
/// as text. A plain number (`-12`, `-12,50`) is left alone: it cannot run, and defusing it would
/// turn every credit in a finance export into text.
pub fn defuse(text: &str) -> Cow<'_, str> {
    if needs_defusing(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

fn needs_defusing(text: &str) -> bool {
    text.starts_with(FORMULA_STARTS) && !is_plain_number(text)
}

/// An optional minus, digits, and optionally a decimal comma or point with more digits.
pub fn is_plain_number(text: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    match unsigned.split_once([',', '.']) {
        Some((whole, fraction)) => digits(whole) && digits(fraction),
        None => digits(unsigned),
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone, Utc};
    use itp_domain::money::Money;
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    use super::*;
    use crate::export::Column;

    struct Line {
        text: String,
        amount: i64,
    }

    static LINES: Export<Line> = Export {
        name: "lines",
        title: "Lines",
        description: "A text and an amount in öre.",
        columns: &[
            Column::str("text", "Any text.", |l| l.text.as_str()),
            Column::integer("amount_ore", "Öre.", |l| Some(l.amount)),
            Column::money("amount", "The amount in SEK.", |l| {
                Some(Money::from_minor_units(l.amount, Currency::SEK))
            }),
        ],
    };

    fn written(lines: &[Line]) -> String {
        let mut w = CsvWriter::new(&LINES).unwrap();
        for l in lines {
            w.row(l).unwrap();
        }
        String::from_utf8(w.take().unwrap()).unwrap()
    }

    fn cells_of(file: &str) -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .delimiter(b';')
            .has_headers(false)
            .from_reader(file.trim_start_matches('\u{feff}').as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect()
    }

    #[test]
    fn the_file_is_what_swedish_excel_opens() {
        let file = written(&[Line {
            text: "Hoima; Uganda".into(),
            amount: -1250,
        }]);
        assert!(file.starts_with('\u{feff}'));
        assert_eq!(
            file,
            "\u{feff}text;amount_ore;amount\r\n\"Hoima; Uganda\";-1250;-12,50\r\n"
        );
    }

    #[test]
    fn the_rfc_4180_file_has_commas_decimal_points_and_no_byte_order_mark() {
        let mut w = CsvWriter::in_dialect(&LINES, Dialect::Rfc4180).unwrap();
        w.row(&Line {
            text: "Hoima, Uganda".into(),
            amount: -1250,
        })
        .unwrap();
        w.row(&Line {
            text: "=HYPERLINK(\"http://x\",\"y\")".into(),
            amount: 100_000,
        })
        .unwrap();
        let file = String::from_utf8(w.take().unwrap()).unwrap();
        assert_eq!(
            file,
            "text,amount_ore,amount\r\n\"Hoima, Uganda\",-1250,-12.50\r\n\
             \"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",100000,1000.00\r\n"
        );
        let rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
            .from_reader(file.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect();
        assert_eq!(rows[0], ["Hoima, Uganda", "-1250", "-12.50"]);
        assert_eq!(rows[1][0], "'=HYPERLINK(\"http://x\",\"y\")");
    }

    #[test]
    fn negative_numbers_stay_numbers() {
        let file = written(&[Line {
            text: "-12".into(),
            amount: -12,
        }]);
        assert_eq!(cells_of(&file)[1], ["-12", "-12", "-0,12"]);
        assert_eq!(defuse("-12"), "-12");
        assert_eq!(defuse("-12,50"), "-12,50");
        assert_eq!(cell(&Value::Integer(-12)), "-12");
        assert_eq!(cell(&Value::Decimal(Decimal::new(-1250, 2))), "-12,50");
    }

    #[test]
    fn formula_cells_are_defused() {
        assert_eq!(defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse("=1+1"), "'=1+1");
        assert_eq!(defuse("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defuse("+1"), "'+1");
        assert_eq!(defuse("\tHoima"), "'\tHoima");
        assert_eq!(defuse("\r1"), "'\r1");
        assert_eq!(defuse("-1+2"), "'-1+2");
        assert_eq!(defuse("-12,"), "'-12,");
        assert_eq!(defuse("Hoima"), "Hoima");
    }

    #[test]
    fn dates_booleans_and_empty_cells_are_written_plainly() {
        let day = NaiveDate::from_ymd_opt(2027, 1, 31).unwrap();
        let at = Utc.with_ymd_and_hms(2027, 1, 31, 14, 5, 59).unwrap();
        assert_eq!(cell(&Value::Date(day)), "2027-01-31");
        assert_eq!(cell(&Value::DateTime(at)), "2027-01-31 14:05");
        assert_eq!(cell(&Value::Boolean(true)), "yes");
        assert_eq!(cell(&Value::Empty), "");
        let amount = Money::sek(Decimal::new(123_450, 2));
        assert_eq!(cell(&Value::Money(amount)), "1234,50");
    }

    #[test]
    fn an_amount_in_another_currency_is_refused_in_a_sek_column() {
        static EUROS: Export<()> = Export {
            name: "euros",
            title: "Euros",
            description: "Wrong on purpose.",
            columns: &[Column::money("amount", "SEK.", |_| {
                Some(Money::from_minor_units(100, Currency::EUR))
            })],
        };
        let mut w = CsvWriter::new(&EUROS).unwrap();
        assert!(matches!(w.row(&()), Err(CsvError::Currency { .. })));
    }

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            "[-=+@\t\r]?[-0-9,.=+@a-z \t\r\n\";']{0,10}",
            "-?[0-9]{1,6}([,.][0-9]{1,3})?",
            any::<String>(),
        ]
    }

    proptest! {
        #[test]
        fn no_text_cell_starts_a_formula_unless_it_is_a_plain_number(
            texts in proptest::collection::vec(text(), 1..6),
        ) {
            let lines: Vec<Line> = texts
                .iter()
                .map(|t| Line { text: t.clone(), amount: 0 })
                .collect();
            let rows = cells_of(&written(&lines));
            prop_assert_eq!(rows.len(), texts.len() + 1);
            for (row, original) in rows[1..].iter().zip(&texts) {
                let cell = &row[0];
                prop_assert!(
                    !cell.starts_with(FORMULA_STARTS) || is_plain_number(cell),
                    "{:?} was written as {:?}", original, cell
                );
                // Nothing is lost: the cell is the text, or the text behind an apostrophe.
                prop_assert!(cell == original || cell.strip_prefix('\'') == Some(original.as_str()));
            }
        }
    }
}
