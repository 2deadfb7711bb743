//! Reading an uploaded table (CSV or XLSX) into rows of text with their line numbers. The rules
//! for the rows are the domain's (`itp_domain::application::import`); this only reads files.

use std::collections::BTreeMap;
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
    let line_starts = line_starts(text.as_bytes());
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

/// Where each line starts, with CRLF, LF and a lone CR (old Excel for Mac) each ending a line,
/// as the csv reader and text editors count them.
fn line_starts(text: &[u8]) -> Vec<usize> {
    let mut starts = vec![0];
    for (i, b) in text.iter().enumerate() {
        let ends_line = match b {
            b'\n' => true,
            b'\r' => text.get(i + 1) != Some(&b'\n'),
            _ => false,
        };
        if ends_line {
            starts.push(i + 1);
        }
    }
    starts
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

/// Columns beyond the template's are never data; a reference far out is a broken or hostile file.
const MAX_COLUMNS: u32 = 256;

fn read_xlsx(bytes: &[u8]) -> Result<Table, FileProblem> {
    // calamine 0.38 computes a cell's column in a u32 without checking for overflow: a reference
    // like `AAAAAAAAA1` panics in a debug build. A malformed workbook is the uploader's problem,
    // so a panic inside the reader becomes an answer, never a lost import task.
    std::panic::catch_unwind(|| read_xlsx_cells(bytes)).unwrap_or_else(|_| {
        Err(FileProblem::Xlsx(
            "a cell reference in the worksheet is malformed".into(),
        ))
    })
}

/// Reads the first worksheet cell by cell: a sparse file (one cell at row 1 000 000, or at a
/// far-out column) costs what it holds, not a dense range of its extent.
fn read_xlsx_cells(bytes: &[u8]) -> Result<Table, FileProblem> {
    let xlsx = |e: calamine::XlsxError| FileProblem::Xlsx(e.to_string());
    let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(xlsx)?;
    let sheet = workbook
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| FileProblem::Xlsx("it has no worksheet".into()))?;
    let mut reader = workbook.worksheet_cells_reader(&sheet).map_err(xlsx)?;
    let mut rows: BTreeMap<u32, Vec<(u32, String)>> = BTreeMap::new();
    while let Some(cell) = reader.next_cell().map_err(xlsx)? {
        let (row, column) = cell.get_position();
        if column >= MAX_COLUMNS {
            return Err(FileProblem::Xlsx(format!(
                "the worksheet has a cell beyond column {MAX_COLUMNS}"
            )));
        }
        let text = cell_text(&Data::from(cell.get_value().clone()));
        if text.is_empty() {
            continue;
        }
        if !rows.contains_key(&row) && rows.len() > MAX_ROWS {
            return Err(FileProblem::TooManyRows);
        }
        rows.entry(row).or_default().push((column, text));
    }
    let mut table = Table::default();
    for (row, cells) in rows {
        let width = cells
            .iter()
            .map(|(c, _)| *c as usize + 1)
            .max()
            .unwrap_or(0);
        let mut line = vec![String::new(); width];
        for (column, text) in cells {
            line[column as usize] = text;
        }
        if table.header.is_empty() {
            if line.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            table.header = line;
        } else {
            if table.rows.len() >= MAX_ROWS {
                return Err(FileProblem::TooManyRows);
            }
            // Line numbers as the spreadsheet shows them (1-based).
            table.rows.push((row as usize + 1, line));
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
    fn lone_carriage_returns_end_lines_too() {
        // Found by fuzzing (fuzz/regressions/application_import/bare-cr-line-ends.csv).
        let t = read(b"a,b\r1,2\r\r3,4\r\n5,6\n").unwrap();
        let lines: Vec<usize> = t.rows.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, [2, 4, 5]);
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

    #[test]
    fn a_workbook_is_read_with_spreadsheet_line_numbers() {
        let t = read(include_bytes!("testdata/two-members.xlsx")).unwrap();
        assert_eq!(t.header.first().map(String::as_str), Some("reference"));
        assert_eq!(t.rows.len(), 2);
        assert_eq!(
            t.rows[0].0, 2,
            "the first data row is line 2, as Excel shows it"
        );
        assert!(
            t.rows
                .iter()
                .all(|(_, cells)| cells.len() <= t.header.len())
        );
    }

    #[test]
    fn a_cell_reference_that_overflows_the_reader_is_refused_not_a_panic() {
        // Found by fuzzing (fuzz target application_import): `AAAAAAAAA1` overflows calamine's
        // column arithmetic.
        let result = read(include_bytes!(
            "testdata/column-reference-overflows-calamine.xlsx"
        ));
        assert!(matches!(result, Err(FileProblem::Xlsx(_))), "{result:?}");
    }
}
