//! Demo participants: the running MF cohort with twelve teams (30 participants), their journeys to the next phase
//! people travel to (one without its way back, one with a night without a hotel, one visa still
//! applied for), hotels, insurance, a need recorded, and a per-diem statement computed from an
//! itinerary; and the completed MF cohort with a team that attended everything and has its
//! certificates. The confirmed team of the MF call became participants through selection.

use chrono::{Days, NaiveDate, NaiveTime};
use chrono_tz::Tz;
use itp_domain::application::import::ImportedApplication;
use itp_domain::country::CountryCode;
use itp_domain::money::{Currency, Money};
use itp_domain::participants::itinerary::{HotelStay, Insurance, Leg, Visa};
use itp_domain::participants::{Attendance, Needs, VisaStatus};
use itp_persistence::application::imports;
use itp_persistence::participants::{self, travel};
use rust_decimal::Decimal;

use crate::ops::{OpError, OpResult, UnitOfWork};
use crate::participants::next_travelled;
use crate::participants::service::{compute_statement_in, issue_certificate_in};

/// An airport of each country the demo's teams come from, with its zone.
fn airport(country: &str) -> (&'static str, &'static str) {
    match country {
        "UG" => ("Entebbe", "Africa/Kampala"),
        "TZ" => ("Dar es Salaam", "Africa/Dar_es_Salaam"),
        "ZM" => ("Lusaka", "Africa/Lusaka"),
        "ZA" => ("Johannesburg", "Africa/Johannesburg"),
        "BW" => ("Gaborone", "Africa/Gaborone"),
        "KE" => ("Nairobi", "Africa/Nairobi"),
        "ZW" => ("Harare", "Africa/Harare"),
        _ => ("Stockholm Arlanda", "Europe/Stockholm"),
    }
}

fn corrupt(what: impl std::fmt::Display) -> OpError {
    OpError::internal(format!("demo participants: {what}"))
}

fn at(day: NaiveDate, h: u32, m: u32) -> chrono::NaiveDateTime {
    day.and_time(NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default())
}

fn leg(
    from: &str,
    departs: chrono::NaiveDateTime,
    to: &str,
    arrives: chrono::NaiveDateTime,
    cost: i64,
) -> OpResult<Leg> {
    let (fp, fz) = airport(from);
    let (tp, tz) = airport(to);
    let zone = |z: &str| z.parse::<Tz>().map_err(corrupt);
    let country = |c: &str| CountryCode::parse(c).map_err(corrupt);
    Ok(Leg {
        from_place: fp.to_owned(),
        from_country: country(from)?,
        departs,
        departs_zone: zone(fz)?,
        to_place: tp.to_owned(),
        to_country: country(to)?,
        arrives,
        arrives_zone: zone(tz)?,
        carrier: "KLM".to_owned(),
        booking_reference: format!("KL{:04}", cost % 10_000),
        cost: Some(Money::new(Decimal::new(cost, 2), Currency::USD)),
    })
}

async fn import_teams(
    uow: &mut UnitOfWork<'_>,
    cohort_id: i32,
    prefix: &str,
    teams: std::ops::Range<usize>,
) -> OpResult<Vec<i32>> {
    let batch: Vec<ImportedApplication> = teams
        .map(|n| ImportedApplication {
            reference: format!("{prefix}-{:03}", n + 1),
            first_line: n + 2,
            draft: super::synthetic::team(n),
        })
        .collect();
    let now = uow.now();
    let apps = imports::insert_all(uow.conn(), cohort_id, &batch, now).await?;
    for app in &apps {
        participants::create_for_application(uow.conn(), *app, now).await?;
    }
    Ok(apps)
}

pub async fn seed(uow: &mut UnitOfWork<'_>, running: i32, completed: Option<i32>) -> OpResult<()> {
    let now = uow.now();
    let today = now.date_naive();
    import_teams(uow, running, "RUN", 0..12).await?;
    let phases = itp_persistence::phase::of_cohort(uow.conn(), running).await?;
    let people = participants::of_cohort(uow.conn(), running).await?;
    let ids: Vec<i32> = people.iter().map(|p| p.id).collect();
    let records = participants::phases_of(uow.conn(), &ids).await?;
    for r in &records {
        if phases
            .iter()
            .any(|ph| ph.id == r.phase_id && ph.phase.dates.end < today)
        {
            participants::set_attendance(uow.conn(), r.id, Attendance::Attended, now).await?;
        }
    }
    let Some(phase) = next_travelled(&phases, today) else {
        return Ok(());
    };
    let (start, end) = (phase.phase.dates.start, phase.phase.dates.end);
    let there = phase
        .phase
        .country
        .map(|c| c.as_str())
        .unwrap_or("SE")
        .to_owned();
    let day = |d: NaiveDate, n: i64| {
        if n >= 0 {
            d.checked_add_days(Days::new(n as u64))
        } else {
            d.checked_sub_days(Days::new(n.unsigned_abs()))
        }
        .ok_or_else(|| corrupt("date"))
    };
    for (i, p) in people.iter().enumerate() {
        let record = participants::ensure_phase(uow.conn(), p.id, phase.id, now).await?;
        let home = p.country.as_str();
        if home != there {
            let out = leg(
                home,
                at(day(start, -1)?, 22, 30),
                &there,
                at(start, 9, 40),
                640_050 + i as i64,
            )?;
            travel::add_leg(uow.conn(), record.id, &out, now).await?;
            // One participant's way back is not booked yet: the travel list warns.
            if i != 1 {
                let back = leg(
                    &there,
                    at(end, 16, 0),
                    home,
                    at(day(end, 1)?, 6, 10),
                    610_000 + i as i64,
                )?;
                travel::add_leg(uow.conn(), record.id, &back, now).await?;
            }
        }
        let hotel = if there == "SE" {
            "Hotel Visby Strand"
        } else {
            "Protea Hotel"
        };
        let stay = |from, to| HotelStay {
            hotel: hotel.to_owned(),
            check_in: from,
            check_out: to,
            cost: Some(Money::new(Decimal::new(95_000, 2), Currency::SEK)),
        };
        // One participant has a night without a hotel: the rooming list warns.
        if i == 2 && (end - start).num_days() >= 3 {
            travel::add_stay(uow.conn(), record.id, &stay(start, day(start, 1)?), now).await?;
            travel::add_stay(uow.conn(), record.id, &stay(day(start, 2)?, end), now).await?;
        } else if end > start {
            travel::add_stay(uow.conn(), record.id, &stay(start, end), now).await?;
        }
        if home != there {
            // One visa is still applied for; the others are granted.
            let status = if i == 0 {
                VisaStatus::Applied
            } else {
                VisaStatus::Granted
            };
            let applied = day(start, -40)?;
            participants::set_visa(
                uow.conn(),
                record.id,
                &Visa {
                    status,
                    applied_on: Some(applied),
                    decided_on: (status == VisaStatus::Granted).then_some(day(start, -20)?),
                    embassy: format!("Embassy of Sweden, {}", airport(home).0),
                },
                now,
            )
            .await?;
        }
        participants::set_insurance(
            uow.conn(),
            record.id,
            &Insurance {
                insurer: "Kammarkollegiet".to_owned(),
                policy_number: format!("KK-2027-{:04}", p.id),
                cost: Some(Money::new(Decimal::new(35_000, 2), Currency::SEK)),
            },
            now,
        )
        .await?;
    }
    if let Some(p) = people.get(3) {
        participants::set_needs(
            uow.conn(),
            p.id,
            &Needs {
                dietary: "Vegetarian".to_owned(),
                accessibility: "Room near the lift".to_owned(),
            },
            now,
        )
        .await?;
        // A statement computed from an itinerary (the participant's legs there and back).
        if p.country != there {
            compute_statement_in(uow, p, phase).await?;
        }
    }

    if let Some(done) = completed {
        import_teams(uow, done, "DONE", 10..11).await?;
        let people = participants::of_cohort(uow.conn(), done).await?;
        let ids: Vec<i32> = people.iter().map(|p| p.id).collect();
        for r in participants::phases_of(uow.conn(), &ids).await? {
            participants::set_attendance(uow.conn(), r.id, Attendance::Attended, now).await?;
        }
        let cohort = itp_persistence::cohort::find(uow.conn(), done)
            .await?
            .ok_or_else(|| corrupt("completed cohort"))?;
        let programme = itp_persistence::programme::find(uow.conn(), cohort.programme_id)
            .await?
            .map(|p| p.programme.name)
            .unwrap_or_default();
        for p in &people {
            let body = crate::participants::letters::certificate_body(
                uow.conn(),
                p,
                &cohort,
                &programme,
                today,
            )
            .await?;
            issue_certificate_in(uow, p, &body).await?;
        }
    }
    Ok(())
}
