//! The per-diem trip an itinerary makes (per-diem.md, "The trip"): the departure is the first
//! leg's, the return the last leg's arrival, and between two legs the traveller stays in the
//! country the earlier one arrived in. The engine reads times as Swedish wall-clock time, so
//! each leg's moment is converted to Europe/Stockholm. The meals the programme provides are free
//! on every day of the phase that lies in the trip.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use chrono_tz::Europe::Stockholm;

use super::itinerary::Leg;
use super::warnings::in_order;
use crate::per_diem::{MealSet, PerDiemError, PolicyRef, Stay, Trip};
use crate::phase::DateSpan;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ItineraryError {
    #[error("the itinerary has no legs: add the journey there and back first")]
    NoLegs,
    #[error("the itinerary has only one leg: add the journey back first")]
    NoReturn,
    #[error("leg {next} ({next_route}) departs before leg {previous} ({previous_route}) arrives")]
    Overlap {
        previous: usize,
        previous_route: String,
        next: usize,
        next_route: String,
    },
    #[error("{0}")]
    Trip(#[from] PerDiemError),
}

/// A moment as Swedish wall-clock time, to the minute.
fn swedish(at: chrono::DateTime<chrono::Utc>) -> NaiveDateTime {
    let local = at.with_timezone(&Stockholm).naive_local();
    local
        .date()
        .and_hms_opt(
            chrono::Timelike::hour(&local),
            chrono::Timelike::minute(&local),
            0,
        )
        .unwrap_or(local)
}

/// The trip of an itinerary under `policy`. `provided` are the meals the programme provides on
/// each day of `phase`; `lodging_paid` is true when the programme pays the hotel.
pub fn trip_from_itinerary(
    policy: PolicyRef,
    legs: &[Leg],
    phase: DateSpan,
    provided: MealSet,
    lodging_paid: bool,
) -> Result<Trip, ItineraryError> {
    let ordered = in_order(legs);
    let (Some(first), Some(last)) = (ordered.first(), ordered.last()) else {
        return Err(ItineraryError::NoLegs);
    };
    if ordered.len() < 2 {
        return Err(ItineraryError::NoReturn);
    }
    let departure = swedish(first.departs_utc());
    let return_at = swedish(last.arrives_utc());
    let mut stays = Vec::new();
    for (i, pair) in ordered.windows(2).enumerate() {
        let (a, b) = (pair[0], pair[1]);
        if b.departs_utc() < a.arrives_utc() {
            return Err(ItineraryError::Overlap {
                previous: i + 1,
                previous_route: a.route(),
                next: i + 2,
                next_route: b.route(),
            });
        }
        let (from, to) = (swedish(a.arrives_utc()), swedish(b.departs_utc()));
        if to > from {
            stays.push(Stay {
                country: a.to_country,
                from,
                to,
            });
        }
    }
    let mut free_meals: BTreeMap<NaiveDate, MealSet> = BTreeMap::new();
    if !provided.is_empty() {
        for day in departure
            .date()
            .iter_days()
            .take_while(|d| *d <= return_at.date())
        {
            if phase.contains_day(day) {
                free_meals.insert(day, provided);
            }
        }
    }
    Ok(Trip::new(
        policy,
        departure,
        return_at,
        stays,
        free_meals,
        lodging_paid,
    )?)
}
