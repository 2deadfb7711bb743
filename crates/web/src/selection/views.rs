//! The selection board's page.

use itp_domain::Code;
use itp_domain::selection::{Aggregation, Balance, Proposal, three_places};
use itp_persistence::cohort::StoredCohort;
use itp_persistence::selection::BoardTeam;
use maud::{Markup, html};

use crate::views::layout::{PageContext, page};

pub struct Board<'a> {
    pub cohort: &'a StoredCohort,
    pub teams: &'a [BoardTeam],
    pub proposal: &'a Proposal,
    pub balance: &'a Balance,
    pub calibrated: bool,
    pub aggregation: Aggregation,
    pub reviews: usize,
}

fn kinds(list: &[itp_domain::selection::QuotaKind]) -> String {
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

pub fn board(ctx: &PageContext, b: &Board<'_>) -> Markup {
    let name = &b.cohort.settings.name;
    let id = b.cohort.id;
    let p = b.proposal;
    let team = |reference: &str| b.teams.iter().find(|t| t.team.reference == reference);
    let query = format!(
        "calibrate={}&aggregation={}",
        if b.calibrated { "1" } else { "" },
        b.aggregation.code()
    );
    page(
        ctx,
        &format!("Selection board: {name}"),
        html! {
            p { a href={ "/cohorts/" (id) } { "← " (name) } }
            h1 { "Selection board: " (name) }
            p {
                (p.ranking.len()) " ranked teams from " (b.reviews) " submitted reviews; "
                (b.aggregation.label().to_lowercase()) " of each team's reviews"
                @if b.calibrated { ", calibrated per reviewer" } "."
            }
            form method="get" action={ "/cohorts/" (id) "/selection" } {
                label { input type="checkbox" name="calibrate" value="1" checked[b.calibrated]; " Calibrate each reviewer's totals (z-score)" }
                " "
                label for="aggregation" { "Aggregate by" }
                select id="aggregation" name="aggregation" {
                    @for a in Aggregation::ALL {
                        option value=(a.code()) selected[*a == b.aggregation] { (a.label()) }
                    }
                }
                " "
                button type="submit" { "Show" }
            }
            p { a href={ "/cohorts/" (id) "/selection/scores.csv?" (query) } { "Download the scores and the proposal (CSV)" } }
            h2 { "Balance of the proposal" }
            ul {
                li { (b.balance.seats_used) " of " (b.balance.seats) " seats; " (b.balance.teams) " teams" }
                li { (b.balance.women) " women, " (b.balance.men) " men, " (b.balance.others) " others (share of women " (three_places(b.balance.women_share)) ")" }
                li { (b.balance.politicians) " politicians, " (b.balance.officials) " officials" }
                li { "Teams per country: "
                    (b.balance.teams_per_country.iter().map(|(c, n)| format!("{c} {n}")).collect::<Vec<_>>().join(", ")) }
            }
            h3 { "Quotas" }
            p.hint { "The quotas are ICLD's usual ones; setting them per cohort is not built yet." }
            table {
                thead { tr { th { "Quota" } th { "Kind" } th { "Stands" } } }
                tbody {
                    @for q in &b.balance.quotas {
                        tr {
                            td { (q.quota.rule.kind().label()) }
                            td { @if q.quota.hard { "hard" } @else { "soft" } }
                            td { @if q.met { "met: " } @else { "not met: " } (q.detail) }
                        }
                    }
                }
            }
            h2 { "Ranking" }
            @if p.ranking.is_empty() {
                p { "No team has a submitted review yet." }
            } @else {
                table {
                    thead { tr { th { "#" } th { "Application" } th { "Organisation" } th { "Country" } th { "Members (women)" } th { "Score" } th { "Reviews" } th { "Proposal" } } }
                    tbody {
                        @for (i, r) in p.ranking.iter().enumerate() {
                            @let t = team(&r.team);
                            tr {
                                td { (i + 1) }
                                td { @if let Some(t) = t { a href={ "/applications/" (t.application_id) } { (r.team) } } @else { (r.team) } }
                                td { (t.map(|t| t.organisation.as_str()).unwrap_or("")) }
                                td { (t.map(|t| t.team.country.as_str()).unwrap_or("")) }
                                td { (t.map(|t| t.team.seats()).unwrap_or(0)) " (" (t.map(|t| t.team.women()).unwrap_or(0)) ")" }
                                td { (three_places(r.score)) }
                                td { (r.reviews) }
                                td { (place(p, &r.team)) }
                            }
                        }
                    }
                }
            }
            @if !p.unmet.is_empty() {
                p.error { "Not met by the proposal: " (kinds(&p.unmet)) "." }
            }
        },
    )
}
