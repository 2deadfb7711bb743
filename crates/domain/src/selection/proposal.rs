//! The proposal (contract "The proposal", steps 1–6) and the refill after a decline.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use super::quota::Tally;
use super::score::Ranked;
use super::{Quota, QuotaKind, QuotaRule, Team, round_score};

/// What the proposal works from.
#[derive(Debug, Clone, Copy)]
pub struct ProposalInput<'a> {
    pub teams: &'a [Team],
    /// From [`super::rank`] over the same `teams`.
    pub ranking: &'a [Ranked],
    pub seats: u32,
    pub quotas: &'a [Quota],
    /// References of teams kept whatever their rank (confirmed; for a refill, every team that
    /// holds a place).
    pub fixed: &'a BTreeSet<String>,
    /// References of teams never proposed (declined, withdrawn).
    pub excluded: &'a BTreeSet<String>,
}

/// A team's line in the ranking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RankedTeam {
    pub team: String,
    pub score: Decimal,
    pub reviews: usize,
}

/// A team passed over, and the hard quotas that made it so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passed {
    pub team: String,
    pub quotas: Vec<QuotaKind>,
}

/// One repair step: `into` replaces `out` for `quota`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Swap {
    pub into: String,
    pub out: String,
    pub quota: QuotaKind,
}

/// The proposal with every step that led to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub ranking: Vec<RankedTeam>,
    /// In rank order (fixed teams by their rank too; a fixed team without a score last).
    pub selected: Vec<String>,
    /// The ordered reserve list.
    pub reserve: Vec<String>,
    pub blocked: Vec<Passed>,
    /// Teams passed over in the fill (step 3), in rank order.
    pub skipped: Vec<Passed>,
    pub swaps: Vec<Swap>,
    /// Hard quotas left unmet and soft quotas the selection does not meet.
    pub unmet: Vec<QuotaKind>,
    pub seats_used: u32,
    /// Rounded half away from zero to 3 decimals.
    pub women_share: Decimal,
}

/// The hard rules the fill, repair and top-up keep.
struct Hard {
    seats: u32,
    max_per_country: Option<u32>,
    min_women_share: Option<Decimal>,
    politician_per_team: bool,
}

impl Hard {
    fn of(seats: u32, quotas: &[Quota]) -> Hard {
        let mut hard = Hard {
            seats,
            max_per_country: None,
            min_women_share: None,
            politician_per_team: false,
        };
        for q in quotas.iter().filter(|q| q.hard) {
            match q.rule {
                // The cohort's seats are the limit; a second seats quota can only narrow it.
                QuotaRule::Seats(n) => hard.seats = hard.seats.min(n),
                QuotaRule::MaxTeamsPerCountry(n) => {
                    hard.max_per_country = Some(hard.max_per_country.map_or(n, |m| m.min(n)));
                }
                QuotaRule::MinWomenShare(s) => {
                    hard.min_women_share = Some(hard.min_women_share.map_or(s, |m| m.max(s)));
                }
                QuotaRule::PoliticianPerTeam => hard.politician_per_team = true,
            }
        }
        hard
    }

    /// The hard quotas (seats, teams per country) `tally` would break with `add` in and `out` out.
    fn broken(&self, tally: &Tally, add: &Team, out: Option<&Team>) -> Vec<QuotaKind> {
        let mut broken = Vec::new();
        let seats = tally.seats.saturating_add(add.seats()) - out.map_or(0, Team::seats);
        if seats > self.seats {
            broken.push(QuotaKind::Seats);
        }
        if let Some(max) = self.max_per_country {
            let country = add.country.as_str();
            let same = out.is_some_and(|o| o.country.as_str() == country);
            let now = tally.per_country.get(country).copied().unwrap_or(0);
            if !same && now + 1 > max {
                broken.push(QuotaKind::MaxTeamsPerCountry);
            }
        }
        broken
    }

    fn share_met(&self, tally: &Tally) -> bool {
        self.min_women_share
            .is_none_or(|min| tally.keeps(&QuotaRule::MinWomenShare(min)))
    }
}

/// Runs the proposal. Deterministic: the same input gives the same proposal.
pub fn propose(input: &ProposalInput<'_>) -> Proposal {
    let teams = input.teams;
    let hard = Hard::of(input.seats, input.quotas);
    let index: BTreeMap<&str, usize> = teams
        .iter()
        .enumerate()
        .map(|(i, t)| (t.reference.as_str(), i))
        .collect();
    let fixed: BTreeSet<usize> = input
        .fixed
        .iter()
        .filter_map(|r| index.get(r.as_str()).copied())
        .collect();
    let excluded = |i: usize| input.excluded.contains(&teams[i].reference);

    // 1. Start with the fixed teams.
    let mut selected: BTreeSet<usize> = fixed.clone();
    let mut tally = Tally::of(fixed.iter().map(|i| &teams[*i]));

    // 2. Blocked: a hard team-level quota the team itself breaks.
    let mut blocked = Vec::new();
    let mut candidates: Vec<usize> = Vec::new();
    for r in input.ranking {
        let i = r.team;
        if fixed.contains(&i) || excluded(i) {
            continue;
        }
        if hard.politician_per_team && !teams[i].has_politician() {
            blocked.push(Passed {
                team: teams[i].reference.clone(),
                quotas: vec![QuotaKind::PoliticianPerTeam],
            });
        } else {
            candidates.push(i);
        }
    }

    // 3. Fill in rank order.
    let mut skipped = Vec::new();
    for &i in &candidates {
        let broken = hard.broken(&tally, &teams[i], None);
        if broken.is_empty() {
            tally.add(&teams[i]);
            selected.insert(i);
        } else {
            skipped.push(Passed {
                team: teams[i].reference.clone(),
                quotas: broken,
            });
        }
    }

    // 4. Repair the share of women, one swap at a time; each swap raises the share strictly, so
    // this ends.
    let rank_of: BTreeMap<usize, usize> = input
        .ranking
        .iter()
        .enumerate()
        .map(|(pos, r)| (r.team, pos))
        .collect();
    let by_rank = |set: &BTreeSet<usize>| {
        let mut v: Vec<usize> = set.iter().copied().collect();
        v.sort_by_key(|i| (rank_of.get(i).copied().unwrap_or(usize::MAX), *i));
        v
    };
    let mut swaps = Vec::new();
    while !hard.share_met(&tally) {
        let outs: Vec<usize> = by_rank(&selected)
            .into_iter()
            .rev()
            .filter(|i| !fixed.contains(i))
            .collect();
        let swap = candidates
            .iter()
            .filter(|c| !selected.contains(c))
            .find_map(|&c| {
                outs.iter().copied().find_map(|s| {
                    if !hard.broken(&tally, &teams[c], Some(&teams[s])).is_empty() {
                        return None;
                    }
                    let mut after = tally.clone();
                    after.remove(&teams[s]);
                    after.add(&teams[c]);
                    after.more_women_than(&tally).then_some((c, s, after))
                })
            });
        let Some((c, s, after)) = swap else {
            break;
        };
        selected.remove(&s);
        selected.insert(c);
        tally = after;
        swaps.push(Swap {
            into: teams[c].reference.clone(),
            out: teams[s].reference.clone(),
            quota: QuotaKind::MinWomenShare,
        });
    }

    // 5. Top up, keeping the share of women met if the repair met it. A team taken late in a
    // walk can raise the share enough for a better-ranked one passed over earlier in it to keep
    // it too, so the walk is repeated until it takes nothing: then no team on the reserve fits
    // beside the selection (a property test holds us to that). Seats only fill, so this ends.
    let keep_share = hard.min_women_share.is_some() && hard.share_met(&tally);
    loop {
        let mut took = false;
        for &i in &candidates {
            if selected.contains(&i) || !hard.broken(&tally, &teams[i], None).is_empty() {
                continue;
            }
            let mut after = tally.clone();
            after.add(&teams[i]);
            if keep_share && !hard.share_met(&after) {
                continue;
            }
            tally = after;
            selected.insert(i);
            took = true;
        }
        if !took || !keep_share {
            break;
        }
    }

    // 6. The reserve: every candidate left, in rank order.
    let reserve = candidates
        .iter()
        .filter(|i| !selected.contains(i))
        .map(|i| teams[*i].reference.clone())
        .collect();

    let mut unmet = Vec::new();
    let all_rules =
        std::iter::once(QuotaRule::Seats(input.seats)).chain(input.quotas.iter().map(|q| q.rule));
    for rule in all_rules {
        if !tally.keeps(&rule) && !unmet.contains(&rule.kind()) {
            unmet.push(rule.kind());
        }
    }

    Proposal {
        ranking: input
            .ranking
            .iter()
            .map(|r| RankedTeam {
                team: teams[r.team].reference.clone(),
                score: r.score,
                reviews: r.reviews,
            })
            .collect(),
        selected: by_rank(&selected)
            .into_iter()
            .map(|i| teams[i].reference.clone())
            .collect(),
        reserve,
        blocked,
        skipped,
        swaps,
        unmet,
        seats_used: tally.seats,
        women_share: round_score(tally.women_share()),
    }
}

/// The outcome of a refill: the teams to offer a place now, and why others were passed over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refill {
    /// In rank order.
    pub offers: Vec<String>,
    /// Reserve teams passed over, with the hard quotas each would have broken.
    pub passed: Vec<Passed>,
    /// The reserve list after the offers, in rank order.
    pub reserve: Vec<String>,
}

/// After a decline or an expired offer: every team that holds a place (confirmed, or offered and
/// not yet answered) is in `input.fixed`, the declined and withdrawn ones in `input.excluded`.
/// The contract's procedure runs again with those teams fixed; since fixed teams are never
/// swapped, that is the fill and the top-up over the reserve in rank order. Each freed seat is
/// offered on its own, so here the fill keeps the share of women too (the issue: "the next team on
/// the reserve list that keeps the hard quotas"): a team is offered when it keeps the seats and
/// the teams per country and, if the holders meet the hard share of women, keeps it met, or, if
/// they do not, does not lower it.
pub fn refill(input: &ProposalInput<'_>) -> Refill {
    let teams = input.teams;
    let hard = Hard::of(input.seats, input.quotas);
    let holding = |i: usize| input.fixed.contains(&teams[i].reference);
    let mut tally = Tally::of(teams.iter().filter(|t| input.fixed.contains(&t.reference)));
    let (mut offers, mut passed, mut reserve) = (Vec::new(), Vec::new(), Vec::new());
    for r in input.ranking {
        let i = r.team;
        let team = &teams[i];
        if holding(i) || input.excluded.contains(&team.reference) {
            continue;
        }
        if hard.politician_per_team && !team.has_politician() {
            continue;
        }
        let mut broken = hard.broken(&tally, team, None);
        let mut after = tally.clone();
        after.add(team);
        let lowers = if hard.share_met(&tally) {
            !hard.share_met(&after)
        } else {
            tally.more_women_than(&after)
        };
        if hard.min_women_share.is_some() && lowers {
            broken.push(QuotaKind::MinWomenShare);
        }
        if broken.is_empty() {
            tally = after;
            offers.push(team.reference.clone());
        } else {
            passed.push(Passed {
                team: team.reference.clone(),
                quotas: broken,
            });
            reserve.push(team.reference.clone());
        }
    }
    Refill {
        offers,
        passed,
        reserve,
    }
}

/// The share of women among the members of `teams`, rounded to 3 decimals (0 when empty).
pub fn women_share<'a>(teams: impl IntoIterator<Item = &'a Team>) -> Decimal {
    round_score(Tally::of(teams).women_share())
}
