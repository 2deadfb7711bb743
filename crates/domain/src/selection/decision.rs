//! Decisions on a board: a manager's choice per team (selected, reserve at a place, not selected),
//! first pending and then applied together; the offers of places a selected or offered team
//! confirms or declines; and what a change does to the hard quotas.

use std::collections::BTreeSet;

use super::quota::Tally;
use super::{Quota, QuotaKind, QuotaRule, Ranked, Team};

/// Where a manager puts a team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Decision {
    Selected,
    Reserve,
    NotSelected,
}

crate::codes!(Decision as "decision" {
    Selected = "selected": "Selected",
    Reserve = "reserve": "Reserve",
    NotSelected = "not_selected": "Not selected",
});

/// The state of an offer of places: the team answers through its link by the deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OfferState {
    Open,
    Confirmed,
    Declined,
    /// The deadline passed without an answer: treated as a decline.
    Expired,
}

crate::codes!(OfferState as "offer state" {
    Open = "open": "Waiting for the team's answer",
    Confirmed = "confirmed": "Confirmed",
    Declined = "declined": "Declined",
    Expired = "expired": "Deadline passed",
});

impl OfferState {
    /// The team holds its places: confirmed, or still free to confirm.
    pub fn holds_place(self) -> bool {
        matches!(self, OfferState::Open | OfferState::Confirmed)
    }
}

/// The hard quotas (with the seats) that `selected` keeps without `team` and breaks with it: what
/// the board says beside a change that selects the team.
pub fn breaks<'a>(
    others: impl IntoIterator<Item = &'a Team>,
    team: &Team,
    seats: u32,
    quotas: &[Quota],
) -> Vec<QuotaKind> {
    let before = Tally::of(others);
    let mut after = before.clone();
    after.add(team);
    let rules = std::iter::once(QuotaRule::Seats(seats))
        .chain(quotas.iter().filter(|q| q.hard).map(|q| q.rule));
    let mut broken = Vec::new();
    for rule in rules {
        let kind = rule.kind();
        // A share of women is about the whole selection: it breaks when the team takes it below
        // the minimum, not while the selection is still short of it without the team.
        if before.keeps(&rule) && !after.keeps(&rule) && !broken.contains(&kind) {
            broken.push(kind);
        }
    }
    broken
}

/// The reserve list in its order, as a ranking for [`super::refill`]: the refill offers seats
/// to the reserve in the order the managers applied, not in the order of the scores.
pub fn reserve_order(teams: &[Team], reserve: &[String]) -> Vec<Ranked> {
    let mut seen = BTreeSet::new();
    reserve
        .iter()
        .filter(|r| seen.insert(r.as_str()))
        .filter_map(|r| teams.iter().position(|t| &t.reference == r))
        .map(|team| Ranked {
            team,
            score: rust_decimal::Decimal::ZERO,
            reviews: 0,
        })
        .collect()
}
