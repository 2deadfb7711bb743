//! Itinerary legs and hotel stays of a participant's phase, the meals a phase provides, and the
//! per-diem statement computed from a participant's itinerary.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use itp_domain::Code;
use itp_domain::country::CountryCode;
use itp_domain::money::{Currency, Money};
use itp_domain::participants::itinerary::{HotelStay, Leg, parse_local, write_local};
use itp_domain::per_diem::{Meal, MealSet, StatementState};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};

use crate::entities::{hotel_stay, itinerary_leg, per_diem_statement, phase_meal};
use crate::{PersistenceError, Result, decode};

fn corrupt(what: &str) -> PersistenceError {
    PersistenceError::Corrupt(what.to_owned())
}

/// A stored cost: minor units and currency, or nothing.
pub(crate) fn money_of(minor: Option<i64>, currency: &str) -> Result<Option<Money>> {
    minor
        .map(|m| {
            Currency::parse(currency)
                .map(|c| Money::from_minor_units(m, c))
                .map_err(|_| corrupt("cost currency"))
        })
        .transpose()
}

/// The columns of a cost.
pub(crate) fn money_columns(cost: Option<&Money>) -> Result<(Option<i64>, String)> {
    match cost {
        None => Ok((None, String::new())),
        Some(m) => Ok((
            Some(
                m.to_minor_units()
                    .map_err(|e| PersistenceError::Corrupt(format!("cost: {e}")))?,
            ),
            m.currency().code().to_owned(),
        )),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredLeg {
    pub id: i32,
    pub participant_phase_id: i32,
    pub leg: Leg,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredStay {
    pub id: i32,
    pub participant_phase_id: i32,
    pub stay: HotelStay,
}

fn leg_row(m: itinerary_leg::Model) -> Result<StoredLeg> {
    let country = |c: &str| CountryCode::parse(c).map_err(|_| corrupt("itinerary_legs.country"));
    let zone = |z: &str| z.parse::<Tz>().map_err(|_| corrupt("itinerary_legs.zone"));
    let local = |t: &str| parse_local(t).ok_or_else(|| corrupt("itinerary_legs.local time"));
    Ok(StoredLeg {
        id: m.id,
        participant_phase_id: m.participant_phase_id,
        leg: Leg {
            from_place: m.from_place,
            from_country: country(&m.from_country)?,
            departs: local(&m.departs_local)?,
            departs_zone: zone(&m.departs_zone)?,
            to_place: m.to_place,
            to_country: country(&m.to_country)?,
            arrives: local(&m.arrives_local)?,
            arrives_zone: zone(&m.arrives_zone)?,
            carrier: m.carrier,
            booking_reference: m.booking_reference,
            cost: money_of(m.cost_minor, &m.cost_currency)?,
        },
    })
}

fn stay_row(m: hotel_stay::Model) -> Result<StoredStay> {
    Ok(StoredStay {
        id: m.id,
        participant_phase_id: m.participant_phase_id,
        stay: HotelStay {
            hotel: m.hotel,
            check_in: m.check_in,
            check_out: m.check_out,
            cost: money_of(m.cost_minor, &m.cost_currency)?,
        },
    })
}

pub async fn add_leg<C: ConnectionTrait>(
    conn: &C,
    participant_phase_id: i32,
    leg: &Leg,
    now: DateTime<Utc>,
) -> Result<i32> {
    let (minor, currency) = money_columns(leg.cost.as_ref())?;
    Ok(itinerary_leg::Entity::insert(itinerary_leg::ActiveModel {
        participant_phase_id: Set(participant_phase_id),
        from_place: Set(leg.from_place.clone()),
        from_country: Set(leg.from_country.as_str().to_owned()),
        departs_local: Set(write_local(leg.departs)),
        departs_zone: Set(leg.departs_zone.name().to_owned()),
        to_place: Set(leg.to_place.clone()),
        to_country: Set(leg.to_country.as_str().to_owned()),
        arrives_local: Set(write_local(leg.arrives)),
        arrives_zone: Set(leg.arrives_zone.name().to_owned()),
        departs_utc: Set(leg.departs_utc()),
        carrier: Set(leg.carrier.clone()),
        booking_reference: Set(leg.booking_reference.clone()),
        cost_minor: Set(minor),
        cost_currency: Set(currency),
        created_at: Set(now),
        ..Default::default()
    })
    .exec(conn)
    .await?
    .last_insert_id)
}

/// Removes a leg of the given participant phase; false when there was none.
pub async fn delete_leg<C: ConnectionTrait>(
    conn: &C,
    participant_phase_ids: &[i32],
    leg_id: i32,
) -> Result<Option<StoredLeg>> {
    let Some(row) = itinerary_leg::Entity::find_by_id(leg_id)
        .filter(itinerary_leg::Column::ParticipantPhaseId.is_in(participant_phase_ids.to_vec()))
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let leg = leg_row(row)?;
    itinerary_leg::Entity::delete_by_id(leg_id)
        .exec(conn)
        .await?;
    Ok(Some(leg))
}

/// The legs of the given participant phases, in the order they are travelled.
pub async fn legs_of<C: ConnectionTrait>(
    conn: &C,
    participant_phase_ids: &[i32],
) -> Result<Vec<StoredLeg>> {
    itinerary_leg::Entity::find()
        .filter(itinerary_leg::Column::ParticipantPhaseId.is_in(participant_phase_ids.to_vec()))
        .order_by_asc(itinerary_leg::Column::DepartsUtc)
        .order_by_asc(itinerary_leg::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(leg_row)
        .collect()
}

pub async fn add_stay<C: ConnectionTrait>(
    conn: &C,
    participant_phase_id: i32,
    stay: &HotelStay,
    now: DateTime<Utc>,
) -> Result<i32> {
    let (minor, currency) = money_columns(stay.cost.as_ref())?;
    Ok(hotel_stay::Entity::insert(hotel_stay::ActiveModel {
        participant_phase_id: Set(participant_phase_id),
        hotel: Set(stay.hotel.clone()),
        check_in: Set(stay.check_in),
        check_out: Set(stay.check_out),
        cost_minor: Set(minor),
        cost_currency: Set(currency),
        created_at: Set(now),
        ..Default::default()
    })
    .exec(conn)
    .await?
    .last_insert_id)
}

pub async fn delete_stay<C: ConnectionTrait>(
    conn: &C,
    participant_phase_ids: &[i32],
    stay_id: i32,
) -> Result<Option<StoredStay>> {
    let Some(row) = hotel_stay::Entity::find_by_id(stay_id)
        .filter(hotel_stay::Column::ParticipantPhaseId.is_in(participant_phase_ids.to_vec()))
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let stay = stay_row(row)?;
    hotel_stay::Entity::delete_by_id(stay_id).exec(conn).await?;
    Ok(Some(stay))
}

pub async fn stays_of<C: ConnectionTrait>(
    conn: &C,
    participant_phase_ids: &[i32],
) -> Result<Vec<StoredStay>> {
    hotel_stay::Entity::find()
        .filter(hotel_stay::Column::ParticipantPhaseId.is_in(participant_phase_ids.to_vec()))
        .order_by_asc(hotel_stay::Column::CheckIn)
        .order_by_asc(hotel_stay::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(stay_row)
        .collect()
}

/// The meals the programme provides on each day of a phase. A phase nobody set provides
/// breakfast and lunch (hotel breakfast, lunch at the venue: ICLD's usual board, assumed).
pub async fn meals_of<C: ConnectionTrait>(conn: &C, phase_id: i32) -> Result<MealSet> {
    let Some(row) = phase_meal::Entity::find()
        .filter(phase_meal::Column::PhaseId.eq(phase_id))
        .one(conn)
        .await?
    else {
        return Ok(MealSet::NONE.with(Meal::Breakfast).with(Meal::Lunch));
    };
    row.meals
        .split_whitespace()
        .map(|m| decode::<Meal>(m, "phase_meals.meals"))
        .collect()
}

pub async fn set_meals<C: ConnectionTrait>(
    conn: &C,
    phase_id: i32,
    meals: MealSet,
    now: DateTime<Utc>,
) -> Result<()> {
    let text = meals.iter().map(|m| m.code()).collect::<Vec<_>>().join(" ");
    let existing = phase_meal::Entity::find()
        .filter(phase_meal::Column::PhaseId.eq(phase_id))
        .one(conn)
        .await?;
    match existing {
        Some(row) => {
            phase_meal::Entity::update_many()
                .col_expr(phase_meal::Column::Meals, Expr::value(text))
                .col_expr(phase_meal::Column::UpdatedAt, Expr::value(now))
                .filter(phase_meal::Column::Id.eq(row.id))
                .exec(conn)
                .await?;
        }
        None => {
            phase_meal::Entity::insert(phase_meal::ActiveModel {
                phase_id: Set(phase_id),
                meals: Set(text),
                updated_at: Set(now),
                ..Default::default()
            })
            .exec(conn)
            .await?;
        }
    }
    Ok(())
}

/// Marks a statement as the per diem of a participant's phase.
pub async fn link_statement<C: ConnectionTrait>(
    conn: &C,
    statement_id: i32,
    participant_id: i32,
    phase_id: i32,
) -> Result<()> {
    per_diem_statement::Entity::update_many()
        .col_expr(
            per_diem_statement::Column::ParticipantId,
            Expr::value(participant_id),
        )
        .col_expr(per_diem_statement::Column::PhaseId, Expr::value(phase_id))
        .filter(per_diem_statement::Column::Id.eq(statement_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// The statement computed for a participant's phase, with its state, if there is one.
pub async fn statement_of<C: ConnectionTrait>(
    conn: &C,
    participant_id: i32,
    phase_id: i32,
) -> Result<Option<(i32, StatementState)>> {
    per_diem_statement::Entity::find()
        .filter(per_diem_statement::Column::ParticipantId.eq(participant_id))
        .filter(per_diem_statement::Column::PhaseId.eq(phase_id))
        .order_by_desc(per_diem_statement::Column::Id)
        .one(conn)
        .await?
        .map(|s| Ok((s.id, decode(&s.state, "per_diem_statements.state")?)))
        .transpose()
}

/// Every participant statement of a cohort, as (participant, phase, statement, state).
pub async fn statements_of_cohort<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
) -> Result<Vec<(i32, i32, i32, StatementState)>> {
    per_diem_statement::Entity::find()
        .filter(per_diem_statement::Column::CohortId.eq(cohort_id))
        .filter(per_diem_statement::Column::ParticipantId.is_not_null())
        .order_by_asc(per_diem_statement::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .filter_map(|s| match (s.participant_id, s.phase_id) {
            (Some(p), Some(ph)) => Some((p, ph, s.id, s.state)),
            _ => None,
        })
        .map(|(p, ph, id, state)| Ok((p, ph, id, decode(&state, "per_diem_statements.state")?)))
        .collect()
}
