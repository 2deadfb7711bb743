//! What the board computes from the stored reviews, settings, decisions and offers, with the
//! domain's rules: the ranking, the proposal, the decisions as they stand (pending changes
//! included) and the balance of each.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use itp_domain::programme::TeamRole;
use itp_domain::selection::{
    Aggregation, Balance, Decision, Proposal, ProposalInput, Quota, QuotaKind, ReviewValue,
    SelectionSettings, Team, balance, breaks, calibrate, propose, rank, team_scores,
};
use itp_persistence::ConnectionTrait;
use itp_persistence::cohort::StoredCohort;
use itp_persistence::selection::{BoardTeam, board};
use itp_persistence::selection_decisions::{self as decisions, StoredDecision, StoredOffer};
use itp_persistence::selection_settings;
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::error::{AppError, Result};

#[derive(Debug, Default, Deserialize)]
pub struct BoardQuery {
    #[serde(default)]
    pub calibrate: String,
    #[serde(default)]
    pub aggregation: String,
    /// Which rows of the ranking the page shows (`Show`); the computation is the same.
    #[serde(default)]
    pub show: String,
    /// Teams whose reference, organisation or country holds this text.
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub page: Option<u64>,
}

/// Everything the board shows.
pub struct Computed {
    pub teams: Vec<BoardTeam>,
    pub plain: Vec<Team>,
    pub reviews: Vec<ReviewValue<String, i32>>,
    pub values: Vec<Decimal>,
    pub scores: BTreeMap<String, (Decimal, usize)>,
    pub proposal: Proposal,
    /// The balance of the proposal.
    pub balance: Balance,
    pub calibrated: bool,
    pub aggregation: Aggregation,
    pub settings: SelectionSettings,
    /// The cohort's own settings are stored (else the usual ones apply).
    pub own_settings: bool,
    pub seats: u32,
    pub quotas: Vec<Quota>,
    pub decisions: BTreeMap<i32, StoredDecision>,
    /// The newest offer per application.
    pub offers: BTreeMap<i32, StoredOffer>,
    /// The balance of the decisions as they will stand once the pending ones are applied.
    pub decided: Balance,
    pub pending: usize,
    /// Positions in `teams` by reference and by application, so a page of 2,000 rows looks
    /// each up once rather than scanning.
    by_reference: HashMap<String, usize>,
    by_id: HashMap<i32, usize>,
}

impl Computed {
    pub fn team(&self, reference: &str) -> Option<&BoardTeam> {
        self.by_reference.get(reference).map(|i| &self.teams[*i])
    }

    pub fn by_application(&self, application_id: i32) -> Option<&BoardTeam> {
        self.by_id.get(&application_id).map(|i| &self.teams[*i])
    }

    /// The decision that will stand for the application, with its reserve place.
    pub fn effective(&self, application_id: i32) -> (Option<Decision>, Option<i32>) {
        self.decisions
            .get(&application_id)
            .map(StoredDecision::effective)
            .unwrap_or((None, None))
    }

    fn effectively_selected(&self) -> impl Iterator<Item = &BoardTeam> {
        self.teams
            .iter()
            .filter(|t| self.effective(t.application_id).0 == Some(Decision::Selected))
    }

    /// The hard quotas a selected team's place breaks beside the other selected teams.
    pub fn breaks(&self, application_id: i32) -> Vec<QuotaKind> {
        let Some(team) = self.by_application(application_id) else {
            return Vec::new();
        };
        if self.effective(application_id).0 != Some(Decision::Selected) {
            return Vec::new();
        }
        let others = self
            .effectively_selected()
            .filter(|t| t.application_id != application_id)
            .map(|t| &t.team);
        breaks(others, &team.team, self.seats, &self.quotas)
    }

    /// The team holds places: its newest offer is open or confirmed.
    pub fn holds_place(&self, application_id: i32) -> bool {
        self.offers
            .get(&application_id)
            .is_some_and(|o| o.state.holds_place())
    }

    /// The applied reserve list in its order.
    pub fn reserve(&self) -> Vec<String> {
        let mut reserve: Vec<(i32, i32, String)> = self
            .decisions
            .values()
            .filter(|d| d.decision == Some(Decision::Reserve))
            .filter_map(|d| {
                let t = self.by_application(d.application_id)?;
                Some((
                    d.reserve_position.unwrap_or(i32::MAX),
                    d.application_id,
                    t.team.reference.clone(),
                ))
            })
            .collect();
        reserve.sort();
        reserve.into_iter().map(|(_, _, r)| r).collect()
    }

    /// References of the teams holding places.
    pub fn holders(&self) -> BTreeSet<String> {
        self.teams
            .iter()
            .filter(|t| self.holds_place(t.application_id))
            .map(|t| t.team.reference.clone())
            .collect()
    }
}

pub async fn compute<C: ConnectionTrait>(
    conn: &C,
    cohort: &StoredCohort,
    q: &BoardQuery,
) -> Result<Computed> {
    let programme = itp_persistence::programme::find(conn, cohort.programme_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let requires_politician = programme
        .programme
        .required_roles
        .contains(&TeamRole::Politician);
    let settings = selection_settings::of_cohort(conn, cohort.id, requires_politician).await?;
    let own_settings = selection_settings::is_set(conn, cohort.id).await?;
    let calibrated = q.calibrate == "1";
    let aggregation = itp_domain::code::parse::<Aggregation>(&q.aggregation).unwrap_or_default();
    let (teams, reviews) = board(conn, cohort.id).await?;
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
    let seats = settings.seats_or(u32::from(cohort.settings.seats));
    let quotas = settings.quotas();
    let decisions = decisions::of_cohort(conn, cohort.id).await?;
    let mut offers = BTreeMap::new();
    for o in decisions::offers_of_cohort(conn, cohort.id).await? {
        offers.insert(o.application_id, o);
    }
    // Teams holding places stay in the proposal whatever their rank; teams that declined are
    // left out of it.
    let by_ref = |pred: &dyn Fn(&StoredOffer) -> bool| -> BTreeSet<String> {
        teams
            .iter()
            .filter(|t| offers.get(&t.application_id).is_some_and(pred))
            .map(|t| t.team.reference.clone())
            .collect()
    };
    let fixed = by_ref(&|o| o.state.holds_place());
    let excluded = by_ref(&|o| !o.state.holds_place());
    let proposal = propose(&ProposalInput {
        teams: &plain,
        ranking: &ranking,
        seats,
        quotas: &quotas,
        fixed: &fixed,
        excluded: &excluded,
    });
    let index: HashMap<&str, &Team> = plain.iter().map(|t| (t.reference.as_str(), t)).collect();
    let proposed: Vec<&Team> = proposal
        .selected
        .iter()
        .filter_map(|r| index.get(r.as_str()).copied())
        .collect();
    let balance_of_proposal = balance(proposed, seats, &quotas);
    let pending = decisions.values().filter(|d| d.pending.is_some()).count();
    let decided_teams: Vec<&Team> = teams
        .iter()
        .filter(|t| {
            decisions
                .get(&t.application_id)
                .map(StoredDecision::effective)
                .is_some_and(|(d, _)| d == Some(Decision::Selected))
        })
        .map(|t| &t.team)
        .collect();
    let decided = balance(decided_teams, seats, &quotas);
    let by_reference = teams
        .iter()
        .enumerate()
        .map(|(i, t)| (t.team.reference.clone(), i))
        .collect();
    let by_id = teams
        .iter()
        .enumerate()
        .map(|(i, t)| (t.application_id, i))
        .collect();
    Ok(Computed {
        by_reference,
        by_id,
        teams,
        plain,
        reviews,
        values,
        scores,
        proposal,
        balance: balance_of_proposal,
        calibrated,
        aggregation,
        settings,
        own_settings,
        seats,
        quotas,
        decisions,
        offers,
        decided,
        pending,
    })
}
