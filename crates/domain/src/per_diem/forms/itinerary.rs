//! The itinerary as the statement form holds it: departure and return, rows of stays (blank rows
//! are ignored, so the form can offer spare ones), the free meals ticked per date, and whether the
//! employer paid the lodging. Checked into a [`Trip`] with each problem on its own field.

use crate::code::Code;
use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::{local_time, parse_country};
use crate::per_diem::trip::{PolicyRef, Stay, Trip, format_local_time};
use crate::per_diem::{Meal, MealSet, PerDiemError};
use crate::validation::FieldErrors;

/// One row of the stays table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StayInput {
    pub country: String,
    pub from: String,
    pub to: String,
}

impl StayInput {
    fn is_blank(&self) -> bool {
        self.country.trim().is_empty() && self.from.trim().is_empty() && self.to.trim().is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItineraryInput {
    pub departure: String,
    pub return_at: String,
    pub stays: Vec<StayInput>,
    /// The meals ticked, by date as the form sent it.
    pub free_meals: BTreeMap<String, BTreeSet<String>>,
    pub lodging_paid: bool,
}

impl Default for ItineraryInput {
    fn default() -> Self {
        ItineraryInput {
            departure: String::new(),
            return_at: String::new(),
            stays: Vec::new(),
            free_meals: BTreeMap::new(),
            lodging_paid: true,
        }
    }
}

/// The form field of a stay row's column (`country`, `from`, `to`), rows numbered from 1.
pub fn stay_field(column: &str, row: usize) -> String {
    format!("stay_{column}_{row}")
}

/// The form field of the free meals of a date: its values are the meals ticked.
pub fn meal_field(date: NaiveDate) -> String {
    format!("meals_{date}")
}

/// The longest trip the form offers a day grid for: two years, as the engine allows.
const MAX_GRID_DAYS: i64 = 732;

impl ItineraryInput {
    /// The form filled in from a stored trip.
    pub fn from_trip(trip: &Trip) -> ItineraryInput {
        ItineraryInput {
            departure: format_local_time(trip.departure()),
            return_at: format_local_time(trip.return_at()),
            stays: trip
                .stays()
                .iter()
                .map(|s| StayInput {
                    country: s.country.to_string(),
                    from: format_local_time(s.from),
                    to: format_local_time(s.to),
                })
                .collect(),
            free_meals: trip
                .free_meals()
                .iter()
                .map(|(date, meals)| {
                    (
                        date.to_string(),
                        meals.iter().map(|m| m.code().to_owned()).collect(),
                    )
                })
                .collect(),
            lodging_paid: trip.lodging_paid(),
        }
    }

    /// The dates of the trip as typed so far, for the grid of free meals; `None` until the
    /// departure and return read as a trip.
    pub fn trip_dates(&self) -> Option<Vec<NaiveDate>> {
        let mut scratch = FieldErrors::new();
        let departure = local_time(&mut scratch, "d", "d", &self.departure)?.date();
        let return_date = local_time(&mut scratch, "r", "r", &self.return_at)?.date();
        let days = (return_date - departure).num_days();
        (0..=MAX_GRID_DAYS).contains(&days).then(|| {
            departure
                .iter_days()
                .take_while(|d| *d <= return_date)
                .collect()
        })
    }

    /// What is wrong with the departure and return as typed so far, for "Show the days", which
    /// saves nothing but must not pass over a return before the departure in silence.
    pub fn date_errors(&self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        let typed = |text: &str| !text.trim().is_empty();
        let departure = typed(&self.departure)
            .then(|| local_time(&mut errors, "departure", "departure", &self.departure))
            .flatten();
        let return_at = typed(&self.return_at)
            .then(|| local_time(&mut errors, "return_at", "return", &self.return_at))
            .flatten();
        if let (Some(d), Some(r)) = (departure, return_at)
            && r < d
        {
            errors.add("return_at", RETURN_BEFORE_DEPARTURE);
        }
        errors
    }

    pub fn is_ticked(&self, date: NaiveDate, meal: Meal) -> bool {
        self.free_meals
            .get(&date.to_string())
            .is_some_and(|meals| meals.contains(meal.code()))
    }

    /// The trip, or every problem with the fields that hold it.
    pub fn to_trip(&self, policy: PolicyRef) -> Result<Trip, FieldErrors> {
        let mut errors = FieldErrors::new();
        let departure = local_time(&mut errors, "departure", "departure", &self.departure);
        let return_at = local_time(&mut errors, "return_at", "return", &self.return_at);
        let mut rows = Vec::new();
        let mut stays = Vec::new();
        for (i, stay) in self.stays.iter().enumerate() {
            let row = i + 1;
            if stay.is_blank() {
                continue;
            }
            let country = if stay.country.trim().is_empty() {
                errors.add(
                    &stay_field("country", row),
                    format!("Enter the country of stay {row}."),
                );
                None
            } else {
                let found = parse_country(&stay.country);
                if found.is_none() {
                    errors.add(
                        &stay_field("country", row),
                        format!(
                            "'{}' in stay {row} is not a country: enter its ISO code (such as UG) \
                             or its English name.",
                            stay.country.trim()
                        ),
                    );
                }
                found
            };
            let from = local_time(
                &mut errors,
                &stay_field("from", row),
                &format!("start of stay {row}"),
                &stay.from,
            );
            let to = local_time(
                &mut errors,
                &stay_field("to", row),
                &format!("end of stay {row}"),
                &stay.to,
            );
            if let (Some(country), Some(from), Some(to)) = (country, from, to) {
                rows.push(row);
                stays.push(Stay { country, from, to });
            }
        }
        // Said here, whatever else is wrong, so the person sees it with the other problems.
        if let (Some(d), Some(r)) = (departure, return_at)
            && r < d
        {
            errors.add("return_at", RETURN_BEFORE_DEPARTURE);
        }
        let mut free_meals: BTreeMap<NaiveDate, MealSet> = BTreeMap::new();
        for (date, meals) in &self.free_meals {
            let Ok(day) = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d") else {
                errors.add("meals", format!("'{date}' is not a date (YYYY-MM-DD)."));
                continue;
            };
            for name in meals {
                match Meal::parse(name) {
                    Some(meal) => {
                        let set = free_meals.entry(day).or_default();
                        *set = set.with(meal);
                    }
                    None => errors.add(
                        "meals",
                        format!(
                            "'{name}' on {date} is not a meal: tick breakfast, lunch or dinner."
                        ),
                    ),
                }
            }
        }
        free_meals.retain(|_, set| !set.is_empty());
        let (Some(departure), Some(return_at), true) = (departure, return_at, errors.is_empty())
        else {
            return Err(errors);
        };
        Trip::new(
            policy,
            departure,
            return_at,
            stays,
            free_meals,
            self.lodging_paid,
        )
        .map_err(|e| trip_error_on_its_field(e, &rows))
    }
}

const RETURN_BEFORE_DEPARTURE: &str = "The return must not be before the departure: enter the \
     date and time the traveller came back, after the departure.";

/// The engine numbers stays in the order given; the form numbers its rows, blank ones included.
fn trip_error_on_its_field(error: PerDiemError, rows: &[usize]) -> FieldErrors {
    let row = |index: usize| rows.get(index.wrapping_sub(1)).copied().unwrap_or(index);
    match error {
        PerDiemError::ReturnBeforeDeparture { .. } => {
            FieldErrors::single("return_at", RETURN_BEFORE_DEPARTURE)
        }
        PerDiemError::TripTooLong { .. } => FieldErrors::single(
            "return_at",
            "A trip can be at most two years long (Skatteverket's amounts change again after two years).",
        ),
        PerDiemError::NoStays => FieldErrors::single(
            &stay_field("country", 1),
            "Enter at least one stay: the country, and when the traveller arrived and left.",
        ),
        PerDiemError::StayNotAfterStart { index, .. } => {
            let r = row(index);
            FieldErrors::single(
                &stay_field("to", r),
                format!("Stay {r} must end after it starts."),
            )
        }
        PerDiemError::StayOutsideTrip { index, .. } => {
            let r = row(index);
            FieldErrors::single(
                &stay_field("from", r),
                format!("Stay {r} must lie within the trip, between the departure and the return."),
            )
        }
        PerDiemError::OverlappingStays { first, second, .. } => {
            let (a, b) = (row(first), row(second));
            FieldErrors::single(
                &stay_field("from", b),
                format!("Stays {a} and {b} overlap: a traveller is in one place at a time."),
            )
        }
        PerDiemError::FreeMealsOutsideTrip { date, .. } => FieldErrors::single(
            "meals",
            format!(
                "Free meals are ticked for {date}, which is not a day of the trip: the days below \
                 now follow the trip's dates; tick the meals again."
            ),
        ),
        other => FieldErrors::single("departure", other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stay(country: &str, from: &str, to: &str) -> StayInput {
        StayInput {
            country: country.into(),
            from: from.into(),
            to: to.into(),
        }
    }

    fn uganda() -> ItineraryInput {
        ItineraryInput {
            departure: "2024-03-04T10:00".into(),
            return_at: "2024-03-08T18:00".into(),
            stays: vec![
                stay("Uganda", "2024-03-04T22:00", "2024-03-08T06:00"),
                StayInput::default(),
            ],
            free_meals: BTreeMap::from([(
                "2024-03-05".to_owned(),
                BTreeSet::from(["breakfast".to_owned()]),
            )]),
            lodging_paid: true,
        }
    }

    #[test]
    fn a_filled_in_form_gives_the_trip_and_round_trips() {
        let trip = uganda().to_trip(PolicyRef::Skatteverket).unwrap();
        assert_eq!(trip.stays().len(), 1, "the blank row is ignored");
        assert_eq!(trip.stays()[0].country.as_str(), "UG");
        let date = "2024-03-05".parse().unwrap();
        assert!(trip.free_meals_on(date).contains(Meal::Breakfast));
        let again = ItineraryInput::from_trip(&trip);
        assert_eq!(again.stays[0].country, "UG");
        assert!(again.is_ticked(date, Meal::Breakfast));
        assert_eq!(again.to_trip(PolicyRef::Skatteverket).unwrap(), trip);
    }

    #[test]
    fn every_field_problem_is_reported_at_once() {
        let mut form = uganda();
        form.departure = "yesterday".into();
        form.stays = vec![
            StayInput::default(),
            stay("Atlantis", "2024-03-04T22:00", ""),
        ];
        let errors = form.to_trip(PolicyRef::Skatteverket).unwrap_err();
        assert!(errors.for_field("departure").is_some());
        assert_eq!(
            errors.for_field("stay_country_2"),
            Some(
                "'Atlantis' in stay 2 is not a country: enter its ISO code (such as UG) or its \
                 English name."
            )
        );
        assert_eq!(
            errors.for_field("stay_to_2"),
            Some("Enter the end of stay 2.")
        );
    }

    #[test]
    fn trip_errors_name_the_forms_row_not_the_engines_index() {
        let mut form = uganda();
        form.stays = vec![
            StayInput::default(),
            stay("UG", "2024-03-04T22:00", "2024-03-06T12:00"),
            stay("KE", "2024-03-06T10:00", "2024-03-08T06:00"),
        ];
        let errors = form.to_trip(PolicyRef::Skatteverket).unwrap_err();
        assert_eq!(
            errors.for_field("stay_from_3"),
            Some("Stays 2 and 3 overlap: a traveller is in one place at a time.")
        );
        form.stays = vec![stay("UG", "2024-03-04T08:00", "2024-03-08T06:00")];
        let errors = form.to_trip(PolicyRef::Skatteverket).unwrap_err();
        assert!(errors.for_field("stay_from_1").is_some());
    }

    #[test]
    fn return_before_departure_and_missing_stays_land_on_their_fields() {
        let mut form = uganda();
        form.return_at = "2024-03-03T18:00".into();
        form.stays.clear();
        let errors = form.to_trip(PolicyRef::Skatteverket).unwrap_err();
        assert_eq!(errors.for_field("return_at"), Some(RETURN_BEFORE_DEPARTURE));
        let mut form = uganda();
        form.stays = vec![StayInput::default()];
        let errors = form.to_trip(PolicyRef::Skatteverket).unwrap_err();
        assert!(errors.for_field("stay_country_1").is_some());
    }

    #[test]
    fn a_return_before_the_departure_is_said_beside_every_other_problem_and_on_show_the_days() {
        let mut form = uganda();
        form.return_at = "2024-03-03T18:00".into();
        form.stays = vec![stay("Atlantis", "2024-03-04T08:00", "2024-03-05T06:00")];
        let errors = form.to_trip(PolicyRef::Skatteverket).unwrap_err();
        assert_eq!(errors.for_field("return_at"), Some(RETURN_BEFORE_DEPARTURE));
        assert!(errors.for_field("stay_country_1").is_some());
        assert_eq!(
            form.date_errors().for_field("return_at"),
            Some(RETURN_BEFORE_DEPARTURE)
        );
        assert!(uganda().date_errors().is_empty());
        let mut half_typed = uganda();
        half_typed.return_at.clear();
        assert!(half_typed.date_errors().is_empty());
    }

    #[test]
    fn meals_ticked_for_a_date_outside_the_trip_are_an_error() {
        let mut form = uganda();
        form.free_meals.insert(
            "2024-03-10".into(),
            BTreeSet::from(["lunch".to_owned(), "dinner".to_owned()]),
        );
        let errors = form.to_trip(PolicyRef::Skatteverket).unwrap_err();
        assert!(errors.for_field("meals").unwrap().contains("2024-03-10"));
        form.free_meals = BTreeMap::from([(
            "2024-03-05".to_owned(),
            BTreeSet::from(["brunch".to_owned()]),
        )]);
        assert!(form.to_trip(PolicyRef::Skatteverket).is_err());
    }

    #[test]
    fn the_day_grid_follows_the_dates_typed() {
        let form = uganda();
        let dates = form.trip_dates().unwrap();
        assert_eq!(dates.len(), 5);
        assert_eq!(dates[0].to_string(), "2024-03-04");
        let mut backwards = form.clone();
        backwards.return_at = "2024-03-01T10:00".into();
        assert_eq!(backwards.trip_dates(), None);
        let mut unfinished = form;
        unfinished.departure.clear();
        assert_eq!(unfinished.trip_dates(), None);
    }
}
