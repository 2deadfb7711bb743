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
use super::statement_routes::ListQuery;
use crate::views::components::{Field, Input, badge, csrf_field, error_summary};
use crate::views::{PageContext, page};
use itp_domain::format::{self, Lang};
use itp_domain::wording;

pub fn state_badge(state: StatementState) -> Markup {
    let kind = match state {
        StatementState::Draft => "neutral",
        StatementState::Approved => "info",
        StatementState::Paid => "ok",
    };
    badge(state.label(), kind)
}

fn when(t: DateTime<Utc>) -> String {
    format!("{} UTC", format::date_time(t.naive_utc(), Lang::En))
}

fn local(t: chrono::NaiveDateTime) -> String {
    format::date_time(t, Lang::En)
}

pub struct ListPage<'a> {
    pub statements: &'a [StatementHeader],
    pub cohorts: &'a HashMap<i32, StatementCohort>,
    pub query: &'a ListQuery,
    pub errors: &'a FieldErrors,
    pub can_prepare: bool,
}

/// `6 Jul 2026 – 9 Jul 2026`, with the ISO dates for machines.
fn trip_days(s: &StatementHeader) -> Markup {
    html! {
        time datetime=(s.first_day) { (format::date_short(s.first_day, Lang::En)) }
        " – "
        time datetime=(s.last_day) { (format::date_short(s.last_day, Lang::En)) }
    }
}

fn cohort_name(c: &StatementCohort) -> String {
    format!("{} · {}", c.programme_code, c.name)
}

fn filters(p: &ListPage<'_>) -> Markup {
    let q = p.query;
    let mut cohorts: Vec<&StatementCohort> = p.cohorts.values().collect();
    cohorts.sort_by(|a, b| (&a.programme_code, &a.name).cmp(&(&b.programme_code, &b.name)));
    let labels: Vec<(String, String)> = cohorts
        .iter()
        .map(|c| (c.id.to_string(), cohort_name(c)))
        .collect();
    let mut options: Vec<(&str, &str)> = vec![("", "All cohorts")];
    options.extend(labels.iter().map(|(v, l)| (v.as_str(), l.as_str())));
    let states: [(&str, &str); 4] = [
        ("", "Any state"),
        ("draft", "Drafts"),
        ("approved", "Approved"),
        ("paid", "Paid"),
    ];
    html! {
        form.filters method="get" action="/per-diem/statements" {
            (Field::new("cohort", "Cohort", &q.cohort).input(Input::Select(&options)).render(p.errors))
            (Field::new("state", "State", &q.state).input(Input::Select(&states)).render(p.errors))
            (Field::new("from", "Trips from", &q.from).input(Input::Date)
                .hint("Statements whose trip touches the period.").render(p.errors))
            (Field::new("to", "to", &q.to).input(Input::Date).render(p.errors))
            div.actions {
                button.secondary type="submit" { "Show" }
                a href="/per-diem/statements" { "Clear the filters" }
            }
        }
    }
}

pub fn list(ctx: &PageContext, p: ListPage<'_>) -> Markup {
    let filter = |s: Option<StatementState>, label: &str| {
        let href = format!(
            "/per-diem/statements{}",
            p.query.with_state(s).query_string()
        );
        let current = StatementState::parse(p.query.state.trim());
        html! {
            @if s == current { strong { (label) } } @else { a href=(href) { (label) } }
        }
    };
    let total = super::export::total(p.statements);
    let filtered = !p.query.query_string().is_empty();
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
            (error_summary(p.errors))
            (filters(&p))
            @if p.statements.is_empty() {
                @if filtered {
                    p.empty { "No statements match these filters." }
                } @else {
                    p.empty { "No per-diem statements yet." }
                }
            } @else {
                p.summary {
                    (wording::count(p.statements.len() as i64, "statement")) " shown, "
                    strong { (format::money(&total, Lang::En)) } " in all."
                    " "
                    a href={ "/per-diem/statements.csv" (p.query.query_string()) } download { "Download these statements (CSV)" }
                }
                div.table-wrap {
                    table {
                        thead { tr { th { "Traveller" } th { "Cohort" } th { "Phase" } th { "Dates" } th { "Policy" } th { "State" } th.num { "Total" } } }
                        tbody {
                            @for s in p.statements {
                                tr {
                                    td { a href={ "/per-diem/statements/" (s.id) } { (s.traveller_name) } }
                                    td {
                                        @if let Some(c) = p.cohorts.get(&s.cohort_id) { (cohort_name(c)) }
                                    }
                                    td { (s.phase_label.as_deref().unwrap_or("—")) }
                                    td { (trip_days(s)) }
                                    td { (policy_name(&s.policy)) }
                                    td { (state_badge(s.state)) }
                                    td.num { (format::money(&s.total, Lang::En)) }
                                }
                            }
                        }
                        tfoot {
                            tr {
                                th scope="row" colspan="6" { "Total of the statements shown" }
                                td.num { strong { (format::money(&total, Lang::En)) } }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// `Skatteverket's rules` or `Programme policy ICLD`, from the stored code.
fn policy_name(code: &str) -> String {
    match code.strip_prefix("programme:") {
        Some(programme) => format!("Programme policy {programme}"),
        None => "Skatteverket's rules".to_owned(),
    }
}

/// The statements that name the signed-in person as the traveller.
pub fn mine(
    ctx: &PageContext,
    statements: &[StatementHeader],
    cohorts: &HashMap<i32, StatementCohort>,
) -> Markup {
    page(
        ctx,
        "My per-diem statements",
        html! {
            h1 { "My per-diem statements" }
            p { "The per-diem statements prepared for your trips. A draft may still change; an approved statement is what will be paid." }
            @if statements.is_empty() {
                p.empty { "No per-diem statement names you as the traveller yet." }
            } @else {
                div.table-wrap {
                    table {
                        thead { tr { th { "Trip" } th { "Programme and cohort" } th { "Phase" } th { "State" } th.num { "Total" } } }
                        tbody {
                            @for s in statements {
                                tr {
                                    td { a href={ "/per-diem/statements/" (s.id) } { (trip_days(s)) } }
                                    td { @if let Some(c) = cohorts.get(&s.cohort_id) { (c.programme_name) ", " (c.name) } }
                                    td { (s.phase_label.as_deref().unwrap_or("—")) }
                                    td { (state_badge(s.state)) }
                                    td.num { (format::money(&s.total, Lang::En)) }
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
    /// The traveller reading their own statement: no staff actions, no history.
    pub traveller_view: bool,
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
            @if p.traveller_view {
                p.actions { a href="/per-diem/my-statements" { "← My per-diem statements" } }
            } @else {
                p.actions { a href="/per-diem/statements" { "← Per-diem statements" } }
            }
            (crate::views::print::letterhead())
            h1 { "Per-diem statement" }
            p { (state_badge(h.state)) " " span.muted { "No. " (id) } }
            (crate::views::print::print_button("the statement"))
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
                dd { "From " (local(trip.departure())) " to " (local(trip.return_at())) " (local Swedish time)" }
                dt { "Stays" }
                dd {
                    ul {
                        @for stay in trip.stays() {
                            li { (stay.country.name()) " (" (stay.country) "), " (local(stay.from)) " to " (local(stay.to)) }
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
                                    td { time datetime=(line.date) { (format::date_short(line.date, Lang::En)) } }
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
                                tr { td { time datetime=(line.date) { (format::date_short(line.date, Lang::En)) } } td { (line.country) } td.num { (sek(line.amount)) } td.rule { (why) } }
                            }
                        }
                    }
                }
            }
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
            // On paper the total and the signatures stay on one page (the rates used come first).
            div.totals-and-signatures {
                p.total { strong { "Total: " (format::money(&s.total, Lang::En)) } }
                div.signatures {
                    p { "Traveller's signature: ______________________________ Date: ____________" }
                    p { "Approved for payment (finance): ______________________________ Date: ____________" }
                }
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
