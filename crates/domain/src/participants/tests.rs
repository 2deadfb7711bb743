use chrono::{Duration, NaiveDate, NaiveDateTime};
use chrono_tz::Tz;
use proptest::prelude::*;
use rust_decimal_macros::dec;

use super::itinerary::{HotelStay, HotelStayInput, Leg, LegInput, VisaInput};
use super::letters::{
    CERTIFICATE_PLACEHOLDERS, DEFAULT_CERTIFICATE, DEFAULT_INVITATION, INVITATION_PLACEHOLDERS,
    parse_template,
};
use super::trip::{ItineraryError, trip_from_itinerary};
use super::warnings::{PhaseTravel, Warning, has_return, nights_without_hotel, warnings};
use super::*;
use crate::code::{Code, assert_round_trip};
use crate::country::CountryCode;
use crate::per_diem::{Meal, MealSet, PolicyRef};
use crate::phase::DateSpan;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    day(y, m, d).and_hms_opt(h, min, 0).unwrap()
}

fn zone(name: &str) -> Tz {
    name.parse().unwrap()
}

fn leg(
    from: &str,
    departs: NaiveDateTime,
    from_zone: &str,
    to: &str,
    arrives: NaiveDateTime,
    to_zone: &str,
) -> Leg {
    Leg {
        from_place: format!("{from} airport"),
        from_country: CountryCode::parse(from).unwrap(),
        departs,
        departs_zone: zone(from_zone),
        to_place: format!("{to} airport"),
        to_country: CountryCode::parse(to).unwrap(),
        arrives,
        arrives_zone: zone(to_zone),
        carrier: "KLM".into(),
        booking_reference: "ABC123".into(),
        cost: None,
    }
}

/// Kampala to Stockholm and back around a Sweden phase of 3–14 May 2027.
fn sweden_trip() -> Vec<Leg> {
    vec![
        leg(
            "UG",
            at(2027, 5, 2, 23, 30),
            "Africa/Kampala",
            "SE",
            at(2027, 5, 3, 9, 40),
            "Europe/Stockholm",
        ),
        leg(
            "SE",
            at(2027, 5, 14, 16, 0),
            "Europe/Stockholm",
            "UG",
            at(2027, 5, 15, 6, 10),
            "Africa/Kampala",
        ),
    ]
}

fn sweden_phase() -> DateSpan {
    DateSpan::new(day(2027, 5, 3), day(2027, 5, 14)).unwrap()
}

fn hotel(from: NaiveDate, to: NaiveDate) -> HotelStay {
    HotelStay {
        hotel: "Hotel Visby".into(),
        check_in: from,
        check_out: to,
        cost: None,
    }
}

#[test]
fn codes_round_trip() {
    assert_round_trip::<Attendance>();
    assert_round_trip::<VisaStatus>();
    assert_round_trip::<Completion>();
}

#[test]
fn completed_only_when_every_compulsory_phase_is_attended() {
    use Attendance::*;
    assert_eq!(
        completion([(true, Attended), (true, Attended), (false, Absent)]),
        Completion::Completed
    );
    assert_eq!(
        completion([(true, Attended), (true, Planned)]),
        Completion::InProgress
    );
    assert_eq!(
        completion([(true, Attended), (true, Excused)]),
        Completion::NotCompleted
    );
    assert_eq!(
        completion([(true, Absent), (true, Planned)]),
        Completion::NotCompleted
    );
    assert_eq!(completion([(false, Attended)]), Completion::Completed);
    assert_eq!(completion([(false, Planned)]), Completion::InProgress);
    assert_eq!(completion([]), Completion::InProgress);
}

#[test]
fn a_leg_is_read_in_the_zones_of_its_ends() {
    let legs = sweden_trip();
    // 23:30 in Kampala (UTC+3) is 20:30 UTC; 09:40 in Stockholm (summer, UTC+2) is 07:40 UTC.
    assert_eq!(
        legs[0].departs_utc().to_rfc3339(),
        "2027-05-02T20:30:00+00:00"
    );
    assert_eq!(
        legs[0].arrives_utc().to_rfc3339(),
        "2027-05-03T07:40:00+00:00"
    );
}

#[test]
fn the_leg_form_refuses_an_arrival_before_the_departure_in_real_time() {
    let mut input = LegInput::from_leg(&sweden_trip()[0]);
    assert!(input.validate().is_ok());
    // 22:00 in Stockholm on the 2nd is 20:00 UTC: before the departure at 20:30 UTC.
    input.arrives = "2027-05-02T22:00".into();
    let e = input.validate().unwrap_err();
    assert!(
        e.for_field("arrives")
            .unwrap()
            .contains("after the departure")
    );
}

#[test]
fn the_leg_form_names_each_bad_field() {
    let input = LegInput {
        from_country: "XX".into(),
        departs: "tomorrow".into(),
        departs_zone: "Mars/Olympus".into(),
        cost: "12,345".into(),
        currency: "kronor".into(),
        ..LegInput::default()
    };
    let e = input.validate().unwrap_err();
    for f in [
        "from_place",
        "from_country",
        "departs",
        "departs_zone",
        "to_place",
        "to_country",
        "arrives",
        "arrives_zone",
        "currency",
    ] {
        assert!(e.for_field(f).is_some(), "{f}");
    }
}

#[test]
fn a_time_skipped_by_summer_time_is_refused() {
    let mut input = LegInput::from_leg(&sweden_trip()[1]);
    input.departs = "2027-03-28T02:30".into();
    input.arrives = "2027-03-28T12:00".into();
    input.arrives_zone = "Europe/Stockholm".into();
    let e = input.validate().unwrap_err();
    assert!(e.for_field("departs").unwrap().contains("does not exist"));
}

#[test]
fn costs_keep_their_currency_exactly() {
    let mut input = LegInput::from_leg(&sweden_trip()[0]);
    input.cost = "1234.50".into();
    input.currency = "usd".into();
    let leg = input.validate().unwrap();
    let cost = leg.cost.unwrap();
    assert_eq!(cost.amount(), dec!(1234.50));
    assert_eq!(cost.currency().code(), "USD");
    input.cost = "-5".into();
    assert!(input.validate().unwrap_err().for_field("cost").is_some());
}

#[test]
fn a_hotel_stay_needs_at_least_one_night() {
    let bad = HotelStayInput {
        hotel: "Hotel Visby".into(),
        check_in: "2027-05-03".into(),
        check_out: "2027-05-03".into(),
        ..HotelStayInput::default()
    };
    assert!(bad.validate().unwrap_err().for_field("check_out").is_some());
    let good = HotelStayInput {
        check_out: "2027-05-14".into(),
        ..bad
    };
    assert_eq!(good.validate().unwrap().nights(), 11);
}

#[test]
fn a_granted_visa_needs_its_dates() {
    let v = VisaInput {
        status: "granted".into(),
        ..VisaInput::default()
    };
    let e = v.validate().unwrap_err();
    assert!(e.for_field("applied_on").is_some() && e.for_field("decided_on").is_some());
    let v = VisaInput {
        status: "granted".into(),
        applied_on: "2027-04-01".into(),
        decided_on: "2027-03-01".into(),
        embassy: "Embassy of Sweden, Kampala".into(),
    };
    assert!(
        v.validate()
            .unwrap_err()
            .for_field("decided_on")
            .unwrap()
            .contains("before")
    );
    assert!(
        VisaInput {
            status: "maybe".into(),
            ..VisaInput::default()
        }
        .validate()
        .is_err()
    );
}

#[test]
fn a_complete_booking_warns_of_nothing() {
    let legs = sweden_trip();
    let stays = [hotel(day(2027, 5, 3), day(2027, 5, 14))];
    let t = PhaseTravel {
        phase: sweden_phase(),
        legs: &legs,
        stays: &stays,
        visa: VisaStatus::Granted,
    };
    assert_eq!(warnings(&t, day(2027, 4, 25)), vec![]);
}

#[test]
fn missing_return_missing_night_and_late_visa_are_each_warned() {
    let legs = sweden_trip();
    let stays = [
        hotel(day(2027, 5, 3), day(2027, 5, 8)),
        hotel(day(2027, 5, 9), day(2027, 5, 14)),
    ];
    let t = PhaseTravel {
        phase: sweden_phase(),
        legs: &legs[..1],
        stays: &stays,
        visa: VisaStatus::Applied,
    };
    assert_eq!(
        warnings(&t, day(2027, 4, 20)),
        vec![
            Warning::NoReturnJourney,
            Warning::NightWithoutHotel(day(2027, 5, 8)),
            Warning::VisaNotGranted {
                departs_on: day(2027, 5, 2)
            },
        ]
    );
    // Three weeks before departure the visa can still come.
    assert!(
        !warnings(&t, day(2027, 4, 10)).contains(&Warning::VisaNotGranted {
            departs_on: day(2027, 5, 2)
        })
    );
    // After the phase, nothing.
    assert!(warnings(&t, day(2027, 5, 20)).is_empty());
}

#[test]
fn a_leg_across_a_border_is_a_flight_and_one_inside_a_country_local_transport() {
    use crate::budget::Category;
    let legs = sweden_trip();
    assert_eq!(legs[0].budget_category(), Category::Flights);
    let mut domestic = legs[0].clone();
    domestic.to_country = domestic.from_country;
    assert_eq!(domestic.budget_category(), Category::LocalTransport);
}

#[test]
fn a_phase_without_any_leg_warns_that_nothing_is_booked_not_that_the_return_is_missing() {
    let t = PhaseTravel {
        phase: sweden_phase(),
        legs: &[],
        stays: &[],
        visa: VisaStatus::NotNeeded,
    };
    let found = warnings(&t, day(2027, 4, 20));
    assert_eq!(found.first(), Some(&Warning::NoTravelBooked));
    assert!(!found.contains(&Warning::NoReturnJourney));
}

#[test]
fn the_itinerary_makes_the_per_diem_trip_in_swedish_time() {
    let provided = MealSet::NONE.with(Meal::Breakfast).with(Meal::Lunch);
    let trip = trip_from_itinerary(
        PolicyRef::Programme("MF".into()),
        &sweden_trip(),
        sweden_phase(),
        provided,
        true,
    )
    .unwrap();
    // 23:30 in Kampala is 22:30 in Stockholm; 06:10 in Kampala is 05:10 in Stockholm.
    assert_eq!(trip.departure(), at(2027, 5, 2, 22, 30));
    assert_eq!(trip.return_at(), at(2027, 5, 15, 5, 10));
    assert_eq!(trip.stays().len(), 1);
    assert_eq!(trip.stays()[0].country.as_str(), "SE");
    assert_eq!(trip.stays()[0].from, at(2027, 5, 3, 9, 40));
    assert_eq!(trip.stays()[0].to, at(2027, 5, 14, 16, 0));
    assert_eq!(trip.free_meals_on(day(2027, 5, 2)), MealSet::NONE);
    assert_eq!(trip.free_meals_on(day(2027, 5, 3)), provided);
    assert_eq!(trip.free_meals_on(day(2027, 5, 14)), provided);
    assert_eq!(trip.free_meals_on(day(2027, 5, 15)), MealSet::NONE);
}

#[test]
fn an_itinerary_without_a_way_back_makes_no_trip() {
    let legs = sweden_trip();
    let p = || PolicyRef::Programme("MF".into());
    assert_eq!(
        trip_from_itinerary(p(), &[], sweden_phase(), MealSet::NONE, true),
        Err(ItineraryError::NoLegs)
    );
    assert_eq!(
        trip_from_itinerary(p(), &legs[..1], sweden_phase(), MealSet::NONE, true),
        Err(ItineraryError::NoReturn)
    );
    let mut overlapping = legs.clone();
    overlapping[1].departs = at(2027, 5, 3, 8, 0);
    overlapping[1].arrives = at(2027, 5, 3, 20, 0);
    assert!(matches!(
        trip_from_itinerary(p(), &overlapping, sweden_phase(), MealSet::NONE, true),
        Err(ItineraryError::Overlap { .. })
    ));
}

#[test]
fn templates_accept_only_their_placeholders() {
    assert!(
        parse_template(
            "t",
            "certificate",
            DEFAULT_CERTIFICATE,
            CERTIFICATE_PLACEHOLDERS
        )
        .is_ok()
    );
    assert!(
        parse_template(
            "t",
            "invitation",
            DEFAULT_INVITATION,
            INVITATION_PLACEHOLDERS
        )
        .is_ok()
    );
    let e =
        parse_template("t", "certificate", "Dear {nmae}", CERTIFICATE_PLACEHOLDERS).unwrap_err();
    assert!(
        e.for_field("t")
            .unwrap()
            .starts_with("{nmae} is not a placeholder")
    );
    assert!(parse_template("t", "certificate", "Dear {name", CERTIFICATE_PLACEHOLDERS).is_err());
    assert!(parse_template("t", "certificate", "Dear name}", CERTIFICATE_PLACEHOLDERS).is_err());
    assert!(parse_template("t", "certificate", "  ", CERTIFICATE_PLACEHOLDERS).is_err());
    // {phase} belongs to invitations only.
    assert!(parse_template("t", "certificate", "{phase}", CERTIFICATE_PLACEHOLDERS).is_err());
}

#[test]
fn a_template_renders_with_its_values() {
    let t = parse_template(
        "t",
        "certificate",
        "{name} of {organisation}: {name}",
        CERTIFICATE_PLACEHOLDERS,
    )
    .unwrap();
    assert_eq!(
        t.render(&[
            ("name", "Grace {x}".into()),
            ("organisation", "Kampala".into())
        ]),
        "Grace {x} of Kampala: Grace {x}"
    );
}

fn arb_night_span() -> impl Strategy<Value = DateSpan> {
    (0i64..300, 1i64..20).prop_map(|(off, len)| {
        let start = day(2027, 1, 1) + Duration::days(off);
        DateSpan::new(start, start + Duration::days(len)).unwrap()
    })
}

proptest! {
    #[test]
    fn every_uncovered_night_is_warned_once_and_no_covered_one(
        phase in arb_night_span(),
        raw in proptest::collection::vec((-3i64..25, 1i64..6), 0..5),
    ) {
        let stays: Vec<HotelStay> = raw
            .iter()
            .map(|(off, len)| hotel(phase.start + Duration::days(*off), phase.start + Duration::days(off + len)))
            .collect();
        let missing = nights_without_hotel(phase, &stays);
        let nights = (phase.end - phase.start).num_days();
        for n in 0..nights {
            let night = phase.start + Duration::days(n);
            let covered = stays.iter().any(|s| s.covers(night));
            prop_assert_eq!(missing.iter().filter(|m| **m == night).count(), usize::from(!covered));
        }
        prop_assert!(missing.iter().all(|m| phase.contains_day(*m) && *m < phase.end));
        // One stay over the whole phase removes every night's warning.
        let mut all = stays.clone();
        all.push(hotel(phase.start, phase.end));
        prop_assert!(nights_without_hotel(phase, &all).is_empty());
    }

    #[test]
    fn completion_never_completes_with_a_compulsory_phase_not_attended(
        phases in proptest::collection::vec((any::<bool>(), 0usize..4), 0..8),
    ) {
        let phases: Vec<(bool, Attendance)> = phases.into_iter().map(|(c, a)| (c, Attendance::ALL[a])).collect();
        let c = completion(phases.iter().copied());
        if c == Completion::Completed {
            prop_assert!(phases.iter().all(|(comp, a)| !comp || *a == Attendance::Attended));
        }
        if phases.iter().any(|(comp, a)| *comp && matches!(a, Attendance::Absent | Attendance::Excused)) {
            prop_assert_eq!(c, Completion::NotCompleted);
        }
    }

    #[test]
    fn a_round_trip_itinerary_makes_a_trip_whose_stays_lie_inside_it(
        out_hour in 0u32..24,
        flight_hours in 2i64..20,
        stay_days in 1i64..20,
        zone_index in 0usize..4,
        meals in 0u8..8,
    ) {
        let zones = ["Africa/Kampala", "Africa/Johannesburg", "Europe/Stockholm", "Asia/Jakarta"];
        let home = zones[zone_index];
        let out = at(2027, 9, 1, out_hour, 15);
        let arrive = out + Duration::hours(flight_hours);
        let back = arrive + Duration::days(stay_days);
        let legs = vec![
            leg("UG", out, home, "SE", arrive, home),
            leg("SE", back, home, "UG", back + Duration::hours(flight_hours), home),
        ];
        prop_assert!(has_return(&legs));
        let phase = DateSpan::new(arrive.date(), back.date()).unwrap();
        let provided: MealSet = Meal::ALL.iter().enumerate().filter(|(i, _)| meals & (1 << i) != 0).map(|(_, m)| *m).collect();
        let trip = trip_from_itinerary(PolicyRef::Skatteverket, &legs, phase, provided, true).unwrap();
        prop_assert!(trip.departure() < trip.return_at());
        for s in trip.stays() {
            prop_assert!(trip.departure() <= s.from && s.to <= trip.return_at());
            prop_assert_eq!(s.country.as_str(), "SE");
        }
        for (d, m) in trip.free_meals() {
            prop_assert!(phase.contains_day(*d));
            prop_assert_eq!(*m, provided);
        }
    }

    #[test]
    fn templates_never_panic_and_accepted_ones_render_without_braces_of_placeholders(text in "[a-z{} ]{0,40}") {
        if let Ok(t) = parse_template("t", "certificate", &text, CERTIFICATE_PLACEHOLDERS) {
            let values: Vec<(&str, String)> = CERTIFICATE_PLACEHOLDERS.iter().map(|p| (p.name, "X".to_owned())).collect();
            let out = t.render(&values);
            let clean = !out.contains('{') && !out.contains('}');
            prop_assert!(clean, "{}", out);
        }
    }
}
