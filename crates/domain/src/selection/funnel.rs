//! The funnel of a cohort: how many teams reach each stage from application to confirmation, by
//! country and by gender of their members.

use std::collections::BTreeMap;

use crate::application::fields::Gender;

/// A stage of the funnel, in order; each includes the ones after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    Applied,
    Eligible,
    Reviewed,
    Selected,
    Confirmed,
}

crate::codes!(Stage as "funnel stage" {
    Applied = "applied": "Applied",
    Eligible = "eligible": "Eligible",
    Reviewed = "reviewed": "Reviewed",
    Selected = "selected": "Selected",
    Confirmed = "confirmed": "Confirmed",
});

/// One submitted application: its country, its members' genders, the last stage it reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunnelTeam {
    pub country: String,
    pub genders: Vec<Gender>,
    pub reached: Stage,
}

/// Teams per stage, teams per country and stage, members per gender and stage.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Funnel {
    pub teams: BTreeMap<Stage, u32>,
    pub by_country: BTreeMap<String, BTreeMap<Stage, u32>>,
    pub by_gender: BTreeMap<Gender, BTreeMap<Stage, u32>>,
}

pub const STAGES: [Stage; 5] = [
    Stage::Applied,
    Stage::Eligible,
    Stage::Reviewed,
    Stage::Selected,
    Stage::Confirmed,
];

impl Funnel {
    pub fn of(teams: &[FunnelTeam]) -> Funnel {
        let mut f = Funnel::default();
        for s in STAGES {
            f.teams.insert(s, 0);
        }
        for t in teams {
            for s in STAGES.iter().copied().filter(|s| *s <= t.reached) {
                *f.teams.entry(s).or_default() += 1;
                *f.by_country
                    .entry(t.country.clone())
                    .or_default()
                    .entry(s)
                    .or_default() += 1;
                for g in &t.genders {
                    *f.by_gender.entry(*g).or_default().entry(s).or_default() += 1;
                }
            }
        }
        f
    }

    /// Teams per stage only (the dashboard's counts), in the order of [`STAGES`].
    pub fn of_counts(counts: [u32; 5]) -> Funnel {
        Funnel {
            teams: STAGES.iter().copied().zip(counts).collect(),
            ..Funnel::default()
        }
    }

    pub fn count(&self, stage: Stage) -> u32 {
        self.teams.get(&stage).copied().unwrap_or(0)
    }
}
