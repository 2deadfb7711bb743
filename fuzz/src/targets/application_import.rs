//! The application import: an uploaded CSV or XLSX file read into rows
//! (`itp_web::import_file::read`), then the rows checked and grouped into applications
//! (`itp_domain::application::import::parse`).

use std::collections::BTreeSet;
use std::io::{Cursor, Write};

use itp_domain::application::import::{COLUMNS, MAX_ROWS, parse};
use itp_web::import_file;
use proptest::prelude::*;
use proptest::sample::select;

use crate::Target;
use crate::mutate::text_from;

const KEYS: &[&str] = &[
    "reference",
    "organisation_name",
    "organisation_type",
    "country",
    ";",
    ",",
    "\"",
    "\"\"",
    "\r\n",
    "\n",
    "\u{feff}",
    "PK\u{3}\u{4}",
    "<c t=\"inlineStr\"><is><t>",
    "</t></is></c>",
];
const VALUES: &[&str] = &[
    "HOI-1",
    "HOI-2",
    "Hoima Municipal Council",
    "municipality",
    "region",
    "local",
    "national",
    "UG",
    "GE",
    "XX",
    "woman",
    "man",
    "politician",
    "official",
    "civil_society",
    "B2",
    "C1",
    "1984",
    "1899",
    "yes",
    "no",
    "grace@hoima.go.ug",
    "not an address",
    "Грейс Намубиру",
    "",
];

fn check(data: &[u8]) {
    let Ok(table) = import_file::read(data) else {
        return;
    };
    assert!(table.rows.len() <= MAX_ROWS, "more rows than the limit");
    // Every record on a line of its own, whatever the line ends (CRLF, LF, or a lone CR).
    for pair in table.rows.windows(2) {
        assert!(
            pair[0].0 < pair[1].0,
            "line numbers out of order: {} then {}",
            pair[0].0,
            pair[1].0
        );
    }
    match parse(&table) {
        Ok(applications) => {
            let mut seen = BTreeSet::new();
            for a in &applications {
                assert!(
                    !a.reference.trim().is_empty(),
                    "an application without reference"
                );
                assert!(
                    seen.insert(a.reference.clone()),
                    "reference {} twice among the applications",
                    a.reference
                );
                assert!(
                    table.rows.iter().any(|(line, _)| *line == a.first_line),
                    "application {} names line {}, which the file does not have",
                    a.reference,
                    a.first_line
                );
                assert!(
                    a.draft.members().next().is_some(),
                    "an application without members"
                );
            }
        }
        Err(errors) => assert!(!errors.is_empty(), "refused without saying why"),
    }
}

/// Rows shaped like the template: its columns (now and then one missing or doubled), values
/// from real and odd ones, references shared by the rows of one team.
fn rows() -> BoxedStrategy<Vec<Vec<String>>> {
    let header: Vec<String> = COLUMNS.iter().map(|(n, _, _)| (*n).to_owned()).collect();
    let width = header.len();
    let header = (
        Just(header),
        proptest::option::weighted(0.2, (0..width, any::<bool>())),
    )
        .prop_map(|(mut h, edit)| {
            if let Some((i, drop)) = edit {
                if drop {
                    h.remove(i);
                } else {
                    let c = h[i].clone();
                    h.push(c);
                }
            }
            h
        });
    let row = (
        select(&["HOI-1", "HOI-2", "KLA-7"][..]),
        proptest::collection::vec(text_from(VALUES), width - 1..width + 1),
    )
        .prop_map(|(reference, rest)| {
            let mut r = vec![reference.to_owned()];
            r.extend(rest);
            r
        });
    (header, proptest::collection::vec(row, 0..12))
        .prop_map(|(h, rows)| std::iter::once(h).chain(rows).collect())
        .boxed()
}

fn csv(rows: &[Vec<String>], delimiter: char) -> Vec<u8> {
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| {
                if c.contains([delimiter, '"', '\n', '\r']) {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    c.clone()
                }
            })
            .collect();
        out.push_str(&cells.join(&delimiter.to_string()));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The smallest workbook Excel would open: one sheet of inline strings, stored uncompressed.
pub fn xlsx(rows: &[Vec<String>]) -> Vec<u8> {
    let mut sheet = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    for (r, row) in rows.iter().enumerate() {
        sheet.push_str(&format!("<row r=\"{}\">", r + 1));
        for (c, cell) in row.iter().enumerate() {
            let column = if c < 26 {
                ((b'A' + c as u8) as char).to_string()
            } else {
                format!("A{}", (b'A' + (c - 26) as u8) as char)
            };
            sheet.push_str(&format!(
                "<c r=\"{column}{}\" t=\"inlineStr\"><is><t>{}</t></is></c>",
                r + 1,
                escape(cell)
            ));
        }
        sheet.push_str("</row>");
    }
    sheet.push_str("</sheetData></worksheet>");
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_owned(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_owned(),
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Applications" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_owned(),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_owned(),
        ),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, text) in parts {
        zip.start_file(name, options).expect("zip entry");
        zip.write_all(text.as_bytes()).expect("zip write");
    }
    zip.finish().expect("zip").into_inner()
}

fn generate() -> BoxedStrategy<Vec<u8>> {
    (rows(), 0u8..3)
        .prop_map(|(rows, format)| match format {
            0 => csv(&rows, ';'),
            1 => csv(&rows, ','),
            _ => xlsx(&rows),
        })
        .boxed()
}

pub fn target() -> Target {
    Target {
        name: "application_import",
        check,
        dictionary: KEYS,
        generator: generate,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_workbooks_and_the_seed_files_are_read_back() {
        let rows = vec![
            vec!["reference".to_owned(), "organisation_name".to_owned()],
            vec!["HOI-1".to_owned(), "A & B <council>".to_owned()],
        ];
        let table = import_file::read(&xlsx(&rows)).expect("a generated workbook");
        assert_eq!(table.header, rows[0]);
        assert_eq!(table.rows, vec![(2, rows[1].clone())]);
        for (name, bytes) in crate::runner::files("corpus", "application_import") {
            let table = import_file::read(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
            let applications = parse(&table).unwrap_or_else(|e| panic!("{name}: {e:?}"));
            assert_eq!(applications.len(), 1, "{name}");
            assert_eq!(applications[0].draft.members().count(), 2, "{name}");
        }
    }
}
