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
    /// Bigger once unpacked or read than any import needs: refused before it fills memory.
    #[error(
        "The workbook is too large to import: {0}. Remove other sheets and formatting, or save it as CSV UTF-8 and import that."
    )]
    TooLargeUnpacked(String),
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

/// What a workbook may unpack to. A 33 KiB file can hold a 32 MiB shared string (deflate packs
/// repetition a thousandfold), and the reader copies it for every cell that uses it: the limits
/// are on what the file expands to, checked by unpacking into nothing before the reader runs.
/// 50,000 rows of the template's 21 columns fit in a worksheet part well under 96 MiB.
const MAX_PART_BYTES: u64 = 96 * 1024 * 1024;
/// The shared-string table is read into memory whole by the reader.
const MAX_SHARED_STRINGS_BYTES: u64 = 16 * 1024 * 1024;
const MAX_UNPACKED_BYTES: u64 = 160 * 1024 * 1024;
/// Excel's own limit for one cell.
const MAX_CELL_CHARS: usize = 32_767;
/// All the text the import keeps: far above 50,000 rows of real answers.
const MAX_TEXT_BYTES: usize = 48 * 1024 * 1024;

fn megabytes(bytes: u64) -> u64 {
    bytes / (1024 * 1024)
}

/// Unpacks every part of the archive into a counter (8 KiB at a time), stopping at the first
/// part or total over its limit: declared sizes are checked first, but a lying header cannot
/// pass either, because the count is of what actually comes out.
fn check_unpacked_size(bytes: &[u8]) -> Result<(), FileProblem> {
    let unreadable = |e: zip::result::ZipError| FileProblem::Xlsx(e.to_string());
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(unreadable)?;
    let mut total = 0u64;
    for index in 0..archive.len() {
        let mut part = archive.by_index(index).map_err(unreadable)?;
        let name = part.name().map_err(unreadable)?.into_owned();
        let limit = if name.ends_with("sharedStrings.xml") {
            MAX_SHARED_STRINGS_BYTES
        } else {
            MAX_PART_BYTES
        };
        let too_big = || {
            FileProblem::TooLargeUnpacked(format!(
                "its part {name} unpacks to more than {} MB",
                megabytes(limit)
            ))
        };
        if part.size() > limit {
            return Err(too_big());
        }
        let unpacked = std::io::copy(
            &mut std::io::Read::take(&mut part, limit + 1),
            &mut std::io::sink(),
        )
        .map_err(|e| FileProblem::Xlsx(format!("{name}: {e}")))?;
        if unpacked > limit {
            return Err(too_big());
        }
        total += unpacked;
        if total > MAX_UNPACKED_BYTES {
            return Err(FileProblem::TooLargeUnpacked(format!(
                "it unpacks to more than {} MB",
                megabytes(MAX_UNPACKED_BYTES)
            )));
        }
    }
    Ok(())
}

fn read_xlsx(bytes: &[u8]) -> Result<Table, FileProblem> {
    check_unpacked_size(bytes)?;
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
    let mut kept_bytes = 0usize;
    while let Some(cell) = reader.next_cell().map_err(xlsx)? {
        let (row, column) = cell.get_position();
        if column >= MAX_COLUMNS {
            return Err(FileProblem::Xlsx(format!(
                "the worksheet has a cell beyond column {MAX_COLUMNS}"
            )));
        }
        // Shared strings are borrowed from the table: measured before anything is copied.
        if let calamine::DataRef::SharedString(shared) = cell.get_value()
            && shared.chars().count() > MAX_CELL_CHARS
        {
            return Err(FileProblem::TooLargeUnpacked(format!(
                "the cell on row {} holds more than {MAX_CELL_CHARS} characters",
                row + 1
            )));
        }
        let text = cell_text(&Data::from(cell.get_value().clone()));
        kept_bytes += text.len();
        if text.chars().count() > MAX_CELL_CHARS {
            return Err(FileProblem::TooLargeUnpacked(format!(
                "the cell on row {} holds more than {MAX_CELL_CHARS} characters",
                row + 1
            )));
        }
        if kept_bytes > MAX_TEXT_BYTES {
            return Err(FileProblem::TooLargeUnpacked(format!(
                "its cells hold more than {} MB of text",
                megabytes(MAX_TEXT_BYTES as u64)
            )));
        }
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

    /// A workbook whose one shared string of `shared_len` characters is used by `uses` cells.
    fn workbook_with_shared_string(shared_len: usize, uses: usize) -> Vec<u8> {
        use std::io::Write;
        let mut out = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        let deflate = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let parts: [(&str, String); 5] = [
            ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#.to_owned()),
            ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_owned()),
            ("xl/workbook.xml", r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_owned()),
            ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#.to_owned()),
            ("xl/worksheets/sheet1.xml", {
                let cells: String = (0..uses)
                    .map(|i| format!(r#"<c r="A{}" t="s"><v>0</v></c>"#, i + 1))
                    .map(|c| format!("<row>{c}</row>"))
                    .collect();
                format!(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{cells}</sheetData></worksheet>"#)
            }),
        ];
        for (name, text) in parts {
            zip.start_file(name, deflate).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.start_file("xl/sharedStrings.xml", deflate).unwrap();
        zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>"#).unwrap();
        let chunk = vec![b'a'; 64 * 1024];
        let mut left = shared_len;
        while left > 0 {
            let n = left.min(chunk.len());
            zip.write_all(&chunk[..n]).unwrap();
            left -= n;
        }
        zip.write_all(b"</t></si></sst>").unwrap();
        zip.finish().unwrap();
        out.into_inner()
    }

    #[test]
    fn a_workbook_that_unpacks_to_gigabytes_is_refused_before_it_is_read() {
        // 34 KiB: one 32 MiB shared string used by 16 cells (the attack as it was reported).
        let bomb = include_bytes!("testdata/shared-string-bomb.xlsx");
        let Err(FileProblem::TooLargeUnpacked(why)) = read(bomb) else {
            panic!("refused as too large");
        };
        assert_eq!(
            why,
            "its part xl/sharedStrings.xml unpacks to more than 16 MB"
        );
    }

    #[test]
    fn one_cell_over_excels_own_limit_is_refused_with_its_row() {
        let long = workbook_with_shared_string(MAX_CELL_CHARS + 1, 2);
        assert_eq!(
            read(&long),
            Err(FileProblem::TooLargeUnpacked(format!(
                "the cell on row 1 holds more than {MAX_CELL_CHARS} characters"
            )))
        );
        let fits = workbook_with_shared_string(200, 2);
        assert_eq!(read(&fits).unwrap().header, vec!["a".repeat(200)]);
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
