//! The staff start page: what needs the person first (each count a link to the list it
//! counts), then their cohorts with this week's dates.

use itp_domain::cohort::key_dates::KeyDate;
use itp_domain::wording::count;
use itp_persistence::application::list::Counts;
use itp_persistence::cohort::StoredCohort;
use maud::{Markup, html};

use crate::cohort::views::{status_badge, when};
use crate::views::{PageContext, page};

pub struct CohortLine {
    pub programme: String,
    pub cohort: StoredCohort,
    /// `None` when the person may not see the cohort's applications.
    pub applications: Option<Counts>,
    pub this_week: Vec<KeyDate>,
    pub next_deadline: Option<KeyDate>,
}

pub struct StartPage<'a> {
    pub name: &'a str,
    pub cohorts: Vec<CohortLine>,
    /// Held messages, for those who may release them.
    pub held_mail: Option<u64>,
    /// Per-diem statements waiting for approval, for those who approve.
    pub drafts_to_approve: Option<u64>,
    pub reviews: bool,
}

/// One thing that needs the person: a sentence with its count, linking to the filtered list.
struct Task {
    text: String,
    href: String,
}

fn tasks(p: &StartPage<'_>) -> Vec<Task> {
    let mut out = Vec::new();
    for line in &p.cohorts {
        let Some(counts) = &line.applications else {
            continue;
        };
        let id = line.cohort.id;
        let name = &line.cohort.settings.name;
        if counts.flagged > 0 {
            let verb = if counts.flagged == 1 { "needs" } else { "need" };
            out.push(Task {
                text: format!(
                    "{} in {name} {verb} an eligibility decision",
                    count(counts.flagged as i64, "application")
                ),
                href: format!("/cohorts/{id}/applications?eligibility=flag"),
            });
        }
    }
    if let Some(n) = p.drafts_to_approve.filter(|n| *n > 0) {
        let verb = if n == 1 { "waits" } else { "wait" };
        out.push(Task {
            text: format!(
                "{} {verb} for approval",
                count(n as i64, "per-diem statement")
            ),
            href: "/per-diem/statements?state=draft".into(),
        });
    }
    if let Some(n) = p.held_mail.filter(|n| *n > 0) {
        let verb = if n == 1 { "waits" } else { "wait" };
        out.push(Task {
            text: format!(
                "{} {verb} to be read and released",
                count(n as i64, "held message")
            ),
            href: "/admin/outbox?state=held".into(),
        });
    }
    if p.reviews {
        out.push(Task {
            text: "Your reviews: what is assigned to you, what is done and the deadline".into(),
            href: "/reviews".into(),
        });
    }
    out
}

pub fn start(ctx: &PageContext, p: &StartPage<'_>) -> Markup {
    let tasks = tasks(p);
    let this_week: Vec<(&CohortLine, &KeyDate)> = p
        .cohorts
        .iter()
        .flat_map(|l| l.this_week.iter().map(move |k| (l, k)))
        .collect();
    page(
        ctx,
        "Start",
        html! {
            h1 { "Welcome, " bdi { (p.name) } }
            section aria-labelledby="needs-title" {
                h2 #needs-title { "What needs you" }
                @if tasks.is_empty() {
                    p.empty { "Nothing needs you right now." }
                } @else {
                    ul {
                        @for t in &tasks { li { a href=(t.href) { (t.text) } } }
                    }
                }
            }
            section aria-labelledby="week-title" {
                h2 #week-title { "This week" }
                @if this_week.is_empty() {
                    p.empty { "No deadline or phase of your cohorts falls in the next seven days." }
                } @else {
                    ul {
                        @for (line, k) in &this_week {
                            li {
                                (when(&line.cohort.settings, k.when)) ": " (k.label) " · "
                                a href={ "/cohorts/" (line.cohort.id) } { (line.cohort.settings.name) }
                            }
                        }
                    }
                }
            }
            section aria-labelledby="cohorts-title" {
                h2 #cohorts-title { "Your cohorts" }
                @if p.cohorts.is_empty() {
                    p.empty { "No active cohort is yours yet. " a href="/programmes" { "See the programmes" } "." }
                } @else {
                    div.table-wrap {
                        table {
                            thead { tr { th { "Cohort" } th { "Programme" } th { "Status" } th { "Next deadline" } th.num { "Applications" } th.num { "Need a decision" } th.num { "Drafts" } } }
                            tbody {
                                @for l in &p.cohorts {
                                    @let id = l.cohort.id;
                                    tr {
                                        td { a href={ "/cohorts/" (id) } { (l.cohort.settings.name) } }
                                        td { (l.programme) }
                                        td { (status_badge(l.cohort.status)) }
                                        td { @match &l.next_deadline { Some(k) => { (k.label) ": " (when(&l.cohort.settings, k.when)) }, None => "—" } }
                                        @match &l.applications {
                                            Some(c) => {
                                                td.num { a href={ "/cohorts/" (id) "/applications" } { (c.submitted) } }
                                                td.num { @if c.flagged > 0 { a href={ "/cohorts/" (id) "/applications?eligibility=flag" } { (c.flagged) } } @else { "0" } }
                                                td.num { (c.drafts) }
                                            }
                                            None => { td.num { "—" } td.num { "—" } td.num { "—" } }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                p { a href="/programmes" { "All programmes" } }
            }
        },
    )
}
