//! Pseudonymising an application: what names or reaches a person goes, what the statistics count
//! (country, gender, role, the organisation, which is a public body) stays.

use crate::application::draft::ApplicationDraft;

/// The draft with every member's name, e-mail address and year of birth, and the nominating
/// contact's name and address, replaced; members keep their place, gender and role, so counts by
/// country and gender are the same before and after.
pub fn pseudonymise_draft(draft: &ApplicationDraft) -> ApplicationDraft {
    let mut out = draft.clone();
    for (i, m) in out.members.iter_mut().enumerate() {
        if m.is_blank() {
            continue;
        }
        m.full_name = format!("Member {} (pseudonymised)", i + 1);
        m.email = String::new();
        m.year_of_birth = String::new();
        m.position = String::new();
    }
    out.nomination.contact_name = String::new();
    out.nomination.contact_email = String::new();
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::application::draft::MemberDraft;

    fn member(name: &str, gender: &str) -> MemberDraft {
        MemberDraft {
            full_name: name.into(),
            gender: gender.into(),
            role: "team_member".into(),
            position: "Head of planning".into(),
            email: format!("{}@example.org", name.to_lowercase().replace(' ', ".")),
            year_of_birth: "1980".into(),
            ..MemberDraft::default()
        }
    }

    #[test]
    fn names_and_addresses_go_gender_and_country_stay() {
        let mut draft = ApplicationDraft::default();
        draft.organisation.country = "UG".into();
        draft.nomination.contact_name = "Grace Namubiru".into();
        draft.nomination.contact_email = "grace@example.org".into();
        draft.members = vec![
            member("Amina Nakato", "woman"),
            member("John Okello", "man"),
        ];
        let out = pseudonymise_draft(&draft);
        let json = out.to_json();
        for gone in [
            "Amina",
            "Nakato",
            "Okello",
            "Grace",
            "example.org",
            "1980",
            "Head of planning",
        ] {
            assert!(!json.contains(gone), "{gone} is still there: {json}");
        }
        assert_eq!(out.organisation.country, "UG");
        assert_eq!(out.member_count(), 2);
        assert_eq!(out.members[0].gender, "woman");
        assert_eq!(out.members[1].gender, "man");
        assert_eq!(
            pseudonymise_draft(&out),
            out,
            "doing it again changes nothing"
        );
    }

    proptest! {
        #[test]
        fn members_and_their_genders_are_kept(genders in proptest::collection::vec("(woman|man|other)", 0..6), name in "[A-Za-z ]{1,20}") {
            let draft = ApplicationDraft {
                members: genders.iter().map(|g| member(&format!("X{name}"), g)).collect(),
                ..ApplicationDraft::default()
            };
            let out = pseudonymise_draft(&draft);
            prop_assert_eq!(out.member_count(), draft.member_count());
            let kept: Vec<&String> = out.members.iter().map(|m| &m.gender).collect();
            let before: Vec<&String> = draft.members.iter().map(|m| &m.gender).collect();
            prop_assert_eq!(kept, before);
            let gone = format!("X{name}");
            prop_assert!(!out.to_json().contains(&gone));
        }
    }
}
