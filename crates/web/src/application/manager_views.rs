//! What managers and reviewers see: a cohort's applications and one application in full.

use std::collections::HashMap;

use itp_domain::Code;
use itp_domain::application::eligibility::{CheckOutcome, CheckResult};
use itp_domain::application::{ApplicationDraft, CefrLevel, Eligibility, Gender};
use itp_domain::format::{self, Lang};
use itp_domain::validation::FieldErrors;
use itp_domain::wording;
use itp_persistence::application::documents::DocumentRow;
use itp_persistence::application::list::{ListRow, Page};
use maud::{Markup, html};

use super::applicant_views::status_badge;
use super::context::{ApplicationContext, CallContext};
use crate::views::components::{
    Field, Input, badge, breadcrumbs, cohort_trail, csrf_field, error_summary, pagination,
};
use crate::views::error_pages::urlencode;
use crate::views::{PageContext, page};

/// The list's query as typed, kept as text so links and the form show it back.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub eligibility: String,
    #[serde(default)]
    pub flagged: String,
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub dir: String,
    #[serde(default)]
    pub page: Option<u64>,
}

impl ListQuery {
    pub fn query_string(&self, page: Option<u64>, sort: Option<(&str, &str)>) -> String {
        let (sort_by, dir) = sort.unwrap_or((&self.sort, &self.dir));
        let mut parts: Vec<String> = [
            ("country", self.country.as_str()),
            ("status", &self.status),
            ("eligibility", &self.eligibility),
            ("flagged", &self.flagged),
            ("q", &self.q),
            ("sort", sort_by),
            ("dir", dir),
        ]
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}={}", urlencode(v.trim())))
        .collect();
        if let Some(p) = page {
            parts.push(format!("page={p}"));
        }
        parts.join("&")
    }
}

pub fn eligibility_badge(outcome: Eligibility) -> Markup {
    let kind = match outcome {
        Eligibility::Pass => "ok",
        Eligibility::Flag => "warn",
        Eligibility::Fail => "bad",
        Eligibility::Unchecked => "neutral",
    };
    badge(outcome.label(), kind)
}

fn sort_link(call_id: i32, q: &ListQuery, column: &str, label: &str) -> Markup {
    let current = if q.sort.is_empty() {
        "submitted"
    } else {
        q.sort.as_str()
    };
    let descending = q.dir != "asc";
    let (next_dir, marker, aria) = if current == column {
        if descending {
            ("asc", " ▼", "descending")
        } else {
            ("desc", " ▲", "ascending")
        }
    } else {
        ("asc", "", "none")
    };
    html! {
        th aria-sort=(aria) {
            a href={ "/cohorts/" (call_id) "/applications?" (q.query_string(None, Some((column, next_dir)))) } { (label) (marker) }
        }
    }
}

/// One page of the list with what it shows beside the rows.
pub struct ListPage<'a> {
    pub page_no: u64,
    pub per_page: u64,
    pub result: &'a Page,
    /// Possible duplicates of the rows shown: the other applications of the same organisation.
    pub duplicates: &'a HashMap<i32, Vec<i32>>,
    pub can_manage: bool,
}

pub fn list(ctx: &PageContext, call: &CallContext, q: &ListQuery, p: ListPage<'_>) -> Markup {
    let ListPage {
        page_no,
        per_page,
        result,
        duplicates,
        can_manage,
    } = p;
    let c = &result.counts;
    let filtered = [&q.country, &q.status, &q.eligibility, &q.flagged, &q.q]
        .iter()
        .any(|v| !v.trim().is_empty());
    let id = call.cohort.id;
    let none = FieldErrors::new();
    let mut countries: Vec<(&str, &str)> = vec![("", "All")];
    countries.extend(result.countries.iter().map(|code| {
        (
            code.as_str(),
            itp_domain::country::by_code(code)
                .map(|c| c.name_en)
                .unwrap_or(code.as_str()),
        )
    }));
    let statuses = [
        ("", "Submitted and withdrawn"),
        ("submitted", "Submitted"),
        ("withdrawn", "Withdrawn"),
    ];
    let outcomes = [
        ("", "All"),
        ("pass", "Eligible"),
        ("flag", "Needs a decision"),
        ("fail", "Not eligible"),
    ];
    page(
        ctx,
        &format!("Applications: {}", call.cohort.settings.name),
        html! {
            (breadcrumbs(&cohort_trail(call.cohort.programme_id, &call.programme.programme.name, Some((call.cohort.id, &call.cohort.settings.name))), "Applications"))
            h1 { "Applications to " (call.cohort.settings.name) }
            ul.cards.counts {
                li.card { strong { (c.submitted) } " submitted" }
                li.card { strong { (c.eligible) } " eligible" }
                li.card { strong { (c.flagged) } " need a decision" }
                li.card { strong { (c.ineligible) } " not eligible" }
                li.card { strong { (c.withdrawn) } " withdrawn" }
                li.card { strong { (c.drafts) } " " (wording::noun_for(c.drafts as i64, "draft")) " in progress" }
            }
            form.filters method="get" action={ "/cohorts/" (id) "/applications" } {
                (Field::new("q", "Organisation", &q.q).render(&none))
                (Field::new("country", "Country", &q.country).input(Input::Select(&countries)).render(&none))
                (Field::new("status", "Status", &q.status).input(Input::Select(&statuses)).render(&none))
                (Field::new("eligibility", "Eligibility", &q.eligibility).input(Input::Select(&outcomes)).render(&none))
                div.checkbox {
                    input type="checkbox" id="flagged" name="flagged" value="1" checked[!q.flagged.is_empty()];
                    label for="flagged" { "Flagged only" }
                }
                button type="submit" { "Filter" }
                a href={ "/cohorts/" (id) "/applications" } { "Clear" }
            }
            div.actions {
                a.button.secondary href={ "/cohorts/" (id) "/applications.csv?" (q.query_string(None, None)) } { "Download as CSV" }
                @if can_manage { a.button.secondary href={ "/cohorts/" (id) "/applications/import" } { "Import applications" } }
            }
            @if result.rows.is_empty() {
                @if filtered {
                    p.empty { "No applications match these filters." }
                } @else {
                    p.empty { "No applications have been submitted to this call yet." }
                }
            } @else {
            p { (wording::count(result.total as i64, "application")) " " @if result.total == 1 { "matches." } @else { "match." } }
            div.table-wrap {
                table {
                    thead {
                        tr {
                            (sort_link(id, q, "organisation", "Organisation"))
                            (sort_link(id, q, "country", "Country"))
                            (sort_link(id, q, "members", "Team"))
                            th { "Status" }
                            (sort_link(id, q, "eligibility", "Eligibility"))
                            (sort_link(id, q, "submitted", "Submitted"))
                        }
                    }
                    tbody {
                        @for r in &result.rows { (list_row(r, duplicates.get(&r.id))) }
                    }
                }
            }
            }
            (pagination(page_no, per_page, result.total, |p| format!("/cohorts/{id}/applications?{}", q.query_string(Some(p), None))))
        },
    )
}

fn list_row(r: &ListRow, duplicates: Option<&Vec<i32>>) -> Markup {
    html! {
        tr {
            td {
                a href={ "/applications/" (r.id) } { (if r.organisation_name.is_empty() { "(no name)" } else { &r.organisation_name }) }
                @if let Some(reference) = &r.reference { br; span.muted { "Ref. " (reference) } }
                @if let Some(others) = duplicates {
                    br;
                    (badge("Possible duplicate", "warn"))
                    " "
                    span.muted {
                        "Same organisation as "
                        @for (i, other) in others.iter().enumerate() {
                            @if i > 0 { ", " }
                            a href={ "/applications/" (other) } { "application " (other) }
                        }
                    }
                }
            }
            td { (itp_domain::country::by_code(&r.country).map(|c| c.name_en).unwrap_or("—")) }
            td.num { (wording::count(r.member_count, "member")) ", " (wording::count(r.women_count, "woman")) }
            td { (status_badge(r.status)) }
            td {
                (eligibility_badge(r.eligibility))
                @if r.flag_count > 0 { " " span.muted { (wording::count(r.flag_count, "flag")) } }
            }
            td { @if let Some(at) = r.submitted_at { time datetime=(at.to_rfc3339()) { (format::date_time(at.naive_utc(), Lang::En)) " UTC" } } }
        }
    }
}

pub struct ApplicationPage<'a> {
    pub app: &'a ApplicationContext,
    pub draft: &'a ApplicationDraft,
    pub documents: &'a [DocumentRow],
    pub checks: &'a [CheckResult],
    pub can_manage: bool,
    pub can_see_sensitive: bool,
}

fn outcome_badge(outcome: CheckOutcome) -> Markup {
    match outcome {
        CheckOutcome::Pass => badge("Pass", "ok"),
        CheckOutcome::Flag => badge("Flag", "warn"),
        CheckOutcome::Fail => badge("Fail", "bad"),
    }
}

pub fn application(ctx: &PageContext, p: &ApplicationPage<'_>, errors: &FieldErrors) -> Markup {
    let a = &p.app.application;
    let d = p.draft;
    let label = |slug: &str, f: fn(&str) -> Option<&'static str>| f(slug).unwrap_or("—");
    page(
        ctx,
        &format!("Application: {}", d.organisation.name),
        html! {
            @let trail = { let mut t = cohort_trail(p.app.call.cohort.programme_id, &p.app.call.programme.programme.name, Some((a.cohort_id, &p.app.call.cohort.settings.name))); t.push((format!("/cohorts/{}/applications", a.cohort_id), "Applications".to_owned())); t };
            (breadcrumbs(&trail, if d.organisation.name.is_empty() { "Application" } else { &d.organisation.name }))
            h1 { (if d.organisation.name.is_empty() { "(no organisation name)" } else { &d.organisation.name }) }
            p { (status_badge(a.status)) " " (eligibility_badge(a.eligibility))
                @if let Some(r) = &a.reference { " " span.muted { "Imported, ref. " (r) } }
                @if let Some(at) = a.submitted_at { " " span.muted { "Submitted " (itp_domain::format::utc(at, itp_domain::format::Lang::En)) } } }
            h2 { "Eligibility" }
            (error_summary(errors))
            div.table-wrap {
                table {
                    thead { tr { th { "Check" } th { "Result" } th { "Reasons" } @if p.can_manage { th { "Decision" } } } }
                    tbody {
                        @for c in p.checks {
                            tr {
                                td { (c.kind.label()) }
                                td { (outcome_badge(c.effective())) @if c.overridden_because.is_some() { " " span.muted { "(overridden)" } } }
                                td {
                                    ul { @for r in &c.reasons { li { (r) } } }
                                    @if let Some(why) = &c.overridden_because { p { strong { "Override: " } (why) } }
                                }
                                @if p.can_manage {
                                    td { (override_form(ctx, a.id, c)) }
                                }
                            }
                        }
                    }
                }
            }
            h2 { "Organisation" }
            dl.facts {
                dt { "Type" } dd { (label(&d.organisation.kind, |s| itp_domain::application::OrganisationType::parse(s).map(|v| v.label()))) }
                dt { "Level" } dd { (label(&d.organisation.level, |s| itp_domain::application::GovernmentLevel::parse(s).map(|v| v.label()))) }
                dt { "Country" } dd { (itp_domain::country::by_code(&d.organisation.country).map(|c| c.name_en).unwrap_or("—")) }
                dt { "Address" } dd { (d.organisation.address) }
                dt { "Nominated by" } dd { (d.nomination.authority) }
                @if !d.nomination.contact_name.is_empty() { dt { "Contact" } dd { (d.nomination.contact_name) " " (d.nomination.contact_email) } }
            }
            h2 { "Team" }
            div.table-wrap {
                table {
                    thead { tr { th { "Name" } th { "Gender" } th { "Role" } th { "Position" } th { "E-mail" } th { "English" } th { "Born" } th { "Declarations" } } }
                    tbody {
                        @for (_, m) in d.members() {
                            tr {
                                td { (m.full_name) }
                                td { (label(&m.gender, |s| Gender::parse(s).map(|g| g.label()))) }
                                td { (m.role.parse::<itp_domain::programme::TeamRole>().map(|r| r.label()).unwrap_or("—")) }
                                td { (m.position) }
                                td { (m.email) }
                                td { (label(&m.english, |s| CefrLevel::parse(s).map(|l| l.code()))) }
                                td { (m.year_of_birth) }
                                td { @if m.declares_no_earlier_programme && m.declares_can_attend && m.consents_to_privacy_notice { "All confirmed" } @else { (badge("Missing", "bad")) } }
                            }
                        }
                    }
                }
            }
            h2 { "Change project: " (d.project.title) }
            dl.facts {
                dt { "Problem" } dd { (d.project.problem) }
                dt { "Goal" } dd { (d.project.goal) }
                dt { "Expected results" } dd { (d.project.expected_results) }
                dt { "Stakeholders" } dd { (d.project.stakeholders) }
                dt { "Commitment" } dd { (d.project.commitment) }
            }
            h2 { "Documents" }
            ul {
                @for doc in p.documents {
                    @let kind = doc.kind;
                    li {
                        (kind.label())
                        @if let Some(m) = doc.member_position.and_then(|m| usize::try_from(m).ok()).and_then(|m| d.members.get(m)) { " of " (m.full_name) }
                        ": "
                        @if kind.is_sensitive() && !p.can_see_sensitive {
                            span.muted { "restricted to the programme's managers" }
                        } @else {
                            a href={ "/applications/" (a.id) "/documents/" (doc.id) } { (doc.original_name) }
                            @if kind.is_sensitive() { " " span.muted { "(your view is logged)" } }
                        }
                    }
                }
            }
        },
    )
}

fn override_form(ctx: &PageContext, id: i32, c: &CheckResult) -> Markup {
    let field = format!("reason_{}", c.kind.code());
    html! {
        @if c.overridden_because.is_some() {
            form method="post" action={ "/applications/" (id) "/checks/" (c.kind.code()) "/remove-override" } {
                (csrf_field(ctx.csrf()))
                button.link type="submit" { "Take the override back" }
            }
        } @else if c.outcome != CheckOutcome::Pass {
            form method="post" action={ "/applications/" (id) "/checks/" (c.kind.code()) "/override" } {
                (csrf_field(ctx.csrf()))
                label for=(field) { "Treat as passed because" }
                textarea id=(field) name="reason" rows="2" {}
                button.secondary type="submit" { "Override" }
            }
        }
    }
}
