//! The fixed choices of the application form.

use serde::{Deserialize, Serialize};

macro_rules! choice {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $slug:literal : $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn slug(self) -> &'static str {
                match self { $($name::$variant => $slug),+ }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// Reads a slug (as stored and as sent by the form); `None` for anything else.
            pub fn from_slug(s: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|v| v.slug() == s.trim())
            }

            /// `(slug, label)` pairs for a select, with an empty first choice.
            pub fn choices() -> Vec<(&'static str, &'static str)> {
                let mut c = vec![("", "Choose…")];
                c.extend(Self::ALL.iter().map(|v| (v.slug(), v.label())));
                c
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

choice!(
    /// What kind of body the applying organisation is.
    OrganisationType {
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
    GovernmentLevel {
        Local = "local": "Local",
        Regional = "regional": "Regional",
        National = "national": "National",
        NotGovernment = "not_government": "Not part of government",
    }
);

choice!(
    /// Gender as the person gives it; reported to the funder only in aggregate.
    Gender {
        Woman = "woman": "Woman",
        Man = "man": "Man",
        Other = "other": "Another gender",
        NotSaid = "not_said": "Prefer not to say",
    }
);

choice!(
    /// English level on the Common European Framework of Reference (CEFR).
    CefrLevel {
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
            assert_eq!(Gender::from_slug(g.slug()), Some(*g));
        }
        assert_eq!(CefrLevel::from_slug("B2"), Some(CefrLevel::B2));
        assert_eq!(CefrLevel::from_slug("b2"), None);
        assert_eq!(OrganisationType::choices()[0], ("", "Choose…"));
    }

    #[test]
    fn cefr_levels_are_ordered() {
        assert!(CefrLevel::B2 > CefrLevel::B1);
    }
}
