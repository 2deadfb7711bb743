//! Rule 6: free meals reduce the day. The meals, and the percentages they take off.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::code::Code;

/// A meal that can be provided free.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Meal {
    Breakfast,
    Lunch,
    Dinner,
}

impl Code for Meal {
    const ALL: &'static [Meal] = &[Meal::Breakfast, Meal::Lunch, Meal::Dinner];
    const WHAT: &'static str = "meal";

    fn code(self) -> &'static str {
        match self {
            Meal::Breakfast => "breakfast",
            Meal::Lunch => "lunch",
            Meal::Dinner => "dinner",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Meal::Breakfast => "Breakfast",
            Meal::Lunch => "Lunch",
            Meal::Dinner => "Dinner",
        }
    }

    /// Trips are written by hand (JSON, the command line): "Lunch" is lunch.
    fn parse(text: &str) -> Option<Meal> {
        let text = text.trim().to_ascii_lowercase();
        Meal::ALL.iter().copied().find(|m| m.code() == text)
    }
}

impl Meal {
    fn bit(self) -> u8 {
        match self {
            Meal::Breakfast => 1,
            Meal::Lunch => 2,
            Meal::Dinner => 4,
        }
    }
}

/// The free meals of one day. Serialises as a list of meal names.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct MealSet(u8);

impl MealSet {
    pub const NONE: MealSet = MealSet(0);

    pub fn with(self, meal: Meal) -> MealSet {
        MealSet(self.0 | meal.bit())
    }

    pub fn contains(self, meal: Meal) -> bool {
        self.0 & meal.bit() != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The meals in the order of the day.
    pub fn iter(self) -> impl Iterator<Item = Meal> {
        Meal::ALL.iter().copied().filter(move |m| self.contains(*m))
    }
}

impl FromIterator<Meal> for MealSet {
    fn from_iter<I: IntoIterator<Item = Meal>>(iter: I) -> Self {
        iter.into_iter().fold(MealSet::NONE, MealSet::with)
    }
}

impl Serialize for MealSet {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for MealSet {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Vec::<Meal>::deserialize(d)?.into_iter().collect())
    }
}

/// How much of the day's amount each free meal takes away, in percent (15 means 15 %).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MealPercentages {
    pub breakfast: Decimal,
    pub lunch: Decimal,
    pub dinner: Decimal,
}

impl MealPercentages {
    /// Skatteverket, travel abroad: breakfast 15 %, lunch 35 %, dinner 35 % of the normalbelopp
    /// (SKV A 2019:24; the contract's rule 6).
    pub const SKATTEVERKET_ABROAD: MealPercentages = MealPercentages {
        breakfast: Decimal::from_parts(15, 0, 0, false, 0),
        lunch: Decimal::from_parts(35, 0, 0, false, 0),
        dinner: Decimal::from_parts(35, 0, 0, false, 0),
    };

    /// Skatteverket, travel in Sweden: breakfast 20 %, lunch 35 %, dinner 35 % of the maximum
    /// amount (the contract's rule 6).
    pub const SKATTEVERKET_SWEDEN: MealPercentages = MealPercentages {
        breakfast: Decimal::from_parts(20, 0, 0, false, 0),
        lunch: Decimal::from_parts(35, 0, 0, false, 0),
        dinner: Decimal::from_parts(35, 0, 0, false, 0),
    };

    pub fn of(&self, meal: Meal) -> Decimal {
        match meal {
            Meal::Breakfast => self.breakfast,
            Meal::Lunch => self.lunch,
            Meal::Dinner => self.dinner,
        }
    }

    /// The percentages of the free meals, added up (rule 6: they add before they apply).
    pub fn total_for(&self, meals: MealSet) -> Decimal {
        meals.iter().map(|m| self.of(m)).sum()
    }
}

/// Rounds a meal reduction half up to whole kronor.
///
/// Skatteverket publishes its meal reductions rounded this way: 290 kr × 35 % = 101.50 kr is
/// listed as 102 kr (the contract's rule 6). Reductions are never negative, so "half up" and
/// "half away from zero" agree.
pub fn round_reduction_half_up_to_whole_krona(reduction: Decimal) -> Decimal {
    reduction.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
}

/// The reduction for the free meals of a day whose amount before meals is `day_amount`.
pub(crate) struct MealReduction {
    /// What the percentages give before rounding.
    pub unrounded: Decimal,
    /// What is taken off: rounded, and never more than the day's amount (a day never goes below
    /// zero).
    pub reduction: Decimal,
    pub capped: bool,
}

pub(crate) fn meal_reduction(day_amount: Decimal, percent: Decimal) -> Option<MealReduction> {
    if percent.is_zero() {
        return Some(MealReduction {
            unrounded: Decimal::ZERO,
            reduction: Decimal::ZERO,
            capped: false,
        });
    }
    let unrounded = day_amount.checked_mul(percent)? / Decimal::ONE_HUNDRED;
    let rounded = round_reduction_half_up_to_whole_krona(unrounded);
    let capped = rounded > day_amount;
    Some(MealReduction {
        unrounded,
        reduction: if capped { day_amount } else { rounded },
        capped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn meals(list: &[Meal]) -> MealSet {
        list.iter().copied().collect()
    }

    #[test]
    fn half_krona_rounds_up() {
        // 290 × 35 % = 101.5 → 102 (Skatteverket's domestic table).
        assert_eq!(
            round_reduction_half_up_to_whole_krona(dec!(101.5)),
            dec!(102)
        );
        assert_eq!(
            round_reduction_half_up_to_whole_krona(dec!(101.49)),
            dec!(101)
        );
        assert_eq!(round_reduction_half_up_to_whole_krona(dec!(63.3)), dec!(63));
        assert_eq!(round_reduction_half_up_to_whole_krona(dec!(0.5)), dec!(1));
    }

    #[test]
    fn domestic_lunch_on_290_takes_102() {
        let r = meal_reduction(dec!(290), MealPercentages::SKATTEVERKET_SWEDEN.lunch).unwrap();
        assert_eq!(r.unrounded, dec!(101.5));
        assert_eq!(r.reduction, dec!(102));
    }

    #[test]
    fn percentages_add_up_before_rounding() {
        // Skatteverket's 2024 domestic table: breakfast and lunch 290 × 55 % = 159.5 → 160,
        // not 58 + 102 = 160 by luck; all three meals 290 × 90 % = 261, not 58 + 102 + 102.
        let sweden = MealPercentages::SKATTEVERKET_SWEDEN;
        let all = sweden.total_for(meals(Meal::ALL));
        assert_eq!(all, dec!(90));
        assert_eq!(meal_reduction(dec!(290), all).unwrap().reduction, dec!(261));
        let abroad = MealPercentages::SKATTEVERKET_ABROAD;
        assert_eq!(
            abroad.total_for(meals(&[Meal::Breakfast, Meal::Dinner])),
            dec!(50)
        );
        assert_eq!(abroad.total_for(MealSet::NONE), dec!(0));
    }

    #[test]
    fn reduction_never_exceeds_the_day() {
        let r = meal_reduction(dec!(100), dec!(120)).unwrap();
        assert_eq!(r.reduction, dec!(100));
        assert!(r.capped);
    }
}
