//! Importing applications received elsewhere (e-mail, paper, an old form) from a table: one row
//! per team member, the application's own columns repeated or left blank on its later rows, rows
//! of one application sharing a `reference`. The whole file is checked first; any bad row is
//! reported with its line and reason, and then nothing is imported.
//!
//! The column layout is [`COLUMNS`]; [`data_dictionary`] describes each for the people who fill
//! the file in. Readers of CSV and XLSX turn files into [`Table`]s; everything here is pure.

use crate::code::Code;
use std::collections::BTreeMap;

use super::draft::{
    ApplicationDraft, ChangeProjectDraft, MAX_MEMBERS, MemberDraft, NominationDraft,
    OrganisationDraft,
};
use super::fields::{CefrLevel, Gender, GovernmentLevel, OrganisationType};
use crate::account::Email;
use crate::country::CountryCode;
use crate::programme::TeamRole;

/// A file as rows of cells, with the line number each row had in the file (1 = the header).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

/// (column, required, what it holds)
pub const COLUMNS: &[(&str, bool, &str)] = &[
    (
        "reference",
        true,
        "Your reference for the application; rows with the same reference are one team.",
    ),
    (
        "organisation_name",
        true,
        "Name of the applying organisation.",
    ),
    (
        "organisation_type",
        true,
        "municipality, region, association, national_agency, civil_society or other.",
    ),
    (
        "government_level",
        true,
        "local, regional, national or not_government.",
    ),
    (
        "country",
        true,
        "ISO 3166-1 alpha-2 code of the organisation's country (UG, TZ, XK…).",
    ),
    ("address", false, "Postal address of the organisation."),
    (
        "nominating_authority",
        true,
        "The body that nominated the team.",
    ),
    ("project_title", true, "Title of the change project."),
    (
        "project_problem",
        false,
        "The problem the project addresses.",
    ),
    ("project_goal", false, "The project's goal."),
    ("project_expected_results", false, "Expected results."),
    ("project_stakeholders", false, "Stakeholders."),
    (
        "project_commitment",
        false,
        "The organisation's commitment.",
    ),
    (
        "member_full_name",
        true,
        "Full name of the team member, in any script.",
    ),
    ("member_gender", true, "woman, man, other or not_said."),
    (
        "member_role",
        true,
        "politician, official, civil_society or other.",
    ),
    ("member_position", false, "The member's position at home."),
    (
        "member_email",
        true,
        "The member's e-mail address; unique within the team.",
    ),
    (
        "member_english",
        true,
        "CEFR level: A1, A2, B1, B2, C1 or C2.",
    ),
    ("member_year_of_birth", true, "Four digits, e.g. 1984."),
    (
        "declarations_confirmed",
        true,
        "yes when the member signed the declarations and the privacy consent on the form received; no otherwise.",
    ),
];

/// The column layout as text for the import page and the template file.
pub fn data_dictionary() -> Vec<(&'static str, bool, &'static str)> {
    COLUMNS.to_vec()
}

/// Where an uploaded file of applications is: being checked, refused with its row errors,
/// checked in a dry run, imported, or failed (the server could not finish it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImportStatus {
    Checking,
    Invalid,
    /// A dry run found no problem; nothing was imported.
    Checked,
    Imported,
    Failed,
}

crate::codes!(ImportStatus as "import status" {
    Checking = "checking": "Checking",
    Invalid = "invalid": "Invalid",
    Checked = "checked": "Checked",
    Imported = "imported": "Imported",
    Failed = "failed": "Failed",
});

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: usize,
    pub message: String,
}

/// One application from the file, as a draft that the caller stores as submitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedApplication {
    pub reference: String,
    pub first_line: usize,
    pub draft: ApplicationDraft,
}

/// At most this many rows in one file; a larger one is refused whole rather than half-read.
pub const MAX_ROWS: usize = 50_000;

/// Checks every row and groups them into applications; any error means nothing is imported.
pub fn parse(table: &Table) -> Result<Vec<ImportedApplication>, Vec<RowError>> {
    let mut errors = Vec::new();
    let index = match column_index(&table.header) {
        Ok(i) => i,
        Err(message) => return Err(vec![RowError { line: 1, message }]),
    };
    if table.rows.len() > MAX_ROWS {
        return Err(vec![RowError {
            line: 1,
            message: format!(
                "The file has {} rows; at most {MAX_ROWS} can be imported at once.",
                table.rows.len()
            ),
        }]);
    }
    let mut groups: BTreeMap<String, ImportedApplication> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for (line, cells) in &table.rows {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let row = Row {
            cells,
            index: &index,
        };
        let get = |name: &str| row.get(name);
        let mut problems = Vec::new();
        // No one types control characters other than line breaks and tabs, and PostgreSQL
        // cannot store NUL: such a cell is a broken export, named so it can be fixed.
        for (name, i) in &index {
            if cells
                .get(*i)
                .is_some_and(|c| c.chars().any(crate::validation::is_unstorable))
            {
                problems.push(format!("{name} contains control characters"));
            }
        }
        // Columns every row needs; the application's own columns are checked on its first row.
        for name in [
            "reference",
            "member_full_name",
            "member_gender",
            "member_role",
            "member_email",
            "member_english",
            "member_year_of_birth",
        ] {
            if get(name).is_empty() {
                problems.push(format!("{name} is empty"));
            }
        }
        let reference = get("reference").to_owned();
        let member = parse_member(&row, &mut problems);
        let is_new = !groups.contains_key(&reference);
        let application = groups
            .entry(reference.clone())
            .or_insert_with(|| ImportedApplication {
                reference: reference.clone(),
                first_line: *line,
                draft: ApplicationDraft::default(),
            });
        if is_new {
            order.push(reference.clone());
            application.draft.organisation = parse_organisation(&row, &mut problems);
            application.draft.nomination = NominationDraft {
                authority: required(&row, "nominating_authority", &mut problems),
                ..Default::default()
            };
            application.draft.project = ChangeProjectDraft {
                title: required(&row, "project_title", &mut problems),
                problem: get("project_problem").to_owned(),
                goal: get("project_goal").to_owned(),
                expected_results: get("project_expected_results").to_owned(),
                stakeholders: get("project_stakeholders").to_owned(),
                commitment: get("project_commitment").to_owned(),
            };
        } else {
            check_repeated(&row, &application.draft, &mut problems);
        }
        if let Some(m) = member {
            let email = m.email.to_lowercase();
            if application
                .draft
                .members
                .iter()
                .any(|other| other.email.to_lowercase() == email)
            {
                problems.push(format!("{} appears twice in team {reference}", m.email));
            }
            application.draft.members.push(m);
            if application.draft.members.len() > MAX_MEMBERS {
                problems.push(format!(
                    "team {reference} has more than {MAX_MEMBERS} members"
                ));
            }
        }
        if !problems.is_empty() {
            errors.push(RowError {
                line: *line,
                message: problems.join("; "),
            });
        }
    }
    if groups.is_empty() && errors.is_empty() {
        errors.push(RowError {
            line: 1,
            message: "The file has no rows to import.".to_owned(),
        });
    }
    if errors.is_empty() {
        Ok(order
            .into_iter()
            .filter_map(|r| groups.remove(&r))
            .collect())
    } else {
        Err(errors)
    }
}

/// One row's cells, read by column name.
struct Row<'a> {
    cells: &'a [String],
    index: &'a BTreeMap<&'static str, usize>,
}

impl<'a> Row<'a> {
    fn get(&self, name: &str) -> &'a str {
        self.index
            .get(name)
            .and_then(|i| self.cells.get(*i))
            .map(|c| c.trim())
            .unwrap_or("")
    }
}

fn column_index(header: &[String]) -> Result<BTreeMap<&'static str, usize>, String> {
    let normalised: Vec<String> = header
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_lowercase())
        .collect();
    let mut index = BTreeMap::new();
    let mut missing = Vec::new();
    for (name, _, _) in COLUMNS {
        match normalised.iter().position(|h| h == name) {
            Some(i) => {
                index.insert(*name, i);
            }
            None => missing.push(*name),
        }
    }
    if missing.is_empty() {
        Ok(index)
    } else {
        Err(format!(
            "The header lacks the column(s): {}. See the column layout.",
            missing.join(", ")
        ))
    }
}

fn required(row: &Row<'_>, name: &str, problems: &mut Vec<String>) -> String {
    let v = row.get(name);
    if v.is_empty() {
        problems.push(format!("{name} is empty"));
    }
    v.to_owned()
}

fn parse_organisation(row: &Row<'_>, problems: &mut Vec<String>) -> OrganisationDraft {
    let name = required(row, "organisation_name", problems);
    let kind = row.get("organisation_type");
    if OrganisationType::parse(kind).is_none() {
        problems.push(format!("organisation_type '{kind}' is not one of municipality, region, association, national_agency, civil_society, other"));
    }
    let level = row.get("government_level");
    if GovernmentLevel::parse(level).is_none() {
        problems.push(format!(
            "government_level '{level}' is not one of local, regional, national, not_government"
        ));
    }
    let country = row.get("country");
    let country = match CountryCode::parse(country) {
        Ok(c) => c.as_str().to_owned(),
        Err(_) => {
            problems.push(format!(
                "country '{country}' is not an ISO 3166-1 alpha-2 code"
            ));
            country.to_owned()
        }
    };
    OrganisationDraft {
        name,
        kind: kind.to_owned(),
        level: level.to_owned(),
        country,
        address: row.get("address").to_owned(),
    }
}

/// Later rows of an application may leave its columns blank; if filled, they must agree.
fn check_repeated(row: &Row<'_>, draft: &ApplicationDraft, problems: &mut Vec<String>) {
    let o = &draft.organisation;
    for (name, first) in [
        ("organisation_name", &o.name),
        ("country", &o.country),
        ("project_title", &draft.project.title),
    ] {
        let v = row.get(name);
        if !v.is_empty() && !v.eq_ignore_ascii_case(first) {
            problems.push(format!(
                "{name} '{v}' differs from the first row of this reference ('{first}')"
            ));
        }
    }
}

fn parse_member(row: &Row<'_>, problems: &mut Vec<String>) -> Option<MemberDraft> {
    let before = problems.len();
    let name = row.get("member_full_name");
    if name.chars().count() > 200 {
        problems.push("member_full_name is longer than 200 characters".to_owned());
    }
    let gender = row.get("member_gender");
    if !gender.is_empty() && Gender::parse(gender).is_none() {
        problems.push(format!(
            "member_gender '{gender}' is not one of woman, man, other, not_said"
        ));
    }
    let role = row.get("member_role");
    if !role.is_empty() && role.parse::<TeamRole>().is_err() {
        problems.push(format!(
            "member_role '{role}' is not one of politician, official, civil_society, other"
        ));
    }
    let email = row.get("member_email");
    if !email.is_empty() && Email::parse(email).is_err() {
        problems.push(format!("member_email '{email}' is not an e-mail address"));
    }
    let english = row.get("member_english").to_uppercase();
    if !english.is_empty() && CefrLevel::parse(&english).is_none() {
        problems.push(format!(
            "member_english '{english}' is not a CEFR level (A1–C2)"
        ));
    }
    let yob = row.get("member_year_of_birth");
    let four_digit_year =
        yob.len() == 4 && yob.parse::<i32>().is_ok_and(|y| (1900..=2100).contains(&y));
    if !yob.is_empty() && !four_digit_year {
        problems.push(format!(
            "member_year_of_birth '{yob}' is not a four-digit year"
        ));
    }
    let declared = match row.get("declarations_confirmed").to_lowercase().as_str() {
        "yes" | "y" | "true" | "1" => true,
        "no" | "n" | "false" | "0" | "" => false,
        other => {
            problems.push(format!(
                "declarations_confirmed '{other}' should be yes or no"
            ));
            false
        }
    };
    (problems.len() == before).then(|| MemberDraft {
        full_name: name.to_owned(),
        gender: gender.to_owned(),
        role: role.to_owned(),
        position: row.get("member_position").to_owned(),
        email: email.to_owned(),
        english,
        year_of_birth: yob.to_owned(),
        declares_no_earlier_programme: declared,
        declares_can_attend: declared,
        consents_to_privacy_notice: declared,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header() -> Vec<String> {
        COLUMNS.iter().map(|(n, _, _)| (*n).to_owned()).collect()
    }

    fn row(reference: &str, name: &str, email: &str, role: &str) -> Vec<String> {
        let values: BTreeMap<&str, &str> = [
            ("reference", reference),
            ("organisation_name", "Hoima Municipal Council"),
            ("organisation_type", "municipality"),
            ("government_level", "local"),
            ("country", "ug"),
            ("nominating_authority", "Council"),
            ("project_title", "Tree nurseries"),
            ("member_full_name", name),
            ("member_gender", "woman"),
            ("member_role", role),
            ("member_email", email),
            ("member_english", "b2"),
            ("member_year_of_birth", "1984"),
            ("declarations_confirmed", "yes"),
        ]
        .into_iter()
        .collect();
        COLUMNS
            .iter()
            .map(|(n, _, _)| values.get(n).copied().unwrap_or("").to_owned())
            .collect()
    }

    #[test]
    fn rows_with_one_reference_form_one_team() {
        let t = Table {
            header: header(),
            rows: vec![
                (2, row("A1", "Grace", "g@x.ug", "politician")),
                (3, row("A1", "Isaac", "i@x.ug", "official")),
                (4, row("B7", "Амина", "a@y.tz", "official")),
            ],
        };
        let apps = parse(&t).unwrap();
        assert_eq!(apps.len(), 2);
        assert_eq!(apps[0].draft.members.len(), 2);
        assert_eq!(apps[0].draft.organisation.country, "UG");
        assert_eq!(apps[1].draft.members[0].full_name, "Амина");
        assert_eq!(apps[0].draft.members[0].english, "B2");
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line_and_nothing_is_returned() {
        let mut bad = row("A1", "Isaac", "not-an-email", "mayor");
        bad[COLUMNS
            .iter()
            .position(|c| c.0 == "member_year_of_birth")
            .unwrap()] = "84".into();
        let t = Table {
            header: header(),
            rows: vec![
                (2, row("A1", "Grace", "g@x.ug", "politician")),
                (3, bad),
                (4, row("A1", "Grace Again", "g@x.ug", "official")),
            ],
        };
        let errors = parse(&t).unwrap_err();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].line, 3);
        assert!(
            errors[0].message.contains("not-an-email")
                && errors[0].message.contains("'mayor'")
                && errors[0].message.contains("'84'")
        );
        assert_eq!(errors[1].line, 4);
        assert!(errors[1].message.contains("appears twice"));
    }

    #[test]
    fn a_cell_with_a_control_character_is_named_with_its_line() {
        let t = Table {
            header: header(),
            rows: vec![
                (2, row("A1", "Grace", "g@x.ug", "politician")),
                (3, row("A1", "Isaac\0", "i@x.ug", "official")),
            ],
        };
        let errors = parse(&t).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 3);
        assert!(
            errors[0]
                .message
                .contains("member_full_name contains control characters"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn a_missing_column_is_named() {
        let mut h = header();
        h.retain(|c| c != "member_email");
        let errors = parse(&Table {
            header: h,
            rows: vec![],
        })
        .unwrap_err();
        assert!(errors[0].message.contains("member_email"));
    }

    #[test]
    fn an_empty_file_is_an_error() {
        assert!(
            parse(&Table {
                header: header(),
                rows: vec![(2, vec![String::new(); COLUMNS.len()])]
            })
            .is_err()
        );
    }
}
