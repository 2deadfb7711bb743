//! The selection board: the ranking, the proposal with every step explained, and the balance.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use itp_domain::authz::Action;
use itp_domain::selection::round_score;
use itp_persistence::cohort::StoredCohort;
use maud::Markup;

use super::board::BoardQuery;
use super::export::{SCORES, ScoreRow};
use super::views;
use crate::app::{AppState, Routes};
use crate::error::Result;
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

async fn board_page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path(cohort_id): Path<i32>,
    Query(q): Query<BoardQuery>,
) -> Result<Markup> {
    let cohort =
        access::load::<StoredCohort>(&state, &user, cohort_id, Action::DecideSelection).await?;
    let c = state.boards.get(&state.db.conn, &cohort, &q).await?;
    Ok(views::board(&ctx, &cohort, &c, &q))
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
    let c = state.boards.get(&state.db.conn, &cohort, &q).await?;
    let rows: Vec<ScoreRow> = c
        .reviews
        .iter()
        .zip(&c.values)
        .filter_map(|(r, value)| {
            let team = c.team(&r.team)?;
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
