//! Formatting for the translated pages: `itp_domain::format` for single values, and what that
//! module has no form for yet (a span of days).

use itp_domain::format::{Lang, date, month_name};
use itp_domain::phase::DateSpan;

use chrono::Datelike;

/// `28–29 December 2027` / `28–29 december 2027`; `30 November – 2 December 2027` across
/// months; both dates in full across years.
pub fn dates(span: DateSpan, lang: Lang) -> String {
    let (a, b) = (span.start, span.end);
    if a == b {
        date(a, lang)
    } else if a.year() != b.year() {
        format!("{} – {}", date(a, lang), date(b, lang))
    } else if a.month() != b.month() {
        format!(
            "{} {} – {}",
            a.day(),
            month_name(a.month(), lang),
            date(b, lang)
        )
    } else {
        format!("{}–{}", a.day(), date(b, lang))
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn span(a: (i32, u32, u32), b: (i32, u32, u32)) -> DateSpan {
        let d = |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        DateSpan::new(d(a), d(b)).unwrap()
    }

    #[test]
    fn spans_read_as_people_write_them() {
        assert_eq!(
            dates(span((2027, 12, 28), (2027, 12, 29)), Lang::Sv),
            "28–29 december 2027"
        );
        assert_eq!(
            dates(span((2027, 12, 28), (2027, 12, 29)), Lang::En),
            "28–29 December 2027"
        );
        assert_eq!(
            dates(span((2027, 11, 30), (2027, 12, 2)), Lang::Sv),
            "30 november – 2 december 2027"
        );
        assert_eq!(
            dates(span((2027, 12, 31), (2028, 1, 1)), Lang::En),
            "31 December 2027 – 1 January 2028"
        );
        assert_eq!(
            dates(span((2026, 7, 6), (2026, 7, 6)), Lang::Sv),
            "6 juli 2026"
        );
    }
}
