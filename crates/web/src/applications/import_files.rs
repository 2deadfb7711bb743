//! Reading an uploaded table (CSV or XLSX) into rows of text with their line numbers. The rules
//! for the rows are the domain's (`itp_domain::application::import`); this only reads files.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use itp_domain::application::import::{MAX_ROWS, Table};

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FileProblem {
    #[error("The file is empty.")]
    Empty,
    #[error(
        "The file is neither CSV nor XLSX. Save it from your spreadsheet as “CSV UTF-8” or as an Excel workbook."
    )]
    UnknownFormat,
    #[error("The CSV file is not UTF-8 text. Save it as “CSV UTF-8 (comma delimited)”.")]
    NotUtf8,
    #[error("The file has more than {MAX_ROWS} rows; split it.")]
    TooManyRows,
    #[error("Line {line}: {message}")]
    Csv { line: u64, message: String },
    #[error("The workbook could not be read: {0}")]
    Xlsx(String),
}

pub fn read(bytes: &[u8]) -> Result<Table, FileProblem> {
    if bytes.is_empty() {
        return Err(FileProblem::Empty);
    }
    // An XLSX workbook is a ZIP archive.
    if bytes.starts_with(b"PK\x03\x04") {
        return read_xlsx(bytes);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| FileProblem::NotUtf8)?;
    if text.contains('\0') {
        return Err(FileProblem::UnknownFormat);
    }
    read_csv(text)
}

fn read_csv(text: &str) -> Result<Table, FileProblem> {
    let text = text.trim_start_matches('\u{feff}');
    let first_line = text.lines().next().unwrap_or("");
    // Excel with a Swedish (or most European) locale writes semicolons.
    let delimiter = if first_line.matches(';').count() > first_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let mut table = Table::default();
    for record in reader.records() {
        let record = record.map_err(|e| FileProblem::Csv {
            line: e.position().map(|p| p.line()).unwrap_or(0),
            message: e.to_string(),
        })?;
        // The csv crate's line count skips blank lines; count the newlines before the record
        // instead, so the number matches what a text editor shows.
        let mut byte =
            usize::try_from(record.position().map(|p| p.byte()).unwrap_or(0)).unwrap_or(0);
        while matches!(text.as_bytes().get(byte), Some(b'\n' | b'\r')) {
            byte += 1;
        }
        let line = line_starts.partition_point(|start| *start <= byte);
        let cells: Vec<String> = record.iter().map(str::to_owned).collect();
        if table.header.is_empty() {
            table.header = cells;
        } else {
            if table.rows.len() >= MAX_ROWS {
                return Err(FileProblem::TooManyRows);
            }
            table.rows.push((line, cells));
        }
    }
    if table.header.is_empty() {
        Err(FileProblem::Empty)
    } else {
        Ok(table)
    }
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        // Spreadsheets store 1984 as 1984.0: whole numbers are written without the fraction.
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => {
            if *b {
                "yes".into()
            } else {
                "no".into()
            }
        }
        Data::DateTime(d) => d.as_f64().to_string(),
        Data::Error(e) => format!("#ERROR {e:?}"),
    }
}

fn read_xlsx(bytes: &[u8]) -> Result<Table, FileProblem> {
    let mut workbook =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| FileProblem::Xlsx(e.to_string()))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| FileProblem::Xlsx("it has no worksheet".into()))?
        .map_err(|e| FileProblem::Xlsx(e.to_string()))?;
    let first_row = range.start().map(|(r, _)| r as usize).unwrap_or(0);
    let mut table = Table::default();
    for (i, row) in range.rows().enumerate() {
        let cells: Vec<String> = row.iter().map(cell_text).collect();
        // Line numbers as the spreadsheet shows them (1-based).
        let line = first_row + i + 1;
        if table.header.is_empty() {
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            table.header = cells;
        } else {
            if table.rows.len() >= MAX_ROWS {
                return Err(FileProblem::TooManyRows);
            }
            table.rows.push((line, cells));
        }
    }
    if table.header.is_empty() {
        Err(FileProblem::Empty)
    } else {
        Ok(table)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semicolon_csv_with_bom_is_read_with_line_numbers() {
        let t = read("\u{feff}a;b\n1;2\n\n3;\"x;y\"\n".as_bytes()).unwrap();
        assert_eq!(t.header, vec!["a", "b"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1], (4, vec!["3".to_owned(), "x;y".to_owned()]));
    }

    #[test]
    fn comma_csv_is_read() {
        let t = read(b"a,b\n1,2\n").unwrap();
        assert_eq!(t.rows[0].1, vec!["1", "2"]);
    }

    #[test]
    fn non_utf8_and_binary_files_are_refused_clearly() {
        assert_eq!(read(&[0x61, 0xff, 0x0a]), Err(FileProblem::NotUtf8));
        assert_eq!(read(b""), Err(FileProblem::Empty));
        assert!(matches!(
            read(b"PK\x03\x04not really a zip"),
            Err(FileProblem::Xlsx(_))
        ));
    }
}
