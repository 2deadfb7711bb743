//! A budget line's plan as the manager enters it: an amount, or the unit-cost calculator
//! (units × nights × rate) that computes it.

use rust_decimal::Decimal;

use crate::money::{Currency, Money};
use crate::validation::{FieldErrors, optional_text};

/// The most units and nights the calculator takes: a cohort has tens of people and a phase
/// weeks, so anything near these limits is a typing mistake.
pub const MAX_UNITS: u32 = 10_000;
pub const MAX_NIGHTS: u32 = 3_650;
/// The largest planned amount of one line, in SEK: far above any cohort, far below overflow.
pub const MAX_PLANNED_SEK: i64 = 1_000_000_000;

/// What the budget line form sends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    pub planned: String,
    pub units: String,
    pub nights: String,
    pub rate: String,
    pub note: String,
}

/// units × nights × rate; nights left empty count as one (a flight per participant).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitCost {
    pub units: u32,
    pub nights: Option<u32>,
    pub rate: Money,
}

impl UnitCost {
    /// The exact product: whole units and nights times an amount in öre is a whole number of öre.
    pub fn total(&self) -> Money {
        let factor = Decimal::from(self.units) * Decimal::from(self.nights.unwrap_or(1));
        Money::sek(self.rate.amount() * factor)
    }
}

/// A validated plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinePlan {
    pub planned: Money,
    pub unit_cost: Option<UnitCost>,
    pub note: String,
}

impl LineInput {
    /// Reads the form. When units or rate are given the calculator is used and the planned
    /// amount is what it computes (any typed amount is replaced); otherwise the planned amount
    /// is required.
    pub fn validate(&self) -> Result<LinePlan, FieldErrors> {
        let mut errors = FieldErrors::new();
        let note = optional_text(&mut errors, "note", "note", &self.note, 1_000);
        let uses_calculator = !self.units.trim().is_empty() || !self.rate.trim().is_empty();
        let (planned, unit_cost) = if uses_calculator {
            let units = count(
                &mut errors,
                "units",
                "number of units",
                &self.units,
                MAX_UNITS,
            );
            let nights = if self.nights.trim().is_empty() {
                Some(None)
            } else {
                count(
                    &mut errors,
                    "nights",
                    "number of nights",
                    &self.nights,
                    MAX_NIGHTS,
                )
                .map(Some)
            };
            let rate = amount(&mut errors, "rate", "rate per unit", &self.rate);
            match (units, nights, rate) {
                (Some(units), Some(nights), Some(rate)) => {
                    let unit_cost = UnitCost {
                        units,
                        nights,
                        rate,
                    };
                    let total = unit_cost.total();
                    if total.amount() > Decimal::from(MAX_PLANNED_SEK) {
                        errors.add(
                            "units",
                            "Units × nights × rate is more than one line can plan.",
                        );
                    }
                    (total, Some(unit_cost))
                }
                _ => (Money::zero(Currency::SEK), None),
            }
        } else {
            let planned = amount(&mut errors, "planned", "planned amount", &self.planned)
                .unwrap_or(Money::zero(Currency::SEK));
            (planned, None)
        };
        errors.into_result(LinePlan {
            planned,
            unit_cost,
            note,
        })
    }

    /// The form filled with a stored plan.
    pub fn from_plan(plan: &LinePlan) -> LineInput {
        let (units, nights, rate) = match plan.unit_cost {
            Some(u) => (
                u.units.to_string(),
                u.nights.map(|n| n.to_string()).unwrap_or_default(),
                u.rate.plain(),
            ),
            None => Default::default(),
        };
        LineInput {
            planned: plan.planned.plain(),
            units,
            nights,
            rate,
            note: plan.note.clone(),
        }
    }
}

fn count(errors: &mut FieldErrors, field: &str, label: &str, text: &str, max: u32) -> Option<u32> {
    match text.trim().parse::<u32>() {
        Ok(n) if (1..=max).contains(&n) => Some(n),
        Ok(_) => {
            errors.add(field, format!("The {label} must be between 1 and {max}."));
            None
        }
        Err(_) => {
            errors.add(
                field,
                format!("Enter the {label} as a whole number, such as 12."),
            );
            None
        }
    }
}

fn amount(errors: &mut FieldErrors, field: &str, label: &str, text: &str) -> Option<Money> {
    if text.trim().is_empty() {
        errors.add(field, format!("Enter the {label} in SEK."));
        return None;
    }
    match Money::parse(text, Currency::SEK) {
        Ok(m) if m.amount().is_sign_negative() => {
            errors.add(field, format!("The {label} cannot be negative."));
            None
        }
        Ok(m) if m.amount() > Decimal::from(MAX_PLANNED_SEK) => {
            errors.add(
                field,
                format!("The {label} is more than one line can plan."),
            );
            None
        }
        Ok(m) => Some(m),
        Err(_) => {
            errors.add(
                field,
                format!("Enter the {label} as an amount in SEK with at most two decimals, such as 12 500,00."),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn input(planned: &str, units: &str, nights: &str, rate: &str) -> LineInput {
        LineInput {
            planned: planned.into(),
            units: units.into(),
            nights: nights.into(),
            rate: rate.into(),
            note: String::new(),
        }
    }

    #[test]
    fn calculator_multiplies_units_nights_and_rate_exactly() {
        let plan = input("", "24", "12", "1 150,50").validate().unwrap();
        assert_eq!(plan.planned.amount(), dec!(331344.00));
        assert_eq!(plan.unit_cost.unwrap().units, 24);
    }

    #[test]
    fn nights_left_empty_count_as_one() {
        let plan = input("", "30", "", "8500").validate().unwrap();
        assert_eq!(plan.planned.amount(), dec!(255000));
    }

    #[test]
    fn a_plain_amount_is_required_without_the_calculator() {
        let e = input("", "", "", "").validate().unwrap_err();
        assert!(e.for_field("planned").is_some());
        let plan = input("12 500,00", "", "", "").validate().unwrap();
        assert_eq!(plan.planned.amount(), dec!(12500.00));
        assert!(plan.unit_cost.is_none());
    }

    #[test]
    fn odd_values_are_refused_with_their_field() {
        assert!(
            input("-5", "", "", "")
                .validate()
                .unwrap_err()
                .for_field("planned")
                .is_some()
        );
        assert!(
            input("1,005", "", "", "")
                .validate()
                .unwrap_err()
                .for_field("planned")
                .is_some()
        );
        let e = input("", "0", "x", "10").validate().unwrap_err();
        assert!(e.for_field("units").is_some());
        assert!(e.for_field("nights").is_some());
        assert!(
            input("", "3", "", "")
                .validate()
                .unwrap_err()
                .for_field("rate")
                .is_some()
        );
    }

    #[test]
    fn a_stored_plan_fills_the_form_it_came_from() {
        let i = input("", "24", "12", "1150.50");
        let plan = i.validate().unwrap();
        assert_eq!(LineInput::from_plan(&plan).validate().unwrap(), plan);
    }

    proptest! {
        #[test]
        fn calculator_total_is_whole_ore_and_the_product(units in 1u32..=200, nights in 1u32..=60, ore in 0i64..100_000) {
            let rate = Money::from_minor_units(ore, Currency::SEK);
            let plan = input("", &units.to_string(), &nights.to_string(), &rate.plain()).validate().unwrap();
            let minor = plan.planned.to_minor_units().unwrap();
            prop_assert_eq!(minor, ore * i64::from(units) * i64::from(nights));
        }
    }
}
