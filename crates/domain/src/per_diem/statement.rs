//! The statement: one line per calendar day, one per night where a night allowance applies, and
//! the total, each line carrying the rule that produced it.
//!
//! As JSON (the `itp per-diem quote` output) only the figures appear, amounts as strings with two
//! decimals:
//! ```json
//! {"eligible": true,
//!  "days": [{"date": "2024-03-04", "country": "UG", "kind": "full", "base": "422.00",
//!            "reduction": "63.00", "amount": "359.00"}],
//!  "nights": [{"date": "2024-03-04", "country": "UG", "amount": "211.00"}],
//!  "total": "570.00", "currency": "SEK"}
//! ```
//! The rules stay in the Rust values ([`DayLine::rule`], [`DayLine::explanation`]) for the
//! printed statement.

use chrono::{NaiveDate, NaiveTime};
use rust_decimal::Decimal;
use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};

use super::meals::{MealPercentages, MealSet};
use super::rates::RateSource;
use crate::country::CountryCode;
use crate::money::Money;

/// A quoted trip.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// Rule 1: false when the trip has no night away; then there are no lines and the total is 0.
    pub eligible: bool,
    pub days: Vec<DayLine>,
    pub nights: Vec<NightLine>,
    /// The sum of every day's and night's amount.
    pub total: Money,
    /// The policy, and for a programme the versions, that produced the statement.
    pub policy: PolicyUsed,
}

/// Which policy produced a statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "policy", rename_all = "snake_case")]
pub enum PolicyUsed {
    Skatteverket,
    /// A programme policy by code, with the `valid_from` of each version that some day used.
    Programme {
        code: String,
        versions: Vec<NaiveDate>,
    },
}

/// Full or half day (rule 2). Under a programme policy, `Half` marks an arrival or departure day
/// paid at the policy's share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DayKind {
    Full,
    Half,
}

crate::codes!(DayKind as "kind of day" {
    Full = "full": "Full day",
    Half = "half": "Half day",
});

/// One calendar day of the trip.
#[derive(Debug, Clone, PartialEq)]
pub struct DayLine {
    pub date: NaiveDate,
    pub country: CountryCode,
    pub kind: DayKind,
    /// The day's amount before meals: the rate after half day and long stay (rules 4–5).
    pub base: Decimal,
    /// What the free meals take off (rule 6), rounded half up to whole kronor.
    pub reduction: Decimal,
    /// `base - reduction`.
    pub amount: Decimal,
    pub rule: DayRule,
}

/// Why a day line has the figures it has.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DayRule {
    pub kind_reason: DayKindReason,
    pub country_reason: CountryReason,
    /// Where the full-day rate comes from.
    pub rate: RateSource,
    /// The full-day rate of the country and year (rule 4).
    pub full_day_rate: Decimal,
    /// The part of the full-day rate paid before meals, in percent: 100, 50 (half day),
    /// 70 (long stay), 0 (half day on a long stay), or a programme's share.
    pub share_percent: Decimal,
    /// Set when rule 5 (long stay) applies.
    pub long_stay: Option<LongStay>,
    pub free_meals: MealSet,
    /// The percentages the free meals were taken at.
    pub meal_percentages: MealPercentages,
    /// The free meals' percentages added up.
    pub meal_percent: Decimal,
    /// The reduction before rounding.
    pub unrounded_reduction: Decimal,
    /// True when the rounded reduction exceeded the day and was cut to it (a day never goes
    /// below zero).
    pub reduction_capped: bool,
}

/// Why a day is full or half.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum DayKindReason {
    DepartedBeforeNoon {
        departed: NaiveTime,
    },
    DepartedAtOrAfterNoon {
        departed: NaiveTime,
    },
    ReturnedAfterSeven {
        returned: NaiveTime,
    },
    ReturnedAtOrBeforeSeven {
        returned: NaiveTime,
    },
    /// Departure and return fall on the same date: full only if both tests say full.
    DepartedAndReturned {
        departed: NaiveTime,
        returned: NaiveTime,
    },
    /// A date between the departure and the return.
    AwayAllDay,
    /// Programme policy: the first or last date of the trip, paid at the policy's share.
    ProgrammeTravelDay,
}

/// Why a day or night belongs to its country (rule 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CountryReason {
    /// The stay that overlaps the window most (a tie goes to the later stay).
    MostTimeInWindow,
    /// No stay overlaps the window: the first stay that starts after it.
    NextStay,
    /// No stay overlaps the window and none starts after it: the last stay.
    LastStay,
}

/// Rule 5: three calendar months have passed since the stay began.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LongStay {
    pub stay_began: NaiveDate,
    /// The first day at the lowered amount: the stay's first date plus three calendar months.
    pub lowered_from: NaiveDate,
}

/// One night with a night allowance (rule 7, only when the employer paid no lodging).
#[derive(Debug, Clone, PartialEq)]
pub struct NightLine {
    /// The evening's date: the night is the 00:00–06:00 that follows it.
    pub date: NaiveDate,
    pub country: CountryCode,
    pub amount: Decimal,
    pub rule: NightRule,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NightRule {
    pub country_reason: CountryReason,
    pub rate: RateSource,
    /// The full-day rate the night allowance is half of.
    pub full_day_rate: Decimal,
}

/// One rate a statement used: printed under the lines, and kept with the stored statement so
/// that later changes of the rate tables never change what was approved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateUsed {
    pub country: CountryCode,
    pub rate: RateSource,
    pub full_day_rate: Decimal,
}

impl Statement {
    /// The distinct rates behind the lines, in the order the lines first use them.
    pub fn rates_used(&self) -> Vec<RateUsed> {
        let mut used: Vec<RateUsed> = Vec::new();
        let all = self
            .days
            .iter()
            .map(|d| (d.country, d.rule.rate, d.rule.full_day_rate))
            .chain(
                self.nights
                    .iter()
                    .map(|n| (n.country, n.rule.rate, n.rule.full_day_rate)),
            );
        for (country, rate, full_day_rate) in all {
            let r = RateUsed {
                country,
                rate,
                full_day_rate,
            };
            if !used.contains(&r) {
                used.push(r);
            }
        }
        used
    }

    pub(crate) fn ineligible(policy: PolicyUsed) -> Statement {
        Statement {
            eligible: false,
            days: Vec::new(),
            nights: Vec::new(),
            total: Money::sek(Decimal::ZERO),
            policy,
        }
    }
}

/// Two decimals, as the JSON output wants them: `422.00`.
fn two_decimals(amount: Decimal) -> String {
    let mut a = amount;
    a.rescale(2);
    a.to_string()
}

impl Serialize for Statement {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut out = s.serialize_struct("Statement", 5)?;
        out.serialize_field("eligible", &self.eligible)?;
        out.serialize_field("days", &self.days)?;
        out.serialize_field("nights", &self.nights)?;
        out.serialize_field("total", &self.total.plain())?;
        out.serialize_field("currency", &self.total.currency())?;
        out.end()
    }
}

impl Serialize for DayLine {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut out = s.serialize_struct("DayLine", 6)?;
        out.serialize_field("date", &self.date)?;
        out.serialize_field("country", &self.country)?;
        out.serialize_field("kind", &self.kind)?;
        out.serialize_field("base", &two_decimals(self.base))?;
        out.serialize_field("reduction", &two_decimals(self.reduction))?;
        out.serialize_field("amount", &two_decimals(self.amount))?;
        out.end()
    }
}

impl Serialize for NightLine {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut out = s.serialize_struct("NightLine", 3)?;
        out.serialize_field("date", &self.date)?;
        out.serialize_field("country", &self.country)?;
        out.serialize_field("amount", &two_decimals(self.amount))?;
        out.end()
    }
}
