//! The retention settings: a period per kind of personal data, with the defaults ICLD applies,
//! changed by `ITP_RETENTION` (`audit_log=24m;sensitive_documents=3m`).

use std::fmt;

use chrono::{DateTime, Months, NaiveDate, Utc};

/// A kind of personal data with its own retention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Applications that did not lead to a place: drafts never submitted, withdrawn ones, and
    /// (once selection records decisions) declined ones.
    ApplicantsNotSelected,
    /// Participants' passports and medical statements (and dietary or accessibility needs).
    SensitiveDocuments,
    /// Per-diem statements and other finance records.
    FinanceRecords,
    /// The audit log.
    AuditLog,
}

impl Kind {
    pub const ALL: [Kind; 4] = [
        Kind::ApplicantsNotSelected,
        Kind::SensitiveDocuments,
        Kind::FinanceRecords,
        Kind::AuditLog,
    ];

    /// Its name in `ITP_RETENTION`.
    pub fn key(self) -> &'static str {
        match self {
            Kind::ApplicantsNotSelected => "applicants_not_selected",
            Kind::SensitiveDocuments => "sensitive_documents",
            Kind::FinanceRecords => "finance_records",
            Kind::AuditLog => "audit_log",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::ApplicantsNotSelected => "Applications of people not selected",
            Kind::SensitiveDocuments => {
                "Participants' passports, medical statements, dietary and accessibility needs"
            }
            Kind::FinanceRecords => "Finance records (per-diem statements, payments)",
            Kind::AuditLog => "The audit log (who changed what, and when)",
        }
    }

    /// When its clock starts, in words.
    pub fn counted_from(self) -> &'static str {
        match self {
            Kind::ApplicantsNotSelected => "after the cohort's selection (its first day)",
            Kind::SensitiveDocuments => "after the cohort's last day",
            Kind::FinanceRecords => "after the end of the year the record belongs to",
            Kind::AuditLog => "after the entry was written",
        }
    }

    /// Why it is kept that long.
    pub fn why(self) -> &'static str {
        match self {
            Kind::ApplicantsNotSelected => {
                "To answer questions and complaints about the selection, and to see returning \
                 applicants; then the names, e-mail addresses and years of birth are removed. \
                 Countries, genders and numbers stay, so statistics remain right."
            }
            Kind::SensitiveDocuments => {
                "Needed only to arrange travel, visas, insurance and meals for the programme; \
                 deleted once the cohort is over and its follow-up done."
            }
            Kind::FinanceRecords => {
                "Swedish bookkeeping law (bokföringslagen) requires accounting records to be kept \
                 for seven years; afterwards the travellers' names are pseudonymised and the \
                 amounts kept for the totals."
            }
            Kind::AuditLog => {
                "To show who changed what when a decision or a payment is questioned; then the \
                 entries are deleted."
            }
        }
    }

    /// What the purge does when the time is up.
    pub fn what_happens(self) -> &'static str {
        match self {
            Kind::ApplicantsNotSelected | Kind::FinanceRecords => "pseudonymised",
            Kind::SensitiveDocuments | Kind::AuditLog => "deleted",
        }
    }

    fn default_period(self) -> Period {
        match self {
            Kind::ApplicantsNotSelected => Period::months(12),
            Kind::SensitiveDocuments => Period::months(3),
            Kind::FinanceRecords => Period::months(7 * 12),
            Kind::AuditLog => Period::months(24),
        }
    }
}

/// A retention period in whole months (a year is twelve).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Period {
    months: u32,
}

/// The longest period accepted: beyond a century is a typo.
const MAX_MONTHS: u32 = 100 * 12;

impl Period {
    pub const fn months(months: u32) -> Period {
        Period { months }
    }

    pub fn in_months(self) -> u32 {
        self.months
    }

    /// The moment data that started its clock at `from` is due.
    pub fn due_after(self, from: DateTime<Utc>) -> DateTime<Utc> {
        from.checked_add_months(Months::new(self.months))
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
    }

    /// The day data that started its clock on `from` is due.
    pub fn due_after_day(self, from: NaiveDate) -> NaiveDate {
        from.checked_add_months(Months::new(self.months))
            .unwrap_or(NaiveDate::MAX)
    }

    /// The latest start of the clock that is due at `now`: anything from before it is due.
    pub fn due_before(self, now: DateTime<Utc>) -> DateTime<Utc> {
        now.checked_sub_months(Months::new(self.months))
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
    }

    /// `12m`, `2y`, or a bare number of months.
    fn parse(text: &str) -> Option<Period> {
        let text = text.trim();
        let (digits, per) = match text.strip_suffix(['y', 'Y']) {
            Some(d) => (d, 12),
            None => (text.strip_suffix(['m', 'M']).unwrap_or(text), 1),
        };
        let n: u32 = digits.trim().parse().ok()?;
        let months = n.checked_mul(per)?;
        (months <= MAX_MONTHS).then_some(Period { months })
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self.months;
        match (m / 12, m % 12) {
            (0, 1) => f.write_str("1 month"),
            (0, n) => write!(f, "{n} months"),
            (1, 0) => f.write_str("1 year"),
            (y, 0) => write!(f, "{y} years"),
            _ => write!(f, "{m} months"),
        }
    }
}

/// A mistake in `ITP_RETENTION`, naming the entry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("ITP_RETENTION: {0}")]
pub struct RetentionError(String);

/// The period of every kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retention {
    periods: Vec<(Kind, Period)>,
}

impl Default for Retention {
    fn default() -> Self {
        Retention {
            periods: Kind::ALL.iter().map(|k| (*k, k.default_period())).collect(),
        }
    }
}

impl Retention {
    /// The defaults changed by `raw`: entries separated by `;`, each `KIND=PERIOD` with the
    /// period in months (`3m`, `18`) or years (`2y`). An unknown kind, a period that does not
    /// read or a kind given twice is an error, so a typo stops the start.
    pub fn parse(raw: Option<&str>) -> Result<Retention, RetentionError> {
        let mut retention = Retention::default();
        let mut seen: Vec<Kind> = Vec::new();
        for entry in raw.unwrap_or("").split(';').map(str::trim) {
            if entry.is_empty() {
                continue;
            }
            let Some((key, value)) = entry.split_once('=') else {
                return Err(RetentionError(format!(
                    "\"{entry}\" is not KIND=PERIOD (e.g. audit_log=24m)"
                )));
            };
            let key = key.trim();
            let Some(kind) = Kind::ALL.into_iter().find(|k| k.key() == key) else {
                let keys: Vec<&str> = Kind::ALL.iter().map(|k| k.key()).collect();
                return Err(RetentionError(format!(
                    "there is no kind of data called \"{key}\"; the kinds are {}",
                    keys.join(", ")
                )));
            };
            if seen.contains(&kind) {
                return Err(RetentionError(format!("{key} is given more than once")));
            }
            seen.push(kind);
            let period = Period::parse(value).ok_or_else(|| {
                RetentionError(format!(
                    "{key}: \"{}\" is not a period such as 3m, 18 or 2y (at most 100 years)",
                    value.trim()
                ))
            })?;
            retention.set(kind, period);
        }
        Ok(retention)
    }

    fn set(&mut self, kind: Kind, period: Period) {
        for (k, p) in &mut self.periods {
            if *k == kind {
                *p = period;
            }
        }
    }

    pub fn period(&self, kind: Kind) -> Period {
        self.periods
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, p)| *p)
            .unwrap_or_else(|| kind.default_period())
    }

    /// Whether `kind` keeps its default.
    pub fn is_default(&self, kind: Kind) -> bool {
        self.period(kind) == kind.default_period()
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn the_defaults_are_those_of_the_issue() {
        let r = Retention::default();
        assert_eq!(r.period(Kind::ApplicantsNotSelected).to_string(), "1 year");
        assert_eq!(r.period(Kind::SensitiveDocuments).to_string(), "3 months");
        assert_eq!(r.period(Kind::FinanceRecords).to_string(), "7 years");
        assert_eq!(r.period(Kind::AuditLog).to_string(), "2 years");
        assert!(Kind::ALL.iter().all(|k| r.is_default(*k)));
    }

    #[test]
    fn settings_change_one_kind_and_leave_the_others() {
        let r = Retention::parse(Some(" audit_log = 3y ; sensitive_documents=1m;")).unwrap();
        assert_eq!(r.period(Kind::AuditLog), Period::months(36));
        assert_eq!(r.period(Kind::SensitiveDocuments), Period::months(1));
        assert!(!r.is_default(Kind::AuditLog));
        assert!(r.is_default(Kind::FinanceRecords));
        assert_eq!(
            Retention::parse(Some("finance_records=90"))
                .unwrap()
                .period(Kind::FinanceRecords),
            Period::months(90)
        );
        assert_eq!(Retention::parse(None).unwrap(), Retention::default());
    }

    #[test]
    fn mistakes_are_refused_with_the_entry_named() {
        for (raw, says) in [
            ("audit=2y", "no kind of data called \"audit\""),
            ("audit_log", "is not KIND=PERIOD"),
            ("audit_log=two years", "\"two years\" is not a period"),
            ("audit_log=-1m", "is not a period"),
            ("audit_log=1000y", "at most 100 years"),
            ("audit_log=2y;audit_log=3y", "more than once"),
        ] {
            let err = Retention::parse(Some(raw)).unwrap_err().to_string();
            assert!(err.contains(says), "{raw}: {err}");
        }
    }

    #[test]
    fn due_dates_count_calendar_months() {
        let from = Utc.with_ymd_and_hms(2025, 8, 31, 12, 0, 0).unwrap();
        let due = Period::months(3).due_after(from);
        assert_eq!(due, Utc.with_ymd_and_hms(2025, 11, 30, 12, 0, 0).unwrap());
        let day = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
        assert_eq!(
            Period::months(12).due_after_day(day),
            NaiveDate::from_ymd_opt(2025, 2, 28).unwrap()
        );
    }

    proptest! {
        /// What the purge takes (older than `due_before(now)`) has really come due: the purge
        /// never takes data early, whatever the month lengths.
        #[test]
        fn the_purge_never_takes_data_before_its_due_date(months in 0u32..1200, secs in 0i64..4_000_000_000, back in 0i64..4_000_000_000) {
            let p = Period::months(months);
            let now = Utc.timestamp_opt(secs, 0).unwrap();
            let from = now - chrono::Duration::seconds(back);
            if from < p.due_before(now) {
                prop_assert!(p.due_after(from) <= now);
            }
        }

        #[test]
        fn a_written_period_reads_back(months in 0u32..=1200) {
            let text = format!("{months}m");
            prop_assert_eq!(Period::parse(&text), Some(Period::months(months)));
        }
    }
}
