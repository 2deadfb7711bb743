//! Every answer of an application, as the applicant gave it: what the check-and-submit page shows
//! before the irreversible submit, and the printable copy of what was sent.

use itp_domain::Code;
use itp_domain::application::document::DocumentKind;
use itp_domain::application::{
    ApplicationDraft, CefrLevel, Gender, GovernmentLevel, OrganisationType,
};
use itp_domain::programme::TeamRole;
use itp_persistence::application::documents::DocumentRow;
use maud::{Markup, html};

/// The label of a stored choice, or what was stored when it is not a known code (a draft
/// accepts anything), or a dash when empty.
fn choice<T: Code>(stored: &str) -> String {
    match T::parse(stored) {
        Some(value) => value.label().to_owned(),
        None if stored.trim().is_empty() => "—".to_owned(),
        None => stored.trim().to_owned(),
    }
}

fn text(value: &str) -> &str {
    if value.trim().is_empty() {
        "—"
    } else {
        value.trim()
    }
}

fn yes_no(value: bool) -> &'static str {
    if value { "Yes" } else { "No" }
}

/// Every answer, grouped as the form's steps are.
pub fn answers(draft: &ApplicationDraft, documents: &[DocumentRow]) -> Markup {
    let o = &draft.organisation;
    let n = &draft.nomination;
    let p = &draft.project;
    let country = itp_domain::country::by_code(&o.country)
        .map(|c| c.name_en.to_owned())
        .unwrap_or_else(|| text(&o.country).to_owned());
    let document = |kind: DocumentKind, member: Option<usize>| {
        documents
            .iter()
            .find(|d| {
                d.kind == kind && d.member_position.and_then(|m| usize::try_from(m).ok()) == member
            })
            .map(|d| format!("{} ({} KB)", d.original_name, (d.size_bytes + 1023) / 1024))
            .unwrap_or_else(|| "Not uploaded".to_owned())
    };
    html! {
        div.answers {
            h2 { "Organisation and nomination" }
            dl.facts {
                dt { "Organisation" } dd { bdi { (text(&o.name)) } }
                dt { "Type" } dd { (choice::<OrganisationType>(&o.kind)) }
                dt { "Level of government" } dd { (choice::<GovernmentLevel>(&o.level)) }
                dt { "Country" } dd { (country) }
                dt { "Postal address" } dd { bdi { (text(&o.address)) } }
                dt { "Nominating authority" } dd { bdi { (text(&n.authority)) } }
                dt { "Contact person" } dd { bdi { (text(&n.contact_name)) } }
                dt { "Contact e-mail" } dd { (text(&n.contact_email)) }
                dt { "Nomination letter" } dd { (document(DocumentKind::NominationLetter, None)) }
            }
            h2 { "Team members" }
            @for (i, m) in draft.members() {
                h3 { "Team member " (i + 1) ": " bdi { (text(&m.full_name)) } }
                dl.facts {
                    dt { "Gender" } dd { (choice::<Gender>(&m.gender)) }
                    dt { "Role in the team" } dd { (choice::<TeamRole>(&m.role)) }
                    dt { "Position" } dd { bdi { (text(&m.position)) } }
                    dt { "E-mail address" } dd { (text(&m.email)) }
                    dt { "English level" } dd { (choice::<CefrLevel>(&m.english)) }
                    dt { "Year of birth" } dd { (text(&m.year_of_birth)) }
                    dt { "No earlier Sida-funded ICLD programme" } dd { (yes_no(m.declares_no_earlier_programme)) }
                    dt { "Can attend every phase" } dd { (yes_no(m.declares_can_attend)) }
                    dt { "Agrees to the privacy notice" } dd { (yes_no(m.consents_to_privacy_notice)) }
                    @for kind in [DocumentKind::Passport, DocumentKind::Photo, DocumentKind::MedicalStatement] {
                        dt { (kind.label()) } dd { (document(kind, Some(i))) }
                    }
                }
            }
            @if draft.member_count() == 0 { p.empty { "No team members yet." } }
            h2 { "Change project" }
            dl.facts {
                dt { "Title" } dd { bdi { (text(&p.title)) } }
                dt { "The problem" } dd { bdi { (text(&p.problem)) } }
                dt { "The goal" } dd { bdi { (text(&p.goal)) } }
                dt { "Expected results" } dd { bdi { (text(&p.expected_results)) } }
                dt { "Stakeholders" } dd { bdi { (text(&p.stakeholders)) } }
                dt { "Your organisation's commitment" } dd { bdi { (text(&p.commitment)) } }
            }
        }
    }
}
