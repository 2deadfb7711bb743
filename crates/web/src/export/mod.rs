//! Exports: tables people take to Excel. An export declares its columns once, each with its
//! header, its type and what it means; the file is written from that declaration
//! ([`csv`], streamed by [`response`]) and so is the data dictionary ([`dictionaries`]), so the
//! two never disagree (pretalx's exporters work the same way).

pub mod csv;
pub mod response;

use std::borrow::Cow;

use chrono::{DateTime, NaiveDate, Utc};
use itp_domain::money::Money;
use rust_decimal::Decimal;

pub use response::{RowSender, csv_download, download, write_to};

/// Writes a file row by row into a buffer that the caller empties as it goes: a CSV dialect, or
/// SIE vouchers.
pub trait FileWriter<R>: Send {
    fn row(&mut self, row: &R) -> crate::error::Result<()>;
    /// What has been written and not yet taken, roughly.
    fn pending(&self) -> usize;
    /// The bytes written since the last call.
    fn take(&mut self) -> crate::error::Result<Vec<u8>>;
}

/// One export: what the file is called in the dictionary, and its columns in file order.
pub struct Export<R: 'static> {
    /// A stable name for the dictionary and for links, `applications`.
    pub name: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub columns: &'static [Column<R>],
}

/// A column: its header, what it means, and how a row's value is read. The type is the type the
/// value is read as, so a column cannot say "integer" and hold text.
pub struct Column<R> {
    pub name: &'static str,
    pub description: &'static str,
    read: Read<R>,
}

enum Read<R> {
    Text(fn(&R) -> String),
    Str(for<'a> fn(&'a R) -> &'a str),
    Integer(fn(&R) -> Option<i64>),
    Decimal(fn(&R) -> Option<Decimal>),
    Money(fn(&R) -> Option<Money>),
    Date(fn(&R) -> Option<NaiveDate>),
    DateTime(fn(&R) -> Option<DateTime<Utc>>),
    Boolean(fn(&R) -> Option<bool>),
}

/// What a column holds, as the data dictionary names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    Text,
    Integer,
    Decimal,
    /// An exact amount in SEK, written with a decimal comma.
    Money,
    Date,
    /// A moment in UTC.
    DateTime,
    Boolean,
}

impl ColumnType {
    /// How a cell of this type is written, in the words of the dictionary.
    pub fn label(self) -> &'static str {
        match self {
            ColumnType::Text => "text",
            ColumnType::Integer => "whole number",
            ColumnType::Decimal => "decimal number, decimal comma (12,5)",
            ColumnType::Money => "amount in SEK, decimal comma (1234,50)",
            ColumnType::Date => "date (2027-01-31)",
            ColumnType::DateTime => "date and time in UTC (2027-01-31 14:05)",
            ColumnType::Boolean => "yes or no",
        }
    }
}

/// A cell as read from a row, before it is written; text borrowed from the row where it can be.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Empty,
    Text(Cow<'a, str>),
    Integer(i64),
    Decimal(Decimal),
    Money(Money),
    Date(NaiveDate),
    DateTime(DateTime<Utc>),
    Boolean(bool),
}

impl<R> Column<R> {
    /// Text the row holds as it is written: read without a copy, which counts in a report of a
    /// million rows.
    pub const fn str(
        name: &'static str,
        description: &'static str,
        read: for<'a> fn(&'a R) -> &'a str,
    ) -> Self {
        Column {
            name,
            description,
            read: Read::Str(read),
        }
    }

    /// Text made for the file (joined, translated, formatted).
    pub const fn text(
        name: &'static str,
        description: &'static str,
        read: fn(&R) -> String,
    ) -> Self {
        Column {
            name,
            description,
            read: Read::Text(read),
        }
    }

    pub const fn integer(
        name: &'static str,
        description: &'static str,
        read: fn(&R) -> Option<i64>,
    ) -> Self {
        Column {
            name,
            description,
            read: Read::Integer(read),
        }
    }

    pub const fn decimal(
        name: &'static str,
        description: &'static str,
        read: fn(&R) -> Option<Decimal>,
    ) -> Self {
        Column {
            name,
            description,
            read: Read::Decimal(read),
        }
    }

    pub const fn money(
        name: &'static str,
        description: &'static str,
        read: fn(&R) -> Option<Money>,
    ) -> Self {
        Column {
            name,
            description,
            read: Read::Money(read),
        }
    }

    pub const fn date(
        name: &'static str,
        description: &'static str,
        read: fn(&R) -> Option<NaiveDate>,
    ) -> Self {
        Column {
            name,
            description,
            read: Read::Date(read),
        }
    }

    pub const fn date_time(
        name: &'static str,
        description: &'static str,
        read: fn(&R) -> Option<DateTime<Utc>>,
    ) -> Self {
        Column {
            name,
            description,
            read: Read::DateTime(read),
        }
    }

    pub const fn boolean(
        name: &'static str,
        description: &'static str,
        read: fn(&R) -> Option<bool>,
    ) -> Self {
        Column {
            name,
            description,
            read: Read::Boolean(read),
        }
    }

    pub fn kind(&self) -> ColumnType {
        match self.read {
            Read::Text(_) | Read::Str(_) => ColumnType::Text,
            Read::Integer(_) => ColumnType::Integer,
            Read::Decimal(_) => ColumnType::Decimal,
            Read::Money(_) => ColumnType::Money,
            Read::Date(_) => ColumnType::Date,
            Read::DateTime(_) => ColumnType::DateTime,
            Read::Boolean(_) => ColumnType::Boolean,
        }
    }

    pub fn value<'a>(&self, row: &'a R) -> Value<'a> {
        fn or_empty<'a, T>(v: Option<T>, typed: fn(T) -> Value<'a>) -> Value<'a> {
            v.map_or(Value::Empty, typed)
        }
        match self.read {
            Read::Text(read) => Value::Text(Cow::Owned(read(row))),
            Read::Str(read) => Value::Text(Cow::Borrowed(read(row))),
            Read::Integer(read) => or_empty(read(row), Value::Integer),
            Read::Decimal(read) => or_empty(read(row), Value::Decimal),
            Read::Money(read) => or_empty(read(row), Value::Money),
            Read::Date(read) => or_empty(read(row), Value::Date),
            Read::DateTime(read) => or_empty(read(row), Value::DateTime),
            Read::Boolean(read) => or_empty(read(row), Value::Boolean),
        }
    }
}

/// An export as the data dictionary shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dictionary {
    pub name: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub columns: Vec<ColumnEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnEntry {
    pub name: &'static str,
    pub kind: ColumnType,
    pub description: &'static str,
}

impl<R> Export<R> {
    /// The declared columns, in file order.
    pub fn dictionary(&self) -> Dictionary {
        Dictionary {
            name: self.name,
            title: self.title,
            description: self.description,
            columns: self
                .columns
                .iter()
                .map(|c| ColumnEntry {
                    name: c.name,
                    kind: c.kind(),
                    description: c.description,
                })
                .collect(),
        }
    }
}

/// Every export the application offers: where a new export is registered, so that the data
/// dictionary lists it.
pub fn dictionaries() -> Vec<Dictionary> {
    vec![
        crate::application::export::APPLICATIONS.dictionary(),
        crate::selection::export::SCORES.dictionary(),
        crate::per_diem::export::STATEMENTS.dictionary(),
        crate::participants::lists::ROOMING.dictionary(),
        crate::participants::lists::TRAVEL.dictionary(),
        crate::reports::per_diem::PAYOUTS.dictionary(),
        crate::reports::costs::COSTS.dictionary(),
        crate::reports::budget::BUDGET.dictionary(),
        crate::reports::participants::STATISTICS.dictionary(),
        crate::reports::hosts::HOST_COMPENSATION.dictionary(),
        crate::reports::ledger::LEDGER.dictionary(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dictionary_lists_every_column_of_every_export_in_file_order() {
        let dictionaries = dictionaries();
        assert!(!dictionaries.is_empty());
        let mut names: Vec<_> = dictionaries.iter().map(|d| d.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), dictionaries.len(), "export names are unique");
        for d in &dictionaries {
            assert!(
                !d.title.is_empty() && !d.description.is_empty(),
                "{}",
                d.name
            );
            assert!(!d.columns.is_empty(), "{}", d.name);
            for c in &d.columns {
                assert!(
                    !c.description.trim().is_empty(),
                    "{}.{} is undescribed",
                    d.name,
                    c.name
                );
            }
        }
        let applications = crate::application::export::APPLICATIONS.dictionary();
        let listed: Vec<_> = applications
            .columns
            .iter()
            .map(|c| (c.name, c.kind))
            .collect();
        assert_eq!(
            listed,
            [
                ("id", ColumnType::Integer),
                ("reference", ColumnType::Text),
                ("organisation", ColumnType::Text),
                ("country", ColumnType::Text),
                ("country_code", ColumnType::Text),
                ("project_title", ColumnType::Text),
                ("members", ColumnType::Integer),
                ("women", ColumnType::Integer),
                ("member_names", ColumnType::Text),
                ("member_roles", ColumnType::Text),
                ("member_emails", ColumnType::Text),
                ("status", ColumnType::Text),
                ("status_code", ColumnType::Text),
                ("eligibility", ColumnType::Text),
                ("eligibility_code", ColumnType::Text),
                ("flags", ColumnType::Integer),
                ("source", ColumnType::Text),
                ("source_code", ColumnType::Text),
                ("possible_duplicate", ColumnType::Boolean),
                ("duplicate_of", ColumnType::Text),
                ("submitted_at_utc", ColumnType::DateTime),
            ]
        );
    }
}
