//! The selection board's page.

use itp_domain::Code;
use itp_domain::selection::{Aggregation, Balance, Decision, Proposal, three_places};
use itp_persistence::cohort::StoredCohort;
use maud::{Markup, html};

use super::board::{BoardQuery, Computed};
use super::service::when;
use crate::views::components::{csrf_field, pagination};
use crate::views::error_pages::urlencode;
use crate::views::layout::{PageContext, page};

/// Rows of the ranking per page: a cohort has 25 seats, so the proposal and its reserve fit on
/// the first page; a call with 2,000 applications is read page by page or searched.
const PER_PAGE: u64 = 100;

/// Which teams of the ranking the page lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Show {
    #[default]
    All,
    /// In the proposal (selected or on its reserve list).
    Proposed,
    /// With an applied or pending decision, or an offer.
    Decided,
    Pending,
}

impl Show {
    pub const ALL: &'static [Show] = &[Show::All, Show::Proposed, Show::Decided, Show::Pending];

    fn code(self) -> &'static str {
        match self {
            Show::All => "all",
            Show::Proposed => "proposed",
            Show::Decided => "decided",
            Show::Pending => "pending",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Show::All => "Every ranked team",
            Show::Proposed => "Proposed and its reserve",
            Show::Decided => "With a decision or an offer",
            Show::Pending => "With a pending decision",
        }
    }

    fn parse(code: &str) -> Show {
        Show::ALL
            .iter()
            .copied()
            .find(|s| s.code() == code)
            .unwrap_or_default()
    }
}

/// The rows of the ranking the page lists, with their ranks (1 is first): filtered by `show`
/// and the search text, then one page of them; and how many matched in all.
pub fn ranking_page(c: &Computed, q: &BoardQuery) -> (Vec<usize>, u64) {
    let show = Show::parse(&q.show);
    let needle = q.q.trim().to_lowercase();
    let p = &c.proposal;
    let proposed: std::collections::HashSet<&str> = match show {
        Show::Proposed => p
            .selected
            .iter()
            .chain(&p.reserve)
            .map(String::as_str)
            .collect(),
        _ => Default::default(),
    };
    let matching = p.ranking.iter().enumerate().filter(|(_, r)| {
        let team = c.team(&r.team);
        let shown = match show {
            Show::All => true,
            Show::Proposed => proposed.contains(r.team.as_str()),
            Show::Decided => team.is_some_and(|t| {
                c.decisions.contains_key(&t.application_id)
                    || c.offers.contains_key(&t.application_id)
            }),
            Show::Pending => team.is_some_and(|t| {
                c.decisions
                    .get(&t.application_id)
                    .is_some_and(|d| d.pending.is_some())
            }),
        };
        shown
            && (needle.is_empty()
                || r.team.to_lowercase().contains(&needle)
                || team.is_some_and(|t| {
                    t.organisation.to_lowercase().contains(&needle)
                        || t.team.country.as_str().to_lowercase() == needle
                }))
    });
    let page = q.page.unwrap_or(1).max(1);
    let mut total = 0u64;
    let mut rows = Vec::new();
    let skip = (page - 1).saturating_mul(PER_PAGE);
    for (i, _) in matching {
        if total >= skip && total < skip + PER_PAGE {
            rows.push(i);
        }
        total += 1;
    }
    (rows, total)
}

/// The board's address with its view, filter and search, at `page`.
fn board_href(cohort_id: i32, c: &Computed, q: &BoardQuery, page: u64) -> String {
    let mut parts = vec![
        format!("calibrate={}", if c.calibrated { "1" } else { "" }),
        format!("aggregation={}", c.aggregation.code()),
    ];
    let show = Show::parse(&q.show);
    if show != Show::All {
        parts.push(format!("show={}", show.code()));
    }
    if !q.q.trim().is_empty() {
        parts.push(format!("q={}", urlencode(q.q.trim())));
    }
    parts.push(format!("page={page}"));
    format!("/cohorts/{cohort_id}/selection?{}", parts.join("&"))
}

pub(super) fn kinds(list: &[itp_domain::selection::QuotaKind]) -> String {
    list.iter()
        .map(|k| k.label())
        .collect::<Vec<_>>()
        .join("; ")
}

/// Where the proposal put a team, in words.
pub fn place(p: &Proposal, reference: &str) -> String {
    let r = reference.to_owned();
    if p.selected.contains(&r) {
        if let Some(s) = p.swaps.iter().find(|s| s.into == r) {
            return format!("Proposed (replaces {} for the share of women)", s.out);
        }
        return "Proposed".into();
    }
    if let Some(b) = p.blocked.iter().find(|b| b.team == r) {
        return format!("Blocked: {}", kinds(&b.quotas));
    }
    let position = p.reserve.iter().position(|x| *x == r);
    let reason = p
        .skipped
        .iter()
        .find(|s| s.team == r)
        .map(|s| format!(" (skipped: {})", kinds(&s.quotas)))
        .or_else(|| {
            p.swaps
                .iter()
                .find(|s| s.out == r)
                .map(|s| format!(" (replaced by {} for the share of women)", s.into))
        })
        .unwrap_or_default();
    match position {
        Some(n) => format!("Reserve {}{reason}", n + 1),
        None => "Not ranked".into(),
    }
}

/// The balance and the quotas' standing, for the proposal or for the decisions.
pub(super) fn balance_list(b: &Balance) -> Markup {
    html! {
        ul {
            li { (b.seats_used) " of " (b.seats) " seats; " (b.teams) " teams" }
            li { (b.women) " women, " (b.men) " men, " (b.others) " others (share of women " (three_places(b.women_share)) ")" }
            li { (b.politicians) " politicians, " (b.officials) " officials" }
            li { "Teams per country: "
                (b.teams_per_country.iter().map(|(c, n)| format!("{c} {n}")).collect::<Vec<_>>().join(", ")) }
        }
        table {
            thead { tr { th { "Quota" } th { "Kind" } th { "Stands" } } }
            tbody {
                @for q in &b.quotas {
                    tr {
                        td { (q.quota.rule.kind().label()) }
                        td { @if q.quota.hard { "hard" } @else { "soft" } }
                        td { @if q.met { "met: " } @else { "not met: " } (q.detail) }
                    }
                }
            }
        }
    }
}

fn decision_text(c: &Computed, application_id: i32) -> Markup {
    let d = c.decisions.get(&application_id);
    let applied = d.and_then(|d| d.decision);
    let place = |p: Option<i32>| p.map(|p| format!(" {p}")).unwrap_or_default();
    html! {
        @match applied {
            Some(Decision::Reserve) => { "Reserve list, place" (place(d.and_then(|d| d.reserve_position))) }
            Some(other) => { (other.label()) }
            None => { "Open" }
        }
        @if let Some(p) = d.and_then(|d| d.pending) {
            br;
            strong { "Pending: " (p.label()) @if p == Decision::Reserve { (place(d.and_then(|d| d.pending_position))) } }
        }
        @if let Some(o) = c.offers.get(&application_id) {
            br;
            (o.state.label()) @if o.state == itp_domain::selection::OfferState::Open { " (by " (when(o.deadline)) ")" }
        }
        @let broken = c.breaks(application_id);
        @if !broken.is_empty() {
            br;
            span.error { "Breaks: " (kinds(&broken)) }
        }
    }
}

fn decision_form(
    ctx: &PageContext,
    c: &Computed,
    cohort_id: i32,
    application_id: i32,
    reference: &str,
) -> Markup {
    let (current, place) = c.effective(application_id);
    let select_id = format!("decision-{application_id}");
    let place_id = format!("place-{application_id}");
    html! {
        @if c.holds_place(application_id) {
            "Holds its places"
        } @else {
            form.inline method="post" action={ "/cohorts/" (cohort_id) "/selection/decisions" } {
                (csrf_field(ctx.csrf()))
                input type="hidden" name="application_id" value=(application_id);
                label.visually-hidden for=(select_id) { "Decision for " (reference) }
                select id=(select_id) name="decision" {
                    @for d in <Decision as itp_domain::Code>::ALL {
                        option value=(d.code()) selected[current == Some(*d)] { (d.label()) }
                    }
                }
                " "
                label for=(place_id) { "reserve place" }
                " "
                input id=(place_id) name="position" type="number" min="1" size="3" value=(place.map(|p| p.to_string()).unwrap_or_default());
                " "
                button type="submit" { "Change" }
            }
        }
    }
}

pub fn board(ctx: &PageContext, cohort: &StoredCohort, c: &Computed, q: &BoardQuery) -> Markup {
    let name = &cohort.settings.name;
    let id = cohort.id;
    let p = &c.proposal;
    let query = format!(
        "calibrate={}&aggregation={}",
        if c.calibrated { "1" } else { "" },
        c.aggregation.code()
    );
    page(
        ctx,
        &format!("Selection board: {name}"),
        html! {
            p { a href={ "/cohorts/" (id) } { "← " (name) } }
            h1 { "Selection board: " (name) }
            p {
                (p.ranking.len()) " ranked teams from " (c.reviews.len()) " submitted reviews; "
                (c.aggregation.label().to_lowercase()) " of each team's reviews"
                @if c.calibrated { ", calibrated per reviewer" } "."
            }
            form method="get" action={ "/cohorts/" (id) "/selection" } {
                label { input type="checkbox" name="calibrate" value="1" checked[c.calibrated]; " Calibrate each reviewer's totals (z-score)" }
                " "
                label for="aggregation" { "Aggregate by" }
                select id="aggregation" name="aggregation" {
                    @for a in Aggregation::ALL {
                        option value=(a.code()) selected[*a == c.aggregation] { (a.label()) }
                    }
                }
                " "
                label for="show" { "List" }
                select id="show" name="show" {
                    @for s in Show::ALL {
                        option value=(s.code()) selected[*s == Show::parse(&q.show)] { (s.label()) }
                    }
                }
                " "
                label for="search" { "Find a team" }
                input id="search" name="q" type="search" value=(q.q) placeholder="reference, organisation or country code";
                " "
                button type="submit" { "Show" }
            }
            p {
                a href={ "/cohorts/" (id) "/selection/scores.csv?" (query) } { "Download the scores and the proposal (CSV)" }
                " · "
                a href={ "/cohorts/" (id) "/selection/quotas" } { "Quotas and deadlines" }
                " · "
                a href={ "/cohorts/" (id) "/selection/funnel" } { "Funnel" }
            }
            h2 { "Decisions" }
            p { (c.pending) " pending decisions." }
            (balance_list(&c.decided))
            form.inline method="post" action={ "/cohorts/" (id) "/selection/adopt?" (query) } {
                (csrf_field(ctx.csrf()))
                button type="submit" { "Take the proposal as pending decisions" }
            }
            @if c.pending > 0 {
                " "
                a.button href={ "/cohorts/" (id) "/selection/apply" } { "Apply the " (c.pending) " pending decisions…" }
            }
            h2 { "Balance of the proposal" }
            @if !c.own_settings {
                p.hint { "The quotas are ICLD's usual ones until a manager sets the cohort's own." }
            }
            (balance_list(&c.balance))
            h2 { "Ranking" }
            @let (rows, matched) = ranking_page(c, q);
            @if p.ranking.is_empty() {
                p { "No team has a submitted review yet." }
            } @else if matched == 0 {
                p { "No ranked team matches. " a href={ "/cohorts/" (id) "/selection?" (query) } { "Show every ranked team" } }
            } @else {
                p { (matched) " of " (p.ranking.len()) " ranked teams listed, " (PER_PAGE) " to a page." }
                table {
                    thead { tr { th { "#" } th { "Application" } th { "Organisation" } th { "Country" } th { "Members (women)" } th { "Score" } th { "Reviews" } th { "Proposal" } th { "Decision" } th { "Change" } } }
                    tbody {
                        @for i in &rows {
                            @let i = *i;
                            @let r = &p.ranking[i];
                            @let t = c.team(&r.team);
                            tr {
                                td { (i + 1) }
                                td { @if let Some(t) = t { a href={ "/applications/" (t.application_id) } { (r.team) } } @else { (r.team) } }
                                td { (t.map(|t| t.organisation.as_str()).unwrap_or("")) }
                                td { (t.map(|t| t.team.country.as_str()).unwrap_or("")) }
                                td { (t.map(|t| t.team.seats()).unwrap_or(0)) " (" (t.map(|t| t.team.women()).unwrap_or(0)) ")" }
                                td { (three_places(r.score)) }
                                td { (r.reviews) }
                                td {
                                    @match t.and_then(|t| c.offers.get(&t.application_id)).map(|o| o.state) {
                                        Some(itp_domain::selection::OfferState::Declined) => { "Declined its places" }
                                        Some(itp_domain::selection::OfferState::Expired) => { "Deadline passed unanswered" }
                                        _ => { (place(p, &r.team)) }
                                    }
                                }
                                @if let Some(t) = t {
                                    td { (decision_text(c, t.application_id)) }
                                    td { (decision_form(ctx, c, id, t.application_id, &r.team)) }
                                } @else {
                                    td {} td {}
                                }
                            }
                        }
                    }
                }
                (pagination(q.page.unwrap_or(1).max(1), PER_PAGE, matched, |n| board_href(id, c, q, n)))
            }
            @if !p.unmet.is_empty() {
                p.error { "Not met by the proposal: " (kinds(&p.unmet)) "." }
            }
        },
    )
}
