//! Finance reports: which there are, the formats they come in, and the filters a person (on the
//! exports page) or a script (`itp export`) gives them, checked before any query runs.

use chrono::NaiveDate;

use crate::validation::FieldErrors;

/// The reports finance takes to Excel or to the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Report {
    PerDiem,
    Costs,
    Budget,
    Participants,
    Hosts,
    Ledger,
    Applications,
}

crate::codes!(Report as "report" {
    PerDiem = "per-diem": "Per-diem payouts",
    Costs = "costs": "Travel and accommodation costs",
    Budget = "budget": "Budget against actual",
    Participants = "participants": "Participant statistics",
    Hosts = "hosts": "Host compensation",
    Ledger = "ledger": "Ledger postings",
    Applications = "applications": "Applications",
});

impl Report {
    /// Whether a file of this report names people: such an export is recorded in the audit log
    /// (who, which report, which filters, how many rows).
    pub fn has_personal_data(self) -> bool {
        match self {
            Report::PerDiem | Report::Costs | Report::Ledger | Report::Applications => true,
            // Counts only; host compensation names municipalities, not people.
            Report::Budget | Report::Participants | Report::Hosts => false,
        }
    }

    /// The formats the report comes in: every report as both CSV dialects; the ledger also as
    /// SIE 4 for the accounting system.
    pub fn formats(self) -> &'static [Format] {
        match self {
            Report::Ledger => &[Format::CsvExcelSv, Format::Csv, Format::Sie4],
            _ => &[Format::CsvExcelSv, Format::Csv],
        }
    }

    /// What the state filter means for this report, and its values (code, label).
    pub fn states(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Report::PerDiem => &[
                ("draft", "Draft"),
                ("approved", "Approved"),
                ("paid", "Paid"),
            ],
            Report::Applications => &[("submitted", "Submitted"), ("withdrawn", "Withdrawn")],
            Report::Hosts => &[
                ("requested", "Requested"),
                ("accepted", "Accepted"),
                ("planned", "Planned"),
                ("held", "Held"),
                ("reported", "Reported"),
            ],
            Report::Costs => &[("committed", "Committed"), ("paid", "Paid")],
            Report::Budget | Report::Participants | Report::Ledger => &[],
        }
    }
}

/// How a report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// RFC 4180: comma, decimal point, UTF-8.
    Csv,
    /// Swedish Excel: semicolon, decimal comma, UTF-8 with a byte-order mark, CR LF.
    CsvExcelSv,
    /// SIE 4 type 4I vouchers, CP437.
    Sie4,
}

crate::codes!(Format as "format" {
    Csv = "csv": "CSV (comma, decimal point)",
    CsvExcelSv = "csv-excel-sv": "Excel, Swedish (semicolon, decimal comma)",
    Sie4 = "sie4": "SIE 4 for the accounting system",
});

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv | Format::CsvExcelSv => "csv",
            Format::Sie4 => "si",
        }
    }
}

/// The filters as typed: every field text, as a query string or the command line gives them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterInput {
    pub from: String,
    pub to: String,
    pub programme: String,
    pub cohort: String,
    pub state: String,
}

/// Filters that have been checked: dates are dates, the programme is a code, the cohort a
/// number, the state one the report knows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub programme: Option<String>,
    pub cohort: Option<i32>,
    pub state: Option<String>,
}

/// Longer than any programme code: a longer text is refused before it reaches a query.
const MAX_CODE: usize = 16;

impl FilterInput {
    pub fn validate(&self, report: Report) -> Result<Filter, FieldErrors> {
        let mut errors = FieldErrors::new();
        let from = date(&mut errors, "from", "start", &self.from);
        let to = date(&mut errors, "to", "end", &self.to);
        if let (Some(f), Some(t)) = (from, to)
            && t < f
        {
            errors.add(
                "to",
                "The period ends before it starts: choose an end on or after the start.",
            );
        }
        let programme = match self.programme.trim() {
            "" => None,
            code if code.len() <= MAX_CODE
                && code
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') =>
            {
                Some(code.to_ascii_uppercase())
            }
            _ => {
                errors.add(
                    "programme",
                    "Choose a programme from the list (a code such as MF).",
                );
                None
            }
        };
        let cohort = match self.cohort.trim() {
            "" => None,
            text => match text.parse::<i32>() {
                Ok(id) if id > 0 => Some(id),
                _ => {
                    errors.add("cohort", "Choose a cohort from the list.");
                    None
                }
            },
        };
        let state = match self.state.trim() {
            "" => None,
            code => match report.states().iter().find(|(c, _)| *c == code) {
                Some((c, _)) => Some((*c).to_owned()),
                None => {
                    errors.add("state", "Choose one of the states in the list.");
                    None
                }
            },
        };
        if report == Report::Applications
            && cohort.is_none()
            && errors.for_field("cohort").is_none()
        {
            errors.add(
                "cohort",
                "Choose a cohort: the applications report is one cohort's applications.",
            );
        }
        errors.into_result(Filter {
            from,
            to,
            programme,
            cohort,
            state,
        })
    }
}

impl Filter {
    /// Whether a period from `first` to `last` overlaps the filter's date range.
    pub fn overlaps(&self, first: NaiveDate, last: NaiveDate) -> bool {
        self.from.is_none_or(|f| last >= f) && self.to.is_none_or(|t| first <= t)
    }

    /// Whether a day lies in the filter's date range.
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.overlaps(day, day)
    }

    /// The filters as `name=value` pairs, for the audit log and the file's name.
    pub fn describe(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if let Some(d) = self.from {
            out.push(("from", d.to_string()));
        }
        if let Some(d) = self.to {
            out.push(("to", d.to_string()));
        }
        if let Some(p) = &self.programme {
            out.push(("programme", p.clone()));
        }
        if let Some(c) = self.cohort {
            out.push(("cohort", c.to_string()));
        }
        if let Some(s) = &self.state {
            out.push(("state", s.clone()));
        }
        out
    }
}

/// The calendar month before the one `today` is in: its first and last day. The monthly export
/// runs early in a month and writes the month that has just ended.
pub fn previous_month(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    use chrono::Datelike;
    let first_of_this = today.with_day(1).unwrap_or(today);
    let last = first_of_this.pred_opt().unwrap_or(first_of_this);
    (last.with_day(1).unwrap_or(last), last)
}

/// How many months of exports the monthly job keeps.
pub const KEEP_MONTHS: usize = 24;

fn date(errors: &mut FieldErrors, field: &str, label: &str, text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    // Exactly YYYY-MM-DD: chrono alone would take a year of any length and signs.
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    let day = shaped
        .then(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
        .flatten();
    if day.is_none() {
        errors.add(
            field,
            format!("The {label} of the period is not a date: write it as 2027-01-31."),
        );
    }
    day
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::code::{Code, assert_round_trip};

    fn input(from: &str, to: &str) -> FilterInput {
        FilterInput {
            from: from.into(),
            to: to.into(),
            ..FilterInput::default()
        }
    }

    #[test]
    fn codes_round_trip() {
        assert_round_trip::<Report>();
        assert_round_trip::<Format>();
        assert_eq!(Report::parse("per-diem"), Some(Report::PerDiem));
        assert_eq!(Format::parse("csv-excel-sv"), Some(Format::CsvExcelSv));
    }

    #[test]
    fn only_the_ledger_comes_as_sie() {
        for r in Report::ALL {
            assert_eq!(r.formats().contains(&Format::Sie4), *r == Report::Ledger);
        }
    }

    #[test]
    fn a_period_is_two_iso_dates_in_order() {
        let f = input("2026-01-01", "2026-12-31")
            .validate(Report::PerDiem)
            .unwrap();
        assert_eq!(f.from, NaiveDate::from_ymd_opt(2026, 1, 1));
        let e = input("2026-12-31", "2026-01-01")
            .validate(Report::PerDiem)
            .unwrap_err();
        assert!(e.for_field("to").unwrap().contains("ends before it starts"));
        for bad in [
            "31/12/2026",
            "+2026-01-01",
            "20260101",
            "2026-02-30",
            "2026-1-1",
        ] {
            let e = input(bad, "").validate(Report::PerDiem).unwrap_err();
            assert!(e.for_field("from").is_some(), "{bad}");
        }
    }

    #[test]
    fn programme_cohort_and_state_are_checked() {
        let ok = FilterInput {
            programme: "mf".into(),
            cohort: "3".into(),
            state: "approved".into(),
            ..FilterInput::default()
        }
        .validate(Report::PerDiem)
        .unwrap();
        assert_eq!(ok.programme.as_deref(), Some("MF"));
        assert_eq!(ok.cohort, Some(3));
        let bad = FilterInput {
            programme: "MF'; DROP TABLE".into(),
            cohort: "-1".into(),
            state: "stolen".into(),
            ..FilterInput::default()
        }
        .validate(Report::PerDiem)
        .unwrap_err();
        for field in ["programme", "cohort", "state"] {
            assert!(bad.for_field(field).is_some(), "{field}");
        }
    }

    #[test]
    fn the_applications_report_needs_a_cohort() {
        let e = FilterInput::default()
            .validate(Report::Applications)
            .unwrap_err();
        assert!(e.for_field("cohort").is_some());
    }

    #[test]
    fn the_date_range_includes_its_ends() {
        let f = input("2026-03-01", "2026-03-31")
            .validate(Report::Hosts)
            .unwrap();
        let d = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        assert!(f.contains(d(3, 1)) && f.contains(d(3, 31)));
        assert!(!f.contains(d(2, 28)) && !f.contains(d(4, 1)));
        assert!(f.overlaps(d(2, 27), d(3, 1)));
    }

    #[test]
    fn the_previous_month_of_a_day_in_january_is_december() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            previous_month(d(2027, 1, 1)),
            (d(2026, 12, 1), d(2026, 12, 31))
        );
        assert_eq!(
            previous_month(d(2028, 3, 15)),
            (d(2028, 2, 1), d(2028, 2, 29))
        );
    }

    proptest! {
        #[test]
        fn the_previous_month_ends_the_day_before_this_one_starts(days in 0i64..40_000) {
            use chrono::Datelike;
            let today = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap() + chrono::Duration::days(days);
            let (first, last) = previous_month(today);
            prop_assert_eq!(first.day(), 1);
            prop_assert_eq!(last.succ_opt().unwrap(), today.with_day(1).unwrap());
            prop_assert_eq!(first.month(), last.month());
        }

        #[test]
        fn any_input_is_refused_or_gives_a_filter_within_bounds(
            from in any::<String>(), to in any::<String>(), programme in any::<String>(),
            cohort in any::<String>(), state in any::<String>(),
            report in prop::sample::select(Report::ALL.to_vec()),
        ) {
            let input = FilterInput { from, to, programme, cohort, state };
            if let Ok(f) = input.validate(report) {
                prop_assert!(f.programme.as_ref().is_none_or(|p| p.len() <= MAX_CODE));
                prop_assert!(f.cohort.is_none_or(|c| c > 0));
                if let (Some(a), Some(b)) = (f.from, f.to) { prop_assert!(a <= b); }
                prop_assert!(f.state.as_ref().is_none_or(|s| report.states().iter().any(|(c, _)| c == s)));
            }
        }
    }
}
