//! What a host writes about a visit: the agenda (times, places, people, topics), the logistics
//! (who arranges local transport and lodging, and an optional compensation), and the report
//! after the visit. Messages are translated message ids, as in [`super::registration`].

use chrono::{NaiveDate, NaiveTime};

use crate::money::{Currency, Money};
use crate::phase::DateSpan;
use crate::validation::{FieldErrors, is_unstorable};

/// Rows the agenda form offers; a longer agenda is saved and offered again with empty rows.
pub const AGENDA_ROWS: usize = 12;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaItem {
    pub day: NaiveDate,
    pub starts_at: NaiveTime,
    pub ends_at: NaiveTime,
    pub place: String,
    pub people: String,
    pub topic: String,
}

/// One agenda row as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgendaRow {
    pub day: String,
    pub starts_at: String,
    pub ends_at: String,
    pub place: String,
    pub people: String,
    pub topic: String,
}

impl AgendaRow {
    fn is_blank(&self) -> bool {
        [
            &self.day,
            &self.starts_at,
            &self.ends_at,
            &self.place,
            &self.people,
            &self.topic,
        ]
        .iter()
        .all(|s| s.trim().is_empty())
    }

    pub fn of(item: &AgendaItem) -> AgendaRow {
        AgendaRow {
            day: item.day.to_string(),
            starts_at: item.starts_at.format("%H:%M").to_string(),
            ends_at: item.ends_at.format("%H:%M").to_string(),
            place: item.place.clone(),
            people: item.people.clone(),
            topic: item.topic.clone(),
        }
    }
}

fn optional(errors: &mut FieldErrors, field: &str, value: &str, max: usize) -> String {
    let v = value.trim();
    if v.chars().any(is_unstorable) {
        errors.add(field, "hosts-error-control-characters");
    } else if v.chars().count() > max {
        errors.add(field, "hosts-error-too-long");
    }
    v.to_owned()
}

fn time(s: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(s.trim(), "%H:%M").ok()
}

/// The agenda's rows, each on a day of the visit with a start before its end and a topic;
/// blank rows are skipped, the rest sorted by day and time.
pub fn agenda(rows: &[AgendaRow], visit: DateSpan) -> Result<Vec<AgendaItem>, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut items = Vec::new();
    for (i, row) in rows.iter().enumerate().filter(|(_, r)| !r.is_blank()) {
        let field = |name: &str| format!("agenda_{i}_{name}");
        let day = NaiveDate::parse_from_str(row.day.trim(), "%Y-%m-%d").ok();
        if !day.is_some_and(|d| visit.contains_day(d)) {
            errors.add(&field("day"), "hosts-error-agenda-day");
        }
        let (starts, ends) = (time(&row.starts_at), time(&row.ends_at));
        match (starts, ends) {
            (Some(s), Some(e)) if s < e => {}
            (Some(_), Some(_)) => errors.add(&field("starts_at"), "hosts-error-agenda-order"),
            _ => errors.add(&field("starts_at"), "hosts-error-time"),
        }
        let topic = optional(&mut errors, &field("topic"), &row.topic, 200);
        if topic.is_empty() && errors.for_field(&field("topic")).is_none() {
            errors.add(&field("topic"), "hosts-error-required");
        }
        let place = optional(&mut errors, &field("place"), &row.place, 200);
        let people = optional(&mut errors, &field("people"), &row.people, 200);
        if let (Some(day), Some(starts_at), Some(ends_at)) = (day, starts, ends) {
            items.push(AgendaItem {
                day,
                starts_at,
                ends_at,
                place,
                people,
                topic,
            });
        }
    }
    items.sort_by_key(|i| (i.day, i.starts_at));
    errors.into_result(items)
}

/// Who arranges what on the spot, and what the programme pays the host, if anything.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Logistics {
    pub local_transport: String,
    pub lodging: String,
    pub compensation: Option<Money>,
    pub compensation_covers: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LogisticsInput {
    pub local_transport: String,
    pub lodging: String,
    pub compensation: String,
    pub compensation_covers: String,
}

impl LogisticsInput {
    pub fn validate(&self) -> Result<Logistics, FieldErrors> {
        let mut errors = FieldErrors::new();
        let local_transport = optional(&mut errors, "local_transport", &self.local_transport, 1000);
        let lodging = optional(&mut errors, "lodging", &self.lodging, 1000);
        let compensation_covers = optional(
            &mut errors,
            "compensation_covers",
            &self.compensation_covers,
            500,
        );
        let compensation = if self.compensation.trim().is_empty() {
            None
        } else {
            match Money::parse(&self.compensation, Currency::SEK) {
                Ok(m) if m.amount().is_sign_positive() && m.amount() <= 10_000_000.into() => {
                    Some(m)
                }
                _ => {
                    errors.add("compensation", "hosts-error-money");
                    None
                }
            }
        };
        if compensation.is_some() && compensation_covers.is_empty() {
            errors.add("compensation_covers", "hosts-error-covers");
        }
        errors.into_result(Logistics {
            local_transport,
            lodging,
            compensation,
            compensation_covers,
        })
    }
}

/// The host's short report after the visit, which the programme team reads.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    pub shown: String,
    pub learned: String,
    pub contacts: String,
}

impl Report {
    /// The report as typed, checked: what was shown and learned are needed, contacts optional.
    pub fn validate(&self) -> Result<Report, FieldErrors> {
        let mut errors = FieldErrors::new();
        let shown = optional(&mut errors, "shown", &self.shown, 4000);
        let learned = optional(&mut errors, "learned", &self.learned, 4000);
        let contacts = optional(&mut errors, "contacts", &self.contacts, 2000);
        for (field, value) in [("shown", &shown), ("learned", &learned)] {
            if value.is_empty() && errors.for_field(field).is_none() {
                errors.add(field, "hosts-error-required");
            }
        }
        errors.into_result(Report {
            shown,
            learned,
            contacts,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn visit() -> DateSpan {
        DateSpan::new(
            NaiveDate::from_ymd_opt(2027, 12, 28).unwrap(),
            NaiveDate::from_ymd_opt(2027, 12, 29).unwrap(),
        )
        .unwrap()
    }

    fn row(day: &str, from: &str, to: &str, topic: &str) -> AgendaRow {
        AgendaRow {
            day: day.into(),
            starts_at: from.into(),
            ends_at: to.into(),
            place: "Rådhuset".into(),
            people: "Anna, budgetchef".into(),
            topic: topic.into(),
        }
    }

    #[test]
    fn an_agenda_is_sorted_and_blank_rows_are_skipped() {
        let items = agenda(
            &[
                row("2027-12-29", "13:00", "15:00", "Klimatbudget"),
                AgendaRow::default(),
                row("2027-12-28", "09:00", "10:30", "Välkommen"),
            ],
            visit(),
        )
        .unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].topic, "Välkommen");
        assert_eq!(AgendaRow::of(&items[0]).starts_at, "09:00");
    }

    #[test]
    fn agenda_rows_outside_the_visit_or_backwards_are_refused() {
        let e = agenda(
            &[
                row("2027-12-30", "09:00", "10:00", "Late"),
                row("2027-12-28", "11:00", "10:00", "Backwards"),
                row("2027-12-28", "9", "10:00", "Odd time"),
                row("2027-12-28", "09:00", "10:00", ""),
            ],
            visit(),
        )
        .unwrap_err();
        assert_eq!(e.for_field("agenda_0_day"), Some("hosts-error-agenda-day"));
        assert_eq!(
            e.for_field("agenda_1_starts_at"),
            Some("hosts-error-agenda-order")
        );
        assert_eq!(e.for_field("agenda_2_starts_at"), Some("hosts-error-time"));
        assert_eq!(e.for_field("agenda_3_topic"), Some("hosts-error-required"));
    }

    #[test]
    fn compensation_is_exact_money_and_says_what_it_covers() {
        let l = LogisticsInput {
            compensation: "1 960,00".into(),
            compensation_covers: "Lunch och lokalresor".into(),
            ..LogisticsInput::default()
        }
        .validate()
        .unwrap();
        assert_eq!(l.compensation.unwrap().to_minor_units(), Ok(196_000));
        let e = LogisticsInput {
            compensation: "-5".into(),
            ..LogisticsInput::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(e.for_field("compensation"), Some("hosts-error-money"));
        let e = LogisticsInput {
            compensation: "500".into(),
            ..LogisticsInput::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(
            e.for_field("compensation_covers"),
            Some("hosts-error-covers")
        );
    }

    #[test]
    fn a_report_needs_what_was_shown_and_learned() {
        let e = Report::default().validate().unwrap_err();
        assert_eq!(e.for_field("shown"), Some("hosts-error-required"));
        assert_eq!(e.for_field("learned"), Some("hosts-error-required"));
        assert!(
            Report {
                shown: "Budgetprocessen".into(),
                learned: "Medborgarbudget".into(),
                contacts: String::new(),
            }
            .validate()
            .is_ok()
        );
    }
}
