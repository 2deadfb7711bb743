//! The selection board: the ranking, the proposal with every step explained, and the balance.

use std::collections::{BTreeMap, BTreeSet};

use axum::extract::{Path, Query, State};
use axum::response::Response;
use itp_domain::authz::Action;
use itp_domain::programme::TeamRole;
use itp_domain::selection::{
    Aggregation, Balance, Proposal, ProposalInput, Quota, QuotaRule, ReviewValue, Team, balance,
    calibrate, propose, rank, round_score, team_scores,
};
use itp_persistence::cohort::StoredCohort;
use itp_persistence::selection::{BoardTeam, board};
use maud::Markup;
use rust_decimal::Decimal;
use serde::Deserialize;

use super::export::{SCORES, ScoreRow};
use super::views::{self, Board};
use crate::app::{AppState, Routes};
use crate::error::{AppError, Result};
use crate::export::csv_download;
use crate::security::access;
use crate::security::guard::Access;
use crate::security::session::SignedIn;
use crate::views::PageContext;

pub fn routes(r: Routes) -> Routes {
    r.get(
        "/cohorts/{cohort_id}/selection",
        Access::Can(Action::DecideSelection),
        board_page,
    )
    .get(
        "/cohorts/{cohort_id}/selection/scores.csv",
        Access::Can(Action::DecideSelection),
        scores_csv,
    )
}

#[derive(Debug, Default, Deserialize)]
pub struct BoardQuery {
    #[serde(default)]
    pub calibrate: String,
    #[serde(default)]
    pub aggregation: String,
}

/// The quotas the board applies: the cohort's seats; at most two teams per country and at least
/// 40 % women (ICLD's usual balance), hard; an elected politician in every team, hard, when the
/// programme requires politicians. (Editing quotas per cohort is not built yet; the page says so.)
pub fn quotas(programme_roles: &[TeamRole]) -> Vec<Quota> {
    let mut q = vec![
        Quota::hard(QuotaRule::MaxTeamsPerCountry(2)),
        Quota::hard(QuotaRule::MinWomenShare(Decimal::new(40, 2))),
    ];
    q.push(Quota {
        rule: QuotaRule::PoliticianPerTeam,
        hard: programme_roles.contains(&TeamRole::Politician),
    });
    q
}

/// Everything the board shows, computed from the stored reviews with the domain's rules.
struct Computed {
    teams: Vec<BoardTeam>,
    reviews: Vec<ReviewValue<String, i32>>,
    values: Vec<Decimal>,
    scores: BTreeMap<String, (Decimal, usize)>,
    proposal: Proposal,
    balance: Balance,
    calibrated: bool,
    aggregation: Aggregation,
}

async fn compute(state: &AppState, cohort: &StoredCohort, q: &BoardQuery) -> Result<Computed> {
    let programme = itp_persistence::programme::find(&state.db.conn, cohort.programme_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let calibrated = q.calibrate == "1";
    let aggregation = itp_domain::code::parse::<Aggregation>(&q.aggregation).unwrap_or_default();
    let (teams, reviews) = board(&state.db.conn, cohort.id).await?;
    let values: Vec<Decimal> = if calibrated {
        calibrate(&reviews)
    } else {
        reviews.iter().map(|r| r.total).collect()
    };
    let scores = team_scores(
        reviews
            .iter()
            .zip(values.iter())
            .map(|(r, v)| (r.team.clone(), *v)),
        aggregation,
    );
    let plain: Vec<Team> = teams.iter().map(|t| t.team.clone()).collect();
    let ranking = rank(&plain, &scores);
    let seats = u32::from(cohort.settings.seats);
    let quotas = quotas(&programme.programme.required_roles);
    let proposal = propose(&ProposalInput {
        teams: &plain,
        ranking: &ranking,
        seats,
        quotas: &quotas,
        fixed: &BTreeSet::new(),
        excluded: &BTreeSet::new(),
    });
    let selected: Vec<&Team> = proposal
        .selected
        .iter()
        .filter_map(|r| plain.iter().find(|t| &t.reference == r))
        .collect();
    let balance = balance(selected, seats, &quotas);
    Ok(Computed {
        teams,
        reviews,
        values,
        scores,
        proposal,
        balance,
        calibrated,
        aggregation,
    })
}

async fn board_page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path(cohort_id): Path<i32>,
    Query(q): Query<BoardQuery>,
) -> Result<Markup> {
    let cohort =
        access::load::<StoredCohort>(&state, &user, cohort_id, Action::DecideSelection).await?;
    let c = compute(&state, &cohort, &q).await?;
    Ok(views::board(
        &ctx,
        &Board {
            cohort: &cohort,
            teams: &c.teams,
            proposal: &c.proposal,
            balance: &c.balance,
            calibrated: c.calibrated,
            aggregation: c.aggregation,
            reviews: c.reviews.len(),
        },
    ))
}

/// The scores behind the board, one row per submitted review (see `export::SCORES`).
async fn scores_csv(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(cohort_id): Path<i32>,
    Query(q): Query<BoardQuery>,
) -> Result<Response> {
    let cohort =
        access::load::<StoredCohort>(&state, &user, cohort_id, Action::DecideSelection).await?;
    let c = compute(&state, &cohort, &q).await?;
    let rows: Vec<ScoreRow> = c
        .reviews
        .iter()
        .zip(&c.values)
        .filter_map(|(r, value)| {
            let team = c.teams.iter().find(|t| t.team.reference == r.team)?;
            let rank = c.proposal.ranking.iter().position(|x| x.team == r.team);
            Some(ScoreRow {
                application_id: team.application_id,
                reference: r.team.clone(),
                organisation: team.organisation.clone(),
                country: team.team.country.as_str().to_owned(),
                reviewer_id: r.reviewer,
                review_total: r.total,
                review_value: round_score(*value),
                team_score: c.scores.get(&r.team).map(|(s, _)| round_score(*s)),
                rank: rank.map(|p| p as i64 + 1),
                proposal: views::place(&c.proposal, &r.team),
            })
        })
        .collect();
    let name = format!("selection-scores-cohort-{}.csv", cohort.id);
    csv_download(&SCORES, &name, move |sender| async move {
        for row in rows {
            sender.send(row).await?;
        }
        Ok(())
    })
    .await
}
