//! Properties of the Skatteverket engine over many generated trips.

use crate::code::Code;
use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use proptest::prelude::*;
use rust_decimal::Decimal;

use super::{Meal, MealSet, Policy, PolicyRef, RateTable, Statement, Stay, Trip, quote};
use crate::country::CountryCode;

const COUNTRIES: [&str; 6] = ["SE", "UG", "KE", "NA", "GL", "ZA"];

/// A trip in 2024 (the year the shipped tables cover), up to three weeks long, with up to three
/// stays, and free meals on some of its dates.
#[derive(Debug, Clone)]
struct TripPlan {
    departure: NaiveDateTime,
    minutes: i64,
    /// Stay bounds as fractions (per mille) of the trip, with a country each.
    stays: Vec<(u16, u16, usize)>,
    /// Free meals per day offset from the departure date.
    meals: Vec<(i64, u8)>,
    lodging_paid: bool,
}

impl TripPlan {
    fn build(&self, extra_minutes: i64) -> Trip {
        let ret = self.departure + Duration::minutes(self.minutes);
        let at = |per_mille: u16| {
            self.departure + Duration::minutes(self.minutes * i64::from(per_mille) / 1000)
        };
        let mut cuts: Vec<(u16, u16, usize)> = self.stays.clone();
        cuts.sort();
        let mut stays: Vec<Stay> = Vec::new();
        let mut free_from = 0u16;
        for (a, b, country) in cuts {
            let (from, to) = (a.max(free_from), b.max(free_from));
            if at(from) < at(to) {
                stays.push(Stay {
                    country: CountryCode::parse(COUNTRIES[country]).unwrap(),
                    from: at(from),
                    to: at(to),
                });
                free_from = to;
            }
        }
        if stays.is_empty() {
            stays.push(Stay {
                country: CountryCode::parse(COUNTRIES[self.stays[0].2]).unwrap(),
                from: self.departure,
                to: ret,
            });
        }
        let days = (ret.date() - self.departure.date()).num_days();
        let mut free_meals: BTreeMap<NaiveDate, MealSet> = BTreeMap::new();
        for (offset, bits) in self.meals.iter().filter(|(offset, _)| *offset <= days) {
            let set = free_meals
                .entry(self.departure.date() + Duration::days(*offset))
                .or_default();
            for (i, meal) in Meal::ALL.iter().enumerate() {
                if bits & (1 << i) != 0 {
                    *set = set.with(*meal);
                }
            }
        }
        Trip::new(
            PolicyRef::Skatteverket,
            self.departure,
            ret + Duration::minutes(extra_minutes),
            stays,
            free_meals,
            self.lodging_paid,
        )
        .expect("generated trips are valid")
    }
}

fn trip_plan() -> impl Strategy<Value = TripPlan> {
    (
        0i64..200 * 24 * 60,
        1i64..21 * 24 * 60,
        prop::collection::vec((0u16..=1000, 0u16..=1000, 0..COUNTRIES.len()), 1..4),
        prop::collection::vec((0i64..22, 0u8..8), 0..6),
        any::<bool>(),
    )
        .prop_map(|(start, minutes, stays, meals, lodging_paid)| TripPlan {
            departure: NaiveDate::from_ymd_opt(2024, 3, 1)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap()
                + Duration::minutes(start),
            minutes,
            stays: stays
                .into_iter()
                .map(|(a, b, c)| (a.min(b), a.max(b), c))
                .collect(),
            meals,
            lodging_paid,
        })
}

fn quote_it(trip: &Trip) -> Statement {
    quote(
        trip,
        &Policy::Skatteverket,
        &RateTable::with_shipped_defaults(),
    )
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn a_free_meal_never_raises_an_amount(plan in trip_plan(), day in 0i64..22, meal in 0usize..3) {
        let without = plan.build(0);
        let mut with_meal = plan.clone();
        with_meal.meals.push((day, 1 << meal));
        let with = with_meal.build(0);
        let (a, b) = (quote_it(&without), quote_it(&with));
        prop_assert!(b.total.amount() <= a.total.amount());
        for (before, after) in a.days.iter().zip(&b.days) {
            prop_assert!(after.amount <= before.amount, "{} got {} with the meal, {} without", after.date, after.amount, before.amount);
        }
    }

    #[test]
    fn a_later_return_never_lowers_the_total(plan in trip_plan(), extra in 0i64..3 * 24 * 60) {
        let earlier = quote_it(&plan.build(0));
        let later = quote_it(&plan.build(extra));
        prop_assert!(later.total.amount() >= earlier.total.amount(), "{} then {}", earlier.total, later.total);
    }

    #[test]
    fn the_total_is_the_sum_of_the_lines(plan in trip_plan()) {
        let statement = quote_it(&plan.build(0));
        let sum: Decimal = statement.days.iter().map(|l| l.amount).chain(statement.nights.iter().map(|n| n.amount)).sum();
        prop_assert_eq!(statement.total.amount(), sum);
        for line in &statement.days {
            prop_assert_eq!(line.amount, line.base - line.reduction);
            prop_assert!(line.amount >= Decimal::ZERO);
            prop_assert_eq!(line.reduction.fract(), Decimal::ZERO, "reductions are whole kronor");
        }
        prop_assert!(statement.eligible || (statement.days.is_empty() && sum.is_zero()));
    }
}
