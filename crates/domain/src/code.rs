//! Enums kept as short stable codes: in the database, in forms and in URLs. One trait says how a
//! value is written and read, so a stored code is read the same way everywhere and a new enum
//! cannot grow a fourth way of parsing.

/// An enum stored or sent as a code.
///
/// A code never changes once stored (rows hold it); the label is what people read and may change.
pub trait Code: Copy + Eq + std::fmt::Debug + 'static {
    /// Every value, in the order people meet them (form choices, filters).
    const ALL: &'static [Self];
    /// What one value is called, for messages: "application status".
    const WHAT: &'static str;

    fn code(self) -> &'static str;

    fn label(self) -> &'static str;

    /// Reads a code as stored or sent (surrounding spaces ignored); `None` for anything else.
    fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL.iter().copied().find(|v| v.code() == s)
    }

    /// `(code, label)` pairs for a select, with an empty first choice.
    fn choices() -> Vec<(&'static str, &'static str)> {
        let mut c = vec![("", "Choose…")];
        c.extend(Self::ALL.iter().map(|v| (v.code(), v.label())));
        c
    }
}

/// A text that is not one of the codes of its enum.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{value}' is not {} {what}", article(what))]
pub struct UnknownCode {
    pub what: &'static str,
    pub value: String,
}

fn article(noun: &str) -> &'static str {
    if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// Reads a code or says which text was not one.
pub fn parse<T: Code>(s: &str) -> Result<T, UnknownCode> {
    T::parse(s).ok_or_else(|| UnknownCode {
        what: T::WHAT,
        value: s.to_owned(),
    })
}

/// Implements [`Code`] (and `FromStr` through it) from one table of variants, codes and labels:
///
/// ```
/// # #[derive(Debug, Clone, Copy, PartialEq, Eq)] enum Colour { Red, Blue }
/// itp_domain::codes!(Colour as "colour" { Red = "red": "Red", Blue = "blue": "Blue" });
/// # use itp_domain::code::Code;
/// assert_eq!(Colour::parse("blue"), Some(Colour::Blue));
/// assert_eq!("red".parse::<Colour>(), Ok(Colour::Red));
/// ```
///
/// `without FromStr` leaves `FromStr` to the enum, for one that reads text more leniently.
#[macro_export]
macro_rules! codes {
    ($name:ident as $what:literal without FromStr { $($variant:ident = $code:literal : $label:literal),+ $(,)? }) => {
        impl $crate::code::Code for $name {
            const ALL: &'static [$name] = &[$($name::$variant),+];
            const WHAT: &'static str = $what;

            fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
        }
    };
    ($name:ident as $what:literal { $($variant:ident = $code:literal : $label:literal),+ $(,)? }) => {
        $crate::codes!($name as $what without FromStr { $($variant = $code : $label),+ });

        impl ::std::str::FromStr for $name {
            type Err = $crate::code::UnknownCode;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $crate::code::parse(s)
            }
        }
    };
}

/// Checks what every [`Code`] must hold: each code reads back as its value and no two values
/// share a code. Each enum's tests call it, so an enum added without them stands out.
#[cfg(test)]
pub(crate) fn assert_round_trip<T: Code>() {
    assert!(!T::ALL.is_empty(), "{} has no values", T::WHAT);
    for (i, v) in T::ALL.iter().enumerate() {
        assert_eq!(T::parse(v.code()), Some(*v), "{} {v:?}", T::WHAT);
        assert!(!v.code().is_empty() && !v.label().is_empty(), "{v:?}");
        assert_eq!(
            v.code().trim(),
            v.code(),
            "{v:?}: a code has no spaces around it"
        );
        for w in &T::ALL[i + 1..] {
            assert_ne!(
                v.code(),
                w.code(),
                "{} {v:?} and {w:?} share a code",
                T::WHAT
            );
            assert_ne!(v, w, "{} lists {v:?} twice", T::WHAT);
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::account::LinkPurpose;
    use crate::application::eligibility::Eligibility;
    use crate::application::import::ImportStatus;
    use crate::application::{
        ApplicationSource, ApplicationStatus, CefrLevel, CheckKind, CheckOutcome, DocumentKind,
        FileType, Gender, GovernmentLevel, OrganisationType, Step,
    };
    use crate::cohort::{CohortStatus, Transition};
    use crate::mail::MailStatus;
    use crate::per_diem::{DayKind, Meal, StatementState};
    use crate::phase::PhaseKind;
    use crate::programme::TeamRole;
    use crate::role::Role;

    /// Runs `$check::<T>()` for every enum of the domain stored or sent as a code.
    macro_rules! for_every_code {
        ($check:ident) => {
            $check::<ApplicationStatus>();
            $check::<ApplicationSource>();
            $check::<Eligibility>();
            $check::<CheckKind>();
            $check::<CheckOutcome>();
            $check::<DocumentKind>();
            $check::<FileType>();
            $check::<Step>();
            $check::<OrganisationType>();
            $check::<GovernmentLevel>();
            $check::<Gender>();
            $check::<CefrLevel>();
            $check::<LinkPurpose>();
            $check::<Role>();
            $check::<CohortStatus>();
            $check::<Transition>();
            $check::<PhaseKind>();
            $check::<TeamRole>();
            $check::<MailStatus>();
            $check::<StatementState>();
            $check::<Meal>();
            $check::<DayKind>();
            $check::<ImportStatus>();
            $check::<crate::application::lifecycle::Transition>();
        };
    }

    #[test]
    fn every_code_reads_back_as_its_value_and_no_two_values_share_one() {
        for_every_code!(assert_round_trip);
    }

    #[test]
    fn an_unknown_text_is_refused_naming_the_kind_of_value() {
        let err = parse::<ApplicationStatus>("approved").unwrap_err();
        assert_eq!(err.to_string(), "'approved' is not an application status");
        assert_eq!(parse::<Role>(" reviewer "), Ok(Role::Reviewer));
        assert_eq!(
            parse::<TeamRole>("mayor").unwrap_err().to_string(),
            "'mayor' is not a team role"
        );
    }

    #[test]
    fn choices_start_empty_and_list_every_value_in_order() {
        let c = Step::choices();
        assert_eq!(c[0], ("", "Choose…"));
        assert_eq!(c[1], ("organisation", "Organisation and nomination"));
        assert_eq!(c.len(), Step::ALL.len() + 1);
    }

    /// Whatever is read, a value comes back only for one of its codes.
    fn reads_only_codes<T: Code>(text: &str) {
        if let Some(v) = T::parse(text) {
            assert!(
                v.code() == text.trim() || v.code().eq_ignore_ascii_case(text.trim()),
                "{} read {text:?} as {v:?}",
                T::WHAT
            );
        }
    }

    proptest! {
        #[test]
        fn any_text_reads_as_a_value_only_when_it_is_that_values_code(
            text in prop_oneof![
                "\\PC{0,20}",
                proptest::sample::select(vec!["draft", " submitted ", "Draft", "manager", "lunch", "LUNCH", "image/png", "call_open\n", ""]).prop_map(str::to_owned),
            ]
        ) {
            macro_rules! each {
                ($($t:ty),+) => { $(reads_only_codes::<$t>(&text);)+ };
            }
            each!(ApplicationStatus, ApplicationSource, Eligibility, CheckKind, CheckOutcome,
                DocumentKind, FileType, Step, OrganisationType, GovernmentLevel, Gender, CefrLevel,
                LinkPurpose, Role, CohortStatus, Transition, PhaseKind, TeamRole, MailStatus,
                StatementState, Meal, DayKind, ImportStatus,
                crate::application::lifecycle::Transition);
        }
    }
}
