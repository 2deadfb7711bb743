//! Selection: from reviews to a ranked list, and from the ranking to a proposed cohort that keeps
//! the hard quotas, with an ordered reserve. The rules are the selection contract
//! (`shared/domain/selection.md`); every step here is one numbered step there, so the board can
//! explain each decision ("skipped: a third team from Uganda would exceed 2 per country").
//!
//! Pure functions: the board, the refill job and `itp selection propose` call the same ones.

mod case;
mod decision;
mod funnel;
mod proposal;
mod quota;
mod score;
mod settings;

#[cfg(test)]
mod decision_tests;
#[cfg(test)]
mod tests;

pub use case::{Case, CaseError, CaseReview, Criterion, three_places};
pub use decision::{Decision, OfferState, breaks, reserve_order};
pub use funnel::{Funnel, FunnelTeam, STAGES, Stage};
pub use proposal::{
    Passed, Proposal, ProposalInput, RankedTeam, Refill, Swap, propose, refill, women_share,
};
pub use quota::{Balance, Quota, QuotaKind, QuotaRule, QuotaStanding, balance};
pub use score::{
    Aggregation, Ranked, ReviewValue, calibrate, rank, review_total, round_score, team_scores,
};
pub use settings::{MAX_CONFIRM_DAYS, SelectionSettings, SettingsInput};

use chrono::{DateTime, Utc};

use crate::application::fields::Gender;
use crate::country::CountryCode;
use crate::programme::TeamRole;

/// One participant as far as selection looks at them: the balance counts genders and roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Member {
    pub gender: Gender,
    pub role: TeamRole,
}

/// An applying team: the unit that is selected or not (never part of one).
#[derive(Debug, Clone)]
pub struct Team {
    /// The application's reference, `MF-27-001`: unique in the cohort.
    pub reference: String,
    pub country: CountryCode,
    pub submitted_at: DateTime<Utc>,
    pub members: Vec<Member>,
}

impl Team {
    pub fn seats(&self) -> u32 {
        u32::try_from(self.members.len()).unwrap_or(u32::MAX)
    }

    pub fn women(&self) -> u32 {
        let women = self
            .members
            .iter()
            .filter(|m| m.gender == Gender::Woman)
            .count();
        u32::try_from(women).unwrap_or(u32::MAX)
    }

    pub fn has_politician(&self) -> bool {
        self.members.iter().any(|m| m.role == TeamRole::Politician)
    }
}
