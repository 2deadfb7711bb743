//! A visiting team as the matching sees it, read from its application: the themes of its change
//! project, found by the words it uses (applications have no theme field of their own), and
//! the languages it can work in (the programmes are given in English).

use std::collections::BTreeSet;

use crate::code::Code;

use super::registration::Theme;

/// Words (English and Swedish, lower case, matched as word beginnings) that point to a theme.
const WORDS: &[(Theme, &[&str])] = &[
    (
        Theme::MunicipalFinance,
        &[
            "financ", "budget", "revenue", "tax", "fiscal", "finans", "skatt", "intäkt",
        ],
    ),
    (
        Theme::GenderEquality,
        &["gender", "women", "woman", "girls", "jämställd", "kvinn"],
    ),
    (
        Theme::CitizenParticipation,
        &[
            "participat",
            "citizen",
            "consultation",
            "engagement",
            "medborgar",
            "delaktig",
            "dialog",
        ],
    ),
    (
        Theme::UrbanPlanning,
        &[
            "urban",
            "planning",
            "housing",
            "land use",
            "stadsplan",
            "bostad",
            "settlement",
        ],
    ),
    (
        Theme::ClimateEnvironment,
        &[
            "climate",
            "environment",
            "waste",
            "energy",
            "green",
            "klimat",
            "miljö",
            "avfall",
            "water",
        ],
    ),
    (
        Theme::ServiceDelivery,
        &[
            "service",
            "delivery",
            "health",
            "school",
            "sanitation",
            "tjänst",
            "välfärd",
        ],
    ),
    (
        Theme::AntiCorruption,
        &[
            "corrupt",
            "integrity",
            "transparen",
            "accountab",
            "procurement",
            "korruption",
            "öppenhet",
        ],
    ),
];

/// The themes a text speaks of, in the themes' order.
pub fn themes_in(text: &str) -> BTreeSet<Theme> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let starts = |needle: &str| {
        if needle.contains(' ') {
            lower.contains(needle)
        } else {
            words.iter().any(|w| w.starts_with(needle))
        }
    };
    WORDS
        .iter()
        .filter(|(_, needles)| needles.iter().any(|n| starts(n)))
        .map(|(theme, _)| *theme)
        .collect()
}

/// The codes of [`themes_in`], as the matching compares them with hosts' themes.
pub fn theme_codes_in(text: &str) -> BTreeSet<String> {
    themes_in(text)
        .into_iter()
        .map(|t| t.code().to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_project_text_names_its_themes() {
        let t = themes_in("Own-source revenue for better Sanitation; women in the budget hearings");
        assert_eq!(
            t.into_iter().collect::<Vec<_>>(),
            vec![
                Theme::MunicipalFinance,
                Theme::GenderEquality,
                Theme::ServiceDelivery
            ]
        );
        assert!(themes_in("").is_empty());
        assert!(
            themes_in("A retreat").is_empty(),
            "'tax' is not inside 'syntax' or 'retreat'"
        );
        assert_eq!(
            theme_codes_in("Klimatanpassning")
                .into_iter()
                .collect::<Vec<_>>(),
            vec!["climate_environment"]
        );
    }
}
