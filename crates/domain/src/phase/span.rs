//! Spans of whole days and the date fields they are typed into.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::validation::FieldErrors;

/// A span of whole days, both ends included (a workshop "15–18 Feb" is four days).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DateSpan {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl DateSpan {
    /// A span, or `None` when the end is before the start.
    pub fn new(start: NaiveDate, end: NaiveDate) -> Option<DateSpan> {
        (start <= end).then_some(DateSpan { start, end })
    }

    pub fn contains(&self, other: &DateSpan) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn contains_day(&self, day: NaiveDate) -> bool {
        self.start <= day && day <= self.end
    }

    /// Number of days, both ends counted.
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }

    pub fn overlaps(&self, other: &DateSpan) -> bool {
        self.start <= other.end && other.start <= self.end
    }

    /// The same span moved by whole days.
    pub fn shifted(&self, days: i64) -> Option<DateSpan> {
        let by = chrono::Days::new(days.unsigned_abs());
        let (start, end) = if days >= 0 {
            (
                self.start.checked_add_days(by)?,
                self.end.checked_add_days(by)?,
            )
        } else {
            (
                self.start.checked_sub_days(by)?,
                self.end.checked_sub_days(by)?,
            )
        };
        Some(DateSpan { start, end })
    }

    /// The smallest span covering all of `spans`.
    pub fn envelope<'a>(spans: impl IntoIterator<Item = &'a DateSpan>) -> Option<DateSpan> {
        spans.into_iter().fold(None, |acc: Option<DateSpan>, s| {
            Some(match acc {
                None => *s,
                Some(a) => DateSpan {
                    start: a.start.min(s.start),
                    end: a.end.max(s.end),
                },
            })
        })
    }
}

impl fmt::Display for DateSpan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.start == self.end {
            write!(f, "{}", self.start.format("%-d %b %Y"))
        } else {
            write!(
                f,
                "{} – {}",
                self.start.format("%-d %b %Y"),
                self.end.format("%-d %b %Y")
            )
        }
    }
}

/// Dates are typed as ISO dates (what `<input type="date">` sends).
pub fn parse_date(e: &mut FieldErrors, field: &str, label: &str, value: &str) -> Option<NaiveDate> {
    let v = value.trim();
    if v.is_empty() {
        e.add(field, format!("Enter the {label}."));
        return None;
    }
    match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        Ok(d) if (2000..=2100).contains(&chrono::Datelike::year(&d)) => Some(d),
        Ok(_) => {
            e.add(
                field,
                format!("The {label} must be a date between the years 2000 and 2100."),
            );
            None
        }
        Err(_) => {
            e.add(
                field,
                format!("Enter the {label} as a date, such as 2027-03-15."),
            );
            None
        }
    }
}
