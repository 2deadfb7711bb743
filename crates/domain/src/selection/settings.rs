//! A cohort's stored selection settings: its quotas (each hard or soft), the review deadline and
//! how long a selected team has to confirm. The form's text comes in as [`SettingsInput`] and is
//! checked once, here; the board turns the result into the [`Quota`]s of the contract.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use rust_decimal::Decimal;

use super::{Quota, QuotaRule};
use crate::validation::FieldErrors;

/// The most days a team can be given to confirm its places.
pub const MAX_CONFIRM_DAYS: u32 = 60;

/// The stored settings. `None` means the quota is not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectionSettings {
    /// Participants in all; `None`: the cohort's seats. Always hard (the contract).
    pub seats: Option<u32>,
    pub max_teams_per_country: Option<u32>,
    pub max_teams_per_country_hard: bool,
    /// Whole per cent of the selected participants, 0–100.
    pub min_women_percent: Option<u32>,
    pub min_women_hard: bool,
    /// An elected politician in every team: on by default where the programme requires
    /// politicians.
    pub politician_per_team: bool,
    pub politician_hard: bool,
    /// Reviews are due by then (shown on the reviewers' start page, used by the reminder).
    pub review_deadline: Option<DateTime<Utc>>,
    /// Days a selected (or offered) team has to confirm its places.
    pub confirm_days: u32,
}

impl SelectionSettings {
    /// ICLD's usual balance until a manager sets the cohort's own: at most two teams per
    /// country and at least 40 % women, hard; the politician rule hard where the programme
    /// requires politicians.
    pub fn usual(programme_requires_politician: bool) -> SelectionSettings {
        SelectionSettings {
            seats: None,
            max_teams_per_country: Some(2),
            max_teams_per_country_hard: true,
            min_women_percent: Some(40),
            min_women_hard: true,
            politician_per_team: programme_requires_politician,
            politician_hard: true,
            review_deadline: None,
            confirm_days: 14,
        }
    }

    /// The seats the selection works with.
    pub fn seats_or(&self, cohort_seats: u32) -> u32 {
        self.seats.unwrap_or(cohort_seats)
    }

    /// The quotas in the contract's terms (without the seats, which the proposal takes apart).
    pub fn quotas(&self) -> Vec<Quota> {
        let mut quotas = Vec::new();
        if let Some(n) = self.max_teams_per_country {
            quotas.push(Quota {
                rule: QuotaRule::MaxTeamsPerCountry(n),
                hard: self.max_teams_per_country_hard,
            });
        }
        if let Some(p) = self.min_women_percent {
            quotas.push(Quota {
                rule: QuotaRule::MinWomenShare(Decimal::new(i64::from(p), 2)),
                hard: self.min_women_hard,
            });
        }
        if self.politician_per_team {
            quotas.push(Quota {
                rule: QuotaRule::PoliticianPerTeam,
                hard: self.politician_hard,
            });
        }
        quotas
    }

    /// The form's text for these settings (so the form opens with what is stored).
    pub fn input(&self) -> SettingsInput {
        let number = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
        SettingsInput {
            seats: number(self.seats),
            max_teams_per_country: number(self.max_teams_per_country),
            max_teams_per_country_hard: self.max_teams_per_country_hard,
            min_women_percent: number(self.min_women_percent),
            min_women_hard: self.min_women_hard,
            politician_per_team: self.politician_per_team,
            politician_hard: self.politician_hard,
            review_deadline: self
                .review_deadline
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            confirm_days: self.confirm_days.to_string(),
        }
    }
}

/// What the manager typed on the quotas form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SettingsInput {
    pub seats: String,
    pub max_teams_per_country: String,
    pub max_teams_per_country_hard: bool,
    pub min_women_percent: String,
    pub min_women_hard: bool,
    pub politician_per_team: bool,
    pub politician_hard: bool,
    /// A day, `YYYY-MM-DD`; reviews are due at its end (23:59:59 UTC).
    pub review_deadline: String,
    pub confirm_days: String,
}

fn optional_number(
    errors: &mut FieldErrors,
    field: &str,
    text: &str,
    range: std::ops::RangeInclusive<u32>,
    what: &str,
) -> Option<u32> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    match text.parse::<u32>() {
        Ok(n) if range.contains(&n) => Some(n),
        _ => {
            errors.add(
                field,
                format!(
                    "Give {what} as a whole number from {} to {}, or leave it empty.",
                    range.start(),
                    range.end()
                ),
            );
            None
        }
    }
}

impl SettingsInput {
    /// Checks every field; the errors name the field they belong to.
    pub fn validate(&self) -> Result<SelectionSettings, FieldErrors> {
        let mut errors = FieldErrors::new();
        let seats = optional_number(&mut errors, "seats", &self.seats, 1..=500, "the seats");
        let max_teams_per_country = optional_number(
            &mut errors,
            "max_teams_per_country",
            &self.max_teams_per_country,
            1..=50,
            "the teams per country",
        );
        let min_women_percent = optional_number(
            &mut errors,
            "min_women_percent",
            &self.min_women_percent,
            0..=100,
            "the share of women in per cent",
        );
        let review_deadline = match self.review_deadline.trim() {
            "" => None,
            day => match NaiveDate::parse_from_str(day, "%Y-%m-%d") {
                Ok(d) => d.and_hms_opt(23, 59, 59).map(|t| Utc.from_utc_datetime(&t)),
                Err(_) => {
                    errors.add(
                        "review_deadline",
                        "Give the review deadline as a day, for example 2027-01-15.",
                    );
                    None
                }
            },
        };
        let confirm_days = match self.confirm_days.trim().parse::<u32>() {
            Ok(n) if (1..=MAX_CONFIRM_DAYS).contains(&n) => n,
            _ => {
                errors.add(
                    "confirm_days",
                    format!(
                        "Give the days to confirm as a whole number from 1 to {MAX_CONFIRM_DAYS}."
                    ),
                );
                0
            }
        };
        errors.into_result(SelectionSettings {
            seats,
            max_teams_per_country,
            max_teams_per_country_hard: self.max_teams_per_country_hard,
            min_women_percent,
            min_women_hard: self.min_women_hard,
            politician_per_team: self.politician_per_team,
            politician_hard: self.politician_hard,
            review_deadline,
            confirm_days,
        })
    }
}
