//! The fixed choices of the application form.

use serde::{Deserialize, Serialize};

#[cfg(test)]
use crate::code::Code;

macro_rules! choice {
    ($(#[$meta:meta])* $name:ident as $what:literal { $($variant:ident = $slug:literal : $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        $crate::codes!($name as $what { $($variant = $slug : $label),+ });

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str($crate::code::Code::label(*self))
            }
        }
    };
}

choice!(
    /// What kind of body the applying organisation is.
    OrganisationType as "type of organisation" {
        Municipality = "municipality": "Municipality or city",
        Region = "region": "Region, county or province",
        Association = "association": "Association of local governments",
        NationalAgency = "national_agency": "National ministry or agency",
        CivilSociety = "civil_society": "Civil-society organisation",
        Other = "other": "Other",
    }
);

choice!(
    /// The level of government the organisation works at.
    GovernmentLevel as "level of government" {
        Local = "local": "Local",
        Regional = "regional": "Regional",
        National = "national": "National",
        NotGovernment = "not_government": "Not part of government",
    }
);

choice!(
    /// Gender as the person gives it; reported to the funder only in aggregate.
    Gender as "gender" {
        Woman = "woman": "Woman",
        Man = "man": "Man",
        Other = "other": "Another gender",
        NotSaid = "not_said": "Prefer not to say",
    }
);

choice!(
    /// English level on the Common European Framework of Reference (CEFR).
    CefrLevel as "CEFR level" {
        A1 = "A1": "A1 (beginner)",
        A2 = "A2": "A2 (elementary)",
        B1 = "B1": "B1 (intermediate)",
        B2 = "B2": "B2 (upper intermediate)",
        C1 = "C1": "C1 (advanced)",
        C2 = "C2": "C2 (proficient)",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_round_trip() {
        for g in Gender::ALL {
            assert_eq!(Gender::parse(g.code()), Some(*g));
        }
        assert_eq!(CefrLevel::parse("B2"), Some(CefrLevel::B2));
        assert_eq!(CefrLevel::parse("b2"), None);
        assert_eq!(OrganisationType::choices()[0], ("", "Choose…"));
    }

    #[test]
    fn codes_round_trip_and_are_unique() {
        crate::code::assert_round_trip::<OrganisationType>();
        crate::code::assert_round_trip::<GovernmentLevel>();
        crate::code::assert_round_trip::<Gender>();
        crate::code::assert_round_trip::<CefrLevel>();
    }

    #[test]
    fn cefr_levels_are_ordered() {
        assert!(CefrLevel::B2 > CefrLevel::B1);
    }
}
