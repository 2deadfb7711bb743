//! `docs/exports.md`, written from the same column declarations as the files, so that the
//! document and the exports can never disagree. A test compares the file with what this writes;
//! `ITP_WRITE_DOCS=1 cargo test --workspace --lib -- exports_md` rewrites it.

use std::fmt::Write as _;

use itp_domain::Code;

use super::{AVAILABLE, dictionary};

/// The document, in Markdown.
pub fn markdown() -> String {
    let mut out = String::from(
        "# Exports: the data dictionary\n\n\
         Generated from the column declarations in `crates/web/src/reports/` and \
         `crates/web/src/application/export.rs`; do not edit by hand (see \
         `crates/web/src/reports/docs.rs`). Each report is on the exports page (`/exports`) \
         and the command line: `itp export REPORT --format csv|csv-excel-sv|sie4 \
         [--from DATE] [--to DATE] [--programme CODE] [--cohort ID] [--state STATE] \
         [--out FILE]`.\n\n\
         ## Formats\n\n\
         - `csv`: RFC 4180, UTF-8, comma separator, decimal point, CR LF, a header row.\n\
         - `csv-excel-sv`: what Swedish Excel opens without an import wizard: UTF-8 with a \
         byte-order mark, semicolon separator, decimal comma, CR LF, a header row.\n\
         - In both, a text cell that a spreadsheet would read as a formula (starting with `=`, \
         `+`, `-`, `@`, tab or carriage return) gets a leading apostrophe; numbers stay numbers \
         (`-12,00` is a credit). Amounts have two decimals; dates are ISO 8601 (`2027-01-31`).\n\
         - `sie4` (ledger only): SIE 4 type 4I in CP437 (`#FORMAT PC8`), the identification \
         records, `#KONTO` for the mapped accounts, `#DIM` 1 (cost centre) and 6 (project), \
         `#OBJEKT` for the cost centres and projects, and one `#VER` per voucher whose `#TRANS` \
         rows sum to zero.\n\n\
         Exports that name people (marked below) are recorded in the audit log with who ran \
         them, the filters and the number of rows.\n",
    );
    for report in AVAILABLE {
        let Some(d) = dictionary(*report) else {
            continue;
        };
        let _ = write!(
            out,
            "\n## {} (`{}`)\n\n{}\n\n",
            report.label(),
            report.code(),
            d.description
        );
        let formats: Vec<&str> = report.formats().iter().map(|f| f.code()).collect();
        let _ = writeln!(out, "Formats: {}.", formats.join(", "));
        let states: Vec<&str> = report.states().iter().map(|(c, _)| *c).collect();
        if !states.is_empty() {
            let _ = writeln!(out, "State filter: {}.", states.join(", "));
        }
        if report.has_personal_data() {
            let _ = writeln!(out, "Names people: every export is audit-logged.");
        }
        out.push_str("\n| column | type | meaning |\n|---|---|---|\n");
        for c in &d.columns {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} |",
                c.name,
                c.kind.label(),
                c.description.replace('|', "\\|")
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_exports_md_is_what_the_column_declarations_generate() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/exports.md");
        let generated = markdown();
        if std::env::var_os("ITP_WRITE_DOCS").is_some() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &generated).unwrap();
        }
        let stored = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            stored == generated,
            "docs/exports.md differs from the column declarations: run \
             `ITP_WRITE_DOCS=1 cargo test --workspace --lib -- exports_md` and commit it"
        );
    }

    #[test]
    fn every_available_report_has_its_dictionary_in_the_document() {
        let doc = markdown();
        for report in AVAILABLE {
            let d = dictionary(*report).unwrap();
            for c in &d.columns {
                assert!(doc.contains(&format!("| `{}` |", c.name)), "{}", c.name);
            }
        }
    }
}
