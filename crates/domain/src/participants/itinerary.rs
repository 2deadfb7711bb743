//! A participant's bookings for a phase: itinerary legs with local times in their own zones,
//! hotel stays by nights, the visa and the insurance, each with its form and its checks.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::VisaStatus;
use crate::code::Code;
use crate::country::CountryCode;
use crate::money::{Currency, Money};
use crate::phase::parse_date;
use crate::validation::{FieldErrors, optional_text, required_text};

/// One leg of a journey: a flight, a train, a bus. Times are what the ticket says: the
/// departure in the zone it leaves from, the arrival in the zone it lands in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leg {
    pub from_place: String,
    pub from_country: CountryCode,
    pub departs: NaiveDateTime,
    pub departs_zone: Tz,
    pub to_place: String,
    pub to_country: CountryCode,
    pub arrives: NaiveDateTime,
    pub arrives_zone: Tz,
    pub carrier: String,
    pub booking_reference: String,
    pub cost: Option<Money>,
}

/// The moment a local time names in `zone`: the earlier one when clocks go back; `None` for a
/// time the zone skips when clocks go forward.
pub fn moment(local: NaiveDateTime, zone: Tz) -> Option<DateTime<Utc>> {
    zone.from_local_datetime(&local)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

impl Leg {
    pub fn departs_utc(&self) -> DateTime<Utc> {
        moment(self.departs, self.departs_zone).unwrap_or_else(|| self.departs.and_utc())
    }

    pub fn arrives_utc(&self) -> DateTime<Utc> {
        moment(self.arrives, self.arrives_zone).unwrap_or_else(|| self.arrives.and_utc())
    }

    /// "Entebbe → Stockholm Arlanda".
    pub fn route(&self) -> String {
        format!("{} → {}", self.from_place, self.to_place)
    }

    /// The budget line the leg's cost is committed on: a leg inside one country is local
    /// transport (the airport train, the bus to the host municipality); one across a border is
    /// a flight.
    pub fn budget_category(&self) -> crate::budget::Category {
        if self.from_country == self.to_country {
            crate::budget::Category::LocalTransport
        } else {
            crate::budget::Category::Flights
        }
    }
}

/// The leg form as typed. Times are `datetime-local` values ("2027-05-03T07:40").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LegInput {
    pub from_place: String,
    pub from_country: String,
    pub departs: String,
    pub departs_zone: String,
    pub to_place: String,
    pub to_country: String,
    pub arrives: String,
    pub arrives_zone: String,
    pub carrier: String,
    pub booking_reference: String,
    pub cost: String,
    pub currency: String,
}

/// A local time as a `datetime-local` field sends it, seconds optional.
pub fn parse_local(text: &str) -> Option<NaiveDateTime> {
    let t = text.trim();
    ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(t, f).ok())
        .filter(|d| (2000..=2100).contains(&chrono::Datelike::year(d)))
}

/// How a local time is written in forms and stored: "2027-05-03T07:40".
pub fn write_local(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%dT%H:%M").to_string()
}

fn local_field(
    e: &mut FieldErrors,
    field: &str,
    label: &str,
    value: &str,
) -> Option<NaiveDateTime> {
    if value.trim().is_empty() {
        e.add(field, format!("Enter the {label}."));
        return None;
    }
    let parsed = parse_local(value);
    if parsed.is_none() {
        e.add(
            field,
            format!("The {label} must be a date and time, such as 2027-05-03 07:40."),
        );
    }
    parsed
}

fn zone_field(e: &mut FieldErrors, field: &str, label: &str, value: &str) -> Option<Tz> {
    let v = value.trim();
    if v.is_empty() {
        e.add(
            field,
            format!("Enter the {label}, such as Africa/Kampala or Europe/Stockholm."),
        );
        return None;
    }
    let zone = v.parse::<Tz>().ok();
    if zone.is_none() {
        e.add(
            field,
            format!(
                "The {label} must be a time zone name, such as Africa/Kampala or Europe/Stockholm."
            ),
        );
    }
    zone
}

fn country_field(
    e: &mut FieldErrors,
    field: &str,
    label: &str,
    value: &str,
) -> Option<CountryCode> {
    let v = value.trim().to_ascii_uppercase();
    if v.is_empty() {
        e.add(field, format!("Choose the {label}."));
        return None;
    }
    let c = CountryCode::parse(&v).ok();
    if c.is_none() {
        e.add(field, format!("Choose the {label} from the list."));
    }
    c
}

/// An optional cost: an amount with its currency (ISO 4217), or nothing when both are empty.
pub fn cost_field(e: &mut FieldErrors, field: &str, amount: &str, currency: &str) -> Option<Money> {
    if amount.trim().is_empty() {
        return None;
    }
    let currency = match Currency::parse(if currency.trim().is_empty() {
        "SEK"
    } else {
        currency
    }) {
        Ok(c) => c,
        Err(_) => {
            e.add(
                "currency",
                "The currency must be a three-letter code, such as SEK, USD or UGX.",
            );
            return None;
        }
    };
    match Money::parse(amount, currency) {
        Ok(m) if m.amount().is_sign_negative() => {
            e.add(field, "The cost cannot be negative.");
            None
        }
        Ok(m) if m.to_minor_units().is_err() => {
            e.add(field, "The cost is too large.");
            None
        }
        Ok(m) => Some(m),
        Err(_) => {
            e.add(
                field,
                format!(
                    "The cost must be an amount, such as 6400 or 6400.50 (at most {} decimals).",
                    currency.minor_digits()
                ),
            );
            None
        }
    }
}

impl LegInput {
    pub fn from_leg(leg: &Leg) -> LegInput {
        LegInput {
            from_place: leg.from_place.clone(),
            from_country: leg.from_country.as_str().to_owned(),
            departs: write_local(leg.departs),
            departs_zone: leg.departs_zone.name().to_owned(),
            to_place: leg.to_place.clone(),
            to_country: leg.to_country.as_str().to_owned(),
            arrives: write_local(leg.arrives),
            arrives_zone: leg.arrives_zone.name().to_owned(),
            carrier: leg.carrier.clone(),
            booking_reference: leg.booking_reference.clone(),
            cost: leg.cost.map(|c| c.amount().to_string()).unwrap_or_default(),
            currency: leg
                .cost
                .map(|c| c.currency().code().to_owned())
                .unwrap_or_default(),
        }
    }

    pub fn validate(&self) -> Result<Leg, FieldErrors> {
        let mut e = FieldErrors::new();
        let from_place = required_text(
            &mut e,
            "from_place",
            "place of departure",
            &self.from_place,
            100,
        );
        let from_country = country_field(
            &mut e,
            "from_country",
            "country of departure",
            &self.from_country,
        );
        let departs = local_field(&mut e, "departs", "departure time", &self.departs);
        let departs_zone = zone_field(
            &mut e,
            "departs_zone",
            "time zone of departure",
            &self.departs_zone,
        );
        let to_place = required_text(&mut e, "to_place", "place of arrival", &self.to_place, 100);
        let to_country =
            country_field(&mut e, "to_country", "country of arrival", &self.to_country);
        let arrives = local_field(&mut e, "arrives", "arrival time", &self.arrives);
        let arrives_zone = zone_field(
            &mut e,
            "arrives_zone",
            "time zone of arrival",
            &self.arrives_zone,
        );
        let carrier = optional_text(&mut e, "carrier", "carrier", &self.carrier, 100);
        let booking_reference = optional_text(
            &mut e,
            "booking_reference",
            "booking reference",
            &self.booking_reference,
            40,
        );
        let cost = cost_field(&mut e, "cost", &self.cost, &self.currency);
        let (
            Some(from_country),
            Some(departs),
            Some(departs_zone),
            Some(to_country),
            Some(arrives),
            Some(arrives_zone),
        ) = (
            from_country,
            departs,
            departs_zone,
            to_country,
            arrives,
            arrives_zone,
        )
        else {
            return Err(e);
        };
        let out = moment(departs, departs_zone);
        let back = moment(arrives, arrives_zone);
        if out.is_none() {
            e.add(
                "departs",
                "That departure time does not exist in its zone (the clocks go forward then).",
            );
        }
        if back.is_none() {
            e.add(
                "arrives",
                "That arrival time does not exist in its zone (the clocks go forward then).",
            );
        }
        if let (Some(out), Some(back)) = (out, back) {
            if back <= out {
                e.add(
                    "arrives",
                    "The arrival must be after the departure (each time is read in its own zone).",
                );
            } else if back - out > chrono::Duration::hours(72) {
                e.add(
                    "arrives",
                    "One leg cannot take more than three days; enter each leg on its own.",
                );
            }
        }
        e.into_result(Leg {
            from_place,
            from_country,
            departs,
            departs_zone,
            to_place,
            to_country,
            arrives,
            arrives_zone,
            carrier,
            booking_reference,
            cost,
        })
    }
}

/// A hotel stay: the nights from `check_in` up to (not including) `check_out`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HotelStay {
    pub hotel: String,
    pub check_in: NaiveDate,
    pub check_out: NaiveDate,
    pub cost: Option<Money>,
}

impl HotelStay {
    /// Whether the participant sleeps here the night that begins on `night`.
    pub fn covers(&self, night: NaiveDate) -> bool {
        self.check_in <= night && night < self.check_out
    }

    pub fn nights(&self) -> i64 {
        (self.check_out - self.check_in).num_days()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HotelStayInput {
    pub hotel: String,
    pub check_in: String,
    pub check_out: String,
    pub cost: String,
    pub currency: String,
}

impl HotelStayInput {
    pub fn validate(&self) -> Result<HotelStay, FieldErrors> {
        let mut e = FieldErrors::new();
        let hotel = required_text(&mut e, "hotel", "hotel", &self.hotel, 200);
        let check_in = parse_date(&mut e, "check_in", "check-in date", &self.check_in);
        let check_out = parse_date(&mut e, "check_out", "check-out date", &self.check_out);
        let cost = cost_field(&mut e, "cost", &self.cost, &self.currency);
        let (Some(check_in), Some(check_out)) = (check_in, check_out) else {
            return Err(e);
        };
        if check_out <= check_in {
            e.add(
                "check_out",
                "The check-out date must be after the check-in date (at least one night).",
            );
        } else if (check_out - check_in).num_days() > 120 {
            e.add("check_out", "A stay cannot be longer than 120 nights.");
        }
        e.into_result(HotelStay {
            hotel,
            check_in,
            check_out,
            cost,
        })
    }
}

/// The visa for one phase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visa {
    pub status: VisaStatus,
    pub applied_on: Option<NaiveDate>,
    pub decided_on: Option<NaiveDate>,
    pub embassy: String,
}

impl Default for Visa {
    fn default() -> Self {
        Visa {
            status: VisaStatus::NotNeeded,
            applied_on: None,
            decided_on: None,
            embassy: String::new(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VisaInput {
    pub status: String,
    pub applied_on: String,
    pub decided_on: String,
    pub embassy: String,
}

fn optional_date(e: &mut FieldErrors, field: &str, label: &str, value: &str) -> Option<NaiveDate> {
    if value.trim().is_empty() {
        None
    } else {
        parse_date(e, field, label, value)
    }
}

impl VisaInput {
    pub fn from_visa(v: &Visa) -> VisaInput {
        VisaInput {
            status: v.status.code().to_owned(),
            applied_on: v.applied_on.map(|d| d.to_string()).unwrap_or_default(),
            decided_on: v.decided_on.map(|d| d.to_string()).unwrap_or_default(),
            embassy: v.embassy.clone(),
        }
    }

    pub fn validate(&self) -> Result<Visa, FieldErrors> {
        let mut e = FieldErrors::new();
        let status = VisaStatus::parse(&self.status);
        if status.is_none() {
            e.add("visa_status", "Choose where the visa stands.");
        }
        let applied_on = optional_date(&mut e, "applied_on", "date applied", &self.applied_on);
        let decided_on = optional_date(
            &mut e,
            "decided_on",
            "date of the decision",
            &self.decided_on,
        );
        let embassy = optional_text(&mut e, "embassy", "embassy", &self.embassy, 200);
        if let (Some(a), Some(d)) = (applied_on, decided_on)
            && d < a
        {
            e.add(
                "decided_on",
                "The decision cannot come before the application.",
            );
        }
        if matches!(
            status,
            Some(VisaStatus::Applied | VisaStatus::Granted | VisaStatus::Refused)
        ) && applied_on.is_none()
        {
            e.add("applied_on", "Enter the date the visa was applied for.");
        }
        if matches!(status, Some(VisaStatus::Granted | VisaStatus::Refused)) && decided_on.is_none()
        {
            e.add("decided_on", "Enter the date of the embassy's decision.");
        }
        let Some(status) = status else {
            return Err(e);
        };
        e.into_result(Visa {
            status,
            applied_on,
            decided_on,
            embassy,
        })
    }
}

/// The travel insurance for one phase.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Insurance {
    pub insurer: String,
    pub policy_number: String,
    pub cost: Option<Money>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InsuranceInput {
    pub insurer: String,
    pub policy_number: String,
    pub cost: String,
    pub currency: String,
}

impl InsuranceInput {
    pub fn from_insurance(i: &Insurance) -> InsuranceInput {
        InsuranceInput {
            insurer: i.insurer.clone(),
            policy_number: i.policy_number.clone(),
            cost: i.cost.map(|c| c.amount().to_string()).unwrap_or_default(),
            currency: i
                .cost
                .map(|c| c.currency().code().to_owned())
                .unwrap_or_default(),
        }
    }

    pub fn validate(&self) -> Result<Insurance, FieldErrors> {
        let mut e = FieldErrors::new();
        let insurer = optional_text(&mut e, "insurer", "insurer", &self.insurer, 200);
        let policy_number = optional_text(
            &mut e,
            "policy_number",
            "policy number",
            &self.policy_number,
            100,
        );
        let cost = cost_field(&mut e, "cost", &self.cost, &self.currency);
        if insurer.is_empty() && (!policy_number.is_empty() || cost.is_some()) {
            e.add("insurer", "Enter the insurer of this policy.");
        }
        e.into_result(Insurance {
            insurer,
            policy_number,
            cost,
        })
    }
}
