//! The statement list as a file for finance: the statements the list shows, with its filters,
//! one row each, the amounts exact as stored.

use itp_domain::Code;
use itp_domain::Money;
use itp_persistence::per_diem::statements::StatementHeader;

use crate::export::{Column, Export};

/// A statement with the names of its cohort and programme.
#[derive(Debug, Clone, PartialEq)]
pub struct StatementRow {
    pub header: StatementHeader,
    pub cohort: String,
    pub programme: String,
}

pub static STATEMENTS: Export<StatementRow> = Export {
    name: "per_diem_statements",
    title: "Per-diem statements",
    description: "The per-diem statements of the list they were downloaded from, with its \
                  filters (cohort, period, state): one row per statement, its total exact as \
                  stored when it was computed.",
    columns: &[
        Column::integer("id", "The statement's number in ITP Admin.", |r| {
            Some(r.header.id.into())
        }),
        Column::str(
            "traveller",
            "The traveller's name as on the statement.",
            |r| r.header.traveller_name.as_str(),
        ),
        Column::str(
            "programme",
            "The programme of the statement's cohort.",
            |r| r.programme.as_str(),
        ),
        Column::str("cohort", "The cohort the traveller belongs to.", |r| {
            r.cohort.as_str()
        }),
        Column::text(
            "phase",
            "The phase of the programme the trip was for.",
            |r| r.header.phase_label.clone().unwrap_or_default(),
        ),
        Column::str(
            "policy",
            "The per-diem policy: skatteverket, or programme:<CODE> for a programme's own.",
            |r| r.header.policy.as_str(),
        ),
        Column::text("state", "Draft, Approved or Paid.", |r| {
            r.header.state.label().to_owned()
        }),
        Column::text(
            "state_code",
            "The state as a code: draft, approved, paid.",
            |r| r.header.state.code().to_owned(),
        ),
        Column::date("first_day", "The first day of the trip.", |r| {
            Some(r.header.first_day)
        }),
        Column::date("last_day", "The last day of the trip.", |r| {
            Some(r.header.last_day)
        }),
        Column::boolean(
            "eligible",
            "Whether the trip gives a per diem at all (it includes a night away).",
            |r| Some(r.header.eligible),
        ),
        Column::money("total_sek", "What the statement pays, in SEK.", |r| {
            Some(r.header.total)
        }),
        Column::date_time(
            "computed_at_utc",
            "When the figures were computed, with the rates in force then, in UTC.",
            |r| Some(r.header.computed_at),
        ),
    ],
};

/// The exact sum of the statements' totals, as stored (never rounded again).
pub fn total(statements: &[StatementHeader]) -> Money {
    Money::sek(statements.iter().map(|s| s.total.amount()).sum())
}
