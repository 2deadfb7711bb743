//! SIE 4 type 4I: vouchers for import into a Swedish accounting system (Fortnox, Visma).
//! The rules are SIE-gruppen's (edition 4C), summarised in `shared/domain/sie4.md`: CP437
//! (`#FORMAT PC8`), CR LF line ends, the identification records first, then the chart and the
//! dimensions the vouchers use, then one `#VER` per voucher whose `#TRANS` rows sum to exactly
//! zero (an importer rejects the whole file otherwise).
//!
//! The writer is incremental ([`SieWriter::header`], then [`SieWriter::voucher`] per voucher), so
//! a long ledger never has to sit in memory; it refuses what an importer would refuse: an
//! unbalanced voucher, an account or object the header did not declare.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use chrono::NaiveDate;
use oem_cp::code_table::{DECODING_TABLE_CP437, ENCODING_TABLE_CP437};
use unicode_normalization::UnicodeNormalization;

/// The dimension SIE reserves for cost centres (kostnadsställe).
pub const DIM_COST_CENTRE: u32 = 1;
/// The dimension SIE reserves for projects.
pub const DIM_PROJECT: u32 = 6;

/// What identifies the file and its sender.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identification {
    pub program_version: String,
    pub generated: NaiveDate,
    pub company: String,
    /// The organisation number, `802xxx-xxxx`, when known.
    pub org_no: Option<String>,
    /// The financial year the vouchers belong to, first and last day.
    pub financial_year: Option<(NaiveDate, NaiveDate)>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Account {
    pub number: u32,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Dimension {
    pub number: u32,
    pub name: String,
}

/// An object of a dimension: a cost centre or a project.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Object {
    pub dimension: u32,
    pub id: String,
    pub name: String,
}

/// What a file declares before its vouchers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub identification: Identification,
    pub accounts: Vec<Account>,
    pub dimensions: Vec<Dimension>,
    pub objects: Vec<Object>,
}

/// One row of a voucher: an amount in öre on an account, debit positive, credit negative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transaction {
    pub account: u32,
    /// (dimension, object id), for instance `(6, "MF-2026")`.
    pub objects: Vec<(u32, String)>,
    pub amount_ore: i64,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Voucher {
    pub date: NaiveDate,
    pub text: String,
    pub transactions: Vec<Transaction>,
}

impl Voucher {
    /// A voucher of `debits` with one counter-row on `counter_account` that balances them: how a
    /// statement or an invoice is posted (costs against a debt).
    pub fn against(
        date: NaiveDate,
        text: impl Into<String>,
        debits: Vec<Transaction>,
        counter_account: u32,
        counter_text: impl Into<String>,
    ) -> Voucher {
        let total: i64 = debits.iter().map(|t| t.amount_ore).sum();
        let mut transactions = debits;
        transactions.push(Transaction {
            account: counter_account,
            objects: Vec::new(),
            amount_ore: -total,
            text: counter_text.into(),
        });
        Voucher {
            date,
            text: text.into(),
            transactions,
        }
    }

    /// The sum of the rows, in öre; zero for a voucher an importer accepts.
    pub fn balance(&self) -> i128 {
        self.transactions
            .iter()
            .map(|t| i128::from(t.amount_ore))
            .sum()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SieError {
    #[error("the voucher \"{text}\" does not balance: its rows sum to {balance} öre")]
    Unbalanced { text: String, balance: i128 },
    #[error("the voucher \"{text}\" has no rows")]
    Empty { text: String },
    #[error("account {0} is used by a voucher but not declared with #KONTO")]
    UndeclaredAccount(u32),
    #[error("object {1:?} of dimension {0} is used by a voucher but not declared with #OBJEKT")]
    UndeclaredObject(u32, String),
    #[error("dimension {0} is used but not declared with #DIM")]
    UndeclaredDimension(u32),
}

/// Writes a file record by record; each call gives the CP437 bytes to append.
#[derive(Debug)]
pub struct SieWriter {
    accounts: BTreeSet<u32>,
    objects: BTreeSet<(u32, String)>,
}

impl SieWriter {
    /// The identification records, the chart and the dimensions, and a writer that checks the
    /// vouchers against them.
    pub fn header(header: &Header) -> Result<(SieWriter, Vec<u8>), SieError> {
        let dims: BTreeSet<u32> = header.dimensions.iter().map(|d| d.number).collect();
        if let Some(o) = header.objects.iter().find(|o| !dims.contains(&o.dimension)) {
            return Err(SieError::UndeclaredDimension(o.dimension));
        }
        let id = &header.identification;
        let mut out = String::new();
        record(&mut out, "#FLAGGA", &["0".into()]);
        record(
            &mut out,
            "#PROGRAM",
            &[field("ITP Admin"), field(&id.program_version)],
        );
        record(&mut out, "#FORMAT", &["PC8".into()]);
        record(&mut out, "#GEN", &[date(id.generated)]);
        record(&mut out, "#SIETYP", &["4".into()]);
        if let Some(org_no) = &id.org_no {
            record(&mut out, "#ORGNR", &[field(org_no)]);
        }
        record(&mut out, "#FNAMN", &[field(&id.company)]);
        if let Some((first, last)) = id.financial_year {
            record(&mut out, "#RAR", &["0".into(), date(first), date(last)]);
        }
        record(&mut out, "#KPTYP", &["BAS2024".into()]);
        record(&mut out, "#VALUTA", &["SEK".into()]);
        let mut accounts = header.accounts.clone();
        accounts.sort();
        accounts.dedup_by_key(|a| a.number);
        for a in &accounts {
            record(&mut out, "#KONTO", &[a.number.to_string(), field(&a.name)]);
        }
        for d in &header.dimensions {
            record(&mut out, "#DIM", &[d.number.to_string(), field(&d.name)]);
        }
        for o in &header.objects {
            record(
                &mut out,
                "#OBJEKT",
                &[o.dimension.to_string(), field(&o.id), field(&o.name)],
            );
        }
        let writer = SieWriter {
            accounts: accounts.iter().map(|a| a.number).collect(),
            objects: header
                .objects
                .iter()
                .map(|o| (o.dimension, o.id.clone()))
                .collect(),
        };
        Ok((writer, encode(&out)))
    }

    /// One `#VER` with its rows, refused unless it balances and uses only what was declared.
    pub fn voucher(&self, voucher: &Voucher) -> Result<Vec<u8>, SieError> {
        if voucher.transactions.is_empty() {
            return Err(SieError::Empty {
                text: voucher.text.clone(),
            });
        }
        let balance = voucher.balance();
        if balance != 0 {
            return Err(SieError::Unbalanced {
                text: voucher.text.clone(),
                balance,
            });
        }
        let mut out = String::new();
        record(
            &mut out,
            "#VER",
            &[
                field(""),
                field(""),
                date(voucher.date),
                field(&voucher.text),
            ],
        );
        out.push_str("{\r\n");
        for t in &voucher.transactions {
            if !self.accounts.contains(&t.account) {
                return Err(SieError::UndeclaredAccount(t.account));
            }
            let mut list = String::from("{");
            for (i, (dim, id)) in t.objects.iter().enumerate() {
                if !self.objects.contains(&(*dim, id.clone())) {
                    return Err(SieError::UndeclaredObject(*dim, id.clone()));
                }
                if i > 0 {
                    list.push(' ');
                }
                let _ = write!(list, "{dim} {}", quoted(id));
            }
            list.push('}');
            record(
                &mut out,
                "#TRANS",
                &[
                    t.account.to_string(),
                    list,
                    amount(t.amount_ore),
                    date(voucher.date),
                    field(&t.text),
                ],
            );
        }
        out.push_str("}\r\n");
        Ok(encode(&out))
    }
}

fn record(out: &mut String, label: &str, fields: &[String]) {
    out.push_str(label);
    for f in fields {
        out.push(' ');
        out.push_str(f);
    }
    out.push_str("\r\n");
}

/// A field as SIE writes it: bare when it is one plain word, else in quotes.
fn field(text: &str) -> String {
    let clean = printable(text);
    if clean.is_empty()
        || clean
            .chars()
            .any(|c| c == ' ' || c == '"' || c == '{' || c == '}' || c == '\\')
    {
        quoted(&clean)
    } else {
        clean
    }
}

fn quoted(text: &str) -> String {
    let clean = printable(text);
    let mut out = String::with_capacity(clean.len() + 2);
    out.push('"');
    for c in clean.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// A line break or a control character would end or break the record: it becomes a space.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

pub fn date(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// Öre as SIE writes an amount: a decimal point, two decimals, a minus for credit.
pub fn amount(ore: i64) -> String {
    let sign = if ore < 0 { "-" } else { "" };
    let abs = ore.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// Text in CP437. A character CP437 lacks is written as its base letter when it has one
/// (`ł` has none, `ș` becomes `s`, `é` stays `é`, which CP437 has) and as `?` otherwise, so
/// that a name from Moldova or Vietnam reads close to right in the ledger instead of
/// stopping the export; never as UTF-8 bytes.
pub fn encode(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.nfc() {
        if let Some(b) = cp437(c) {
            out.push(b);
            continue;
        }
        let base: Vec<u8> = c.nfd().filter_map(cp437).collect();
        if base.is_empty() {
            out.push(b'?');
        } else {
            out.extend(base);
        }
    }
    out
}

fn cp437(c: char) -> Option<u8> {
    if c.is_ascii() {
        return Some(c as u8);
    }
    ENCODING_TABLE_CP437.get(&c).copied()
}

/// CP437 bytes as text: every byte has a character, so decoding cannot fail.
pub fn decode(bytes: &[u8]) -> String {
    oem_cp::decode_string_complete_table(bytes, &DECODING_TABLE_CP437)
}

#[cfg(test)]
mod tests;
