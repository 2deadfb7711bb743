//! A participant's bookings as cost items of the cohort's budget, written in the booking's own
//! unit of work: a leg, a hotel stay or an insurance with a cost is committed against its line;
//! one without a cost, or deleted, has none. A refusal (no exchange rate for the cost's date, a
//! stopped line) refuses the booking with it, so the budget and the bookings never disagree.

use chrono::NaiveDate;
use itp_domain::Money;
use itp_domain::budget::{Category, CostSourceKind};
use itp_domain::participants::itinerary::{HotelStay, Insurance, Leg};
use itp_persistence::budget::cost_items::{CostDraft, CostSource};
use itp_persistence::participants::StoredParticipant;
use itp_persistence::phase::StoredPhase;

use crate::budget::bookings;
use crate::ops::{OpResult, UnitOfWork};

/// What a booking costs, for whom and when.
struct Booking<'a> {
    source: CostSource,
    participant: &'a StoredParticipant,
    phase: &'a StoredPhase,
    category: Category,
    supplier: &'a str,
    description: String,
    on: NaiveDate,
    cost: Option<Money>,
}

/// The booking's cost item when it has a cost; otherwise whatever item it had is removed.
async fn keep(uow: &mut UnitOfWork<'_>, b: Booking<'_>) -> OpResult<()> {
    match b.cost {
        Some(original) if !original.amount().is_zero() => {
            let draft = CostDraft {
                cohort_id: b.participant.cohort_id,
                category: b.category,
                participant_id: Some(b.participant.id),
                phase_id: Some(b.phase.id),
                supplier: b.supplier,
                description: &b.description,
                incurred_on: b.on,
                original,
            };
            bookings::record(uow, &b.source, &draft).await?;
            Ok(())
        }
        _ => bookings::cancel(uow, &b.source).await,
    }
}

pub async fn leg(
    uow: &mut UnitOfWork<'_>,
    participant: &StoredParticipant,
    phase: &StoredPhase,
    leg_id: i32,
    leg: &Leg,
) -> OpResult<()> {
    let booking = Booking {
        source: CostSource::booking(CostSourceKind::ItineraryLeg, leg_id),
        participant,
        phase,
        category: leg.budget_category(),
        supplier: &leg.carrier,
        description: match leg.booking_reference.trim() {
            "" => leg.route(),
            reference => format!("{} ({reference})", leg.route()),
        },
        on: leg.departs.date(),
        cost: leg.cost,
    };
    keep(uow, booking).await
}

pub async fn stay(
    uow: &mut UnitOfWork<'_>,
    participant: &StoredParticipant,
    phase: &StoredPhase,
    stay_id: i32,
    stay: &HotelStay,
) -> OpResult<()> {
    let booking = Booking {
        source: CostSource::booking(CostSourceKind::Accommodation, stay_id),
        participant,
        phase,
        category: Category::Accommodation,
        supplier: &stay.hotel,
        description: format!(
            "{} nights, {} – {}",
            (stay.check_out - stay.check_in).num_days(),
            stay.check_in,
            stay.check_out
        ),
        on: stay.check_in,
        cost: stay.cost,
    };
    keep(uow, booking).await
}

/// The insurance of a participant for a phase, named by the participant's phase record (one
/// insurance each), dated the phase's first day.
pub async fn insurance(
    uow: &mut UnitOfWork<'_>,
    participant: &StoredParticipant,
    phase: &StoredPhase,
    record_id: i32,
    insurance: &Insurance,
) -> OpResult<()> {
    let booking = Booking {
        source: CostSource::booking(CostSourceKind::Insurance, record_id),
        participant,
        phase,
        category: Category::Insurance,
        supplier: &insurance.insurer,
        description: format!("Policy {}, {}", insurance.policy_number, phase.phase.title),
        on: phase.phase.dates.start,
        cost: insurance.cost,
    };
    keep(uow, booking).await
}

/// A deleted leg or stay takes its cost item with it.
pub async fn cancelled(uow: &mut UnitOfWork<'_>, kind: CostSourceKind, id: i32) -> OpResult<()> {
    bookings::cancel(uow, &CostSource::booking(kind, id)).await
}
