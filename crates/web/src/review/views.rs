//! The reviewer's start page and scoring form, and the manager's progress view.

use itp_domain::Code;
use itp_domain::review::{Confidence, Criterion, ReviewScores};
use itp_domain::validation::FieldErrors;
use itp_persistence::cohort::StoredCohort;
use itp_persistence::review::{
    AssignmentLine, Progress, ReviewFilter, ReviewLine, ReviewerCounts, StoredReview,
};
use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use maud::{Markup, html};

use super::routes::StartQuery;
use crate::views::components::{csrf_field, error_summary, pagination};
use crate::views::layout::{PageContext, page};

/// Lines of the reviewer's start page per page.
pub const PER_PAGE: u64 = 50;

/// What is assigned to the reviewer, what is done: the counts, the deadlines, and one page of
/// the lines (what is still to do first).
pub fn start(
    ctx: &PageContext,
    lines: &[ReviewLine],
    counts: ReviewerCounts,
    q: &StartQuery,
    deadlines: &BTreeMap<i32, (String, DateTime<Utc>)>,
) -> Markup {
    let filter = q.filter();
    let tab = |show: &str, label: String, this: ReviewFilter| {
        html! {
            @if filter == this {
                strong aria-current="page" { (label) }
            } @else {
                a href={ "/reviews?show=" (show) } { (label) }
            }
        }
    };
    let show = match filter {
        ReviewFilter::ToDo => "todo",
        ReviewFilter::Submitted => "submitted",
        ReviewFilter::All => "all",
    };
    page(
        ctx,
        "Your reviews",
        html! {
            h1 { "Your reviews" }
            @if counts.assigned == 0 {
                p { "Nothing is assigned to you yet. A programme manager assigns applications; they then appear here." }
            } @else {
                p { (counts.assigned) " assigned, " (counts.submitted) " submitted, " (counts.to_do()) " to do." }
                @for (name, at) in deadlines.values() {
                    p.notice { "Reviews for " (name) " are due by " (crate::selection::service::when(*at)) "." }
                }
                nav aria-label="Which reviews" {
                    (tab("todo", format!("To do ({})", counts.to_do()), ReviewFilter::ToDo))
                    " · "
                    (tab("submitted", format!("Submitted ({})", counts.submitted), ReviewFilter::Submitted))
                    " · "
                    (tab("all", format!("All ({})", counts.assigned), ReviewFilter::All))
                }
                @if lines.is_empty() {
                    p { @match filter {
                        ReviewFilter::ToDo => { "Every review assigned to you is submitted. Thank you." }
                        ReviewFilter::Submitted => { "You have not submitted a review yet." }
                        ReviewFilter::All => { "Nothing on this page." }
                    } }
                } @else {
                    table {
                        thead { tr { th { "Application" } th { "Organisation" } th { "Country" } th { "Cohort" } th { "State" } } }
                        tbody {
                            @for l in lines {
                                tr {
                                    td { a href={ "/reviews/" (l.id) } { (l.reference) } }
                                    td { @if l.organisation.is_empty() { "(hidden: blind review)" } @else { (l.organisation) } }
                                    td { (l.country) }
                                    td { (l.cohort_name) }
                                    td {
                                        @match l.submitted_at {
                                            Some(at) => { "Submitted " (at.format("%Y-%m-%d")) }
                                            None => { @if l.scored == 0 { "Not started" } @else { (l.scored) " criteria scored" } }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                (pagination(q.page(), PER_PAGE, counts.of(filter), |n| format!("/reviews?show={show}&page={n}")))
            }
        },
    )
}

/// The application as the reviewer reads it: the change project and the team's roles (names
/// left out in blind review); never a document, so never a passport or a medical statement.
fn application(stored: &StoredReview) -> Markup {
    use itp_domain::application::fields::Gender;
    use itp_domain::programme::TeamRole;
    let a = &stored.application;
    let p = &a.project;
    let label = |text: &str, f: fn(&str) -> Option<&'static str>| f(text).unwrap_or("").to_owned();
    html! {
        section.application aria-labelledby="application-heading" {
            h2 id="application-heading" { "The application" }
            h3 { "Change project: " (p.title) }
            dl {
                dt { "The problem" } dd { (p.problem) }
                dt { "The goal" } dd { (p.goal) }
                dt { "Expected results" } dd { (p.expected_results) }
                dt { "Stakeholders" } dd { (p.stakeholders) }
                dt { "Commitment" } dd { (p.commitment) }
            }
            h3 { "The team" }
            ul {
                @for (_, m) in a.members() {
                    li {
                        @if !stored.blind { (m.full_name) ", " }
                        (m.position) " ("
                        (label(&m.role, |r| itp_domain::code::parse::<TeamRole>(r).ok().map(Code::label)))
                        ", "
                        (label(&m.gender, |g| itp_domain::code::parse::<Gender>(g).ok().map(Code::label)))
                        ")"
                    }
                }
            }
        }
    }
}

/// The scoring form: each criterion with its scale and guidance, saved as often as the reviewer
/// likes; read-only once submitted.
pub fn form(
    ctx: &PageContext,
    stored: &StoredReview,
    rubric: &[Criterion],
    scores: &ReviewScores,
    errors: &FieldErrors,
) -> Markup {
    let done = stored.submitted_at.is_some();
    page(
        ctx,
        &format!("Review of {}", stored.reference),
        html! {
            p { a href="/reviews" { "← Your reviews" } }
            h1 { "Review of " (stored.reference) }
            @if stored.blind {
                p { "Blind review: the applicant's names and organisation are hidden. " (stored.country) ", " (stored.member_count) " members; " (stored.cohort_name) "." }
            } @else {
                p { (stored.organisation) " (" (stored.country) "), " (stored.member_count) " members; " (stored.cohort_name) "." }
            }
            (application(stored))
            @if done {
                p.notice { "You submitted this review; it can no longer be changed." }
            }
            (error_summary(errors))
            form method="post" action={ "/reviews/" (stored.id) } {
                (csrf_field(ctx.csrf()))
                @for c in rubric {
                    @let field = format!("score_{}", c.key);
                    @let comment = format!("comment_{}", c.key);
                    @let given = scores.scores.get(&c.key);
                    @let value = given.and_then(|s| s.score);
                    fieldset.criterion {
                        legend { (c.label) " (weight " (c.weight.normalize()) ")" @if c.required { " — required" } }
                        @if !c.guidance.is_empty() { p.hint id={ (field) "-hint" } { (c.guidance) } }
                        @if let Some(message) = errors.for_field(&field) { p.error id={ (field) "-error" } { (message) } }
                        div.scale role="radiogroup" aria-describedby={ (field) "-hint" } {
                            @for n in c.scale_min..=c.scale_max {
                                label {
                                    input type="radio" name=(field) value=(n) checked[value == Some(n)] disabled[done];
                                    " " (n)
                                }
                            }
                            label {
                                input type="radio" name=(field) value="" checked[value.is_none()] disabled[done];
                                " Not scored"
                            }
                        }
                        label for=(comment) { "Comment on " (c.label) " (optional)" }
                        textarea id=(comment) name=(comment) rows="2" disabled[done] {
                            (given.map(|s| s.comment.as_str()).unwrap_or(""))
                        }
                    }
                }
                fieldset {
                    legend { "How confident are you?" }
                    @if let Some(message) = errors.for_field("confidence") { p.error { (message) } }
                    @for c in Confidence::ALL {
                        label {
                            input type="radio" name="confidence" value=(c.code()) checked[scores.confidence == Some(*c)] disabled[done];
                            " " (c.label())
                        }
                    }
                }
                label for="comment" { "Overall comment (optional)" }
                textarea id="comment" name="comment" rows="4" disabled[done] { (scores.comment) }
                @if !done {
                    p {
                        button type="submit" name="action" value="save" { "Save and come back later" }
                        " "
                        button type="submit" name="action" value="submit" { "Submit the review" }
                    }
                }
            }
            @if !done {
                form method="post" action={ "/reviews/" (stored.id) "/conflict" } {
                    (csrf_field(ctx.csrf()))
                    p {
                        "Do you know this organisation or its people in a way that could bias you? "
                        button type="submit" { "Declare a conflict of interest" }
                    }
                }
            }
        },
    )
}

/// The manager's view: progress per reviewer and per application, and the automatic assignment.
pub fn progress(
    ctx: &PageContext,
    cohort: &StoredCohort,
    p: &Progress,
    can_assign: bool,
    blind: bool,
    assignments: &[AssignmentLine],
    deadline: Option<DateTime<Utc>>,
) -> Markup {
    let name = &cohort.settings.name;
    page(
        ctx,
        &format!("Reviews of {name}"),
        html! {
            p { a href={ "/cohorts/" (cohort.id) } { "← " (name) } }
            h1 { "Reviews of " (name) }
            @if can_assign {
                form method="post" action={ "/cohorts/" (cohort.id) "/reviews/assign" } {
                    (csrf_field(ctx.csrf()))
                    label for="per_application" { "Reviewers per application" }
                    input id="per_application" name="per_application" type="number" min="1" max="10" value="3" required;
                    " "
                    button type="submit" { "Assign reviewers automatically" }
                    p.hint { "Keeps the assignments made so far; spreads the work evenly; never assigns a reviewer with a declared conflict, or from the applicant's own country or organisation." }
                }
            }
            @if can_assign {
                form method="post" action={ "/cohorts/" (cohort.id) "/reviews/settings" } {
                    (csrf_field(ctx.csrf()))
                    label {
                        input type="checkbox" name="blind" value="true" checked[blind];
                        " Blind review: reviewers do not see the applicants' names and organisations"
                    }
                    " "
                    button type="submit" { "Save" }
                }
            } @else if blind {
                p { "This cohort reviews blind." }
            }
            p {
                @match deadline {
                    Some(at) => { "Reviews are due by " (crate::selection::service::when(at)) ". " }
                    None => { "No review deadline is set. " }
                }
                a href={ "/cohorts/" (cohort.id) "/selection/quotas" } { "Set the deadline" }
            }
            @if can_assign && !p.reviewers.is_empty() {
                form method="post" action={ "/cohorts/" (cohort.id) "/reviews/remind" } {
                    (csrf_field(ctx.csrf()))
                    button type="submit" { "Send a reminder to every reviewer with open reviews" }
                }
            }
            @if can_assign && !p.reviewers.is_empty() && !p.applications.is_empty() {
                h2 { "Assign one reviewer" }
                form method="post" action={ "/cohorts/" (cohort.id) "/reviews/assignments" } {
                    (csrf_field(ctx.csrf()))
                    label for="application_id" { "Application" }
                    " "
                    select id="application_id" name="application_id" {
                        @for a in &p.applications { option value=(a.application_id) { (a.reference) } }
                    }
                    " "
                    label for="reviewer_user_id" { "Reviewer" }
                    " "
                    select id="reviewer_user_id" name="reviewer_user_id" {
                        @for r in &p.reviewers { option value=(r.user_id) { (r.name) } }
                    }
                    " "
                    button type="submit" { "Assign" }
                    p.hint { "A reviewer with a conflict of interest with the application is refused, with the reason." }
                }
            }
            h2 { "By reviewer" }
            @if p.reviewers.is_empty() {
                p { "The cohort has no reviewers yet: invite people with the reviewer role for this cohort." }
            } @else {
                table {
                    thead { tr { th { "Reviewer" } th { "Assigned" } th { "Submitted" } @if can_assign { th { "Reminder" } } } }
                    tbody {
                        @for r in &p.reviewers {
                            tr {
                                td { (r.name) " (" (r.email) ")" } td { (r.assigned) } td { (r.submitted) }
                                @if can_assign {
                                    td {
                                        @if r.assigned > r.submitted {
                                            form.inline method="post" action={ "/cohorts/" (cohort.id) "/reviews/remind" } {
                                                (csrf_field(ctx.csrf()))
                                                input type="hidden" name="reviewer_user_id" value=(r.user_id);
                                                button type="submit" { "Remind " (r.name) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            h2 { "By application" }
            @if p.applications.is_empty() {
                p { "No eligible submitted applications yet." }
            } @else {
                table {
                    thead { tr { th { "Application" } th { "Organisation" } th { "Reviewers" } th { "Submitted" } } }
                    tbody {
                        @for a in &p.applications {
                            tr {
                                td { a href={ "/applications/" (a.application_id) } { (a.reference) } }
                                td { (a.organisation) }
                                td { (a.assigned) }
                                td { (a.submitted) }
                            }
                        }
                    }
                }
            }
            @if can_assign && !assignments.is_empty() {
                h2 { "Assignments" }
                table {
                    thead { tr { th { "Application" } th { "Reviewer" } th { "State" } th { "Remove" } } }
                    tbody {
                        @for a in assignments {
                            tr {
                                td { (a.reference) }
                                td { (a.reviewer) }
                                td { @if a.submitted { "Submitted" } @else { "Open" } }
                                td {
                                    @if !a.submitted {
                                        form.inline method="post" action={ "/cohorts/" (cohort.id) "/reviews/unassign" } {
                                            (csrf_field(ctx.csrf()))
                                            input type="hidden" name="assignment_id" value=(a.id);
                                            button type="submit" { "Remove " (a.reviewer) " from " (a.reference) }
                                        }
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
