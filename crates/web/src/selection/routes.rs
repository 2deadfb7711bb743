//! The selection board: the ranking, the proposal with every step explained, and the balance.

use std::collections::BTreeSet;

use axum::extract::{Path, Query, State};
use itp_domain::authz::Action;
use itp_domain::programme::TeamRole;
use itp_domain::selection::{
    Aggregation, ProposalInput, Quota, QuotaRule, Team, balance, calibrate, propose, rank,
    team_scores,
};
use itp_persistence::cohort::StoredCohort;
use itp_persistence::selection::board;
use maud::Markup;
use rust_decimal::Decimal;
use serde::Deserialize;

use super::views::{self, Board};
use crate::app::{AppState, Routes};
use crate::error::{AppError, Result};
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

async fn board_page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path(cohort_id): Path<i32>,
    Query(q): Query<BoardQuery>,
) -> Result<Markup> {
    let cohort =
        access::load::<StoredCohort>(&state, &user, cohort_id, Action::DecideSelection).await?;
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
        reviews.iter().zip(values).map(|(r, v)| (r.team.clone(), v)),
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
    Ok(views::board(
        &ctx,
        &Board {
            cohort: &cohort,
            teams: &teams,
            proposal: &proposal,
            balance: &balance,
            calibrated,
            aggregation,
            reviews: reviews.len(),
        },
    ))
}
