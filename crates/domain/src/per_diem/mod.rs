//! Per diem (traktamente): from a trip, a policy and a rate table to a statement in which every
//! line names the rule that produced it.
//!
//! The rules are those of `shared/domain/per-diem.md` (the contract), numbered as there:
//! 1 eligibility (a night away), 2 full and half days, 3 the country of a day, 4 the base amount,
//! 5 long stays, 6 free meals, 7 the night allowance, 8 errors. Everything here is pure: the
//! caller loads the rate table and the programme policy and passes them in.
//!
//! - [`trip`]: the input, parsed and validated ([`Trip::from_json`]).
//! - [`rates`]: domestic maximum amounts and foreign normalbelopp per year ([`RateTable`]).
//! - [`skatteverket`]: Skatteverket's open-data file of normalbelopp, parsed into rows.
//! - `calendar`: rules 1–3, shared by both policies; `engine`: rules 4–7 for Skatteverket;
//!   `meals`: rule 6; [`programme_policy`]: the programme's own rates.
//! - [`statement`]: the output.
//! - [`lifecycle`]: a stored statement's states (draft → approved → paid, reopening).
//! - [`forms`]: what people type into the per-diem forms, checked field by field.

mod calendar;
mod engine;
mod explain;
pub mod forms;
pub mod import_preview;
pub mod lifecycle;
mod meals;
pub mod programme_policy;
pub mod rates;
pub mod skatteverket;
pub mod statement;
pub mod trip;

#[cfg(test)]
mod properties;
#[cfg(test)]
mod test_support;

pub use import_preview::{ForeignImportPreview, ForeignRateChange, YearCounts};
pub use lifecycle::{FourEyes, StatementState, Steps, Transition, TransitionRefused, four_eyes};
pub use meals::{Meal, MealPercentages, MealSet, round_reduction_half_up_to_whole_krona};
pub use programme_policy::{ProgrammePolicy, ProgrammePolicyError, ProgrammePolicyVersion};
pub use rates::{ForeignRate, RateArea, RateSource, RateTable};
pub use skatteverket::{ForeignRateRow, ImportError, parse_open_data};
pub use statement::{
    CountryReason, DayKind, DayKindReason, DayLine, DayRule, LongStay, NightLine, NightRule,
    PolicyUsed, RateUsed, Statement,
};
pub use trip::{PolicyRef, Stay, Trip};

/// The policy a trip is quoted under, resolved by the caller from the trip's `policy` field.
#[derive(Debug, Clone, PartialEq)]
pub enum Policy {
    /// Skatteverket's rules for people travelling from Sweden: staff, mentors, resource persons.
    Skatteverket,
    /// A programme's own rates, for participants.
    Programme(ProgrammePolicy),
}

/// Quotes a trip: the statement of days, nights and total under the policy and rates given.
///
/// The trip names its policy (`"skatteverket"` or `"programme:<CODE>"`); `policy` must be that
/// policy, so a statement can never be computed under another one by mistake.
pub fn quote(trip: &Trip, policy: &Policy, rates: &RateTable) -> Result<Statement, PerDiemError> {
    match (trip.policy(), policy) {
        (PolicyRef::Skatteverket, Policy::Skatteverket) => engine::quote_skatteverket(trip, rates),
        (PolicyRef::Programme(code), Policy::Programme(programme))
            if programme.code().eq_ignore_ascii_case(code) =>
        {
            programme_policy::quote_programme(trip, programme)
        }
        (wanted, given) => Err(PerDiemError::PolicyMismatch {
            trip: wanted.to_string(),
            given: match given {
                Policy::Skatteverket => PolicyRef::Skatteverket.to_string(),
                Policy::Programme(p) => PolicyRef::Programme(p.code().to_owned()).to_string(),
            },
        }),
    }
}

/// Why a trip cannot be quoted: always the user's to fix, one line each, fit to show as it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PerDiemError {
    #[error("the trip is not valid JSON: {0}")]
    MalformedJson(String),
    #[error(
        "{field} '{value}' is not a local time: write it as YYYY-MM-DDTHH:MM, e.g. 2024-03-04T08:30"
    )]
    MalformedTime { field: String, value: String },
    #[error("'{value}' in free_meals is not a date: write it as YYYY-MM-DD, e.g. 2024-03-04")]
    MalformedDate { value: String },
    #[error("'{0}' is not a per-diem policy: use \"skatteverket\" or \"programme:<CODE>\"")]
    UnknownPolicy(String),
    #[error("{0}")]
    UnknownCountry(#[from] crate::country::UnknownCountry),
    #[error("'{value}' on {date} is not a meal: use breakfast, lunch or dinner")]
    UnknownMeal { date: String, value: String },
    #[error("the return ({return_at}) is before the departure ({departure})")]
    ReturnBeforeDeparture {
        departure: String,
        return_at: String,
    },
    #[error(
        "the trip from {departure} to {return_at} is longer than two years, beyond the rules this \
         engine applies (Skatteverket lowers the amounts again after two years)"
    )]
    TripTooLong {
        departure: String,
        return_at: String,
    },
    #[error("the trip has no stays: give at least one {{\"country\", \"from\", \"to\"}}")]
    NoStays,
    #[error("stay {index} ({country}) must end after it starts, but runs from {from} to {to}")]
    StayNotAfterStart {
        index: usize,
        country: String,
        from: String,
        to: String,
    },
    #[error("stay {index} ({stay}) lies outside the trip ({trip})")]
    StayOutsideTrip {
        index: usize,
        stay: String,
        trip: String,
    },
    #[error("stays {first} ({first_span}) and {second} ({second_span}) overlap")]
    OverlappingStays {
        first: usize,
        first_span: String,
        second: usize,
        second_span: String,
    },
    #[error("free meals on {date}, which is not a day of the trip ({first} to {last})")]
    FreeMealsOutsideTrip {
        date: String,
        first: String,
        last: String,
    },
    #[error("the trip asks for the {trip} policy but was quoted under {given}")]
    PolicyMismatch { trip: String, given: String },
    #[error("no domestic maximum amount for {year}: add the year's amount to the rate table")]
    MissingDomesticRate { year: i32 },
    #[error(
        "no normalbelopp for {country_name} ({country}) in {year}, and no \"Övriga länder och \
         områden\" row for {year}: import Skatteverket's list for {year}"
    )]
    MissingForeignRate {
        country: String,
        country_name: String,
        year: i32,
    },
    #[error("programme policy {code} has no version in force on {date}")]
    NoProgrammeVersion { code: String, date: String },
    #[error("the amounts are too large to add up")]
    AmountTooLarge,
    #[error(
        "the rates give {amount} SEK on {date}, which is not a whole number of öre: per-diem \
         rates must be whole kronor"
    )]
    AmountBetweenOre { date: String, amount: String },
}
