//! The per-diem statement form: who travels, in which phase, under which policy, and the itinerary.

use super::itinerary::ItineraryInput;
use crate::account::Email;
use crate::per_diem::trip::{PolicyRef, Trip};
use crate::per_diem::{RateSource, Statement};
use crate::validation::{FieldErrors, optional_text, required_text};

/// The policy choice on the form: Skatteverket's rules (staff, mentors, Swedish resource
/// persons) or the cohort's own programme policy (participants).
pub const POLICY_SKATTEVERKET: &str = "skatteverket";
pub const POLICY_PROGRAMME: &str = "programme";
/// No choice made yet: the cohort's own policy when it names one, else Skatteverket's rules.
pub const POLICY_COHORTS_OWN: &str = "";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementInput {
    pub traveller_name: String,
    /// The traveller's account, when they have one.
    pub traveller_email: String,
    pub phase_label: String,
    pub policy: String,
    pub itinerary: ItineraryInput,
}

impl Default for StatementInput {
    fn default() -> Self {
        StatementInput {
            traveller_name: String::new(),
            traveller_email: String::new(),
            phase_label: String::new(),
            policy: POLICY_COHORTS_OWN.to_owned(),
            itinerary: ItineraryInput::default(),
        }
    }
}

/// Who travels and in which phase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementDetails {
    pub traveller_name: String,
    pub traveller_email: Option<Email>,
    pub phase_label: Option<String>,
}

impl StatementInput {
    /// The details and the trip, or every problem on its field. `cohort_policy` is the code of
    /// the programme policy the cohort names, if any.
    pub fn validate(
        &self,
        cohort_policy: Option<&str>,
    ) -> Result<(StatementDetails, Trip), FieldErrors> {
        let mut errors = FieldErrors::new();
        let traveller_name = required_text(
            &mut errors,
            "traveller_name",
            "traveller's name",
            &self.traveller_name,
            200,
        );
        let traveller_email = match self.traveller_email.trim() {
            "" => None,
            text => match Email::parse(text) {
                Ok(email) => Some(email),
                Err(e) => {
                    errors.add("traveller_email", format!("{e}."));
                    None
                }
            },
        };
        let phase_label =
            optional_text(&mut errors, "phase_label", "phase", &self.phase_label, 200);
        let policy = match (self.policy.trim(), cohort_policy) {
            (POLICY_COHORTS_OWN, None) | (POLICY_SKATTEVERKET, _) => Some(PolicyRef::Skatteverket),
            (POLICY_COHORTS_OWN, Some(code)) => Some(PolicyRef::Programme(code.to_owned())),
            (POLICY_PROGRAMME, Some(code)) => Some(PolicyRef::Programme(code.to_owned())),
            (POLICY_PROGRAMME, None) => {
                errors.add(
                    "policy",
                    "The cohort names no programme per-diem policy: choose Skatteverket's rules, \
                     or have the cohort's policy set first.",
                );
                None
            }
            _ => {
                errors.add(
                    "policy",
                    "Choose Skatteverket's rules or the cohort's programme policy.",
                );
                None
            }
        };
        let trip = match policy {
            Some(policy) => match self.itinerary.to_trip(policy) {
                Ok(trip) => Some(trip),
                Err(itinerary_errors) => {
                    for e in itinerary_errors.iter() {
                        errors.add(&e.field, e.message.clone());
                    }
                    None
                }
            },
            None => None,
        };
        match (trip, errors.is_empty()) {
            (Some(trip), true) => Ok((
                StatementDetails {
                    traveller_name,
                    traveller_email,
                    phase_label: (!phase_label.is_empty()).then_some(phase_label),
                },
                trip,
            )),
            _ => Err(errors),
        }
    }

    /// The policy the form shows as chosen for a cohort naming `cohort_policy`: what was chosen,
    /// or, before any choice, the cohort's own policy when it names one.
    pub fn effective_policy(&self, cohort_policy: Option<&str>) -> &str {
        match (self.policy.trim(), cohort_policy) {
            (POLICY_COHORTS_OWN, Some(_)) => POLICY_PROGRAMME,
            (POLICY_COHORTS_OWN, None) => POLICY_SKATTEVERKET,
            (chosen, _) => chosen,
        }
    }

    /// The form's policy choice for a stored trip's policy.
    pub fn policy_choice(policy: &PolicyRef) -> &'static str {
        match policy {
            PolicyRef::Skatteverket => POLICY_SKATTEVERKET,
            PolicyRef::Programme(_) => POLICY_PROGRAMME,
        }
    }
}

/// Why a computed statement pays nothing, in words for the person about to save it; `None`
/// when it pays something.
pub fn pays_nothing_because(statement: &Statement) -> Option<&'static str> {
    if !statement.total.amount().is_zero() {
        return None;
    }
    if !statement.eligible {
        return Some(
            "the trip includes no night away: no time between 00:00 and 06:00 lies wholly \
             inside it, and a per diem needs one",
        );
    }
    let no_rate = statement
        .rates_used()
        .iter()
        .any(|r| matches!(r.rate, RateSource::NoProgrammeRate { .. }));
    if no_rate {
        return Some("the programme policy has no rate for the countries of the stays");
    }
    Some("the free meals ticked take away the whole allowance of every day")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::per_diem::forms::itinerary::StayInput;

    fn input() -> StatementInput {
        StatementInput {
            traveller_name: " Grace Namubiru ".into(),
            traveller_email: "Grace@Example.org".into(),
            phase_label: "Sweden phase".into(),
            policy: POLICY_PROGRAMME.into(),
            itinerary: ItineraryInput {
                departure: "2026-05-10T20:00".into(),
                return_at: "2026-05-23T09:00".into(),
                stays: vec![StayInput {
                    country: "SE".into(),
                    from: "2026-05-11T08:00".into(),
                    to: "2026-05-22T15:00".into(),
                }],
                ..ItineraryInput::default()
            },
        }
    }

    #[test]
    fn programme_choice_takes_the_cohorts_policy() {
        let (details, trip) = input().validate(Some("ICLD")).unwrap();
        assert_eq!(details.traveller_name, "Grace Namubiru");
        assert_eq!(
            details.traveller_email.unwrap().as_str(),
            "grace@example.org"
        );
        assert_eq!(details.phase_label.as_deref(), Some("Sweden phase"));
        assert_eq!(trip.policy(), &PolicyRef::Programme("ICLD".into()));
    }

    #[test]
    fn programme_choice_without_a_cohort_policy_is_an_error_on_the_policy() {
        let errors = input().validate(None).unwrap_err();
        assert!(
            errors
                .for_field("policy")
                .unwrap()
                .contains("names no programme")
        );
    }

    #[test]
    fn details_and_itinerary_problems_come_together() {
        let mut bad = input();
        bad.traveller_name = " ".into();
        bad.traveller_email = "grace at example".into();
        bad.policy = POLICY_SKATTEVERKET.into();
        bad.itinerary.return_at = "2026-05-01T10:00".into();
        let errors = bad.validate(None).unwrap_err();
        for field in ["traveller_name", "traveller_email", "return_at"] {
            assert!(errors.for_field(field).is_some(), "{field}");
        }
        let mut odd = input();
        odd.policy = "whatever".into();
        assert!(
            odd.validate(Some("ICLD"))
                .unwrap_err()
                .for_field("policy")
                .is_some()
        );
    }

    #[test]
    fn empty_phase_and_email_are_none() {
        let mut plain = input();
        plain.traveller_email.clear();
        plain.phase_label = "  ".into();
        let (details, _) = plain.validate(Some("ICLD")).unwrap();
        assert_eq!(details.traveller_email, None);
        assert_eq!(details.phase_label, None);
    }

    #[test]
    fn before_any_choice_the_cohorts_own_policy_applies_when_it_names_one() {
        let mut fresh = input();
        fresh.policy = StatementInput::default().policy;
        let (_, trip) = fresh.validate(Some("ICLD")).unwrap();
        assert_eq!(trip.policy(), &PolicyRef::Programme("ICLD".into()));
        let (_, trip) = fresh.validate(None).unwrap();
        assert_eq!(trip.policy(), &PolicyRef::Skatteverket);
        assert_eq!(fresh.effective_policy(Some("ICLD")), POLICY_PROGRAMME);
        assert_eq!(fresh.effective_policy(None), POLICY_SKATTEVERKET);
        fresh.policy = POLICY_SKATTEVERKET.into();
        assert_eq!(fresh.effective_policy(Some("ICLD")), POLICY_SKATTEVERKET);
    }

    fn nothing(eligible: bool) -> Statement {
        Statement {
            eligible,
            days: vec![],
            nights: vec![],
            total: crate::Money::sek(rust_decimal::Decimal::ZERO),
            policy: crate::per_diem::PolicyUsed::Skatteverket,
        }
    }

    #[test]
    fn a_statement_that_pays_nothing_says_why() {
        assert!(
            pays_nothing_because(&nothing(false))
                .unwrap()
                .contains("no night away")
        );
        assert!(
            pays_nothing_because(&nothing(true))
                .unwrap()
                .contains("free meals")
        );
        let mut some = nothing(true);
        some.total = crate::Money::sek(rust_decimal::Decimal::ONE);
        assert_eq!(pays_nothing_because(&some), None);
    }
}
