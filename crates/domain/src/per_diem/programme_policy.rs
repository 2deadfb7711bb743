//! The `programme` policy: a programme's own per-diem rates, for participants.
//!
//! ICLD sets its own rates: a daily rate per country (since 2020 only Sweden: no per diem for
//! workshops abroad), the share paid on arrival and departure days, and the meal percentages.
//! Board and lodging are paid by ICLD, so provided meals reduce the per diem and there is never a
//! night allowance. A policy has versions, each valid from a date; every day is quoted under the
//! version in force on that day, and the statement records the versions it used.
//!
//! Of the contract's rules, the programme policy keeps rule 1 (a night away), rule 3 (country of
//! a day) and rule 6 (meals add up, rounded half up to whole kronor, never below zero); the first
//! and last dates of the trip are arrival and departure days whatever the hour, and Skatteverket's
//! long-stay rule does not apply.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::PerDiemError;
use super::calendar::{day_window, has_night_away, stay_for_window};
use super::engine::finish;
use super::meals::{MealPercentages, meal_reduction};
use super::rates::RateSource;
use super::statement::{DayKind, DayKindReason, DayLine, DayRule, PolicyUsed, Statement};
use super::trip::Trip;
use crate::country::CountryCode;

/// One version of a programme policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammePolicyVersion {
    /// The first date this version applies to; it applies until the next version's date.
    pub valid_from: NaiveDate,
    /// SEK a full day per country. A country without a rate gets nothing.
    pub daily_rates: BTreeMap<CountryCode, Decimal>,
    /// The share of the daily rate paid on arrival and departure days, in percent (e.g. 50).
    pub travel_day_percent: Decimal,
    pub meal_percentages: MealPercentages,
}

/// A programme policy with its versions, sorted by `valid_from`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ProgrammePolicyJson")]
pub struct ProgrammePolicy {
    code: String,
    versions: Vec<ProgrammePolicyVersion>,
}

#[derive(Deserialize)]
struct ProgrammePolicyJson {
    code: String,
    versions: Vec<ProgrammePolicyVersion>,
}

impl TryFrom<ProgrammePolicyJson> for ProgrammePolicy {
    type Error = ProgrammePolicyError;

    fn try_from(raw: ProgrammePolicyJson) -> Result<Self, Self::Error> {
        ProgrammePolicy::new(raw.code, raw.versions)
    }
}

/// Why a programme policy cannot be used as given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProgrammePolicyError {
    #[error("a programme policy needs a code")]
    EmptyCode,
    #[error("programme policy {0} has no versions")]
    NoVersions(String),
    #[error("programme policy {code} has two versions valid from {date}")]
    DuplicateVersion { code: String, date: NaiveDate },
    #[error(
        "programme policy {code}, version of {date}: {what} {value} % is not between 0 and 100"
    )]
    PercentOutOfRange {
        code: String,
        date: NaiveDate,
        what: &'static str,
        value: Decimal,
    },
    #[error(
        "programme policy {code}, version of {date}: the rate for {country} ({value}) is negative"
    )]
    NegativeRate {
        code: String,
        date: NaiveDate,
        country: CountryCode,
        value: Decimal,
    },
    #[error(
        "programme policy {code}, version of {date}: the rate for {country} ({value}) is not whole kronor"
    )]
    RateNotWholeKronor {
        code: String,
        date: NaiveDate,
        country: CountryCode,
        value: Decimal,
    },
    #[error(
        "programme policy {code}, version of {date}: the arrival and departure day share ({value} %) is not a whole percentage"
    )]
    ShareNotWholePercent {
        code: String,
        date: NaiveDate,
        value: Decimal,
    },
}

impl ProgrammePolicy {
    pub fn new(
        code: impl Into<String>,
        mut versions: Vec<ProgrammePolicyVersion>,
    ) -> Result<ProgrammePolicy, ProgrammePolicyError> {
        let code = code.into().trim().to_owned();
        if code.is_empty() {
            return Err(ProgrammePolicyError::EmptyCode);
        }
        if versions.is_empty() {
            return Err(ProgrammePolicyError::NoVersions(code));
        }
        versions.sort_by_key(|v| v.valid_from);
        if let Some(pair) = versions
            .windows(2)
            .find(|p| p[0].valid_from == p[1].valid_from)
        {
            return Err(ProgrammePolicyError::DuplicateVersion {
                code,
                date: pair[0].valid_from,
            });
        }
        for v in &versions {
            let percents = [
                ("arrival and departure day share", v.travel_day_percent),
                ("breakfast", v.meal_percentages.breakfast),
                ("lunch", v.meal_percentages.lunch),
                ("dinner", v.meal_percentages.dinner),
            ];
            if let Some((what, value)) = percents
                .into_iter()
                .find(|(_, p)| *p < Decimal::ZERO || *p > Decimal::ONE_HUNDRED)
            {
                return Err(ProgrammePolicyError::PercentOutOfRange {
                    code,
                    date: v.valid_from,
                    what,
                    value,
                });
            }
            if let Some((country, value)) = v.daily_rates.iter().find(|(_, r)| r.is_sign_negative())
            {
                return Err(ProgrammePolicyError::NegativeRate {
                    code,
                    date: v.valid_from,
                    country: *country,
                    value: *value,
                });
            }
            // A whole-percent share of whole kronor stays in öre; anything finer would give
            // amounts between öre that no rule rounds.
            if let Some((country, value)) = v.daily_rates.iter().find(|(_, r)| !r.fract().is_zero())
            {
                return Err(ProgrammePolicyError::RateNotWholeKronor {
                    code,
                    date: v.valid_from,
                    country: *country,
                    value: *value,
                });
            }
            if !v.travel_day_percent.fract().is_zero() {
                return Err(ProgrammePolicyError::ShareNotWholePercent {
                    code,
                    date: v.valid_from,
                    value: v.travel_day_percent,
                });
            }
        }
        Ok(ProgrammePolicy { code, versions })
    }

    pub fn code(&self) -> &str {
        &self.code
    }

    /// The versions, oldest first.
    pub fn versions(&self) -> &[ProgrammePolicyVersion] {
        &self.versions
    }

    /// The version in force on `date`: the latest that is valid from that date or earlier.
    pub fn version_in_force(&self, date: NaiveDate) -> Option<&ProgrammePolicyVersion> {
        self.versions.iter().rev().find(|v| v.valid_from <= date)
    }
}

pub(crate) fn quote_programme(
    trip: &Trip,
    policy: &ProgrammePolicy,
) -> Result<Statement, PerDiemError> {
    let mut versions_used: Vec<NaiveDate> = Vec::new();
    if !has_night_away(trip) {
        return Ok(Statement::ineligible(PolicyUsed::Programme {
            code: policy.code().to_owned(),
            versions: versions_used,
        }));
    }
    let (first, last) = (trip.departure().date(), trip.return_at().date());
    let mut days = Vec::new();
    for date in trip.dates() {
        let version =
            policy
                .version_in_force(date)
                .ok_or_else(|| PerDiemError::NoProgrammeVersion {
                    code: policy.code().to_owned(),
                    date: date.to_string(),
                })?;
        if versions_used.last() != Some(&version.valid_from) {
            versions_used.push(version.valid_from);
        }
        let (start, end) = day_window(date);
        let (stay_index, country_reason) = stay_for_window(trip.stays(), start, end);
        let country = trip.stays()[stay_index].country;
        let (rate, full_day_rate) = match version.daily_rates.get(&country) {
            Some(amount) => (
                RateSource::Programme {
                    valid_from: version.valid_from,
                },
                *amount,
            ),
            None => (
                RateSource::NoProgrammeRate {
                    valid_from: version.valid_from,
                },
                Decimal::ZERO,
            ),
        };
        let travel_day = date == first || date == last;
        let (kind_reason, share_percent) = if travel_day {
            (
                DayKindReason::ProgrammeTravelDay,
                version.travel_day_percent,
            )
        } else {
            (DayKindReason::AwayAllDay, Decimal::ONE_HUNDRED)
        };
        let kind = if share_percent < Decimal::ONE_HUNDRED {
            DayKind::Half
        } else {
            DayKind::Full
        };
        let base = full_day_rate
            .checked_mul(share_percent)
            .ok_or(PerDiemError::AmountTooLarge)?
            / Decimal::ONE_HUNDRED;
        let free_meals = trip.free_meals_on(date);
        let meal_percent = version.meal_percentages.total_for(free_meals);
        let reduction = meal_reduction(base, meal_percent).ok_or(PerDiemError::AmountTooLarge)?;
        days.push(DayLine {
            date,
            country,
            kind,
            base,
            reduction: reduction.reduction,
            amount: base - reduction.reduction,
            rule: DayRule {
                kind_reason,
                country_reason,
                rate,
                full_day_rate,
                share_percent,
                long_stay: None,
                free_meals,
                meal_percentages: version.meal_percentages,
                meal_percent,
                unrounded_reduction: reduction.unrounded,
                reduction_capped: reduction.capped,
            },
        });
    }
    finish(
        days,
        Vec::new(),
        PolicyUsed::Programme {
            code: policy.code().to_owned(),
            versions: versions_used,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::Code;
    use crate::per_diem::test_support::{TripBuilder, d};
    use crate::per_diem::{Meal, Policy, RateTable, quote};
    use rust_decimal_macros::dec;

    fn version(valid_from: &str, se_rate: Decimal) -> ProgrammePolicyVersion {
        ProgrammePolicyVersion {
            valid_from: d(valid_from),
            daily_rates: BTreeMap::from([(CountryCode::sweden(), se_rate)]),
            travel_day_percent: dec!(50),
            meal_percentages: MealPercentages {
                breakfast: dec!(15),
                lunch: dec!(35),
                dinner: dec!(35),
            },
        }
    }

    fn policy(versions: Vec<ProgrammePolicyVersion>) -> Policy {
        Policy::Programme(ProgrammePolicy::new("MFLD", versions).unwrap())
    }

    /// A participant from Uganda: flies out on the evening of 5 May, in Sweden 6–17 May, home on
    /// 18 May.
    fn sweden_phase() -> TripBuilder {
        TripBuilder::new("2024-05-05T20:00", "2024-05-18T09:00")
            .programme("MFLD")
            .stay("UG", "2024-05-05T20:00", "2024-05-05T22:00")
            .stay("SE", "2024-05-06T08:00", "2024-05-17T15:00")
    }

    #[test]
    fn arrival_and_departure_days_get_the_share_and_days_between_the_full_rate() {
        let statement = quote(
            &sweden_phase().build(),
            &policy(vec![version("2024-01-01", dec!(300))]),
            &RateTable::new(),
        )
        .unwrap();
        assert!(statement.eligible);
        assert_eq!(statement.days.len(), 14);
        let first = &statement.days[0];
        // 5 May: the only stay that evening is in Uganda (2 h against nothing else).
        assert_eq!(
            (first.country.as_str(), first.kind, first.amount),
            ("UG", DayKind::Half, dec!(0))
        );
        assert_eq!(statement.days[1].amount, dec!(300));
        let last = statement.days.last().unwrap();
        assert_eq!(
            (last.country.as_str(), last.kind, last.base),
            ("SE", DayKind::Half, dec!(150))
        );
        assert_eq!(statement.total.amount(), dec!(300) * dec!(12) + dec!(150));
        assert!(statement.nights.is_empty(), "ICLD pays the lodging");
        assert!(
            first.explanation().contains("pays no per diem in Uganda"),
            "{}",
            first.explanation()
        );
    }

    #[test]
    fn provided_meals_reduce_the_day_at_the_policys_percentages() {
        let trip = sweden_phase()
            .free("2024-05-07", &[Meal::Lunch, Meal::Dinner])
            .build();
        let statement = quote(
            &trip,
            &policy(vec![version("2024-01-01", dec!(300))]),
            &RateTable::new(),
        )
        .unwrap();
        let day = statement
            .days
            .iter()
            .find(|l| l.date == d("2024-05-07"))
            .unwrap();
        assert_eq!((day.reduction, day.amount), (dec!(210), dec!(90)));
    }

    #[test]
    fn a_day_never_goes_below_zero() {
        let mut greedy = version("2024-01-01", dec!(300));
        greedy.meal_percentages = MealPercentages {
            breakfast: dec!(40),
            lunch: dec!(40),
            dinner: dec!(40),
        };
        let trip = sweden_phase().free("2024-05-07", Meal::ALL).build();
        let statement = quote(&trip, &policy(vec![greedy]), &RateTable::new()).unwrap();
        let day = statement
            .days
            .iter()
            .find(|l| l.date == d("2024-05-07"))
            .unwrap();
        assert_eq!(
            (day.base, day.reduction, day.amount),
            (dec!(300), dec!(300), dec!(0))
        );
        assert!(day.rule.reduction_capped);
    }

    #[test]
    fn each_day_uses_the_version_in_force_and_the_statement_records_them() {
        let p = policy(vec![
            version("2024-05-10", dec!(320)),
            version("2024-01-01", dec!(300)),
        ]);
        let statement = quote(&sweden_phase().build(), &p, &RateTable::new()).unwrap();
        let amount_on = |date: &str| {
            statement
                .days
                .iter()
                .find(|l| l.date == d(date))
                .unwrap()
                .amount
        };
        assert_eq!(amount_on("2024-05-09"), dec!(300));
        assert_eq!(amount_on("2024-05-10"), dec!(320));
        assert_eq!(
            statement.policy,
            PolicyUsed::Programme {
                code: "MFLD".into(),
                versions: vec![d("2024-01-01"), d("2024-05-10")]
            }
        );
        assert_eq!(
            statement.policy.description(),
            "programme policy MFLD, versions valid from 2024-01-01, 2024-05-10"
        );
    }

    #[test]
    fn a_day_before_the_first_version_is_an_error() {
        let p = policy(vec![version("2024-05-10", dec!(320))]);
        assert_eq!(
            quote(&sweden_phase().build(), &p, &RateTable::new())
                .unwrap_err()
                .to_string(),
            "programme policy MFLD has no version in force on 2024-05-05"
        );
    }

    #[test]
    fn trip_must_be_quoted_under_the_policy_it_names() {
        let other = Policy::Programme(
            ProgrammePolicy::new("WPLP", vec![version("2024-01-01", dec!(300))]).unwrap(),
        );
        assert_eq!(
            quote(&sweden_phase().build(), &other, &RateTable::new())
                .unwrap_err()
                .to_string(),
            "the trip asks for the programme:MFLD policy but was quoted under programme:WPLP"
        );
        assert!(
            quote(
                &sweden_phase().build(),
                &Policy::Skatteverket,
                &RateTable::new()
            )
            .is_err()
        );
    }

    #[test]
    fn invalid_policies_are_refused() {
        let mut bad = version("2024-01-01", dec!(300));
        bad.travel_day_percent = dec!(150);
        assert!(matches!(
            ProgrammePolicy::new("MFLD", vec![bad]),
            Err(ProgrammePolicyError::PercentOutOfRange {
                what: "arrival and departure day share",
                ..
            })
        ));
        assert!(matches!(
            ProgrammePolicy::new(
                "MFLD",
                vec![
                    version("2024-01-01", dec!(1)),
                    version("2024-01-01", dec!(2))
                ]
            ),
            Err(ProgrammePolicyError::DuplicateVersion { .. })
        ));
        assert_eq!(
            ProgrammePolicy::new(" ", vec![]).unwrap_err(),
            ProgrammePolicyError::EmptyCode
        );
        assert!(ProgrammePolicy::new("MFLD", vec![version("2024-01-01", dec!(-1))]).is_err());
    }

    #[test]
    fn rates_in_ore_and_fractional_shares_are_refused() {
        // 300.55 × 50 % = 150.275 and 301 × 33.5 % = 100.835: both between öre.
        assert!(matches!(
            ProgrammePolicy::new("MFLD", vec![version("2024-01-01", dec!(300.55))]),
            Err(ProgrammePolicyError::RateNotWholeKronor { .. })
        ));
        let mut odd_share = version("2024-01-01", dec!(301));
        odd_share.travel_day_percent = dec!(33.5);
        assert_eq!(
            ProgrammePolicy::new("MFLD", vec![odd_share])
                .unwrap_err()
                .to_string(),
            "programme policy MFLD, version of 2024-01-01: the arrival and departure day share (33.5 %) is not a whole percentage"
        );
        let mut whole = version("2024-01-01", dec!(301.00));
        whole.travel_day_percent = dec!(33);
        assert!(ProgrammePolicy::new("MFLD", vec![whole]).is_ok());
    }

    #[test]
    fn policy_round_trips_through_json() {
        let p = ProgrammePolicy::new("MFLD", vec![version("2024-01-01", dec!(300))]).unwrap();
        let json = serde_json::to_string(&p).unwrap();
        assert!(json.contains(r#""daily_rates":{"SE":"300"}"#), "{json}");
        assert_eq!(serde_json::from_str::<ProgrammePolicy>(&json).unwrap(), p);
    }
}
