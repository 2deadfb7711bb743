//! What the matching board shows: a cohort's Sweden-phase window, its teams (the selected ones
//! once selection is applied; until then the submitted, eligible ones), the approved hosts
//! with places left in that window, and the suggestion of `itp_domain::hosts::suggest`, the same
//! function `itp hosts match` runs.

use std::collections::BTreeSet;

use itp_domain::hosts::team::theme_codes_in;
use itp_domain::hosts::{HostOffer, Suggestion, TeamNeed, suggest};
use itp_domain::phase::DateSpan;
use itp_persistence::cohort::StoredCohort;
use itp_persistence::hosts::visits::{self, StoredVisit};
use itp_persistence::hosts::{self, StoredHost};
use itp_persistence::{application, phase, review};

use crate::app::AppState;
use crate::error::Result;

pub struct BoardTeam {
    pub application_id: i32,
    pub organisation: String,
    pub need: TeamNeed,
    /// The team's live visit, if it has one, with its host.
    pub visit: Option<(StoredVisit, String)>,
}

pub struct BoardHost {
    pub host: StoredHost,
    /// Places left in the window after the visits it has already agreed to or been asked for.
    pub offer: HostOffer,
}

pub struct Board {
    pub window: Option<DateSpan>,
    pub teams: Vec<BoardTeam>,
    pub hosts: Vec<BoardHost>,
    pub suggestion: Suggestion,
}

/// The study-visit days of the cohort's Sweden phase (the first phase that has them).
pub async fn window(state: &AppState, cohort_id: i32) -> Result<Option<DateSpan>> {
    Ok(phase::of_cohort(&state.db.conn, cohort_id)
        .await?
        .into_iter()
        .find_map(|p| p.phase.study_visits))
}

pub async fn load(state: &AppState, cohort: &StoredCohort) -> Result<Board> {
    let conn = &state.db.conn;
    let window = window(state, cohort.id).await?;
    let cohort_visits = visits::of_cohort(conn, cohort.id).await?;
    let approved = hosts::approved(conn).await?;
    let name_of = |id: i32| {
        approved
            .iter()
            .find(|h| h.id == id)
            .map_or_else(String::new, |h| h.name().to_owned())
    };
    // Once the cohort's selection is applied, its selected teams are the ones to place.
    let selected: BTreeSet<i32> = itp_persistence::selection_decisions::of_cohort(conn, cohort.id)
        .await?
        .values()
        .filter(|d| d.decision == Some(itp_domain::selection::Decision::Selected))
        .map(|d| d.application_id)
        .collect();
    let mut teams = Vec::new();
    for c in review::candidates(conn, cohort.id).await? {
        let Ok(id) = i32::try_from(c.application_id) else {
            continue;
        };
        if !selected.is_empty() && !selected.contains(&id) {
            continue;
        }
        let Some(app) = application::find(conn, id).await? else {
            continue;
        };
        let draft = application::draft_of(conn, id).await?;
        let p = &draft.project;
        let text = [&p.title, &p.problem, &p.goal, &p.expected_results]
            .map(|s| s.as_str())
            .join(" ");
        let visit = cohort_visits
            .iter()
            .find(|v| v.application_id == id && v.state.is_live())
            .map(|v| (v.clone(), name_of(v.host_id)));
        teams.push(BoardTeam {
            application_id: id,
            organisation: c.organisation,
            need: TeamNeed {
                reference: app.reference.clone().unwrap_or_else(|| format!("#{id}")),
                size: u32::try_from(draft.member_count())
                    .unwrap_or(u32::MAX)
                    .max(1),
                themes: theme_codes_in(&text),
                // The programmes are given in English.
                languages: BTreeSet::from(["en".to_owned()]),
            },
            visit,
        });
    }
    let mut board_hosts = Vec::new();
    for host in approved {
        let mut offer = host.offer();
        if let Some(w) = window {
            let taken = visits::of_host(conn, host.id)
                .await?
                .iter()
                .filter(|v| v.state.is_live() && v.dates.overlaps(&w))
                .count();
            offer.teams = offer
                .teams
                .saturating_sub(u32::try_from(taken).unwrap_or(u32::MAX));
        }
        board_hosts.push(BoardHost { host, offer });
    }
    let open: Vec<TeamNeed> = teams
        .iter()
        .filter(|t| t.visit.is_none())
        .map(|t| t.need.clone())
        .collect();
    let offers: Vec<HostOffer> = board_hosts.iter().map(|h| h.offer.clone()).collect();
    let suggestion = match window {
        Some(w) => suggest(w, &open, &offers),
        None => suggest_nothing(&open),
    };
    Ok(Board {
        window,
        teams,
        hosts: board_hosts,
        suggestion,
    })
}

fn suggest_nothing(teams: &[TeamNeed]) -> Suggestion {
    Suggestion {
        assignments: Vec::new(),
        unassigned: teams.iter().map(|t| t.reference.clone()).collect(),
        total_fit: 0,
    }
}
