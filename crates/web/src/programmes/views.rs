use itp_persistence::programme::{CohortRow, ProgrammeSummary, StoredProgramme};
use maud::{Markup, html};

use crate::views::components::badge;
use crate::views::{PageContext, page};

pub fn list(ctx: &PageContext, programmes: &[ProgrammeSummary], include_archived: bool) -> Markup {
    page(
        ctx,
        "Programmes",
        html! {
            h1 { "Programmes" }
            p.lead { (programmes.len()) " international training programmes." }
            @if include_archived {
                p { a href="/programmes" { "Hide archived programmes" } }
            } @else {
                p { a href="/programmes?archived=1" { "Show archived programmes too" } }
            }
            ul.cards {
                @for p in programmes {
                    li.card {
                        h2 { a href={ "/programmes/" (p.id) } { (p.name) } }
                        p {
                            (badge(&p.code, "info"))
                            @if p.archived { " " (badge("Archived", "warn")) }
                        }
                        @if !p.theme.is_empty() { p.muted { (p.theme) } }
                        @if !p.partners.is_empty() { p { "With " (p.partners.join(", ")) } }
                        p {
                            (p.active_cohort_count) " active of " (p.cohort_count) " cohort" @if p.cohort_count != 1 { "s" }
                        }
                        @if !p.eligible_countries.is_empty() {
                            p.muted {
                                (p.eligible_countries.iter().map(|c| c.name()).collect::<Vec<_>>().join(", "))
                            }
                        }
                    }
                }
            }
        },
    )
}

pub fn cohort_status_badge(status: &str) -> Markup {
    let kind = match status {
        "call_open" => "ok",
        "selection" | "running" => "info",
        "cancelled" => "bad",
        "completed" | "closed" => "warn",
        _ => "neutral",
    };
    badge(&status.replace('_', " "), kind)
}

pub fn show(ctx: &PageContext, stored: &StoredProgramme, cohorts: &[CohortRow]) -> Markup {
    let p = &stored.programme;
    page(
        ctx,
        &p.name,
        html! {
            p { a href="/programmes" { "← All programmes" } }
            h1 { (p.name) }
            p { (badge(&p.code, "info")) @if p.archived { " " (badge("Archived", "warn")) } }
            @if !p.description.is_empty() { p.lead { (p.description) } }
            dl.facts {
                @if !p.theme.is_empty() { dt { "Theme" } dd { (p.theme) } }
                @if !p.partners.is_empty() { dt { "Partners" } dd { (p.partners.join(", ")) } }
                dt { "Eligible countries" }
                dd {
                    @if p.eligible_countries.is_empty() { "Not set" }
                    @else { (p.eligible_countries.iter().map(|c| format!("{} ({})", c.name(), c.as_str())).collect::<Vec<_>>().join(", ")) }
                }
                @if !p.target_group.is_empty() { dt { "Target group" } dd { (p.target_group) } }
                dt { "Team size" } dd { (p.team_min) "–" (p.team_max) " people from one organisation" }
                dt { "Required roles" }
                dd {
                    @if p.required_roles.is_empty() { "None" }
                    @else { (p.required_roles.iter().map(|r| r.label()).collect::<Vec<_>>().join(", ")) }
                }
                dt { "Language" } dd { (p.language) }
            }
            h2 { "Cohorts" }
            @if cohorts.is_empty() {
                p { "No cohorts yet." }
            } @else {
                div.table-wrap {
                    table {
                        thead { tr { th { "Cohort" } th { "Status" } th.num { "Seats" } th { "Call closes" } } }
                        tbody {
                            @for c in cohorts {
                                tr {
                                    td { (c.name) }
                                    td { (cohort_status_badge(&c.status)) }
                                    td.num { (c.seats) }
                                    td {
                                        @if let Some(closes) = c.call_closes_at {
                                            time datetime=(closes.to_rfc3339()) { (closes.format("%Y-%m-%d %H:%M UTC")) }
                                        } @else { "—" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}
