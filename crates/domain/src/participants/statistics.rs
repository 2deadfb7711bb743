//! Participant statistics for the funder, without names: the age bands Sida-funded programmes
//! report in, and the completion of each participant.

/// An age band, by the age a participant reaches in the cohort's year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AgeBand {
    Under30,
    From30To39,
    From40To49,
    From50To59,
    From60,
    /// No year of birth given (or removed by the retention purge), or one no adult official
    /// could have.
    NotGiven,
}

crate::codes!(AgeBand as "age band" {
    Under30 = "under_30": "Under 30",
    From30To39 = "30_39": "30–39",
    From40To49 = "40_49": "40–49",
    From50To59 = "50_59": "50–59",
    From60 = "60_and_over": "60 and over",
    NotGiven = "not_given": "Not given",
});

/// The youngest and oldest age a participant can plausibly reach in a programme's year: outside
/// them the year of birth is a slip of the keyboard, counted as not given.
const PLAUSIBLE: std::ops::RangeInclusive<i32> = 16..=100;

/// The band of a person born in `year_of_birth`, by the age they reach in `in_year`.
pub fn age_band(year_of_birth: Option<i32>, in_year: i32) -> AgeBand {
    let Some(born) = year_of_birth else {
        return AgeBand::NotGiven;
    };
    let age = in_year.saturating_sub(born);
    if !PLAUSIBLE.contains(&age) {
        return AgeBand::NotGiven;
    }
    match age {
        ..30 => AgeBand::Under30,
        30..40 => AgeBand::From30To39,
        40..50 => AgeBand::From40To49,
        50..60 => AgeBand::From50To59,
        _ => AgeBand::From60,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn bands_begin_at_thirty_forty_fifty_and_sixty() {
        assert_eq!(age_band(Some(1998), 2027), AgeBand::Under30);
        assert_eq!(age_band(Some(1997), 2027), AgeBand::From30To39);
        assert_eq!(age_band(Some(1988), 2027), AgeBand::From30To39);
        assert_eq!(age_band(Some(1987), 2027), AgeBand::From40To49);
        assert_eq!(age_band(Some(1977), 2027), AgeBand::From50To59);
        assert_eq!(age_band(Some(1967), 2027), AgeBand::From60);
    }

    #[test]
    fn a_missing_or_impossible_year_is_not_given() {
        assert_eq!(age_band(None, 2027), AgeBand::NotGiven);
        assert_eq!(age_band(Some(2020), 2027), AgeBand::NotGiven);
        assert_eq!(age_band(Some(1900), 2027), AgeBand::NotGiven);
        assert_eq!(age_band(Some(i32::MIN), 2027), AgeBand::NotGiven);
        assert_eq!(age_band(Some(i32::MAX), 2027), AgeBand::NotGiven);
    }

    proptest! {
        #[test]
        fn an_older_person_is_never_in_a_younger_band(
            born in 1920i32..2010,
            older_by in 0i32..40,
            year in 2020i32..2040,
        ) {
            let younger = age_band(Some(born), year);
            let older = age_band(Some(born - older_by), year);
            if younger != AgeBand::NotGiven && older != AgeBand::NotGiven {
                prop_assert!(older >= younger);
            }
        }

        #[test]
        fn every_plausible_age_has_a_band(age in 16i32..=100, year in 2000i32..2100) {
            prop_assert_ne!(age_band(Some(year - age), year), AgeBand::NotGiven);
        }
    }
}
