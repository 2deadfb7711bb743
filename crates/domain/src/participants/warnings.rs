//! What is missing in a participant's travel for a phase, as the rooming and travel lists show
//! it the week before: no return journey, a night inside the phase without a hotel, a visa not
//! granted two weeks before departure.

use chrono::{Days, NaiveDate};

use super::VisaStatus;
use super::itinerary::{HotelStay, Leg};
use crate::phase::DateSpan;

/// How long before departure a visa must be granted; embassies take about two weeks to issue a
/// granted visa into the passport (assumed: make it a setting if a programme needs another).
pub const VISA_LEAD_DAYS: u64 = 14;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Warning {
    /// No leg at all yet.
    NoTravelBooked,
    /// No journey back: the last leg does not return to the country the travel began in.
    NoReturnJourney,
    /// The night beginning on this date, inside the phase, has no hotel.
    NightWithoutHotel(NaiveDate),
    /// The visa is needed and not granted, and departure is at most two weeks away.
    VisaNotGranted { departs_on: NaiveDate },
}

impl Warning {
    /// In the coordinator's words.
    pub fn message(&self) -> String {
        match self {
            Warning::NoTravelBooked => "No travel booked yet.".to_owned(),
            Warning::NoReturnJourney => "No return journey booked.".to_owned(),
            Warning::NightWithoutHotel(night) => {
                format!("No hotel for the night of {night}.")
            }
            Warning::VisaNotGranted { departs_on } => {
                format!(
                    "Visa not granted, and departure on {departs_on} is less than two weeks away."
                )
            }
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Warning::NoTravelBooked => "no_travel",
            Warning::NoReturnJourney => "no_return",
            Warning::NightWithoutHotel(_) => "night_without_hotel",
            Warning::VisaNotGranted { .. } => "visa_not_granted",
        }
    }
}

/// One participant's travel for one phase, as the warnings read it.
#[derive(Debug, Clone, Copy)]
pub struct PhaseTravel<'a> {
    pub phase: DateSpan,
    /// In any order.
    pub legs: &'a [Leg],
    pub stays: &'a [HotelStay],
    pub visa: VisaStatus,
}

/// The legs in the order they are travelled (by the moment of departure).
pub fn in_order(legs: &[Leg]) -> Vec<&Leg> {
    let mut ordered: Vec<&Leg> = legs.iter().collect();
    ordered.sort_by_key(|l| l.departs_utc());
    ordered
}

/// Whether the itinerary has a journey back: at least two legs, and the last one arrives in the
/// country the first one left from.
pub fn has_return(legs: &[Leg]) -> bool {
    let ordered = in_order(legs);
    match (ordered.first(), ordered.last()) {
        (Some(first), Some(last)) if ordered.len() >= 2 => last.to_country == first.from_country,
        _ => false,
    }
}

/// The nights inside the phase, from its first day up to the night before its last day.
pub fn nights(phase: DateSpan) -> impl Iterator<Item = NaiveDate> {
    phase.start.iter_days().take_while(move |d| *d < phase.end)
}

/// The nights inside the phase that no stay covers, in order.
pub fn nights_without_hotel(phase: DateSpan, stays: &[HotelStay]) -> Vec<NaiveDate> {
    nights(phase)
        .filter(|n| !stays.iter().any(|s| s.covers(*n)))
        .collect()
}

/// The day of departure: the first leg's local date, or the phase's first day without legs.
pub fn departure_day(t: &PhaseTravel<'_>) -> NaiveDate {
    in_order(t.legs)
        .first()
        .map(|l| l.departs.date())
        .unwrap_or(t.phase.start)
}

/// Every warning for one participant's phase on `today`. A phase that is over warns no more.
pub fn warnings(t: &PhaseTravel<'_>, today: NaiveDate) -> Vec<Warning> {
    let mut out = Vec::new();
    if today > t.phase.end {
        return out;
    }
    if t.legs.is_empty() {
        out.push(Warning::NoTravelBooked);
    } else if !has_return(t.legs) {
        out.push(Warning::NoReturnJourney);
    }
    out.extend(
        nights_without_hotel(t.phase, t.stays)
            .into_iter()
            .map(Warning::NightWithoutHotel),
    );
    let departs_on = departure_day(t);
    let deadline = departs_on
        .checked_sub_days(Days::new(VISA_LEAD_DAYS))
        .unwrap_or(departs_on);
    if t.visa.outstanding() && today >= deadline {
        out.push(Warning::VisaNotGranted { departs_on });
    }
    out
}
