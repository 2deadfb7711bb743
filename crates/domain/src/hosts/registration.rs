//! A municipality's or region's offer to host study visits, as typed on the public form "Ta
//! emot ett studiebesök", checked into a [`Registration`].
//!
//! Messages are the ids of translated messages (`hosts-error-…` in the web crate's locale
//! files), not sentences: the form is shown in Swedish or English and the domain does not know
//! which.

use chrono::NaiveDate;

use crate::account::Email;
use crate::code::Code;
use crate::phase::DateSpan;
use crate::validation::{FieldErrors, is_unstorable};

use super::municipalities::{Municipality, by_code};

/// What a host can show a visiting team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Theme {
    MunicipalFinance,
    GenderEquality,
    CitizenParticipation,
    UrbanPlanning,
    ClimateEnvironment,
    ServiceDelivery,
    AntiCorruption,
}

crate::codes!(Theme as "theme" {
    MunicipalFinance = "municipal_finance": "Municipal finance",
    GenderEquality = "gender_equality": "Gender equality",
    CitizenParticipation = "citizen_participation": "Citizen participation",
    UrbanPlanning = "urban_planning": "Urban planning",
    ClimateEnvironment = "climate_environment": "Climate and environment",
    ServiceDelivery = "service_delivery": "Service delivery",
    AntiCorruption = "anti_corruption": "Anti-corruption",
});

/// A language a host's staff can receive a team in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HostLanguage {
    English,
    Swedish,
    French,
    Spanish,
    Portuguese,
    Russian,
    Arabic,
}

crate::codes!(HostLanguage as "language" {
    English = "en": "English",
    Swedish = "sv": "Swedish",
    French = "fr": "French",
    Spanish = "es": "Spanish",
    Portuguese = "pt": "Portuguese",
    Russian = "ru": "Russian",
    Arabic = "ar": "Arabic",
});

/// Where a host's offer stands: staff approve it before the host gets an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HostState {
    Requested,
    Approved,
    Declined,
}

crate::codes!(HostState as "host state" {
    Requested = "requested": "Waiting for approval",
    Approved = "approved": "Approved",
    Declined = "declined": "Declined",
});

/// How many periods the form offers; a host with more writes them in the note.
pub const PERIOD_ROWS: usize = 3;
/// The most visitors a host can say it takes at once: a whole cohort with its staff.
pub const MAX_VISITORS: u32 = 60;
/// The most teams a host can take in one window.
pub const MAX_TEAMS: u32 = 10;

/// The form as typed, kept whole so a refused form shows what was typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegistrationInput {
    pub municipality: String,
    pub contact_name: String,
    pub email: String,
    pub phone: String,
    pub themes: Vec<String>,
    pub languages: Vec<String>,
    pub max_visitors: String,
    pub teams: String,
    /// `(from, to)` as typed (`YYYY-MM-DD`), [`PERIOD_ROWS`] of them; empty rows are skipped.
    pub periods: Vec<(String, String)>,
    pub note: String,
}

/// A checked offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    pub municipality: &'static Municipality,
    pub contact_name: String,
    pub email: Email,
    pub phone: String,
    pub themes: Vec<Theme>,
    pub languages: Vec<HostLanguage>,
    pub max_visitors: u32,
    pub teams: u32,
    pub periods: Vec<DateSpan>,
    pub note: String,
}

fn text(errors: &mut FieldErrors, field: &str, value: &str, max: usize) -> String {
    let v = value.trim();
    if v.is_empty() {
        errors.add(field, "hosts-error-required");
    } else if v.chars().any(is_unstorable) {
        errors.add(field, "hosts-error-control-characters");
    } else if v.chars().count() > max {
        errors.add(field, "hosts-error-too-long");
    }
    v.to_owned()
}

fn codes<T: Code + Ord>(errors: &mut FieldErrors, field: &str, values: &[String]) -> Vec<T> {
    let mut out = Vec::new();
    for v in values.iter().filter(|v| !v.trim().is_empty()) {
        match T::parse(v) {
            Some(c) => out.push(c),
            None => {
                errors.add(field, "hosts-error-unknown-choice");
                return Vec::new();
            }
        }
    }
    out.sort();
    out.dedup();
    if out.is_empty() {
        errors.add(field, "hosts-error-choose-one");
    }
    out
}

fn number(errors: &mut FieldErrors, field: &str, value: &str, max: u32) -> u32 {
    match value.trim().parse::<u32>() {
        Ok(n) if (1..=max).contains(&n) => n,
        _ => {
            errors.add(field, "hosts-error-number");
            0
        }
    }
}

fn periods(errors: &mut FieldErrors, rows: &[(String, String)]) -> Vec<DateSpan> {
    let mut out = Vec::new();
    for (i, (from, to)) in rows.iter().enumerate().take(PERIOD_ROWS) {
        let (from, to) = (from.trim(), to.trim());
        if from.is_empty() && to.is_empty() {
            continue;
        }
        let field = format!("period_{}_from", i + 1);
        let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        match (date(from), date(to)) {
            (Some(f), Some(t)) => match DateSpan::new(f, t) {
                Some(span) => out.push(span),
                None => errors.add(&field, "hosts-error-period-order"),
            },
            _ => errors.add(&field, "hosts-error-date"),
        }
    }
    if out.is_empty() && errors.for_field("period_1_from").is_none() {
        errors.add("period_1_from", "hosts-error-period-needed");
    }
    out.sort_by_key(|s| s.start);
    out
}

impl RegistrationInput {
    pub fn validate(&self) -> Result<Registration, FieldErrors> {
        let mut errors = FieldErrors::new();
        let municipality = by_code(&self.municipality);
        if municipality.is_none() {
            errors.add("municipality", "hosts-error-municipality");
        }
        let contact_name = text(&mut errors, "contact_name", &self.contact_name, 120);
        let email = Email::parse(&self.email);
        if email.is_err() {
            errors.add("email", "hosts-error-email");
        }
        let phone = text(&mut errors, "phone", &self.phone, 30);
        let phone_ok = phone.chars().filter(char::is_ascii_digit).count() >= 5
            && phone
                .chars()
                .all(|c| c.is_ascii_digit() || " +-()".contains(c));
        if !phone.is_empty() && errors.for_field("phone").is_none() && !phone_ok {
            errors.add("phone", "hosts-error-phone");
        }
        let themes = codes::<Theme>(&mut errors, "themes", &self.themes);
        let languages = codes::<HostLanguage>(&mut errors, "languages", &self.languages);
        let max_visitors = number(
            &mut errors,
            "max_visitors",
            &self.max_visitors,
            MAX_VISITORS,
        );
        let teams = if self.teams.trim().is_empty() {
            1
        } else {
            number(&mut errors, "teams", &self.teams, MAX_TEAMS)
        };
        let periods = periods(&mut errors, &self.periods);
        let note = self.note.trim().to_owned();
        if note.chars().any(is_unstorable) {
            errors.add("note", "hosts-error-control-characters");
        } else if note.chars().count() > 2000 {
            errors.add("note", "hosts-error-too-long");
        }
        match (municipality, email) {
            (Some(municipality), Ok(email)) if errors.is_empty() => Ok(Registration {
                municipality,
                contact_name,
                email,
                phone,
                themes,
                languages,
                max_visitors,
                teams,
                periods,
                note,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::code::assert_round_trip;

    fn visby() -> RegistrationInput {
        RegistrationInput {
            municipality: "0980".into(),
            contact_name: "Erik Nilsson".into(),
            email: "Erik.Nilsson@gotland.se".into(),
            phone: "+46 498 26 90 00".into(),
            themes: vec!["climate_environment".into(), "municipal_finance".into()],
            languages: vec!["sv".into(), "en".into()],
            max_visitors: "4".into(),
            teams: String::new(),
            periods: vec![
                ("2027-12-01".into(), "2028-01-15".into()),
                (String::new(), String::new()),
                (String::new(), String::new()),
            ],
            note: String::new(),
        }
    }

    #[test]
    fn themes_and_languages_are_codes() {
        assert_round_trip::<Theme>();
        assert_round_trip::<HostLanguage>();
        assert_round_trip::<HostState>();
    }

    #[test]
    fn a_complete_offer_is_accepted_with_defaults() {
        let r = visby().validate().unwrap();
        assert_eq!(r.municipality.name, "Gotland");
        assert_eq!(r.email.as_str(), "erik.nilsson@gotland.se");
        assert_eq!(
            r.themes,
            vec![Theme::MunicipalFinance, Theme::ClimateEnvironment]
        );
        assert_eq!(
            r.languages,
            vec![HostLanguage::English, HostLanguage::Swedish]
        );
        assert_eq!((r.max_visitors, r.teams), (4, 1));
        assert_eq!(r.periods.len(), 1);
    }

    #[test]
    fn every_problem_is_reported_on_its_field() {
        let input = RegistrationInput {
            municipality: "Visby".into(),
            email: "not an address".into(),
            phone: "call me".into(),
            themes: vec!["astrology".into()],
            max_visitors: "0".into(),
            teams: "99".into(),
            periods: vec![("2028-01-15".into(), "2027-12-01".into())],
            ..RegistrationInput::default()
        };
        let e = input.validate().unwrap_err();
        for (field, id) in [
            ("municipality", "hosts-error-municipality"),
            ("contact_name", "hosts-error-required"),
            ("email", "hosts-error-email"),
            ("phone", "hosts-error-phone"),
            ("themes", "hosts-error-unknown-choice"),
            ("languages", "hosts-error-choose-one"),
            ("max_visitors", "hosts-error-number"),
            ("teams", "hosts-error-number"),
            ("period_1_from", "hosts-error-period-order"),
        ] {
            assert_eq!(e.for_field(field), Some(id), "{field}: {e}");
        }
    }

    #[test]
    fn a_period_is_needed_and_dates_must_be_dates() {
        let mut input = visby();
        input.periods = vec![];
        let e = input.validate().unwrap_err();
        assert_eq!(
            e.for_field("period_1_from"),
            Some("hosts-error-period-needed")
        );
        input.periods = vec![
            (String::new(), String::new()),
            ("2027-13-01".into(), "2027-12-31".into()),
        ];
        let e = input.validate().unwrap_err();
        assert_eq!(e.for_field("period_2_from"), Some("hosts-error-date"));
    }

    #[test]
    fn control_characters_and_overlong_text_are_refused() {
        let mut input = visby();
        input.contact_name = "Erik \u{202e}nossliN".into();
        input.note = "x".repeat(2001);
        let e = input.validate().unwrap_err();
        assert_eq!(
            e.for_field("contact_name"),
            Some("hosts-error-control-characters")
        );
        assert_eq!(e.for_field("note"), Some("hosts-error-too-long"));
    }

    proptest! {
        #[test]
        fn whatever_is_typed_an_accepted_offer_is_within_the_limits(
            code in "[0-9]{2,4}",
            visitors in "[0-9]{0,3}",
            teams in "[0-9]{0,2}",
            from in "2027-1[0-2]-[0-2][1-9]",
            to in "202[78]-0[1-9]-[0-2][1-9]",
        ) {
            let mut input = visby();
            input.municipality = code;
            input.max_visitors = visitors;
            input.teams = teams;
            input.periods = vec![(from, to)];
            if let Ok(r) = input.validate() {
                prop_assert!((1..=MAX_VISITORS).contains(&r.max_visitors));
                prop_assert!((1..=MAX_TEAMS).contains(&r.teams));
                prop_assert!(r.periods.iter().all(|p| p.start <= p.end));
                prop_assert!(by_code(r.municipality.code).is_some());
            }
        }
    }
}
