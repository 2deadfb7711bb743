//! Returning people: ICLD funds each person once, so a member who matches an earlier participant
//! of any programme is flagged for a manager to decide (never refused automatically: names are
//! written in many ways, and a match is a question, not an answer).

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::country::CountryCode;

/// A name reduced to what survives different spellings of the same name: case, accents,
/// punctuation, spacing and word order are dropped ("Kovač, Ana" and "ana KOVAC" match). Other
/// scripts are kept as they are; matching across scripts (Петренко / Petrenko) needs a manager.
pub fn name_key(name: &str) -> String {
    let folded: String = name
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let mut words: Vec<&str> = folded.split_whitespace().collect();
    words.sort_unstable();
    words.join(" ")
}

/// Someone who took part before, as the register of earlier participants holds them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EarlierParticipant {
    pub id: i64,
    pub name_key: String,
    pub year_of_birth: Option<i32>,
    pub country: Option<CountryCode>,
    pub email: Option<String>,
    /// What to show the manager: programme and year.
    pub description: String,
}

/// A team member as matching sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate<'a> {
    pub full_name: &'a str,
    pub year_of_birth: Option<i32>,
    pub country: Option<CountryCode>,
    pub email: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MatchReason {
    SameEmail,
    SameNameBirthYearAndCountry,
}

impl MatchReason {
    pub fn describe(&self) -> &'static str {
        match self {
            MatchReason::SameEmail => "same e-mail address",
            MatchReason::SameNameBirthYearAndCountry => "same name, year of birth and country",
        }
    }
}

/// The earlier participants this candidate matches, and why.
pub fn matches<'p>(
    candidate: &Candidate<'_>,
    earlier: &'p [EarlierParticipant],
) -> Vec<(&'p EarlierParticipant, MatchReason)> {
    let email = candidate.email.trim().to_lowercase();
    let key = name_key(candidate.full_name);
    earlier
        .iter()
        .filter_map(|p| {
            if !email.is_empty()
                && p.email
                    .as_deref()
                    .is_some_and(|e| e.trim().to_lowercase() == email)
            {
                Some((p, MatchReason::SameEmail))
            } else if !key.is_empty()
                && p.name_key == key
                && candidate.year_of_birth.is_some()
                && p.year_of_birth == candidate.year_of_birth
                && candidate.country.is_some()
                && p.country == candidate.country
            {
                Some((p, MatchReason::SameNameBirthYearAndCountry))
            } else {
                None
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ug() -> Option<CountryCode> {
        CountryCode::parse("UG").ok()
    }

    fn earlier() -> Vec<EarlierParticipant> {
        vec![EarlierParticipant {
            id: 1,
            name_key: name_key("Grace Namubiru"),
            year_of_birth: Some(1984),
            country: ug(),
            email: Some("grace@hoima.go.ug".into()),
            description: "Municipal Financing 2023".into(),
        }]
    }

    #[test]
    fn name_key_ignores_case_accents_punctuation_and_order() {
        assert_eq!(name_key("Kovač, Ana"), name_key("ana  KOVAC"));
        assert_eq!(name_key("Namubiru Grace"), name_key("Grace NAMUBIRU"));
        assert_ne!(name_key("Grace Namubiru"), name_key("Grace Nambiru"));
    }

    #[test]
    fn other_scripts_are_kept() {
        assert_eq!(name_key("Ілля Петренко"), name_key("ПЕТРЕНКО Ілля"));
        assert!(name_key("Ілля Петренко").contains("петренко"));
    }

    #[test]
    fn same_name_year_and_country_matches() {
        let c = Candidate {
            full_name: "NAMUBIRU, Grace",
            year_of_birth: Some(1984),
            country: ug(),
            email: "new@mail.ug",
        };
        let register = earlier();
        let found = matches(&c, &register);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, MatchReason::SameNameBirthYearAndCountry);
    }

    #[test]
    fn another_year_or_country_does_not_match_by_name() {
        let c = Candidate {
            full_name: "Grace Namubiru",
            year_of_birth: Some(1990),
            country: ug(),
            email: "",
        };
        assert!(matches(&c, &earlier()).is_empty());
        let c = Candidate {
            full_name: "Grace Namubiru",
            year_of_birth: Some(1984),
            country: CountryCode::parse("KE").ok(),
            email: "",
        };
        assert!(matches(&c, &earlier()).is_empty());
    }

    #[test]
    fn same_email_matches_whatever_the_name() {
        let c = Candidate {
            full_name: "G. N.",
            year_of_birth: None,
            country: None,
            email: " Grace@Hoima.go.ug ",
        };
        assert_eq!(matches(&c, &earlier())[0].1, MatchReason::SameEmail);
    }

    proptest! {
        #[test]
        fn name_key_is_idempotent(name in "\\PC{0,40}") {
            let once = name_key(&name);
            prop_assert_eq!(name_key(&once), once.clone());
        }

        #[test]
        fn word_order_never_matters(a in "[A-Za-zÀ-ÿ]{1,12}", b in "[A-Za-zÀ-ÿ]{1,12}") {
            prop_assert_eq!(name_key(&format!("{a} {b}")), name_key(&format!("{b}, {a}")));
        }
    }
}
