use chrono::{DateTime, Utc};
use maud::{Markup, html};

use super::jobs::{JobRow, Source};
use crate::views::components::{badge, csrf_field};
use crate::views::{PageContext, page};

fn when(at: DateTime<Utc>) -> Markup {
    html! { time datetime=(at.to_rfc3339()) { (at.format("%Y-%m-%d %H:%M:%S UTC")) } }
}

fn outcome(o: &str) -> Markup {
    match o {
        "ok" => badge("Done", "ok"),
        "failed" => badge("Failed", "bad"),
        other => badge(other, "info"),
    }
}

pub fn list(ctx: &PageContext, rows: &[JobRow], instance: &str) -> Markup {
    page(
        ctx,
        "Scheduled jobs",
        html! {
            h1 { "Scheduled jobs" }
            p.lead {
                "Work the system does by itself. Each scheduled run happens once in the whole deployment, \
                 however many instances run: the first to claim the slot runs it. Schedules are cron \
                 expressions with seconds, in UTC; ITP_JOB_SCHEDULES changes them (JOB=SCHEDULE or JOB=off)."
            }
            p { "This instance: " code { (instance) } }
            @for row in rows {
                section.job id={ "job-" (row.name) } aria-labelledby={ "job-" (row.name) "-title" } {
                    h2 id={ "job-" (row.name) "-title" } { code { (row.name) } }
                    @if !row.purpose.is_empty() { p { (row.purpose) } }
                    dl.facts {
                        dt { "Schedule" }
                        dd {
                            code { (row.expression) }
                            " "
                            @match row.source {
                                Source::Default => { "(default)" }
                                Source::Configured => { "(set by ITP_JOB_SCHEDULES)" }
                                Source::Off => { (badge("Off", "warn")) " switched off by ITP_JOB_SCHEDULES" }
                            }
                        }
                        dt { "Next run" }
                        dd {
                            @if let Some(reason) = row.idle_because {
                                "Not on this instance: " (reason) "."
                            } @else if let Some(next) = row.next {
                                (when(next))
                            } @else {
                                "None scheduled"
                            }
                        }
                    }
                    @if row.runs.is_empty() {
                        p { "No runs recorded in the last 30 days." }
                    } @else {
                        div.table-wrap {
                            table {
                                caption { "Last runs of " (row.name) }
                                thead { tr { th scope="col" { "Started" } th scope="col" { "Took" } th scope="col" { "Outcome" } th scope="col" { "What it did, or the error" } th scope="col" { "Slot" } } }
                                tbody {
                                    @for run in &row.runs {
                                        tr {
                                            td { (when(run.started_at)) }
                                            td { @if let Some(end) = run.finished_at { ((end - run.started_at).num_milliseconds()) " ms" } }
                                            td { (outcome(&run.outcome)) }
                                            td { @if run.outcome == "failed" { pre.changes { (run.detail) } } @else { (run.detail) } }
                                            td { @if let Some(slot) = run.slot_id { "#" (slot) } @else { "outside the schedule" } }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    @if row.idle_because.is_none() {
                        form.inline method="post" action={ "/admin/jobs/" (row.name) "/run" } {
                            (csrf_field(ctx.csrf()))
                            button type="submit" { "Run " (row.name) " now" }
                        }
                    }
                }
            }
        },
    )
}
