//! The forms that keep the rates: a programme policy and its versions, and a year's domestic
//! maximum amount.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{parse_country, percent, whole_kronor};
use crate::per_diem::{MealPercentages, ProgrammePolicy, ProgrammePolicyVersion};
use crate::validation::{FieldErrors, required_text};

/// One row of a version's daily rates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RateInput {
    pub country: String,
    pub amount: String,
}

/// The form field of a rate row's column (`country`, `amount`), rows numbered from 1.
pub fn rate_field(column: &str, row: usize) -> String {
    format!("rate_{column}_{row}")
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PolicyVersionInput {
    pub valid_from: String,
    pub travel_day_percent: String,
    pub breakfast_percent: String,
    pub lunch_percent: String,
    pub dinner_percent: String,
    /// Blank rows are ignored.
    pub rates: Vec<RateInput>,
}

impl PolicyVersionInput {
    /// The form filled in from a version (to start the next one from it).
    pub fn from_version(v: &ProgrammePolicyVersion) -> PolicyVersionInput {
        PolicyVersionInput {
            valid_from: v.valid_from.to_string(),
            travel_day_percent: v.travel_day_percent.normalize().to_string(),
            breakfast_percent: v.meal_percentages.breakfast.normalize().to_string(),
            lunch_percent: v.meal_percentages.lunch.normalize().to_string(),
            dinner_percent: v.meal_percentages.dinner.normalize().to_string(),
            rates: v
                .daily_rates
                .iter()
                .map(|(country, amount)| RateInput {
                    country: country.to_string(),
                    amount: amount.normalize().to_string(),
                })
                .collect(),
        }
    }

    pub fn validate(&self) -> Result<ProgrammePolicyVersion, FieldErrors> {
        let mut errors = FieldErrors::new();
        let valid_from = match NaiveDate::parse_from_str(self.valid_from.trim(), "%Y-%m-%d") {
            Ok(date) => Some(date),
            Err(_) => {
                errors.add(
                    "valid_from",
                    "Enter the date the version applies from, such as 2026-01-01.",
                );
                None
            }
        };
        let travel = percent(
            &mut errors,
            "travel_day_percent",
            "arrival and departure day share",
            &self.travel_day_percent,
        );
        if travel.is_some_and(|p| !p.fract().is_zero()) {
            errors.add(
                "travel_day_percent",
                "Give the arrival and departure day share as a whole percentage, such as 50.",
            );
        }
        let breakfast = percent(
            &mut errors,
            "breakfast_percent",
            "breakfast reduction",
            &self.breakfast_percent,
        );
        let lunch = percent(
            &mut errors,
            "lunch_percent",
            "lunch reduction",
            &self.lunch_percent,
        );
        let dinner = percent(
            &mut errors,
            "dinner_percent",
            "dinner reduction",
            &self.dinner_percent,
        );
        let mut daily_rates = BTreeMap::new();
        for (i, rate) in self.rates.iter().enumerate() {
            let row = i + 1;
            if rate.country.trim().is_empty() && rate.amount.trim().is_empty() {
                continue;
            }
            let country_field = rate_field("country", row);
            let country = match parse_country(&rate.country) {
                Some(c) if daily_rates.contains_key(&c) => {
                    errors.add(
                        &country_field,
                        format!("{} has a rate already; give each country once.", c.name()),
                    );
                    None
                }
                Some(c) => Some(c),
                None if rate.country.trim().is_empty() => {
                    errors.add(&country_field, format!("Enter the country of rate {row}."));
                    None
                }
                None => {
                    errors.add(
                        &country_field,
                        format!(
                            "'{}' is not a country: enter its ISO code (such as SE) or its \
                             English name.",
                            rate.country.trim()
                        ),
                    );
                    None
                }
            };
            let amount = whole_kronor(
                &mut errors,
                &rate_field("amount", row),
                "daily rate",
                &rate.amount,
            );
            if let (Some(country), Some(amount)) = (country, amount) {
                daily_rates.insert(country, amount);
            }
        }
        match (valid_from, travel, breakfast, lunch, dinner) {
            (Some(valid_from), Some(travel), Some(breakfast), Some(lunch), Some(dinner))
                if errors.is_empty() =>
            {
                Ok(ProgrammePolicyVersion {
                    valid_from,
                    daily_rates,
                    travel_day_percent: travel,
                    meal_percentages: MealPercentages {
                        breakfast,
                        lunch,
                        dinner,
                    },
                })
            }
            _ => Err(errors),
        }
    }
}

/// A new programme policy with its first version.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewPolicyInput {
    pub code: String,
    pub name: String,
    pub version: PolicyVersionInput,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPolicy {
    /// Upper case, as trips name it: `"programme:ICLD"`.
    pub code: String,
    pub name: String,
    pub policy: ProgrammePolicy,
}

impl NewPolicyInput {
    pub fn validate(&self) -> Result<NewPolicy, FieldErrors> {
        let mut errors = FieldErrors::new();
        let code = self.code.trim().to_uppercase();
        let code_ok = (2..=16).contains(&code.chars().count())
            && code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !code_ok {
            errors.add(
                "code",
                "Enter a code of 2 to 16 letters, digits or hyphens, such as ICLD; trips name \
                 the policy as programme:CODE.",
            );
        }
        let name = required_text(&mut errors, "name", "name", &self.name, 200);
        let version = self.version.validate();
        match (version, errors.is_empty()) {
            (Ok(version), true) => {
                let policy = ProgrammePolicy::new(code.clone(), vec![version])
                    .map_err(|e| FieldErrors::single("valid_from", e.to_string()))?;
                Ok(NewPolicy { code, name, policy })
            }
            (version, _) => {
                if let Err(version_errors) = version {
                    for e in version_errors.iter() {
                        errors.add(&e.field, e.message.clone());
                    }
                }
                Err(errors)
            }
        }
    }
}

/// The new version, checked against the policy's others (never two from the same date).
pub fn add_version(
    policy: &ProgrammePolicy,
    input: &PolicyVersionInput,
) -> Result<ProgrammePolicyVersion, FieldErrors> {
    let version = input.validate()?;
    if policy
        .versions()
        .iter()
        .any(|v| v.valid_from == version.valid_from)
    {
        return Err(FieldErrors::single(
            "valid_from",
            format!(
                "A version valid from {} exists already: versions are never changed, so choose \
                 the date the new rates apply from.",
                version.valid_from
            ),
        ));
    }
    let mut versions = policy.versions().to_vec();
    versions.push(version.clone());
    ProgrammePolicy::new(policy.code(), versions)
        .map_err(|e| FieldErrors::single("valid_from", e.to_string()))?;
    Ok(version)
}

/// A year's domestic maximum amount (maximibelopp).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DomesticRateInput {
    pub year: String,
    pub amount: String,
}

impl DomesticRateInput {
    pub fn validate(&self) -> Result<(i32, Decimal), FieldErrors> {
        let mut errors = FieldErrors::new();
        let year = match self.year.trim().parse::<i32>() {
            Ok(y) if (2000..=2100).contains(&y) => Some(y),
            _ => {
                errors.add("year", "Enter the year as four digits, such as 2027.");
                None
            }
        };
        let amount = whole_kronor(&mut errors, "amount", "maximum amount", &self.amount);
        if amount.is_some_and(|a| a.is_zero()) {
            errors.add("amount", "The maximum amount must be more than 0 kronor.");
        }
        match (year, amount, errors.is_empty()) {
            (Some(year), Some(amount), true) => Ok((year, amount)),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn version() -> PolicyVersionInput {
        PolicyVersionInput {
            valid_from: "2020-01-01".into(),
            travel_day_percent: "50".into(),
            breakfast_percent: "15".into(),
            lunch_percent: "35 %".into(),
            dinner_percent: "35".into(),
            rates: vec![
                RateInput {
                    country: "se".into(),
                    amount: "300".into(),
                },
                RateInput::default(),
            ],
        }
    }

    #[test]
    fn a_new_policy_is_read_with_its_first_version() {
        let new = NewPolicyInput {
            code: " icld ".into(),
            name: "ICLD participants".into(),
            version: version(),
        }
        .validate()
        .unwrap();
        assert_eq!(new.code, "ICLD");
        let v = &new.policy.versions()[0];
        assert_eq!(v.daily_rates.len(), 1);
        assert_eq!(v.travel_day_percent, dec!(50));
        assert_eq!(v.meal_percentages.lunch, dec!(35));
        assert_eq!(
            PolicyVersionInput::from_version(v).validate().unwrap(),
            v.clone()
        );
    }

    #[test]
    fn every_field_of_a_version_gets_its_own_message() {
        let bad = NewPolicyInput {
            code: "I CLD!".into(),
            name: "".into(),
            version: PolicyVersionInput {
                valid_from: "soon".into(),
                travel_day_percent: "33.5".into(),
                breakfast_percent: "150".into(),
                lunch_percent: "".into(),
                dinner_percent: "x".into(),
                rates: vec![
                    RateInput {
                        country: "SE".into(),
                        amount: "300.50".into(),
                    },
                    RateInput {
                        country: "Narnia".into(),
                        amount: "100".into(),
                    },
                    RateInput {
                        country: "".into(),
                        amount: "100".into(),
                    },
                ],
            },
        };
        let errors = bad.validate().unwrap_err();
        for field in [
            "code",
            "name",
            "valid_from",
            "travel_day_percent",
            "breakfast_percent",
            "lunch_percent",
            "dinner_percent",
            "rate_amount_1",
            "rate_country_2",
            "rate_country_3",
        ] {
            assert!(errors.for_field(field).is_some(), "{field}: {errors}");
        }
    }

    #[test]
    fn a_country_is_given_once() {
        let mut twice = version();
        twice.rates[1] = RateInput {
            country: "Sweden".into(),
            amount: "250".into(),
        };
        let errors = twice.validate().unwrap_err();
        assert_eq!(
            errors.for_field("rate_country_2"),
            Some("Sweden has a rate already; give each country once.")
        );
    }

    #[test]
    fn a_version_from_an_existing_date_is_refused() {
        let policy = NewPolicyInput {
            code: "ICLD".into(),
            name: "ICLD".into(),
            version: version(),
        }
        .validate()
        .unwrap()
        .policy;
        let errors = add_version(&policy, &version()).unwrap_err();
        assert!(
            errors
                .for_field("valid_from")
                .unwrap()
                .contains("exists already")
        );
        let mut later = version();
        later.valid_from = "2025-01-01".into();
        later.rates[0].amount = "320".into();
        let added = add_version(&policy, &later).unwrap();
        assert_eq!(added.valid_from.to_string(), "2025-01-01");
    }

    #[test]
    fn domestic_amount_needs_a_year_and_whole_kronor() {
        let ok = DomesticRateInput {
            year: "2027".into(),
            amount: "310".into(),
        };
        assert_eq!(ok.validate().unwrap(), (2027, dec!(310)));
        let bad = DomesticRateInput {
            year: "27".into(),
            amount: "0".into(),
        };
        let errors = bad.validate().unwrap_err();
        assert!(errors.for_field("year").is_some() && errors.for_field("amount").is_some());
    }
}
