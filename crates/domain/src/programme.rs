//! Programmes: the catalogue of international training programmes. Catalogue data, not code:
//! programmes come and go, so everything about one is a field a person can edit.

use crate::code::Code;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::audit::ChangeSet;
use crate::country::CountryCode;
use crate::validation::{FieldErrors, optional_text, required_text};

/// The part a team member plays at home; programmes require some of them in every team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TeamRole {
    Politician,
    Official,
    CivilSociety,
    Other,
}

crate::codes!(TeamRole as "team role" {
    Politician = "politician": "Politician",
    Official = "official": "Official",
    CivilSociety = "civil_society": "Civil-society representative",
    Other = "other": "Other",
});

impl fmt::Display for TeamRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Teams are 2–5 people from one organisation (ICLD ITP calls); a programme narrows that.
pub const TEAM_SIZE_LIMITS: (u8, u8) = (1, 10);

/// A programme as the catalogue describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Programme {
    pub code: String,
    pub name: String,
    pub theme: String,
    pub description: String,
    pub partners: Vec<String>,
    pub eligible_countries: Vec<CountryCode>,
    pub target_group: String,
    pub team_min: u8,
    pub team_max: u8,
    pub required_roles: Vec<TeamRole>,
    pub language: String,
    pub archived: bool,
}

impl Programme {
    /// The changed fields between two versions, for the audit log (lists as they are shown).
    pub fn changes_to(&self, after: &Programme) -> ChangeSet {
        let countries = |p: &Programme| {
            p.eligible_countries
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        };
        let roles = |p: &Programme| {
            p.required_roles
                .iter()
                .map(|r| r.code())
                .collect::<Vec<_>>()
                .join(" ")
        };
        ChangeSet::new()
            .field("code", &self.code, &after.code)
            .field("name", &self.name, &after.name)
            .field("theme", &self.theme, &after.theme)
            .field("description", &self.description, &after.description)
            .field(
                "partners",
                self.partners.join("; "),
                after.partners.join("; "),
            )
            .field("eligible_countries", countries(self), countries(after))
            .field("target_group", &self.target_group, &after.target_group)
            .field("team_min", self.team_min, after.team_min)
            .field("team_max", self.team_max, after.team_max)
            .field("required_roles", roles(self), roles(after))
            .field("language", &self.language, &after.language)
            .field("archived", self.archived, after.archived)
    }

    /// Every field of a new programme, for the audit log.
    pub fn as_new(&self) -> ChangeSet {
        let blank = Programme {
            code: String::new(),
            name: String::new(),
            theme: String::new(),
            description: String::new(),
            partners: vec![],
            eligible_countries: vec![],
            target_group: String::new(),
            team_min: 0,
            team_max: 0,
            required_roles: vec![],
            language: String::new(),
            archived: self.archived,
        };
        blank.changes_to(self)
    }
}

/// What a person typed into the programme form, before it is checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeInput {
    pub code: String,
    pub name: String,
    pub theme: String,
    pub description: String,
    /// One partner per line.
    pub partners: String,
    /// ISO codes separated by commas, spaces or new lines.
    pub eligible_countries: String,
    pub target_group: String,
    pub team_min: String,
    pub team_max: String,
    pub required_roles: Vec<String>,
    pub language: String,
    pub archived: bool,
}

impl ProgrammeInput {
    pub fn from_programme(p: &Programme) -> ProgrammeInput {
        ProgrammeInput {
            code: p.code.clone(),
            name: p.name.clone(),
            theme: p.theme.clone(),
            description: p.description.clone(),
            partners: p.partners.join("\n"),
            eligible_countries: p
                .eligible_countries
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            target_group: p.target_group.clone(),
            team_min: p.team_min.to_string(),
            team_max: p.team_max.to_string(),
            required_roles: p
                .required_roles
                .iter()
                .map(|r| r.code().to_owned())
                .collect(),
            language: p.language.clone(),
            archived: p.archived,
        }
    }

    /// Checks every field and returns all problems at once.
    pub fn validate(&self) -> Result<Programme, FieldErrors> {
        let mut e = FieldErrors::new();
        let code = self.code.trim().to_uppercase();
        if code.is_empty() {
            e.add("code", "Enter a short code, such as MF.");
        } else if code.len() > 12 || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            e.add(
                "code",
                "The code may have at most 12 letters, digits or hyphens (A–Z, 0–9, -).",
            );
        }
        let name = required_text(&mut e, "name", "programme name", &self.name, 200);
        let theme = optional_text(&mut e, "theme", "theme", &self.theme, 200);
        let description = optional_text(
            &mut e,
            "description",
            "description",
            &self.description,
            20_000,
        );
        let target_group = optional_text(
            &mut e,
            "target_group",
            "target group",
            &self.target_group,
            2_000,
        );
        let language = {
            let l = self.language.trim();
            if l.is_empty() {
                "English".to_owned()
            } else {
                optional_text(&mut e, "language", "language", l, 32)
            }
        };
        let partners: Vec<String> = self
            .partners
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
        if partners.iter().any(|p| p.chars().count() > 200) {
            e.add(
                "partners",
                "Each partner name must be at most 200 characters.",
            );
        }
        let eligible_countries =
            parse_country_list(&mut e, "eligible_countries", &self.eligible_countries);
        let team_min = parse_team_size(&mut e, "team_min", "smallest team", &self.team_min);
        let team_max = parse_team_size(&mut e, "team_max", "largest team", &self.team_max);
        if let (Some(min), Some(max)) = (team_min, team_max)
            && min > max
        {
            e.add(
                "team_max",
                "The largest team cannot be smaller than the smallest team.",
            );
        }
        let mut required_roles = Vec::new();
        for r in &self.required_roles {
            match r.parse::<TeamRole>() {
                Ok(role) if !required_roles.contains(&role) => required_roles.push(role),
                Ok(_) => {}
                Err(msg) => e.add("required_roles", msg.to_string()),
            }
        }
        required_roles.sort();
        if let Some(max) = team_max
            && required_roles.len() > usize::from(max)
        {
            e.add(
                "required_roles",
                "A team cannot cover more required roles than it has members.",
            );
        }
        e.into_result(Programme {
            code,
            name,
            theme,
            description,
            partners,
            eligible_countries,
            target_group,
            team_min: team_min.unwrap_or(2),
            team_max: team_max.unwrap_or(5),
            required_roles,
            language,
            archived: self.archived,
        })
    }
}

fn parse_team_size(e: &mut FieldErrors, field: &str, label: &str, value: &str) -> Option<u8> {
    let (lo, hi) = TEAM_SIZE_LIMITS;
    match value.trim().parse::<u8>() {
        Ok(n) if (lo..=hi).contains(&n) => Some(n),
        _ => {
            e.add(
                field,
                format!("Enter the {label} as a whole number from {lo} to {hi}."),
            );
            None
        }
    }
}

/// Reads ISO 3166-1 alpha-2 codes separated by commas, spaces or new lines; each unknown code is
/// named in the error.
pub fn parse_country_list(e: &mut FieldErrors, field: &str, value: &str) -> Vec<CountryCode> {
    let mut codes: Vec<CountryCode> = Vec::new();
    for token in value
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|t| !t.is_empty())
    {
        match CountryCode::parse(token) {
            Ok(code) if !codes.contains(&code) => codes.push(code),
            Ok(_) => {}
            Err(_) => e.add(
                field,
                format!("'{token}' is not an ISO 3166-1 country code (such as UG for Uganda)."),
            ),
        }
    }
    codes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ProgrammeInput {
        ProgrammeInput {
            code: "mf".into(),
            name: "Municipal Financing".into(),
            partners: "UNCDF\n\n SKR ".into(),
            eligible_countries: "UG, tz ZM\nZA".into(),
            team_min: "2".into(),
            team_max: "3".into(),
            required_roles: vec!["official".into()],
            ..Default::default()
        }
    }

    #[test]
    fn valid_input_is_normalised() {
        let p = input().validate().unwrap();
        assert_eq!(p.code, "MF");
        assert_eq!(p.partners, vec!["UNCDF", "SKR"]);
        assert_eq!(
            p.eligible_countries
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>(),
            ["UG", "TZ", "ZM", "ZA"]
        );
        assert_eq!(p.language, "English");
    }

    #[test]
    fn every_problem_is_reported_with_its_field() {
        let bad = ProgrammeInput {
            code: "M F!".into(),
            name: " ".into(),
            eligible_countries: "UG, QQ".into(),
            team_min: "4".into(),
            team_max: "3".into(),
            ..input()
        };
        let errors = bad.validate().unwrap_err();
        for field in ["code", "name", "eligible_countries", "team_max"] {
            assert!(
                errors.for_field(field).is_some(),
                "{field} should have an error"
            );
        }
        assert!(
            errors
                .for_field("eligible_countries")
                .unwrap()
                .contains("QQ")
        );
    }

    #[test]
    fn changes_name_only_the_fields_that_changed() {
        let before = input().validate().unwrap();
        let after = ProgrammeInput {
            partners: "UNCDF".into(),
            team_max: "4".into(),
            ..input()
        }
        .validate()
        .unwrap();
        let fields: Vec<String> = before
            .changes_to(&after)
            .changes()
            .iter()
            .map(|c| c.field.clone())
            .collect();
        assert_eq!(fields, ["partners", "team_max"]);
        assert!(before.as_new().changes().len() >= 8);
    }

    #[test]
    fn form_round_trips() {
        let p = input().validate().unwrap();
        assert_eq!(ProgrammeInput::from_programme(&p).validate().unwrap(), p);
    }
}
