//! iCalendar (RFC 5545) feeds as pure functions: a calendar of events in, the text a calendar app
//! subscribes to out. What the RFC asks and this follows: lines end in CRLF (3.1); lines longer
//! than 75 octets are folded with CRLF and one space, never inside a UTF-8 character (3.1); TEXT
//! values escape backslash, semicolon, comma and new lines (3.3.11); every VEVENT has a UID and a
//! DTSTAMP in UTC (3.6.1); an all-day event is a DATE with an exclusive DTEND, so a workshop on
//! 15–18 February ends on the 19th (3.6.1, 3.8.2.2).

use chrono::{DateTime, NaiveDate, Utc};

use crate::phase::DateSpan;

/// Identifies the product that made the feed (RFC 5545 3.7.3).
pub const PRODUCT_ID: &str = "-//ICLD//ITP Admin//EN";

/// How often a subscribed app should fetch again (RFC 7986 REFRESH-INTERVAL).
pub const REFRESH: &str = "PT6H";

/// The longest physical line, in octets, without its CRLF.
pub const MAX_LINE_OCTETS: usize = 75;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    pub name: String,
    pub description: String,
    pub events: Vec<Event>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// Whole days, both ends included.
    AllDay(DateSpan),
    /// A moment, such as a deadline.
    At(DateTime<Utc>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventStatus {
    Tentative,
    Confirmed,
    Cancelled,
}

impl EventStatus {
    fn as_str(self) -> &'static str {
        match self {
            EventStatus::Tentative => "TENTATIVE",
            EventStatus::Confirmed => "CONFIRMED",
            EventStatus::Cancelled => "CANCELLED",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Globally unique and stable across fetches, so apps update the event instead of adding a
    /// second one.
    pub uid: String,
    pub when: When,
    pub summary: String,
    pub description: String,
    pub location: String,
    pub url: Option<String>,
    pub status: EventStatus,
    pub last_modified: Option<DateTime<Utc>>,
}

/// The whole feed; `stamp` is when it was generated (DTSTAMP of every event).
pub fn render(calendar: &Calendar, stamp: DateTime<Utc>) -> String {
    let mut out = String::new();
    let mut line = |l: String| push_folded(&mut out, &l);
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line(format!("PRODID:{PRODUCT_ID}"));
    line("CALSCALE:GREGORIAN".into());
    line("METHOD:PUBLISH".into());
    line(format!("NAME:{}", escape_text(&calendar.name)));
    line(format!("X-WR-CALNAME:{}", escape_text(&calendar.name)));
    if !calendar.description.is_empty() {
        line(format!(
            "DESCRIPTION:{}",
            escape_text(&calendar.description)
        ));
        line(format!(
            "X-WR-CALDESC:{}",
            escape_text(&calendar.description)
        ));
    }
    line(format!("REFRESH-INTERVAL;VALUE=DURATION:{REFRESH}"));
    line(format!("X-PUBLISHED-TTL:{REFRESH}"));
    for e in &calendar.events {
        line("BEGIN:VEVENT".into());
        line(format!("UID:{}", escape_text(&e.uid)));
        line(format!("DTSTAMP:{}", utc_stamp(stamp)));
        match e.when {
            When::AllDay(span) => {
                line(format!("DTSTART;VALUE=DATE:{}", date(span.start)));
                // DTEND of an all-day event is the day after the last day (exclusive).
                let after = span.end.succ_opt().unwrap_or(span.end);
                line(format!("DTEND;VALUE=DATE:{}", date(after)));
                line("TRANSP:TRANSPARENT".into());
            }
            When::At(t) => line(format!("DTSTART:{}", utc_stamp(t))),
        }
        line(format!("SUMMARY:{}", escape_text(&e.summary)));
        if !e.description.is_empty() {
            line(format!("DESCRIPTION:{}", escape_text(&e.description)));
        }
        if !e.location.is_empty() {
            line(format!("LOCATION:{}", escape_text(&e.location)));
        }
        if let Some(url) = &e.url {
            // URL is of type URI, not TEXT: no backslash escaping (RFC 5545 3.3.13).
            line(format!("URL:{url}"));
        }
        line(format!("STATUS:{}", e.status.as_str()));
        if let Some(m) = e.last_modified {
            line(format!("LAST-MODIFIED:{}", utc_stamp(m)));
        }
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    out
}

/// Escapes a TEXT value (RFC 5545 3.3.11). Carriage returns are dropped so that CRLF, CR and LF
/// all become one escaped new line.
pub fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded to at most [`MAX_LINE_OCTETS`] octets a physical line (the
/// leading space of a continuation counts), each ending in CRLF.
pub fn push_folded(out: &mut String, line: &str) {
    let mut used = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if used + len > MAX_LINE_OCTETS {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += len;
    }
    out.push_str("\r\n");
}

/// Undoes folding: what a calendar app reads (for tests and for checking a feed).
pub fn unfold(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for physical in text.split("\r\n") {
        if let Some(rest) = physical.strip_prefix(' ') {
            if let Some(last) = lines.last_mut() {
                last.push_str(rest);
            }
        } else if !physical.is_empty() {
            lines.push(physical.to_owned());
        }
    }
    lines
}

fn utc_stamp(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

fn date(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn stamp() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 1, 10, 12, 30, 0).unwrap()
    }

    fn workshop() -> Event {
        Event {
            uid: "phase-7@itp.example".into(),
            when: When::AllDay(DateSpan::new(day("2022-02-15"), day("2022-02-18")).unwrap()),
            summary: "Inception workshop, Lusaka; Zambia".into(),
            description: "Bring: laptop\nand the change-project outline".into(),
            location: "Mulungushi, Lusaka, Zambia".into(),
            url: Some("https://itp.example/cohorts/3".into()),
            status: EventStatus::Confirmed,
            last_modified: None,
        }
    }

    fn feed(events: Vec<Event>) -> String {
        render(
            &Calendar {
                name: "Gender Mainstreaming 2022".into(),
                description: String::new(),
                events,
            },
            stamp(),
        )
    }

    #[test]
    fn an_all_day_event_ends_the_day_after_its_last_day() {
        let lines = unfold(&feed(vec![workshop()]));
        assert!(lines.contains(&"DTSTART;VALUE=DATE:20220215".to_owned()));
        assert!(lines.contains(&"DTEND;VALUE=DATE:20220219".to_owned()));
        assert!(lines.contains(&"DTSTAMP:20270110T123000Z".to_owned()));
        assert!(lines.contains(&"UID:phase-7@itp.example".to_owned()));
    }

    #[test]
    fn text_values_escape_commas_semicolons_backslashes_and_new_lines() {
        assert_eq!(escape_text("a,b;c\\d\r\ne"), "a\\,b\\;c\\\\d\\ne");
        let lines = unfold(&feed(vec![workshop()]));
        assert!(lines.contains(&"SUMMARY:Inception workshop\\, Lusaka\\; Zambia".to_owned()));
        assert!(
            lines
                .contains(&"DESCRIPTION:Bring: laptop\\nand the change-project outline".to_owned())
        );
        assert!(lines.contains(&"URL:https://itp.example/cohorts/3".to_owned()));
    }

    #[test]
    fn every_line_ends_in_crlf_and_the_structure_is_complete() {
        let text = feed(vec![workshop(), workshop()]);
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(!text.replace("\r\n", "").contains('\n'));
        let lines = unfold(&text);
        assert_eq!(lines.first().unwrap(), "BEGIN:VCALENDAR");
        assert_eq!(lines.iter().filter(|l| *l == "BEGIN:VEVENT").count(), 2);
        assert_eq!(lines.iter().filter(|l| *l == "END:VEVENT").count(), 2);
        assert!(lines.contains(&"VERSION:2.0".to_owned()));
        assert!(lines.iter().any(|l| l.starts_with("PRODID:")));
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_a_character() {
        // Cyrillic letters are two octets each and "€" three: a naive split would cut one.
        let summary = "Семінар з ґендерної рівності — € ".repeat(6);
        let text = feed(vec![Event {
            summary: summary.clone(),
            ..workshop()
        }]);
        for physical in text.split("\r\n") {
            assert!(
                physical.len() <= MAX_LINE_OCTETS,
                "{} octets: {physical}",
                physical.len()
            );
        }
        let lines = unfold(&text);
        assert!(lines.contains(&format!("SUMMARY:{summary}")));
    }

    #[test]
    fn a_deadline_is_a_moment_in_utc() {
        let lines = unfold(&feed(vec![Event {
            when: When::At(Utc.with_ymd_and_hms(2027, 3, 31, 20, 59, 0).unwrap()),
            ..workshop()
        }]));
        assert!(lines.contains(&"DTSTART:20270331T205900Z".to_owned()));
        assert!(!lines.iter().any(|l| l.starts_with("DTEND")));
    }

    proptest! {
        #[test]
        fn folding_never_exceeds_the_limit_and_unfolds_to_the_original(s in "\\PC{0,300}") {
            let mut out = String::new();
            let line = format!("SUMMARY:{}", escape_text(&s));
            push_folded(&mut out, &line);
            for physical in out.trim_end_matches("\r\n").split("\r\n") {
                prop_assert!(physical.len() <= MAX_LINE_OCTETS);
            }
            prop_assert_eq!(unfold(&out), vec![line]);
        }
    }
}
