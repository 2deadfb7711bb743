//! The Skatteverket policy: rules 1–7 of the contract applied to a trip.

use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;

use super::calendar::{day_window, has_night_away, nights, skatteverket_day_kind, stay_for_window};
use super::meals::{MealPercentages, meal_reduction};
use super::statement::{
    DayKind, DayLine, DayRule, LongStay, NightLine, NightRule, PolicyUsed, Statement,
};
use super::trip::{Stay, Trip};
use super::{PerDiemError, RateTable};
use crate::money::Money;

const FULL: Decimal = Decimal::ONE_HUNDRED;
const HALF: Decimal = Decimal::from_parts(50, 0, 0, false, 0);
/// Rule 5: after three months a full day gets 70 % (Inkomstskattelagen 12 kap. 6 §; the amounts
/// for temporary work, 12 kap. 18–22 §§).
const LONG_STAY_FULL_DAY: Decimal = Decimal::from_parts(70, 0, 0, false, 0);
/// Rule 5: after three months a half day gets nothing (RÅ 2006 ref. 59).
const LONG_STAY_HALF_DAY: Decimal = Decimal::ZERO;
const THREE_MONTHS: Months = Months::new(3);

pub(crate) fn quote_skatteverket(
    trip: &Trip,
    rates: &RateTable,
) -> Result<Statement, PerDiemError> {
    if !has_night_away(trip) {
        return Ok(Statement::ineligible(PolicyUsed::Skatteverket));
    }
    let stays = trip.stays();
    let mut days = Vec::new();
    for date in trip.dates() {
        let (kind, kind_reason) = skatteverket_day_kind(trip, date);
        let (start, end) = day_window(date);
        let (stay_index, country_reason) = stay_for_window(stays, start, end);
        let stay = &stays[stay_index];
        let (rate, full_day_rate) = rates.full_day_rate(date.year(), stay.country)?;
        let long_stay = long_stay(stay, date);
        let share_percent = match (kind, long_stay.is_some()) {
            (DayKind::Full, false) => FULL,
            (DayKind::Half, false) => HALF,
            (DayKind::Full, true) => LONG_STAY_FULL_DAY,
            (DayKind::Half, true) => LONG_STAY_HALF_DAY,
        };
        let base = full_day_rate
            .checked_mul(share_percent)
            .ok_or(PerDiemError::AmountTooLarge)?
            / Decimal::ONE_HUNDRED;
        let meal_percentages = if stay.country.is_sweden() {
            MealPercentages::SKATTEVERKET_SWEDEN
        } else {
            MealPercentages::SKATTEVERKET_ABROAD
        };
        let free_meals = trip.free_meals_on(date);
        let meal_percent = meal_percentages.total_for(free_meals);
        let reduction = meal_reduction(base, meal_percent).ok_or(PerDiemError::AmountTooLarge)?;
        days.push(DayLine {
            date,
            country: stay.country,
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
                long_stay,
                free_meals,
                meal_percentages,
                meal_percent,
                unrounded_reduction: reduction.unrounded,
                reduction_capped: reduction.capped,
            },
        });
    }
    let nights = if trip.lodging_paid() {
        Vec::new()
    } else {
        night_allowances(trip, rates)?
    };
    finish(days, nights, PolicyUsed::Skatteverket)
}

/// Rule 5: from the first day after three calendar months since the stay began. Skatteverket
/// counts the three months in calendar months from the day the stay began (rättslig vägledning
/// "Tremånadersregeln"): a stay begun on 10 January is lowered from 10 April.
fn long_stay(stay: &Stay, date: NaiveDate) -> Option<LongStay> {
    let stay_began = stay.from.date();
    let lowered_from = stay_began.checked_add_months(THREE_MONTHS)?;
    (date >= lowered_from).then_some(LongStay {
        stay_began,
        lowered_from,
    })
}

/// Rule 7: half the full-day rate of the night's country, for the year of the evening's date.
fn night_allowances(trip: &Trip, rates: &RateTable) -> Result<Vec<NightLine>, PerDiemError> {
    nights(trip)
        .map(|(date, start, end)| {
            let (stay_index, country_reason) = stay_for_window(trip.stays(), start, end);
            let country = trip.stays()[stay_index].country;
            let (rate, full_day_rate) = rates.full_day_rate(date.year(), country)?;
            Ok(NightLine {
                date,
                country,
                amount: full_day_rate * HALF / Decimal::ONE_HUNDRED,
                rule: NightRule {
                    country_reason,
                    rate,
                    full_day_rate,
                },
            })
        })
        .collect()
}

/// Adds the lines up into a statement.
pub(crate) fn finish(
    days: Vec<DayLine>,
    nights: Vec<NightLine>,
    policy: PolicyUsed,
) -> Result<Statement, PerDiemError> {
    let amounts = days
        .iter()
        .map(|d| d.amount)
        .chain(nights.iter().map(|n| n.amount));
    let mut total = Decimal::ZERO;
    for amount in amounts {
        total = total
            .checked_add(amount)
            .ok_or(PerDiemError::AmountTooLarge)?;
    }
    // No rule rounds a day or night to öre, so an amount between öre would have to be rounded by
    // no rule at all (or printed rounded while the total is not). Whole-krona rates never get
    // here: 50 %, 70 % and whole-percent shares of whole kronor stay in öre.
    let between_ore = days
        .iter()
        .map(|d| (d.date, d.base))
        .chain(days.iter().map(|d| (d.date, d.amount)))
        .chain(nights.iter().map(|n| (n.date, n.amount)))
        // `scale` first: normalising is the costly part, and rarely needed.
        .find(|(_, amount)| amount.scale() > 2 && amount.normalize().scale() > 2);
    if let Some((date, amount)) = between_ore {
        return Err(PerDiemError::AmountBetweenOre {
            date: date.to_string(),
            amount: amount.normalize().to_string(),
        });
    }
    Ok(Statement {
        eligible: true,
        days,
        nights,
        total: Money::sek(total),
        policy,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::per_diem::statement::{CountryReason, DayKindReason};
    use crate::per_diem::test_support::{TripBuilder, d};
    use crate::per_diem::{ForeignRate, Meal, Policy, RateArea, RateSource, quote};
    use rust_decimal_macros::dec;

    fn shipped() -> RateTable {
        RateTable::with_shipped_defaults()
    }

    fn quote_skv(trip: &Trip) -> Statement {
        quote(trip, &Policy::Skatteverket, &shipped()).unwrap()
    }

    fn figures(
        statement: &Statement,
    ) -> Vec<(String, &'static str, DayKind, Decimal, Decimal, Decimal)> {
        statement
            .days
            .iter()
            .map(|l| {
                (
                    l.date.to_string(),
                    l.country.as_str(),
                    l.kind,
                    l.base,
                    l.reduction,
                    l.amount,
                )
            })
            .collect()
    }

    /// The contract's Uganda example: out 10:00 day 1, home 18:00 day 5, free breakfast days 2–4.
    fn uganda_2024() -> TripBuilder {
        TripBuilder::new("2024-03-04T10:00", "2024-03-08T18:00")
            .stay("UG", "2024-03-04T22:00", "2024-03-08T06:00")
            .free("2024-03-05", &[Meal::Breakfast])
            .free("2024-03-06", &[Meal::Breakfast])
            .free("2024-03-07", &[Meal::Breakfast])
    }

    #[test]
    fn contract_example_domestic_2025_gives_623() {
        // Out 13:00, home 20:00 two days later, free lunch on day 2: 145 + (290 − 102) + 290.
        let trip = TripBuilder::new("2025-05-06T13:00", "2025-05-08T20:00")
            .stay("SE", "2025-05-06T13:00", "2025-05-08T20:00")
            .free("2025-05-07", &[Meal::Lunch])
            .build();
        let statement = quote_skv(&trip);
        assert_eq!(
            figures(&statement),
            [
                (
                    "2025-05-06".into(),
                    "SE",
                    DayKind::Half,
                    dec!(145),
                    dec!(0),
                    dec!(145)
                ),
                (
                    "2025-05-07".into(),
                    "SE",
                    DayKind::Full,
                    dec!(290),
                    dec!(102),
                    dec!(188)
                ),
                (
                    "2025-05-08".into(),
                    "SE",
                    DayKind::Full,
                    dec!(290),
                    dec!(0),
                    dec!(290)
                ),
            ]
        );
        assert_eq!(statement.total.plain(), "623.00");
    }

    #[test]
    fn contract_example_uganda_2024_gives_1710() {
        let statement = quote_skv(&uganda_2024().build());
        // 4 × 422 + 211 − 3 × 63.
        assert_eq!(statement.total.plain(), "1710.00");
        let kinds: Vec<DayKind> = statement.days.iter().map(|l| l.kind).collect();
        assert_eq!(
            kinds,
            [
                DayKind::Full,
                DayKind::Full,
                DayKind::Full,
                DayKind::Full,
                DayKind::Half
            ]
        );
        let breakfast_day = &statement.days[1];
        assert_eq!(
            (
                breakfast_day.base,
                breakfast_day.reduction,
                breakfast_day.amount
            ),
            (dec!(422), dec!(63), dec!(359))
        );
        assert_eq!(breakfast_day.rule.unrounded_reduction, dec!(63.30));
        assert_eq!(statement.days[4].base, dec!(211));
        assert!(statement.days.iter().all(|l| l.country.as_str() == "UG"));
        assert!(statement.nights.is_empty(), "lodging was paid");
    }

    #[test]
    fn contract_example_out_at_eight_home_at_half_past_seven_is_two_full_days() {
        let trip = TripBuilder::new("2024-03-04T08:00", "2024-03-05T19:30")
            .stay("SE", "2024-03-04T09:00", "2024-03-05T17:00")
            .build();
        let statement = quote_skv(&trip);
        assert_eq!(
            statement.days.iter().map(|l| l.kind).collect::<Vec<_>>(),
            [DayKind::Full, DayKind::Full]
        );
        assert_eq!(statement.total.plain(), "580.00");
    }

    #[test]
    fn day_trip_without_a_night_is_not_eligible() {
        let trip = TripBuilder::new("2024-03-04T06:00", "2024-03-04T23:00")
            .stay("SE", "2024-03-04T08:00", "2024-03-04T17:00")
            .free("2024-03-04", &[Meal::Lunch])
            .lodging_unpaid()
            .build();
        let statement = quote_skv(&trip);
        assert!(!statement.eligible);
        assert_eq!(
            serde_json::to_string(&statement).unwrap(),
            r#"{"eligible":false,"days":[],"nights":[],"total":"0.00","currency":"SEK"}"#
        );
    }

    #[test]
    fn statement_json_has_the_shape_of_the_issue() {
        let trip = TripBuilder::new("2024-03-04T10:00", "2024-03-05T18:00")
            .stay("UG", "2024-03-04T20:00", "2024-03-05T06:00")
            .free("2024-03-04", &[Meal::Breakfast])
            .lodging_unpaid()
            .build();
        let json = serde_json::to_string(&quote_skv(&trip)).unwrap();
        assert_eq!(
            json,
            concat!(
                r#"{"eligible":true,"days":["#,
                r#"{"date":"2024-03-04","country":"UG","kind":"full","base":"422.00","reduction":"63.00","amount":"359.00"},"#,
                r#"{"date":"2024-03-05","country":"UG","kind":"half","base":"211.00","reduction":"0.00","amount":"211.00"}],"#,
                r#""nights":[{"date":"2024-03-04","country":"UG","amount":"211.00"}],"#,
                r#""total":"781.00","currency":"SEK"}"#
            )
        );
    }

    #[test]
    fn trip_over_new_year_uses_each_days_own_year() {
        let mut rates = RateTable::new();
        rates.set_domestic_maximum(2023, dec!(260));
        rates.set_domestic_maximum(2024, dec!(290));
        rates.set_foreign_rate(
            2023,
            RateArea::OtherCountries,
            ForeignRate {
                amount: dec!(480),
                via: None,
            },
        );
        rates.set_foreign_rate(
            2024,
            RateArea::OtherCountries,
            ForeignRate {
                amount: dec!(493),
                via: None,
            },
        );
        let trip = TripBuilder::new("2023-12-30T08:00", "2024-01-02T20:00")
            .stay("SE", "2023-12-30T08:00", "2023-12-30T12:00")
            .stay("NA", "2023-12-31T08:00", "2024-01-02T12:00")
            .lodging_unpaid()
            .build();
        let statement = quote(&trip, &Policy::Skatteverket, &rates).unwrap();
        let bases: Vec<Decimal> = statement.days.iter().map(|l| l.base).collect();
        assert_eq!(bases, [dec!(260), dec!(480), dec!(493), dec!(493)]);
        assert_eq!(
            statement.days[1].rule.rate,
            RateSource::OtherCountries { year: 2023 }
        );
        // The night after 31 December counts in 2023, the year of its evening.
        let nights: Vec<(String, Decimal)> = statement
            .nights
            .iter()
            .map(|n| (n.date.to_string(), n.amount))
            .collect();
        assert_eq!(
            nights,
            [
                ("2023-12-30".into(), dec!(240)),
                ("2023-12-31".into(), dec!(240)),
                ("2024-01-01".into(), dec!(246.5))
            ]
        );
    }

    #[test]
    fn greenland_takes_denmarks_row_by_reference() {
        let trip = TripBuilder::new("2024-06-01T07:00", "2024-06-03T21:00")
            .stay("GL", "2024-06-01T15:00", "2024-06-03T10:00")
            .build();
        let statement = quote_skv(&trip);
        assert!(statement.days.iter().all(|l| l.base == dec!(1274)));
        assert!(
            statement.days[0]
                .explanation()
                .contains("listed as that of Denmark")
        );
    }

    #[test]
    fn after_three_months_a_full_day_gets_70_percent_and_a_half_day_nothing() {
        let trip = TripBuilder::new("2024-01-10T08:00", "2024-04-12T18:00")
            .stay("UG", "2024-01-10T20:00", "2024-04-12T06:00")
            .free("2024-04-10", &[Meal::Lunch])
            .build();
        let statement = quote_skv(&trip);
        let day = |date: &str| statement.days.iter().find(|l| l.date == d(date)).unwrap();
        assert_eq!(
            day("2024-04-09").base,
            dec!(422),
            "three months end on 9 April"
        );
        assert!(day("2024-04-09").rule.long_stay.is_none());
        let lowered = day("2024-04-10");
        assert_eq!(lowered.base, dec!(295.40));
        // 295.40 × 35 % = 103.39, rounded to 103.
        assert_eq!(
            (lowered.reduction, lowered.amount),
            (dec!(103), dec!(192.40))
        );
        assert_eq!(
            lowered.rule.long_stay.unwrap().lowered_from,
            d("2024-04-10")
        );
        let home = day("2024-04-12");
        assert_eq!(
            (home.kind, home.base, home.amount),
            (DayKind::Half, dec!(0), dec!(0))
        );
        assert!(
            lowered.explanation().contains("Long stay"),
            "{}",
            lowered.explanation()
        );
    }

    #[test]
    fn day_with_several_countries_goes_to_the_longest_stay() {
        let trip = TripBuilder::new("2024-03-04T08:00", "2024-03-07T20:00")
            .stay("UG", "2024-03-04T18:00", "2024-03-05T13:00")
            .stay("KE", "2024-03-05T15:00", "2024-03-07T12:00")
            .lodging_unpaid()
            .build();
        let statement = quote_skv(&trip);
        let countries: Vec<&str> = statement.days.iter().map(|l| l.country.as_str()).collect();
        // 5 March: UG 06–13 (7 h), KE 15–24 (9 h).
        assert_eq!(countries, ["UG", "KE", "KE", "KE"]);
        assert_eq!(
            statement.days[1].rule.country_reason,
            CountryReason::MostTimeInWindow
        );
        assert_eq!(statement.days[1].base, dec!(435));
        let night_countries: Vec<&str> = statement
            .nights
            .iter()
            .map(|n| n.country.as_str())
            .collect();
        assert_eq!(night_countries, ["UG", "KE", "KE"]);
    }

    #[test]
    fn free_meal_on_a_half_day_reduces_the_half_amount() {
        let trip = uganda_2024().free("2024-03-08", &[Meal::Breakfast]).build();
        let home = quote_skv(&trip).days.pop().unwrap();
        // 211 × 15 % = 31.65 → 32.
        assert_eq!(
            (home.base, home.reduction, home.amount),
            (dec!(211), dec!(32), dec!(179))
        );
        assert_eq!(
            home.rule.kind_reason,
            DayKindReason::ReturnedAtOrBeforeSeven {
                returned: chrono::NaiveTime::from_hms_opt(18, 0, 0).unwrap()
            }
        );
    }

    #[test]
    fn domestic_days_take_the_swedish_breakfast_percentage() {
        let trip = TripBuilder::new("2024-03-04T08:00", "2024-03-05T20:00")
            .stay("SE", "2024-03-04T09:00", "2024-03-05T17:00")
            .free("2024-03-05", &[Meal::Breakfast, Meal::Lunch])
            .build();
        let day = quote_skv(&trip).days.pop().unwrap();
        // 290 × (20 + 35) % = 159.5 → 160.
        assert_eq!((day.reduction, day.amount), (dec!(160), dec!(130)));
    }

    #[test]
    fn night_allowance_is_half_the_nights_rate_when_lodging_is_not_paid() {
        let statement = quote_skv(&uganda_2024().lodging_unpaid().build());
        let nights: Vec<(String, Decimal)> = statement
            .nights
            .iter()
            .map(|n| (n.date.to_string(), n.amount))
            .collect();
        assert_eq!(
            nights,
            [
                ("2024-03-04".into(), dec!(211)),
                ("2024-03-05".into(), dec!(211)),
                ("2024-03-06".into(), dec!(211)),
                ("2024-03-07".into(), dec!(211)),
            ]
        );
        assert_eq!(statement.total.plain(), "2554.00");
        assert!(
            statement.nights[0]
                .explanation()
                .contains("Half the full-day rate: 211.00\u{a0}SEK")
        );
    }

    #[test]
    fn rates_used_lists_each_rate_once_in_order_of_use() {
        let trip = TripBuilder::new("2024-03-04T08:00", "2024-03-07T20:00")
            .stay("UG", "2024-03-04T18:00", "2024-03-05T13:00")
            .stay("KE", "2024-03-05T15:00", "2024-03-07T12:00")
            .lodging_unpaid()
            .build();
        let used: Vec<(&str, Decimal)> = quote_skv(&trip)
            .rates_used()
            .iter()
            .map(|r| (r.country.as_str(), r.full_day_rate))
            .collect();
        assert_eq!(used, [("UG", dec!(422)), ("KE", dec!(435))]);
    }

    #[test]
    fn country_without_its_own_row_takes_other_countries() {
        let trip = TripBuilder::new("2024-03-04T08:00", "2024-03-05T20:00")
            .stay("NA", "2024-03-04T20:00", "2024-03-05T10:00")
            .build();
        let statement = quote_skv(&trip);
        assert_eq!(statement.total.plain(), "986.00");
        assert!(
            statement.days[0]
                .explanation()
                .contains("other countries and areas")
        );
    }

    #[test]
    fn rates_that_give_amounts_between_ore_are_refused_not_rounded() {
        // 422.55 / 2 = 211.275: printing 211.28 twice beside a total of 422.55 would contradict
        // itself, and öre columns cannot hold it.
        let mut rates = RateTable::new();
        rates.set_foreign_rate(
            2024,
            RateArea::OtherCountries,
            ForeignRate {
                amount: dec!(422.55),
                via: None,
            },
        );
        let trip = TripBuilder::new("2024-03-04T13:00", "2024-03-05T18:00")
            .stay("UG", "2024-03-04T20:00", "2024-03-05T10:00")
            .build();
        assert_eq!(
            quote(&trip, &Policy::Skatteverket, &rates)
                .unwrap_err()
                .to_string(),
            "the rates give 211.275 SEK on 2024-03-04, which is not a whole number of öre: \
             per-diem rates must be whole kronor"
        );
    }

    #[test]
    fn missing_rate_is_an_error_naming_country_and_year() {
        let trip = TripBuilder::new("2025-03-04T08:00", "2025-03-05T20:00")
            .stay("UG", "2025-03-04T20:00", "2025-03-05T10:00")
            .build();
        let err = quote(&trip, &Policy::Skatteverket, &shipped()).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("no normalbelopp for Uganda (UG) in 2025"),
            "{err}"
        );
    }

    #[test]
    fn explanation_names_every_rule_of_the_line() {
        let statement = quote_skv(&uganda_2024().build());
        assert_eq!(
            statement.days[1].explanation(),
            "Full day: away the whole day. Uganda (UG): most time there between 06:00 and 24:00. \
             Rate: Skatteverket's normalbelopp for Uganda in 2024, 422.00\u{a0}SEK. \
             Free breakfast: 15 % of 422.00\u{a0}SEK = 63.30\u{a0}SEK, rounded half up to whole kronor: 63.00\u{a0}SEK. \
             Amount: 359.00\u{a0}SEK."
        );
        assert!(
            statement.days[4]
                .explanation()
                .starts_with("Half day: the trip ended at 18:00, at or before 19:00.")
        );
        assert!(
            statement.days[4]
                .explanation()
                .contains("50 % of the rate: 211.00\u{a0}SEK.")
        );
        assert_eq!(
            statement.policy.description(),
            "Skatteverket's rules for per diem (traktamente)"
        );
    }
}
