//! Small builders for the per-diem tests.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};

use super::meals::{Meal, MealSet};
use super::trip::{PolicyRef, Stay, Trip};
use crate::country::CountryCode;

pub(crate) fn t(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").expect("test time")
}

pub(crate) fn d(text: &str) -> NaiveDate {
    text.parse().expect("test date")
}

pub(crate) fn stay(country: &str, from: &str, to: &str) -> Stay {
    Stay {
        country: CountryCode::parse(country).expect("test country"),
        from: t(from),
        to: t(to),
    }
}

/// A Skatteverket trip with lodging paid and no free meals.
pub(crate) fn trip(departure: &str, return_at: &str, stays: Vec<Stay>) -> Trip {
    TripBuilder::new(departure, return_at).stays(stays).build()
}

pub(crate) struct TripBuilder {
    policy: PolicyRef,
    departure: NaiveDateTime,
    return_at: NaiveDateTime,
    stays: Vec<Stay>,
    free_meals: BTreeMap<NaiveDate, MealSet>,
    lodging_paid: bool,
}

impl TripBuilder {
    pub(crate) fn new(departure: &str, return_at: &str) -> TripBuilder {
        TripBuilder {
            policy: PolicyRef::Skatteverket,
            departure: t(departure),
            return_at: t(return_at),
            stays: Vec::new(),
            free_meals: BTreeMap::new(),
            lodging_paid: true,
        }
    }

    pub(crate) fn programme(mut self, code: &str) -> TripBuilder {
        self.policy = PolicyRef::Programme(code.to_owned());
        self
    }

    pub(crate) fn stay(mut self, country: &str, from: &str, to: &str) -> TripBuilder {
        self.stays.push(stay(country, from, to));
        self
    }

    pub(crate) fn stays(mut self, stays: Vec<Stay>) -> TripBuilder {
        self.stays.extend(stays);
        self
    }

    pub(crate) fn free(mut self, date: &str, meals: &[Meal]) -> TripBuilder {
        self.free_meals
            .insert(d(date), meals.iter().copied().collect());
        self
    }

    pub(crate) fn lodging_unpaid(mut self) -> TripBuilder {
        self.lodging_paid = false;
        self
    }

    pub(crate) fn build(self) -> Trip {
        Trip::new(
            self.policy,
            self.departure,
            self.return_at,
            self.stays,
            self.free_meals,
            self.lodging_paid,
        )
        .expect("valid test trip")
    }
}
