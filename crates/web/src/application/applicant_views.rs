//! What applicants see: open calls, a call's page, their applications and their status.

use chrono::{DateTime, Utc};
use itp_domain::Code;
use itp_domain::application::document::MAX_BYTES;
use itp_domain::application::{ApplicationDraft, ApplicationStatus};
use itp_persistence::application::ApplicationRow;
use itp_persistence::cohort::StoredCohort;
use maud::{Markup, html};

use super::answers_view::answers;
use super::context::CallContext;
use crate::views::components::{badge, csrf_field};
use crate::views::print::{letterhead, print_button};
use crate::views::time;
use crate::views::{PageContext, page};
use itp_persistence::application::documents::DocumentRow;

pub fn status_badge(status: ApplicationStatus) -> Markup {
    let kind = match status {
        ApplicationStatus::Draft => "warn",
        ApplicationStatus::Submitted => "ok",
        ApplicationStatus::Withdrawn => "bad",
    };
    badge(status.label(), kind)
}

pub fn open_calls(
    ctx: &PageContext,
    calls: &[(StoredCohort, String)],
    now: DateTime<Utc>,
) -> Markup {
    page(
        ctx,
        "Open calls",
        html! {
            h1 { "Open calls for applications" }
            p.lead { "ICLD's international training programmes are free for the participants; ICLD pays travel, board and lodging and insurance." }
            (calls_list(calls, now))
        },
    )
}

fn calls_list(calls: &[(StoredCohort, String)], now: DateTime<Utc>) -> Markup {
    html! {
        @if calls.is_empty() {
            p { "No call is open right now." }
        } @else {
            ul.cards {
                @for (c, programme) in calls {
                    li.card {
                        h2 { a href={ "/calls/" (c.id) } { (c.settings.name) } }
                        p.muted { (programme) }
                        @if let Some(closes) = c.settings.call.closes_at {
                            p { "Deadline: " (time::deadline(closes, c.settings.call.time_zone.name())) }
                            @if closes > now { p { strong { (time::time_left(now, closes)) " left" } } }
                        }
                    }
                }
            }
        }
    }
}

pub fn call_page(
    ctx: &PageContext,
    call: &CallContext,
    phases: &[itp_persistence::phase::StoredPhase],
    now: DateTime<Utc>,
    open: bool,
) -> Markup {
    let c = &call.cohort;
    let p = &call.programme.programme;
    let rules = call.rules();
    page(
        ctx,
        &c.settings.name,
        html! {
            p { a href="/calls" { "← Open calls" } }
            h1 { (c.settings.name) }
            p.lead { (p.name) }
            @if !p.description.is_empty() { p { (p.description) } }
            @match (open, c.settings.call.closes_at) {
                (true, Some(closes)) => {
                    div.notice {
                        p { strong { "Deadline: " } (time::deadline(closes, c.settings.call.time_zone.name())) }
                        p { "Time left: " strong { (time::time_left(now, closes)) } ". Late applications are not considered." }
                    }
                }
                _ => {
                    div.notice { p { strong { "This call is closed." } " Applications are no longer accepted." } }
                }
            }
            h2 { "Who can apply" }
            dl.facts {
                dt { "Countries" } dd { (rules.eligible_countries.iter().map(|c| c.name()).collect::<Vec<_>>().join(", ")) }
                dt { "Team" } dd { (rules.team_min) "–" (rules.team_max) " people from one organisation" }
                @if !rules.required_roles.is_empty() {
                    dt { "Roles" } dd { "At least one " (rules.required_roles.iter().map(|r| r.label().to_lowercase()).collect::<Vec<_>>().join(", one ")) }
                }
                @if !p.target_group.is_empty() { dt { "Target group" } dd { (p.target_group) } }
                dt { "Language" } dd { (p.language) }
            }
            @if !phases.is_empty() {
                h2 { "Phases and dates" }
                p { "Every team member must be able to attend every compulsory phase." }
                div.table-wrap {
                    table {
                        thead { tr { th { "Phase" } th { "Dates" } th { "Place" } } }
                        tbody {
                            @for sp in phases {
                                tr {
                                    td { (sp.phase.title) @if !sp.phase.compulsory { " " span.muted { "(optional)" } } }
                                    td { (sp.phase.dates) }
                                    td { (sp.phase.place()) }
                                }
                            }
                        }
                    }
                }
            }
            h2 { "What to prepare" }
            ul {
                li { "Your organisation's details and the nominating authority's letter" }
                li { "For each team member: full name (in any script), role, position, e-mail, English level (CEFR) and year of birth" }
                li { "For each team member: a passport copy, a passport photo and a medical statement (PDF, JPEG or PNG, at most " (MAX_BYTES / 1024 / 1024) " MB each)" }
                li { "An outline of your team's change project: the problem, the goal, the expected results, the stakeholders and your organisation's commitment" }
            }
            p { "You can save your application as a draft and come back to it later, from any device." }
            @if open {
                @if ctx.user.is_some() {
                    form method="post" action={ "/calls/" (c.id) "/apply" } {
                        (csrf_field(ctx.csrf()))
                        div.actions { button type="submit" { "Start or continue your application" } }
                    }
                } @else {
                    div.actions {
                        a.button href={ "/register?call=" (c.id) } { "Create an account to apply" }
                        a href={ "/login?next=/calls/" (c.id) } { "I have an account: sign in" }
                    }
                }
            }
        },
    )
}

pub fn my_applications(
    ctx: &PageContext,
    apps: &[(ApplicationRow, String)],
    cohorts: &[StoredCohort],
    calls: &[(StoredCohort, String)],
    now: DateTime<Utc>,
) -> Markup {
    let drafts = apps
        .iter()
        .filter(|(a, _)| a.status == ApplicationStatus::Draft)
        .count();
    page(
        ctx,
        "Your applications",
        html! {
            h1 { "Your applications" }
            @if apps.is_empty() {
                p.empty { "You have not started an application yet. Choose one of the open calls below to begin." }
            } @else {
                @if drafts > 0 {
                    p.notice { "You have " (itp_domain::wording::count(drafts as i64, "draft")) " not yet submitted. A draft is not considered: submit it before its deadline." }
                }
                div.table-wrap {
                    table {
                        thead { tr { th { "Call" } th { "Reference" } th { "Organisation" } th { "Status" } th { "Deadline" } th { "Last saved" } th { span.visually-hidden { "Action" } } } }
                        tbody {
                            @for (a, cohort) in apps {
                                @let c = cohorts.iter().find(|c| c.id == a.cohort_id);
                                tr {
                                    td { (cohort) }
                                    td { @if a.status == ApplicationStatus::Draft { span.muted { "on submission" } } @else { (itp_domain::application::reference(a.cohort_id, a.id)) } }
                                    td { @if a.organisation_name.is_empty() { "—" } @else { bdi { (a.organisation_name) } } }
                                    td { (status_badge(a.status)) }
                                    td {
                                        @match c.and_then(|c| c.settings.call.closes_at.map(|t| (c, t))) {
                                            Some((c, closes)) => {
                                                (time::deadline(closes, c.settings.call.time_zone.name()))
                                                @if a.status == ApplicationStatus::Draft && closes > now { br; strong { (time::time_left(now, closes)) " left" } }
                                            }
                                            None => "—",
                                        }
                                    }
                                    td { (itp_domain::format::date_time(a.updated_at.naive_utc(), itp_domain::format::Lang::En)) " UTC" }
                                    td {
                                        @if a.status == ApplicationStatus::Draft {
                                            a href={ "/applications/" (a.id) "/edit/organisation" } { "Continue" span.visually-hidden { " the draft for " (cohort) } }
                                        } @else {
                                            a href={ "/applications/" (a.id) } { "View" span.visually-hidden { " the application to " (cohort) } }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            h2 { "Open calls" }
            (calls_list(calls, now))
        },
    )
}

/// The applicant's read-only view of a submitted or withdrawn application: the reference, what
/// happens next, and every answer as sent, printable as the team's copy.
pub fn own_application(
    ctx: &PageContext,
    a: &ApplicationRow,
    draft: &ApplicationDraft,
    documents: &[DocumentRow],
    call: &CallContext,
    can_withdraw: bool,
) -> Markup {
    let reference = itp_domain::application::reference(call.cohort.id, a.id);
    let zone = call.cohort.settings.call.time_zone.name();
    page(
        ctx,
        "Your application",
        html! {
            (letterhead())
            nav.breadcrumbs aria-label="Breadcrumbs" {
                ol { li { a href="/my/applications" { "Your applications" } } li { (call.cohort.settings.name) } }
            }
            h1 { "Your application to " (call.cohort.settings.name) }
            dl.facts {
                dt { "Reference" } dd { strong { (reference) } }
                dt { "Status" } dd { (status_badge(a.status)) }
                @if let Some(at) = a.submitted_at { dt { "Submitted" } dd { (time::in_zone(at, zone)) } }
                @if let Some(closes) = call.cohort.settings.call.closes_at { dt { "Call deadline" } dd { (time::deadline(closes, zone)) } }
            }
            @if a.status == ApplicationStatus::Submitted {
                section.notice.no-print aria-labelledby="next-title" {
                    h2 #next-title { "What happens next" }
                    ol {
                        li { "After the deadline, ICLD checks that the team meets the call's rules." }
                        li { "Reviewers score the change projects; ICLD then selects the teams, keeping a balance of countries and of women and men." }
                        li { "You hear the outcome by e-mail. A selected team confirms its places through a link in that message." }
                    }
                    p { "A confirmation with your reference was sent to your e-mail address. Quote " strong { (reference) } " when you write to ICLD." }
                }
            }
            (print_button("your application"))
            (answers(draft, documents))
            @if can_withdraw {
                form.no-print method="post" action={ "/applications/" (a.id) "/withdraw" } {
                    (csrf_field(ctx.csrf()))
                    h2 { "Withdraw" }
                    p { "You can withdraw the application until the deadline. You will be asked to confirm." }
                    div.actions { button.danger type="submit" { "Withdraw the application" } }
                }
            }
        },
    )
}
