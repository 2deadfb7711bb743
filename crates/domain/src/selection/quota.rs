//! Quotas (contract "Quotas") and the balance of a selection, as the board shows it.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::Team;
use crate::application::fields::Gender;
use crate::programme::TeamRole;

/// What a quota limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum QuotaKind {
    Seats,
    MaxTeamsPerCountry,
    MinWomenShare,
    PoliticianPerTeam,
}

crate::codes!(QuotaKind as "quota kind" {
    Seats = "seats": "Seats in total",
    MaxTeamsPerCountry = "max_teams_per_country": "At most N teams per country",
    MinWomenShare = "min_women_share": "At least this share of women",
    PoliticianPerTeam = "politician_per_team": "An elected politician in every team",
});

/// A quota's rule with its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuotaRule {
    /// At most this many participants: the cohort's seats (always hard).
    Seats(u32),
    MaxTeamsPerCountry(u32),
    /// A share between 0 and 1 of the selected participants.
    MinWomenShare(Decimal),
    PoliticianPerTeam,
}

impl QuotaRule {
    pub fn kind(&self) -> QuotaKind {
        match self {
            QuotaRule::Seats(_) => QuotaKind::Seats,
            QuotaRule::MaxTeamsPerCountry(_) => QuotaKind::MaxTeamsPerCountry,
            QuotaRule::MinWomenShare(_) => QuotaKind::MinWomenShare,
            QuotaRule::PoliticianPerTeam => QuotaKind::PoliticianPerTeam,
        }
    }
}

/// A quota: hard ones the proposal never breaks, soft ones it reports on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quota {
    pub rule: QuotaRule,
    pub hard: bool,
}

impl Quota {
    pub fn hard(rule: QuotaRule) -> Quota {
        Quota { rule, hard: true }
    }

    pub fn soft(rule: QuotaRule) -> Quota {
        Quota { rule, hard: false }
    }
}

/// What a set of teams adds up to: enough to check every quota without walking the teams again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Tally {
    pub seats: u32,
    pub women: u32,
    pub teams: u32,
    pub per_country: BTreeMap<&'static str, u32>,
    pub without_politician: u32,
}

impl Tally {
    pub fn of<'a>(teams: impl IntoIterator<Item = &'a Team>) -> Tally {
        let mut tally = Tally::default();
        for t in teams {
            tally.add(t);
        }
        tally
    }

    pub fn add(&mut self, team: &Team) {
        self.seats = self.seats.saturating_add(team.seats());
        self.women = self.women.saturating_add(team.women());
        self.teams += 1;
        *self.per_country.entry(team.country.as_str()).or_default() += 1;
        if !team.has_politician() {
            self.without_politician += 1;
        }
    }

    pub fn remove(&mut self, team: &Team) {
        self.seats -= team.seats();
        self.women -= team.women();
        self.teams -= 1;
        let country = team.country.as_str();
        if let Some(n) = self.per_country.get_mut(country) {
            *n -= 1;
            if *n == 0 {
                self.per_country.remove(country);
            }
        }
        if !team.has_politician() {
            self.without_politician -= 1;
        }
    }

    /// Women over participants; 0 for an empty selection.
    pub fn women_share(&self) -> Decimal {
        if self.seats == 0 {
            return Decimal::ZERO;
        }
        Decimal::from(self.women) / Decimal::from(self.seats)
    }

    /// Whether this tally's share of women is strictly higher than `other`'s (exact: cross
    /// multiplied, no division).
    pub fn more_women_than(&self, other: &Tally) -> bool {
        u64::from(self.women) * u64::from(other.seats.max(1))
            > u64::from(other.women) * u64::from(self.seats.max(1))
            && (self.seats > 0)
    }

    /// Whether the tally keeps the rule.
    pub fn keeps(&self, rule: &QuotaRule) -> bool {
        match *rule {
            QuotaRule::Seats(max) => self.seats <= max,
            QuotaRule::MaxTeamsPerCountry(max) => self.per_country.values().all(|n| *n <= max),
            QuotaRule::MinWomenShare(min) => {
                Decimal::from(self.women) >= min * Decimal::from(self.seats)
            }
            QuotaRule::PoliticianPerTeam => self.without_politician == 0,
        }
    }
}

/// How one quota stands for a selection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotaStanding {
    pub quota: Quota,
    pub met: bool,
    /// In words, for the board: "7 of 25 seats", "UG has 3 teams (at most 2)".
    pub detail: String,
}

/// The live balance of a selection: what the board shows beside the ranking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Balance {
    pub seats: u32,
    pub seats_used: u32,
    pub teams: u32,
    pub women: u32,
    pub men: u32,
    /// Another gender, or not said.
    pub others: u32,
    pub politicians: u32,
    pub officials: u32,
    pub teams_per_country: BTreeMap<&'static str, u32>,
    /// Women over participants, rounded to 3 decimals.
    pub women_share: Decimal,
    /// The seats quota first, then the cohort's quotas in their order.
    pub quotas: Vec<QuotaStanding>,
}

impl Balance {
    /// The hard quotas the selection breaks.
    pub fn broken_hard(&self) -> Vec<QuotaKind> {
        self.quotas
            .iter()
            .filter(|q| q.quota.hard && !q.met)
            .map(|q| q.quota.rule.kind())
            .collect()
    }
}

/// The balance of `selected` against the seats and quotas.
pub fn balance<'a>(
    selected: impl IntoIterator<Item = &'a Team>,
    seats: u32,
    quotas: &[Quota],
) -> Balance {
    let selected: Vec<&Team> = selected.into_iter().collect();
    let tally = Tally::of(selected.iter().copied());
    let members = || selected.iter().flat_map(|t| t.members.iter());
    let count = |f: &dyn Fn(&super::Member) -> bool| {
        u32::try_from(members().filter(|m| f(m)).count()).unwrap_or(u32::MAX)
    };
    let mut standings = vec![standing(
        &tally,
        Quota::hard(QuotaRule::Seats(seats)),
        &selected,
    )];
    standings.extend(quotas.iter().map(|q| standing(&tally, *q, &selected)));
    Balance {
        seats,
        seats_used: tally.seats,
        teams: tally.teams,
        women: tally.women,
        men: count(&|m| m.gender == Gender::Man),
        others: count(&|m| !matches!(m.gender, Gender::Woman | Gender::Man)),
        politicians: count(&|m| m.role == TeamRole::Politician),
        officials: count(&|m| m.role == TeamRole::Official),
        women_share: super::round_score(tally.women_share()),
        teams_per_country: tally.per_country.clone(),
        quotas: standings,
    }
}

fn standing(tally: &Tally, quota: Quota, selected: &[&Team]) -> QuotaStanding {
    let met = tally.keeps(&quota.rule);
    let detail = match quota.rule {
        QuotaRule::Seats(max) => format!("{} of {max} seats used", tally.seats),
        QuotaRule::MaxTeamsPerCountry(max) => {
            let over: Vec<String> = tally
                .per_country
                .iter()
                .filter(|(_, n)| **n > max)
                .map(|(c, n)| format!("{c} has {n}"))
                .collect();
            if over.is_empty() {
                format!("at most {max} teams per country: kept")
            } else {
                format!("at most {max} teams per country: {}", over.join(", "))
            }
        }
        QuotaRule::MinWomenShare(min) => format!(
            "{} women of {} participants ({}; at least {})",
            tally.women,
            tally.seats,
            super::round_score(tally.women_share()),
            min.normalize()
        ),
        QuotaRule::PoliticianPerTeam => {
            let without: Vec<&str> = selected
                .iter()
                .filter(|t| !t.has_politician())
                .map(|t| t.reference.as_str())
                .collect();
            if without.is_empty() {
                "every team has an elected politician".to_owned()
            } else {
                format!("without an elected politician: {}", without.join(", "))
            }
        }
    };
    QuotaStanding { quota, met, detail }
}
