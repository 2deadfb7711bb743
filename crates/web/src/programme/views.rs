use itp_domain::Code;
use itp_domain::phase::Phase;
use itp_persistence::cohort::StoredCohort;
use itp_persistence::phase::StoredPhase;
use itp_persistence::programme::{ProgrammeSummary, StoredProgramme};
use maud::{Markup, html};

use crate::cohort::views::status_badge;
use crate::views::components::{badge, breadcrumbs, csrf_field};
use crate::views::{PageContext, page};
use itp_domain::authz::Action;

pub fn list(ctx: &PageContext, programmes: &[ProgrammeSummary], include_archived: bool) -> Markup {
    page(
        ctx,
        "Programmes",
        html! {
            h1 { "Programmes" }
            p.lead { (programmes.len()) " international training programmes." }
            div.actions {
                @if ctx.can(Action::CreateProgramme) { a.button href="/programmes/new" { "Add a programme" } }
                a.button.secondary href="/programmes/overview" { "Year overview" }
                @if include_archived {
                    a href="/programmes" { "Hide archived programmes" }
                } @else {
                    a href="/programmes?archived=1" { "Show archived programmes too" }
                }
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

fn facts(p: &itp_domain::programme::Programme) -> Markup {
    html! {
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
    }
}

/// The programme page; `phases` holds the phases of all its cohorts (read in one query).
pub fn show(
    ctx: &PageContext,
    stored: &StoredProgramme,
    cohorts: &[StoredCohort],
    phases: &[StoredPhase],
) -> Markup {
    let p = &stored.programme;
    let id = stored.id;
    let may_edit = ctx.user.as_ref().is_some_and(|u| {
        itp_domain::authz::permits(
            &u.principal,
            Action::ManageProgramme,
            itp_domain::authz::Resource::Programme {
                programme_id: i64::from(id),
            },
        )
    });
    let may_plan = ctx.user.as_ref().is_some_and(|u| {
        itp_domain::authz::permits(
            &u.principal,
            Action::PlanCohort,
            itp_domain::authz::Resource::Programme {
                programme_id: i64::from(id),
            },
        )
    });
    page(
        ctx,
        &p.name,
        html! {
            (breadcrumbs(&[("/programmes".to_owned(), "Programmes".to_owned())], &p.name))
            h1 { (p.name) }
            p { (badge(&p.code, "info")) @if p.archived { " " (badge("Archived", "warn")) } }
            @if !p.description.is_empty() { p.lead { (p.description) } }
            div.actions {
                @if may_edit { a.button href={ "/programmes/" (id) "/edit" } { "Edit programme" } }
                @if may_plan && !p.archived { a.button.secondary href={ "/programmes/" (id) "/cohorts/new" } { "New cohort" } }
                @if ctx.can(Action::ArchiveProgramme) {
                    @if p.archived {
                        form.inline method="post" action={ "/programmes/" (id) "/unarchive" } {
                            (csrf_field(ctx.csrf())) button.secondary type="submit" { "Restore to the catalogue" }
                        }
                    } @else {
                        form.inline method="post" action={ "/programmes/" (id) "/archive" } {
                            (csrf_field(ctx.csrf())) button.secondary type="submit" { "Archive" }
                        }
                    }
                }
            }
            (facts(p))
            h2 { "Cohorts" }
            @if cohorts.is_empty() {
                p { "No cohorts yet." }
            } @else {
                div.table-wrap {
                    table {
                        thead { tr { th { "Cohort" } th { "Status" } th { "Dates" } th.num { "Phases" } th.num { "Seats" } th { "Deadline" } } }
                        tbody {
                            @for c in cohorts {
                                @let mine: Vec<&Phase> = phases.iter().filter(|sp| sp.cohort_id == c.id).map(|sp| &sp.phase).collect();
                                tr {
                                    td { a href={ "/cohorts/" (c.id) } { (c.settings.name) } }
                                    td { (status_badge(c.status)) }
                                    td { @if let Some(d) = c.settings.dates { (d) } @else { "—" } }
                                    td.num { (mine.len()) }
                                    td.num { (c.settings.seats) }
                                    td {
                                        @if let Some(closes) = c.settings.call.closes_at {
                                            (crate::cohort::views::when(&c.settings, itp_domain::cohort::key_dates::When::At(closes)))
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
