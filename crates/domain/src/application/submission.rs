//! What a submission must satisfy. Every problem is reported at once, tied to its form field and
//! the step of the form that holds it, so the applicant can go straight to each.

use crate::code::Code;
use chrono::{DateTime, Datelike, Utc};
use serde::{Deserialize, Serialize};

use super::document::DocumentKind;
use super::draft::{ApplicationDraft, MemberDraft};
use super::fields::{CefrLevel, Gender, GovernmentLevel, OrganisationType};
use crate::account::Email;
use crate::country::CountryCode;
use crate::programme::TeamRole;
use crate::validation::FieldErrors;

/// The steps of the application form, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Organisation,
    Team,
    Project,
    Documents,
    Review,
}

crate::codes!(Step as "step of the application form" {
    Organisation = "organisation": "Organisation and nomination",
    Team = "team": "Team members",
    Project = "project": "Change project",
    Documents = "documents": "Documents",
    Review = "review": "Check and submit",
});

impl Step {
    pub fn next(self) -> Option<Step> {
        let i = Step::ALL.iter().position(|s| *s == self)?;
        Step::ALL.get(i + 1).copied()
    }

    pub fn previous(self) -> Option<Step> {
        let i = Step::ALL.iter().position(|s| *s == self)?;
        i.checked_sub(1).and_then(|i| Step::ALL.get(i).copied())
    }

    /// Whether a form field belongs to this step.
    pub fn owns_field(self, field: &str) -> bool {
        Step::of_field(field) == Some(self)
    }

    /// The step that holds a form field (or a document field `doc_<kind>[_<member>]`).
    pub fn of_field(field: &str) -> Option<Step> {
        if field.starts_with("org_") || field.starts_with("nom_") {
            Some(Step::Organisation)
        } else if field.starts_with("member") || field == "members" {
            Some(Step::Team)
        } else if field.starts_with("project_") {
            Some(Step::Project)
        } else if field.starts_with("doc_") {
            Some(Step::Documents)
        } else {
            None
        }
    }
}

/// What the cohort's call asks of a team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallRules {
    pub team_min: u8,
    pub team_max: u8,
    pub required_roles: Vec<TeamRole>,
    pub eligible_countries: Vec<CountryCode>,
    pub required_documents: Vec<DocumentKind>,
}

/// A document the application has: its kind and, for per-member documents, the member's row.
pub type PresentDocument = (DocumentKind, Option<usize>);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub full_name: String,
    pub gender: Gender,
    pub role: TeamRole,
    pub position: String,
    pub email: Email,
    pub english: CefrLevel,
    pub year_of_birth: i32,
}

/// An application that passed every rule: typed, ready to be stored as submitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmittedApplication {
    pub organisation_name: String,
    pub organisation_kind: OrganisationType,
    pub government_level: GovernmentLevel,
    pub country: CountryCode,
    pub members: Vec<Member>,
}

pub(crate) const NAME_MAX: usize = 200;
pub(crate) const TEXT_MAX: usize = 5_000;
pub(crate) const ADDRESS_MAX: usize = 1_000;

fn text(e: &mut FieldErrors, field: &str, label: &str, value: &str, max: usize) -> String {
    let v = value.trim();
    if v.is_empty() {
        e.add(field, format!("Enter {label}."));
    } else if v.chars().count() > max {
        e.add(
            field,
            format!("{} must be at most {max} characters.", capitalise(label)),
        );
    }
    v.to_owned()
}

fn capitalise(s: &str) -> String {
    let s = s.strip_prefix("the ").unwrap_or(s);
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

fn choice<T>(
    e: &mut FieldErrors,
    field: &str,
    label: &str,
    value: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Option<T> {
    let parsed = parse(value);
    if parsed.is_none() {
        e.add(field, format!("Choose {label}."));
    }
    parsed
}

/// Checks the whole application; `Ok` only when it can be submitted as it is.
pub fn validate(
    draft: &ApplicationDraft,
    rules: &CallRules,
    documents: &[PresentDocument],
    now: DateTime<Utc>,
) -> Result<SubmittedApplication, FieldErrors> {
    let mut e = FieldErrors::new();
    let o = &draft.organisation;
    let organisation_name = text(
        &mut e,
        "org_name",
        "the organisation's name",
        &o.name,
        NAME_MAX,
    );
    let organisation_kind = choice(
        &mut e,
        "org_kind",
        "the type of organisation",
        &o.kind,
        OrganisationType::parse,
    );
    let government_level = choice(
        &mut e,
        "org_level",
        "the level of government",
        &o.level,
        GovernmentLevel::parse,
    );
    let country = match CountryCode::parse(o.country.trim()) {
        Ok(c) if rules.eligible_countries.is_empty() || rules.eligible_countries.contains(&c) => {
            Some(c)
        }
        Ok(c) => {
            e.add(
                "org_country",
                format!("Organisations in {} cannot apply to this call.", c.name()),
            );
            None
        }
        Err(_) => {
            e.add("org_country", "Choose the organisation's country.");
            None
        }
    };
    text(
        &mut e,
        "org_address",
        "the organisation's address",
        &o.address,
        ADDRESS_MAX,
    );
    text(
        &mut e,
        "nom_authority",
        "the nominating authority",
        &draft.nomination.authority,
        NAME_MAX,
    );

    let contact = &draft.nomination.contact_email;
    if !contact.trim().is_empty() && Email::parse(contact).is_err() {
        e.add(
            "nom_contact_email",
            "Enter the contact person's e-mail address, like name@example.org, or leave it empty.",
        );
    }

    let members: Vec<Member> = draft
        .members()
        .filter_map(|(i, m)| validate_member(&mut e, i, m, now))
        .collect();
    check_team(&mut e, draft, rules, &members);
    check_unique_emails(&mut e, draft);

    let p = &draft.project;
    text(
        &mut e,
        "project_title",
        "a title for the change project",
        &p.title,
        NAME_MAX,
    );
    text(
        &mut e,
        "project_problem",
        "the problem the project addresses",
        &p.problem,
        TEXT_MAX,
    );
    text(
        &mut e,
        "project_goal",
        "the project's goal",
        &p.goal,
        TEXT_MAX,
    );
    text(
        &mut e,
        "project_expected_results",
        "the expected results",
        &p.expected_results,
        TEXT_MAX,
    );
    text(
        &mut e,
        "project_stakeholders",
        "the stakeholders",
        &p.stakeholders,
        TEXT_MAX,
    );
    text(
        &mut e,
        "project_commitment",
        "your organisation's commitment",
        &p.commitment,
        TEXT_MAX,
    );

    for (kind, member) in missing_documents(draft, rules, documents) {
        match member {
            Some(i) => e.add(
                &format!("doc_{}_{i}", kind.code()),
                format!(
                    "Upload the {} of team member {}.",
                    kind.label().to_lowercase(),
                    i + 1
                ),
            ),
            None => e.add(
                &format!("doc_{}", kind.code()),
                format!("Upload the {}.", kind.label().to_lowercase()),
            ),
        }
    }

    match (organisation_kind, government_level, country, e.is_empty()) {
        (Some(organisation_kind), Some(government_level), Some(country), true) => {
            Ok(SubmittedApplication {
                organisation_name,
                organisation_kind,
                government_level,
                country,
                members,
            })
        }
        _ => Err(e),
    }
}

fn validate_member(
    e: &mut FieldErrors,
    i: usize,
    m: &MemberDraft,
    now: DateTime<Utc>,
) -> Option<Member> {
    let f = |name: &str| format!("member{i}_{name}");
    let who = format!("team member {}", i + 1);
    let full_name = text(
        e,
        &f("full_name"),
        &format!("the full name of {who}"),
        &m.full_name,
        NAME_MAX,
    );
    let gender = choice(
        e,
        &f("gender"),
        &format!("the gender of {who}"),
        &m.gender,
        Gender::parse,
    );
    let role = choice(e, &f("role"), &format!("the role of {who}"), &m.role, |s| {
        s.parse::<TeamRole>().ok()
    });
    let position = text(
        e,
        &f("position"),
        &format!("the position of {who}"),
        &m.position,
        NAME_MAX,
    );
    let email = match Email::parse(&m.email) {
        Ok(em) => Some(em),
        Err(_) => {
            e.add(
                &f("email"),
                format!("Enter the e-mail address of {who}, like name@example.org."),
            );
            None
        }
    };
    let english = choice(
        e,
        &f("english"),
        &format!("the English level of {who}"),
        &m.english,
        CefrLevel::parse,
    );
    let year_of_birth = match year_of_birth(&m.year_of_birth, &who, now) {
        Ok(y) => Some(y),
        Err(message) => {
            e.add(&f("year_of_birth"), message);
            None
        }
    };
    if !m.declares_no_earlier_programme {
        e.add(&f("declares_no_earlier_programme"), format!("{} must confirm not having taken part in an earlier ICLD programme funded by Sida.", capitalise(&who)));
    }
    if !m.declares_can_attend {
        e.add(
            &f("declares_can_attend"),
            format!(
                "{} must confirm being able to attend every phase.",
                capitalise(&who)
            ),
        );
    }
    if !m.consents_to_privacy_notice {
        e.add(
            &f("consents_to_privacy_notice"),
            format!("{} must agree to the privacy notice.", capitalise(&who)),
        );
    }
    Some(Member {
        full_name,
        gender: gender?,
        role: role?,
        position,
        email: email?,
        english: english?,
        year_of_birth: year_of_birth?,
    })
}

/// The youngest and oldest a participant can be, in years reached this calendar year.
const AGE_RANGE: std::ops::RangeInclusive<i32> = 16..=100;

/// A year of birth, or what is wrong with it in words that say which rule it breaks (a year like
/// 1875 *is* four digits: the problem is the age it gives).
fn year_of_birth(text: &str, who: &str, now: DateTime<Utc>) -> Result<i32, String> {
    let text = text.trim();
    let this_year = now.year();
    let Ok(year) = text.parse::<i32>() else {
        return Err(format!(
            "Enter the year of birth of {who} as four digits, e.g. 1984."
        ));
    };
    if !(1000..=9999).contains(&year) {
        return Err(format!(
            "Enter the year of birth of {who} as four digits, e.g. 1984."
        ));
    }
    let age = this_year - year;
    if age > *AGE_RANGE.end() {
        Err(format!(
            "A year of birth of {year} would make {who} over {} this year; check the year.",
            AGE_RANGE.end()
        ))
    } else if age < *AGE_RANGE.start() {
        Err(format!(
            "Participants must be at least {} this year: {who} must be born in {} or earlier.",
            AGE_RANGE.start(),
            this_year - AGE_RANGE.start()
        ))
    } else {
        Ok(year)
    }
}

/// The answers of one step that are filled in but in a form submission will refuse (an e-mail
/// address without `@`, a year of birth out of range), found when the step is saved so that the
/// person hears of them while the answer is in front of them. Empty answers are not problems
/// here: a draft may be incomplete until it is submitted.
pub fn format_problems(draft: &ApplicationDraft, step: Step, now: DateTime<Utc>) -> FieldErrors {
    let mut e = FieldErrors::new();
    let email = |e: &mut FieldErrors, field: &str, value: &str, whose: &str| {
        if !value.trim().is_empty() && Email::parse(value).is_err() {
            e.add(
                field,
                format!(
                    "“{}” is not an e-mail address: enter {whose} e-mail address, like name@example.org.",
                    value.trim()
                ),
            );
        }
    };
    match step {
        Step::Organisation => email(
            &mut e,
            "nom_contact_email",
            &draft.nomination.contact_email,
            "the contact person's",
        ),
        Step::Team => {
            for (i, m) in draft.members() {
                let who = format!("team member {}", i + 1);
                email(
                    &mut e,
                    &format!("member{i}_email"),
                    &m.email,
                    &format!("{who}'s"),
                );
                if !m.year_of_birth.trim().is_empty()
                    && let Err(message) = year_of_birth(&m.year_of_birth, &who, now)
                {
                    e.add(&format!("member{i}_year_of_birth"), message);
                }
            }
        }
        Step::Project | Step::Documents | Step::Review => {}
    }
    e
}

fn check_team(
    e: &mut FieldErrors,
    draft: &ApplicationDraft,
    rules: &CallRules,
    members: &[Member],
) {
    let n = draft.member_count();
    if n < usize::from(rules.team_min) || n > usize::from(rules.team_max) {
        let size = if rules.team_min == rules.team_max {
            format!("{}", rules.team_min)
        } else {
            format!("{} to {}", rules.team_min, rules.team_max)
        };
        e.add(
            "members",
            format!("This call asks for teams of {size} people; your team has {n}."),
        );
    }
    for role in &rules.required_roles {
        if !members.iter().any(|m| m.role == *role)
            && !draft.members().any(|(_, m)| m.role == role.code())
        {
            e.add(
                "members",
                format!(
                    "The team needs at least one {}.",
                    role.label().to_lowercase()
                ),
            );
        }
    }
}

fn check_unique_emails(e: &mut FieldErrors, draft: &ApplicationDraft) {
    let mut seen: Vec<String> = Vec::new();
    for (i, m) in draft.members() {
        let email = m.email.trim().to_lowercase();
        if email.is_empty() {
            continue;
        }
        if seen.contains(&email) {
            e.add(&format!("member{i}_email"), format!("Team member {} has the same e-mail address as another member; each needs their own.", i + 1));
        }
        seen.push(email);
    }
}

/// The required documents that are not there yet.
pub fn missing_documents(
    draft: &ApplicationDraft,
    rules: &CallRules,
    documents: &[PresentDocument],
) -> Vec<PresentDocument> {
    let mut missing = Vec::new();
    for kind in &rules.required_documents {
        if kind.per_member() {
            for (i, _) in draft.members() {
                if !documents.contains(&(*kind, Some(i))) {
                    missing.push((*kind, Some(i)));
                }
            }
        } else if !documents.iter().any(|(k, _)| k == kind) {
            missing.push((*kind, None));
        }
    }
    missing
}

/// Whether the call takes submissions at `now`: after it opens and strictly before its deadline.
/// The server decides, whatever the browser shows.
pub fn call_accepts(
    opens: Option<DateTime<Utc>>,
    closes: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> bool {
    opens.is_none_or(|o| o <= now) && closes.is_some_and(|c| now < c)
}
