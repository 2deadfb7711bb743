//! The application as the applicant typed it. A draft accepts anything (incomplete, in any
//! script) so that nothing typed is ever lost; [`super::submission`] decides whether it can be
//! submitted.

use serde::{Deserialize, Serialize};

/// Teams are 2–5 people (ICLD calls); the form never offers more rows than this.
pub const MAX_MEMBERS: usize = 5;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrganisationDraft {
    pub name: String,
    pub kind: String,
    pub level: String,
    pub country: String,
    pub address: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NominationDraft {
    /// The body that nominates the team (e.g. the municipal council).
    pub authority: String,
    pub contact_name: String,
    pub contact_email: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MemberDraft {
    pub full_name: String,
    pub gender: String,
    pub role: String,
    pub position: String,
    pub email: String,
    pub english: String,
    pub year_of_birth: String,
    /// "I have not taken part in an earlier ICLD programme funded by Sida."
    pub declares_no_earlier_programme: bool,
    /// "I can attend every phase of the programme."
    pub declares_can_attend: bool,
    pub consents_to_privacy_notice: bool,
}

impl MemberDraft {
    pub fn is_blank(&self) -> bool {
        [
            &self.full_name,
            &self.gender,
            &self.role,
            &self.position,
            &self.email,
            &self.english,
            &self.year_of_birth,
        ]
        .iter()
        .all(|s| s.trim().is_empty())
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChangeProjectDraft {
    pub title: String,
    pub problem: String,
    pub goal: String,
    pub expected_results: String,
    pub stakeholders: String,
    pub commitment: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ApplicationDraft {
    pub organisation: OrganisationDraft,
    pub nomination: NominationDraft,
    pub members: Vec<MemberDraft>,
    pub project: ChangeProjectDraft,
}

impl ApplicationDraft {
    pub fn from_json(json: &str) -> Result<ApplicationDraft, serde_json::Error> {
        serde_json::from_str(json)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".to_owned())
    }

    /// Members with anything typed; blank rows of the form are not members.
    pub fn members(&self) -> impl Iterator<Item = (usize, &MemberDraft)> {
        self.members
            .iter()
            .enumerate()
            .filter(|(_, m)| !m.is_blank())
    }

    pub fn member_count(&self) -> usize {
        self.members().count()
    }

    /// Sets a field from the form by its name (`org_name`, `member2_email`, `project_goal`…).
    /// Unknown names are ignored: the form decides what it sends, and the draft keeps only what
    /// it knows. Returns whether the name was known.
    pub fn set_field(&mut self, name: &str, value: &str) -> bool {
        self.set_field_within_limit(name, value).0
    }

    /// Like [`Self::set_field`], keeping at most the field's [`max_chars`]; the second value says
    /// whether what was typed had to be cut.
    fn set_field_within_limit(&mut self, name: &str, value: &str) -> (bool, bool) {
        // A draft keeps what was typed, in any script, less what cannot be stored, and no more
        // than submission would accept: an 8 MiB "address" is not kept to be sent back on
        // every page.
        let storable = crate::validation::storable(value);
        let max = max_chars(name);
        let cut = storable.chars().count() > max;
        let v: String = if cut {
            storable.chars().take(max).collect()
        } else {
            storable
        };
        (self.set_known_field(name, &v), cut)
    }

    fn set_known_field(&mut self, name: &str, v: &str) -> bool {
        let v = v.to_owned();
        let o = &mut self.organisation;
        let n = &mut self.nomination;
        let p = &mut self.project;
        match name {
            "org_name" => o.name = v,
            "org_kind" => o.kind = v,
            "org_level" => o.level = v,
            "org_country" => o.country = v,
            "org_address" => o.address = v,
            "nom_authority" => n.authority = v,
            "nom_contact_name" => n.contact_name = v,
            "nom_contact_email" => n.contact_email = v,
            "project_title" => p.title = v,
            "project_problem" => p.problem = v,
            "project_goal" => p.goal = v,
            "project_expected_results" => p.expected_results = v,
            "project_stakeholders" => p.stakeholders = v,
            "project_commitment" => p.commitment = v,
            _ => return self.set_member_field(name, &v),
        }
        true
    }

    fn set_member_field(&mut self, name: &str, value: &str) -> bool {
        let Some(rest) = name.strip_prefix("member") else {
            return false;
        };
        let Some((index, field)) = rest.split_once('_') else {
            return false;
        };
        let Ok(index) = index.parse::<usize>() else {
            return false;
        };
        if index >= MAX_MEMBERS {
            return false;
        }
        if self.members.len() <= index {
            self.members.resize_with(index + 1, MemberDraft::default);
        }
        let m = &mut self.members[index];
        let v = value.to_owned();
        let checked = matches!(value, "on" | "true" | "yes" | "1");
        match field {
            "full_name" => m.full_name = v,
            "gender" => m.gender = v,
            "role" => m.role = v,
            "position" => m.position = v,
            "email" => m.email = v,
            "english" => m.english = v,
            "year_of_birth" => m.year_of_birth = v,
            "declares_no_earlier_programme" => m.declares_no_earlier_programme = checked,
            "declares_can_attend" => m.declares_can_attend = checked,
            "consents_to_privacy_notice" => m.consents_to_privacy_notice = checked,
            _ => return false,
        }
        true
    }

    /// Applies one step of the form. Checkboxes that are not ticked are not sent by browsers, so
    /// the team step clears them first and then sets the ticked ones. Returns the fields whose
    /// text was longer than the field takes and was cut to fit, with their limit.
    pub fn apply_step(
        &mut self,
        step: super::Step,
        fields: &[(String, String)],
    ) -> Vec<(String, usize)> {
        let mut cut = Vec::new();
        if step == super::Step::Team {
            for m in &mut self.members {
                m.declares_no_earlier_programme = false;
                m.declares_can_attend = false;
                m.consents_to_privacy_notice = false;
            }
        }
        for (name, value) in fields {
            if step.owns_field(name) && self.set_field_within_limit(name, value) == (true, true) {
                cut.push((name.clone(), max_chars(name)));
            }
        }
        // Trailing blank member rows carry nothing.
        while self.members.last().is_some_and(|m| {
            m.is_blank()
                && !m.declares_can_attend
                && !m.declares_no_earlier_programme
                && !m.consents_to_privacy_notice
        }) {
            self.members.pop();
        }
        cut
    }
}

/// A draft field as a person reads its name, for messages.
pub fn field_label(field: &str) -> String {
    if let Some((index, f)) = field
        .strip_prefix("member")
        .and_then(|rest| rest.split_once('_'))
        && let Ok(i) = index.parse::<usize>()
    {
        let what = match f {
            "full_name" => "full name",
            "position" => "position",
            "email" => "e-mail address",
            _ => "answer",
        };
        return format!("the {what} of team member {}", i + 1);
    }
    match field {
        "org_name" => "the organisation's name",
        "org_address" => "the organisation's address",
        "nom_authority" => "the nominating authority",
        "nom_contact_name" => "the contact person",
        "nom_contact_email" => "the contact person's e-mail address",
        "project_title" => "the project's title",
        "project_problem" => "the problem the project addresses",
        "project_goal" => "the project's goal",
        "project_expected_results" => "the expected results",
        "project_stakeholders" => "the stakeholders",
        "project_commitment" => "the organisation's commitment",
        _ => "an answer",
    }
    .to_owned()
}

/// The most a draft field keeps, in characters: what submission accepts for text (names,
/// addresses, the project's answers), and a little room over any valid value for the rest.
pub fn max_chars(field: &str) -> usize {
    use super::submission::{ADDRESS_MAX, NAME_MAX, TEXT_MAX};
    let member_field = field
        .strip_prefix("member")
        .and_then(|rest| rest.split_once('_'))
        .map(|(_, f)| f);
    match member_field.unwrap_or(field) {
        "org_address" => ADDRESS_MAX,
        "project_problem"
        | "project_goal"
        | "project_expected_results"
        | "project_stakeholders"
        | "project_commitment" => TEXT_MAX,
        "email" | "nom_contact_email" => 254,
        "year_of_birth" => 16,
        "org_kind" | "org_level" | "org_country" | "gender" | "role" | "english" => 64,
        _ => NAME_MAX,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::application::Step;
    use proptest::prelude::*;

    #[test]
    fn an_overlong_answer_is_cut_to_its_limit_and_reported() {
        let mut d = ApplicationDraft::default();
        let huge = "x".repeat(8 * 1024 * 1024);
        let cut = d.apply_step(
            Step::Organisation,
            &fields(&[
                ("org_address", &huge),
                ("org_name", "Hoima Municipal Council"),
            ]),
        );
        assert_eq!(cut, vec![("org_address".to_owned(), 1_000)]);
        assert_eq!(d.organisation.address.chars().count(), 1_000);
        assert_eq!(d.organisation.name, "Hoima Municipal Council");
        assert_eq!(field_label("org_address"), "the organisation's address");
        assert_eq!(
            field_label("member1_full_name"),
            "the full name of team member 2"
        );
    }

    proptest! {
        #[test]
        fn no_saved_field_exceeds_its_limit(len in 0usize..12_000, field in prop::sample::select(vec![
            "org_name", "org_address", "project_problem", "nom_contact_email", "member0_full_name",
            "member2_year_of_birth", "org_country",
        ])) {
            let step = Step::of_field(field).unwrap();
            let mut d = ApplicationDraft::default();
            let value = "é".repeat(len);
            let cut = d.apply_step(step, &fields(&[(field, &value)]));
            prop_assert_eq!(!cut.is_empty(), len > max_chars(field));
            let stored = serde_json::to_string(&d).unwrap();
            prop_assert!(stored.chars().filter(|c| *c == 'é').count() <= max_chars(field));
        }
    }

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn control_characters_are_dropped_but_line_breaks_kept() {
        let mut d = ApplicationDraft::default();
        d.apply_step(
            Step::Project,
            &fields(&[(
                "project_problem",
                "Tree\0 nurseries\u{7}\nfor Hoima\r\n\tsoon",
            )]),
        );
        assert_eq!(d.project.problem, "Tree nurseries\nfor Hoima\r\n\tsoon");
        d.apply_step(
            Step::Team,
            &fields(&[("member0_full_name", "Grace\0 Namubiru")]),
        );
        assert_eq!(d.members[0].full_name, "Grace Namubiru");
    }

    #[test]
    fn any_script_is_kept_exactly() {
        let mut d = ApplicationDraft::default();
        d.apply_step(
            Step::Team,
            &fields(&[
                ("member0_full_name", "Ілля Петренко"),
                ("member1_full_name", "สมชาย ใจดี"),
            ]),
        );
        let back = ApplicationDraft::from_json(&d.to_json()).unwrap();
        assert_eq!(back.members[0].full_name, "Ілля Петренко");
        assert_eq!(back.members[1].full_name, "สมชาย ใจดี");
    }

    #[test]
    fn a_step_changes_only_its_own_fields() {
        let mut d = ApplicationDraft::default();
        d.apply_step(
            Step::Organisation,
            &fields(&[
                ("org_name", "Hoima Municipal Council"),
                ("project_goal", "sneaked in"),
            ]),
        );
        assert_eq!(d.organisation.name, "Hoima Municipal Council");
        assert_eq!(d.project.goal, "");
    }

    #[test]
    fn unticked_declarations_are_cleared_on_the_team_step() {
        let mut d = ApplicationDraft::default();
        d.apply_step(
            Step::Team,
            &fields(&[
                ("member0_full_name", "Grace"),
                ("member0_declares_can_attend", "on"),
            ]),
        );
        assert!(d.members[0].declares_can_attend);
        d.apply_step(Step::Team, &fields(&[("member0_full_name", "Grace")]));
        assert!(!d.members[0].declares_can_attend);
    }

    #[test]
    fn member_index_beyond_the_team_limit_is_ignored() {
        let mut d = ApplicationDraft::default();
        assert!(!d.set_field("member5_full_name", "Sixth"));
        assert!(!d.set_field("member99999999999999999999_full_name", "x"));
        assert!(d.members.is_empty());
    }

    #[test]
    fn blank_trailing_rows_are_dropped() {
        let mut d = ApplicationDraft::default();
        d.apply_step(
            Step::Team,
            &fields(&[
                ("member0_full_name", "Grace"),
                ("member1_full_name", ""),
                ("member2_email", " "),
            ]),
        );
        assert_eq!(d.members.len(), 1);
    }
}
