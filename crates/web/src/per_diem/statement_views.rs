//! Per-diem statements: the list, and one statement as it is printed for signature, every line
//! with the rule that produced it.

use itp_domain::Code;
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use itp_domain::per_diem::lifecycle::step_label;
use itp_domain::per_diem::{DayKind, FourEyes, RateSource, StatementState};
use itp_domain::validation::FieldErrors;
use itp_persistence::audit::AuditEntry;
use itp_persistence::per_diem::cohorts::StatementCohort;
use itp_persistence::per_diem::statements::{StatementHeader, StoredStatement};
use maud::{Markup, html};

use super::sek;
use crate::views::components::{Field, Input, badge, csrf_field, error_summary};
use crate::views::{PageContext, page};

pub fn state_badge(state: StatementState) -> Markup {
    let kind = match state {
        StatementState::Draft => "neutral",
        StatementState::Approved => "info",
        StatementState::Paid => "ok",
    };
    badge(state.label(), kind)
}

fn when(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

pub struct ListPage<'a> {
    pub statements: &'a [StatementHeader],
    pub cohorts: &'a HashMap<i32, StatementCohort>,
    pub state: Option<StatementState>,
    pub can_prepare: bool,
}

pub fn list(ctx: &PageContext, p: ListPage<'_>) -> Markup {
    let filter = |s: Option<StatementState>, label: &str| {
        let href = match s {
            Some(s) => format!("/per-diem/statements?state={}", s.code()),
            None => "/per-diem/statements".to_owned(),
        };
        html! {
            @if s == p.state { strong { (label) } } @else { a href=(href) { (label) } }
        }
    };
    page(
        ctx,
        "Per-diem statements",
        html! {
            h1 { "Per-diem statements" }
            @if p.can_prepare {
                div.actions { a.button href="/per-diem/statements/new" { "New statement" } }
            }
            p.filters {
                (filter(None, "All")) " · "
                (filter(Some(StatementState::Draft), "Drafts")) " · "
                (filter(Some(StatementState::Approved), "Approved")) " · "
                (filter(Some(StatementState::Paid), "Paid"))
            }
            @if p.statements.is_empty() {
                p { "No statements here yet." }
            } @else {
                div.table-wrap {
                    table {
                        thead { tr { th { "Traveller" } th { "Cohort" } th { "Phase" } th { "Dates" } th { "Policy" } th { "State" } th.num { "Total" } } }
                        tbody {
                            @for s in p.statements {
                                tr {
                                    td { a href={ "/per-diem/statements/" (s.id) } { (s.traveller_name) } }
                                    td {
                                        @if let Some(c) = p.cohorts.get(&s.cohort_id) { (c.programme_code) " · " (c.name) }
                                    }
                                    td { (s.phase_label.as_deref().unwrap_or("—")) }
                                    td { (s.first_day) " – " (s.last_day) }
                                    td { code { (s.policy) } }
                                    td { (state_badge(s.state)) }
                                    td.num { (s.total) }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

fn source(rate: RateSource) -> String {
    match rate {
        RateSource::DomesticMaximum { year } => {
            format!("Skatteverket's domestic maximum amount, {year}")
        }
        RateSource::Normalbelopp { year, via: None } => {
            format!("Skatteverket's normalbelopp, {year}")
        }
        RateSource::Normalbelopp {
            year,
            via: Some(via),
        } => format!(
            "Skatteverket's normalbelopp, {year}, listed as {}",
            via.name()
        ),
        RateSource::OtherCountries { year } => {
            format!("Skatteverket's amount for other countries and areas, {year}")
        }
        RateSource::Programme { valid_from } => {
            format!("Programme policy, version valid from {valid_from}")
        }
        RateSource::NoProgrammeRate { valid_from } => format!(
            "No rate for this country in the programme policy (version valid from {valid_from})"
        ),
    }
}

/// Who did what on the statement, by user id: display name and address.
pub type People = HashMap<i32, (String, String)>;

fn person(people: &People, id: Option<i32>) -> String {
    id.and_then(|id| people.get(&id))
        .map(|(name, email)| format!("{name} ({email})"))
        .unwrap_or_else(|| "someone no longer registered".to_owned())
}

pub struct ShowPage<'a> {
    pub stored: &'a StoredStatement,
    pub cohort: &'a StatementCohort,
    pub people: &'a People,
    pub can_prepare: bool,
    pub can_settle: bool,
    /// Why this person may not take the next step (four eyes), if so.
    pub not_me_to_approve: Option<FourEyes>,
    pub not_me_to_pay: Option<FourEyes>,
    pub history: &'a [AuditEntry],
    pub reason: &'a str,
    pub errors: &'a FieldErrors,
}

pub fn show(ctx: &PageContext, p: ShowPage<'_>) -> Markup {
    let h = &p.stored.header;
    let s = &p.stored.statement;
    let trip = &p.stored.trip;
    let id = h.id;
    let title = format!("Per-diem statement: {}", h.traveller_name);
    page(
        ctx,
        &title,
        html! {
            p.actions { a href="/per-diem/statements" { "← Per-diem statements" } }
            h1 { "Per-diem statement" }
            p { (state_badge(h.state)) " " span.muted { "No. " (id) } }
            (error_summary(p.errors))
            dl.facts {
                dt { "Traveller" }
                dd {
                    (h.traveller_name)
                    @if let Some(uid) = h.traveller_user_id {
                        @if let Some((_, email)) = p.people.get(&uid) { span.muted { " (" (email) ")" } }
                    }
                }
                dt { "Programme" } dd { (p.cohort.programme_name) " (" (p.cohort.programme_code) ")" }
                dt { "Cohort" } dd { (p.cohort.name) }
                @if let Some(phase) = &h.phase_label { dt { "Phase" } dd { (phase) } }
                dt { "Policy" } dd { (s.policy.description()) }
                dt { "Trip" }
                dd { "From " (trip.departure().format("%Y-%m-%d %H:%M")) " to " (trip.return_at().format("%Y-%m-%d %H:%M")) " (local Swedish time)" }
                dt { "Stays" }
                dd {
                    ul {
                        @for stay in trip.stays() {
                            li { (stay.country.name()) " (" (stay.country) "), " (stay.from.format("%Y-%m-%d %H:%M")) " to " (stay.to.format("%Y-%m-%d %H:%M")) }
                        }
                    }
                }
                dt { "Lodging" }
                dd { @if trip.lodging_paid() { "Paid by the employer or the programme" } @else { "Not paid: night allowance" } }
                dt { "Computed" } dd { (when(h.computed_at)) ", with the rates in force then" }
            }
            @match h.state {
                StatementState::Draft => {
                    div.notice.no-print {
                        p { "Draft. The figures below were computed on " (when(h.computed_at)) " with the rates in force then; they do not follow later changes of the rates until the draft is recomputed or changed." }
                        @if p.can_prepare {
                            div.actions {
                                a.button href={ "/per-diem/statements/" (id) "/edit" } { "Change the draft" }
                                form.inline method="post" action={ "/per-diem/statements/" (id) "/recompute" } {
                                    (csrf_field(ctx.csrf()))
                                    button.secondary type="submit" { "Recompute with today's rates" }
                                }
                            }
                        }
                    }
                }
                StatementState::Approved => {
                    p.notice {
                        "Approved by " (person(p.people, h.approved_by_user_id)) " on " (h.approved_at.map(when).unwrap_or_default())
                        ". The figures and the rates they used are locked: later changes of the rate tables do not change them."
                    }
                }
                StatementState::Paid => {
                    p.notice {
                        "Approved by " (person(p.people, h.approved_by_user_id)) " on " (h.approved_at.map(when).unwrap_or_default())
                        "; paid, as recorded by " (person(p.people, h.paid_by_user_id)) " on " (h.paid_at.map(when).unwrap_or_default()) "."
                    }
                }
            }
            @if !s.eligible {
                p.notice { "No per diem: the trip includes no night away (no 00:00–06:00 lies wholly inside it), so the statement is empty." }
            }
            @if !s.days.is_empty() {
                h2 { "Days" }
                div.table-wrap {
                    table.statement {
                        thead { tr { th { "Date" } th { "Country" } th { "Day" } th.num { "Before meals" } th.num { "Meals" } th.num { "Amount" } th { "Rule" } } }
                        tbody {
                            @for (line, why) in s.days.iter().zip(&p.stored.day_explanations) {
                                tr {
                                    td { (line.date) }
                                    td { (line.country) }
                                    td { @match line.kind { DayKind::Full => "full", DayKind::Half => "half" } }
                                    td.num { (sek(line.base)) }
                                    td.num { @if line.reduction.is_zero() { "—" } @else { "−" (sek(line.reduction)) } }
                                    td.num { (sek(line.amount)) }
                                    td.rule { (why) }
                                }
                            }
                        }
                    }
                }
            }
            @if !s.nights.is_empty() {
                h2 { "Nights" }
                div.table-wrap {
                    table.statement {
                        thead { tr { th { "Night after" } th { "Country" } th.num { "Amount" } th { "Rule" } } }
                        tbody {
                            @for (line, why) in s.nights.iter().zip(&p.stored.night_explanations) {
                                tr { td { (line.date) } td { (line.country) } td.num { (sek(line.amount)) } td.rule { (why) } }
                            }
                        }
                    }
                }
            }
            p.total { strong { "Total: " (s.total) } }
            @let used = s.rates_used();
            @if !used.is_empty() {
                h2 { "Rates used" }
                div.table-wrap {
                    table {
                        thead { tr { th { "Country" } th { "Source" } th.num { "Full day" } } }
                        tbody {
                            @for r in used {
                                tr { td { (r.country.name()) " (" (r.country) ")" } td { (source(r.rate)) } td.num { (sek(r.full_day_rate)) } }
                            }
                        }
                    }
                }
            }
            div.signatures {
                p { "Traveller's signature: ______________________________ Date: ____________" }
                p { "Approved for payment (finance): ______________________________ Date: ____________" }
            }
            (settle_actions(ctx, &p))
            (history(&p))
        },
    )
}

/// Who did each step, oldest first, from the audit log.
fn history(p: &ShowPage<'_>) -> Markup {
    html! {
        @if !p.history.is_empty() {
            section.no-print aria-labelledby="history" {
                h2 #history { "History" }
                ol.history {
                    @for entry in p.history {
                        li {
                            (step_label(&entry.action)) " by "
                            @if entry.actor_user_id.is_some() {
                                (person(p.people, entry.actor_user_id))
                            } @else {
                                (entry.actor_label)
                            }
                            " on " (when(entry.at))
                        }
                    }
                }
            }
        }
    }
}

fn settle_actions(ctx: &PageContext, p: &ShowPage<'_>) -> Markup {
    let id = p.stored.header.id;
    let state = p.stored.header.state;
    html! {
        @if p.can_settle {
            div.actions {
                @if state == StatementState::Draft {
                    @if let Some(why) = p.not_me_to_approve {
                        p.notice { (why) }
                    } @else {
                        form.inline method="post" action={ "/per-diem/statements/" (id) "/approve" } {
                            (csrf_field(ctx.csrf()))
                            button type="submit" { "Approve the statement" }
                        }
                    }
                }
                @if state == StatementState::Approved {
                    @if let Some(why) = p.not_me_to_pay {
                        p.notice { (why) }
                    } @else {
                        form.inline method="post" action={ "/per-diem/statements/" (id) "/paid" } {
                            (csrf_field(ctx.csrf()))
                            button type="submit" { "Mark as paid" }
                        }
                    }
                }
            }
            @if state == StatementState::Approved {
                form.no-print method="post" action={ "/per-diem/statements/" (id) "/reopen" } novalidate {
                    (csrf_field(ctx.csrf()))
                    h2 { "Reopen the statement" }
                    (Field::new("reason", "Why it must change", p.reason).input(Input::TextArea { rows: 3 })
                        .hint("Reopening makes it a draft again, so it can be changed and recomputed; the audit log keeps the reason.")
                        .required().render(p.errors))
                    div.actions { button.secondary type="submit" { "Reopen as a draft" } }
                }
            }
        }
    }
}
