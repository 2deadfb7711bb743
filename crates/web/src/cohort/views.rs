//! The cohort page: its dashboard (status, key dates, the next deadline, seats and counts), the
//! timeline, the phases, the settings, and the lifecycle moves the person may make.

use chrono::{DateTime, Utc};
use itp_domain::Code;
use itp_domain::cohort::call::{format_local, format_utc};
use itp_domain::cohort::key_dates::{self, KeyDate, When};
use itp_domain::cohort::lifecycle::{Transition, available};
use itp_domain::cohort::{CohortSettings, CohortStatus};
use itp_domain::phase::Phase;
use itp_domain::validation::FieldErrors;
use itp_persistence::cohort::{Person, StoredCohort};
use itp_persistence::phase::StoredPhase;
use itp_persistence::programme::StoredProgramme;
use maud::{Markup, html};

use super::parts::Tiles;
use super::timeline;
use crate::views::components::{badge, csrf_field, error_summary};
use crate::views::{PageContext, page};

/// Everything the cohort page shows, read by `routes::load_page`.
pub struct CohortPage {
    pub programme: StoredProgramme,
    pub cohort: StoredCohort,
    pub phases: Vec<StoredPhase>,
    pub managers: Vec<Person>,
    /// The tiles of the cohort's parts (`super::parts`).
    pub counts: Tiles,
    pub now: DateTime<Utc>,
    pub can_plan: bool,
    pub feed_url: String,
}

pub fn status_badge(status: CohortStatus) -> Markup {
    let kind = match status {
        CohortStatus::CallOpen => "ok",
        CohortStatus::Selection | CohortStatus::Running => "info",
        CohortStatus::Cancelled => "bad",
        CohortStatus::Completed | CohortStatus::Closed => "warn",
        CohortStatus::Planning => "neutral",
    };
    badge(status.label(), kind)
}

/// A key date as people read it; a moment is shown in the cohort's zone and in UTC.
pub fn when(s: &CohortSettings, w: When) -> Markup {
    match w {
        When::At(t) => html! {
            time datetime=(t.to_rfc3339()) { (format_local(t, s.call.time_zone)) }
            span.muted { " (" (format_utc(t)) ")" }
        },
        When::Day(d) => html! { time datetime=(d.to_string()) { (d.format("%a %-d %b %Y")) } },
    }
}

/// One number (or word) on the dashboard, with an optional line under it.
pub(super) fn tile(label: &str, value: Markup, detail: Option<Markup>) -> Markup {
    html! {
        div.tile {
            dt { (label) }
            dd {
                span.tile-value { (value) }
                @if let Some(d) = detail { span.tile-detail { (d) } }
            }
        }
    }
}

/// The dashboard: the cohort's own tiles, then each part's (a feature adds its tiles in its part,
/// see `super::parts`).
fn dashboard(p: &CohortPage, dates: &[KeyDate]) -> Markup {
    let s = &p.cohort.settings;
    let next_deadline = key_dates::next_deadline(s, dates, p.now);
    let next = key_dates::next(s, dates, p.now);
    html! {
        section aria-labelledby="dashboard-title" {
            h2 #dashboard-title { "At a glance" }
            dl.dashboard {
                (tile("Status", status_badge(p.cohort.status), p.cohort.status_changed_at.map(|t| html! { "since " (t.format("%-d %b %Y")) })))
                (tile("Next deadline",
                    match next_deadline { Some(k) => html! { (k.label) }, None => html! { "None ahead" } },
                    next_deadline.map(|k| when(s, k.when))))
                (tile("Next date",
                    match next { Some(k) => html! { (k.label) }, None => html! { "Nothing ahead" } },
                    next.map(|k| when(s, k.when))))
                (tile("Seats", html! { (s.seats) }, None))
                @for part in &p.counts.0 { (part) }
            }
        }
    }
}

fn phases_table(ctx: &PageContext, p: &CohortPage, editable: bool) -> Markup {
    let cid = p.cohort.id;
    html! {
        div.table-wrap {
            table {
                caption.visually-hidden { "Phases in date order" }
                thead { tr {
                    th.num { "#" } th { "Phase" } th { "Kind" } th { "Dates" } th.num { "Days" }
                    th { "Place" } th { "Study visits" }
                    @if editable { th { span.visually-hidden { "Actions" } } }
                } }
                tbody {
                    @for (i, sp) in p.phases.iter().enumerate() {
                        @let ph = &sp.phase;
                        tr {
                            td.num { (i + 1) }
                            td { (ph.title) @if !ph.compulsory { " " (badge("optional", "neutral")) } }
                            td { (ph.kind.label()) }
                            td { (ph.dates) }
                            td.num { (ph.dates.days()) }
                            td { (ph.place()) }
                            td { @if let Some(v) = ph.study_visits { (v) } @else { "—" } }
                            @if editable {
                                td {
                                    a href={ "/cohorts/" (cid) "/phases/" (sp.id) "/edit" } { "Edit" span.visually-hidden { " " (ph.title) } }
                                    " "
                                    form.inline method="post" action={ "/cohorts/" (cid) "/phases/" (sp.id) "/delete" } {
                                        (csrf_field(ctx.csrf()))
                                        button.link type="submit" { "Remove" span.visually-hidden { " " (ph.title) } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn settings_facts(p: &CohortPage) -> Markup {
    let s = &p.cohort.settings;
    let countries = s.countries(&p.programme.programme.eligible_countries);
    html! {
        dl.facts {
            dt { "Programme" } dd { a href={ "/programmes/" (p.programme.id) } { (p.programme.programme.name) } }
            dt { "First and last day" }
            dd { @if let Some(d) = s.dates { (d) " (" (d.days()) " days)" } @else { "Not set" } }
            dt { "Call opens" }
            dd { @if let Some(o) = s.call.opens_at { (when(s, When::At(o))) } @else { "Not set" } }
            dt { "Deadline" }
            dd { @if let Some(c) = s.call.closes_at { (when(s, When::At(c))) } @else { "Not set" } }
            dt { "Time zone" } dd { (s.call.time_zone.name()) }
            dt { "Eligible countries" }
            dd {
                @if countries.is_empty() { "None" }
                @else { (countries.iter().map(|c| format!("{} ({})", c.name(), c.as_str())).collect::<Vec<_>>().join(", ")) }
                @if s.eligible_countries.is_none() { span.muted { " — the programme's list" } }
            }
            dt { "Per-diem policy" } dd { @if s.per_diem_policy.is_empty() { "Not chosen" } @else { (s.per_diem_policy) } }
            dt { "Responsible managers" }
            dd {
                @if p.managers.is_empty() { "None yet" }
                @else { (p.managers.iter().map(|m| m.display_name.as_str()).collect::<Vec<_>>().join(", ")) }
            }
            @if let Some(src) = p.cohort.cloned_from_id {
                dt { "Cloned from" } dd { a href={ "/cohorts/" (src) } { "an earlier cohort" } }
            }
        }
    }
}

fn lifecycle_forms(ctx: &PageContext, p: &CohortPage, reason: &str) -> Markup {
    let moves = available(p.cohort.status);
    html! {
        @if !moves.is_empty() {
            section aria-labelledby="lifecycle-title" {
                h2 #lifecycle-title { "Status" }
                p { "This cohort is " strong { (p.cohort.status.label().to_lowercase()) } "." }
                div.actions {
                    @for t in moves.iter().filter(|t| !t.needs_reason()) {
                        @if let (Transition::CloseCall, Some(closes)) = (t, p.cohort.settings.call.closes_at.filter(|c| *c > p.now)) {
                            p.muted {
                                "The call stays open until its deadline, as promised to applicants ("
                                (crate::views::time::time_left(p.now, closes)) " left); then you can close it and start selection."
                            }
                        } @else {
                        form.inline method="post" action={ "/cohorts/" (p.cohort.id) "/status" } {
                            (csrf_field(ctx.csrf()))
                            input type="hidden" name="transition" value=(t.code());
                            button.secondary type="submit" { (t.label()) }
                        }
                        }
                    }
                }
                @if moves.contains(&Transition::Cancel) {
                    details {
                        summary { "Cancel this cohort" }
                        form method="post" action={ "/cohorts/" (p.cohort.id) "/status" } {
                            (csrf_field(ctx.csrf()))
                            input type="hidden" name="transition" value="cancel";
                            div.field {
                                label for="reason" { "Reason for cancelling" }
                                p.hint { "Kept with the cohort and in the audit log." }
                                textarea #reason name="reason" rows="3" { (reason) }
                            }
                            button.danger type="submit" { "Cancel the cohort" }
                        }
                    }
                }
            }
        }
    }
}

/// The cohort page; `refused` lists why a lifecycle move just failed (shown at the top).
pub fn show(ctx: &PageContext, p: &CohortPage, refused: &FieldErrors, reason: &str) -> Markup {
    let s = &p.cohort.settings;
    let phases: Vec<&Phase> = p.phases.iter().map(|sp| &sp.phase).collect();
    let dates = key_dates::key_dates(s, &phases);
    let editable = p.can_plan && p.cohort.status.is_editable();
    let cid = p.cohort.id;
    page(
        ctx,
        &s.name,
        html! {
            p { a href={ "/programmes/" (p.programme.id) } { "← " (p.programme.programme.name) } }
            h1 { (s.name) " " (status_badge(p.cohort.status)) }
            (error_summary(refused))
            @if let Some(r) = &p.cohort.cancel_reason {
                div.notice { strong { "Cancelled: " } (r) }
            }
            @if p.can_plan {
                div.actions {
                    @if editable { a.button href={ "/cohorts/" (cid) "/edit" } { "Edit settings" } }
                    a.button.secondary href={ "/cohorts/" (cid) "/clone" } { "Clone into a new cohort" }
                }
            }
            (dashboard(p, &dates))
            section aria-labelledby="timeline-title" {
                h2 #timeline-title { "Timeline" }
                (timeline::cohort_timeline("cohort-timeline", &s.name, s.dates, &phases, s.call.local_day(p.now)))
                (timeline::legend())
                p.muted { "The phases table below gives the same dates as text. "
                    a href={ "/cohorts/" (cid) "/timeline.svg" } { "Open the picture on its own" } "." }
            }
            section aria-labelledby="phases-title" {
                h2 #phases-title { "Phases" }
                @if p.phases.is_empty() { p { "No phases yet." } } @else { (phases_table(ctx, p, editable)) }
                @if editable { p { a.button href={ "/cohorts/" (cid) "/phases/new" } { "Add a phase" } } }
            }
            section aria-labelledby="dates-title" {
                h2 #dates-title { "Key dates" }
                @if dates.is_empty() { p { "No dates set yet." } }
                @else {
                    dl.facts { @for k in &dates { dt { (k.label) } dd { (when(s, k.when)) } } }
                }
            }
            section aria-labelledby="settings-title" {
                h2 #settings-title { "Settings" }
                (settings_facts(p))
            }
            @if p.can_plan {
                (lifecycle_forms(ctx, p, reason))
                section aria-labelledby="calendar-title" {
                    h2 #calendar-title { "Calendar feed" }
                    p { "Calendar apps can subscribe to this address to see every phase. Anyone with the address can read the phases, so share it only with people in the cohort." }
                    p { code.token { (p.feed_url) } }
                    form method="post" action={ "/cohorts/" (cid) "/calendar-token" } {
                        (csrf_field(ctx.csrf()))
                        button.secondary type="submit" { "Make a new address (the old one stops working)" }
                    }
                }
            }
        },
    )
}
