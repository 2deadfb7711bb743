//! The applicant's form, one step per page, and the review page that lists every problem.

use itp_domain::Code;
use itp_domain::application::document::{DocumentKind, MAX_BYTES};
use itp_domain::application::submission::Step;
use itp_domain::application::{
    ApplicationDraft, CefrLevel, Gender, GovernmentLevel, MemberDraft, OrganisationType,
};
use itp_domain::programme::TeamRole;
use itp_domain::validation::FieldErrors;
use itp_persistence::application::documents::DocumentRow;
use maud::{Markup, html};

use super::context::ApplicationContext;
use crate::views::components::{Field, Input, csrf_field, error_summary};
use crate::views::time;
use crate::views::{PageContext, page};

pub struct FormPage<'a> {
    pub ctx: &'a ApplicationContext,
    pub draft: &'a ApplicationDraft,
    pub documents: &'a [DocumentRow],
    pub errors: &'a FieldErrors,
    pub now: chrono::DateTime<chrono::Utc>,
}

/// The id of a step's form, which the step list and the back link submit from outside it.
const STEP_FORM: &str = "step-form";

/// The list of steps. On a step with answers (`saves`), each other step is a submit button of the
/// step's form, so that following it saves what was typed first (without JavaScript, through
/// the `form` attribute); elsewhere they are links.
fn steps_nav(app_id: i32, current: Step, saves: bool) -> Markup {
    html! {
        nav.steps aria-label="Steps of the application" {
            ol {
                @for &step in Step::ALL {
                    li {
                        @if step == current {
                            span aria-current="step" { strong { (step.label()) } }
                        } @else if saves {
                            button.link type="submit" form=(STEP_FORM) name="go" value=(step.code()) { (step.label()) }
                        } @else {
                            a href={ "/applications/" (app_id) "/edit/" (step.code()) } { (step.label()) }
                        }
                    }
                }
            }
        }
    }
}

fn header(p: &FormPage<'_>, saves: bool) -> Markup {
    let cohort = &p.ctx.call.cohort;
    html! {
        p {
            @if saves {
                button.link type="submit" form=(STEP_FORM) name="go" value="applications" { "← Save and go to your applications" }
            } @else {
                a href="/my/applications" { "← Your applications" }
            }
        }
        p.muted { "Application to " strong { (cohort.settings.name) } }
        @if let Some(closes) = cohort.settings.call.closes_at {
            p.notice {
                "Deadline: " (time::deadline(closes, cohort.settings.call.time_zone.name()))
                @if closes > p.now { ". Time left: " (time::time_left(p.now, closes)) "." } @else { ". The call has closed." }
                " Your answers are saved each time you move to another step."
            }
        }
    }
}

fn step_buttons(step: Step) -> Markup {
    html! {
        div.actions {
            @if step.previous().is_some() { button.secondary type="submit" name="go" value="previous" { "Save and go back" } }
            button.secondary type="submit" name="go" value="stay" { "Save" }
            @if step.next().is_some() { button type="submit" name="go" value="next" { "Save and continue" } }
        }
    }
}

pub fn step_page(
    pctx: &PageContext,
    p: &FormPage<'_>,
    step: Step,
    countries: &[(String, String)],
) -> Markup {
    let id = p.ctx.application.id;
    let body = match step {
        Step::Organisation => organisation(p, countries),
        Step::Team => team(p),
        Step::Project => project(p),
        Step::Documents => return documents_page(pctx, p),
        Step::Review => return review_page(pctx, p),
    };
    page(
        pctx,
        step.label(),
        html! {
            (header(p, true))
            (steps_nav(id, step, true))
            h1 { (step.label()) }
            (error_summary(p.errors))
            p.hint { "Fields marked (optional) can be left empty; every other field is needed before you can submit." }
            form #(STEP_FORM) method="post" action={ "/applications/" (id) "/edit/" (step.code()) } novalidate {
                (csrf_field(pctx.csrf()))
                (body)
                (step_buttons(step))
            }
        },
    )
}

fn organisation(p: &FormPage<'_>, countries: &[(String, String)]) -> Markup {
    let o = &p.draft.organisation;
    let n = &p.draft.nomination;
    let e = p.errors;
    let kinds = OrganisationType::choices();
    let levels = GovernmentLevel::choices();
    let mut country_choices: Vec<(&str, &str)> = vec![("", "Choose…")];
    country_choices.extend(countries.iter().map(|(c, n)| (c.as_str(), n.as_str())));
    html! {
        (Field::new("org_name", "Name of your organisation", &o.name).required().render(e))
        (Field::new("org_kind", "Type of organisation", &o.kind).input(Input::Select(&kinds)).required().render(e))
        (Field::new("org_level", "Level of government", &o.level).input(Input::Select(&levels)).required().render(e))
        (Field::new("org_country", "Country", &o.country).input(Input::Select(&country_choices)).hint("Only the countries this call is open to are listed.").required().render(e))
        (Field::new("org_address", "Postal address", &o.address).input(Input::TextArea { rows: 3 }).required().render(e))
        h2 { "Nomination" }
        (Field::new("nom_authority", "Nominating authority", &n.authority).hint("The body that nominates the team, for example the municipal council. Its letter is uploaded in the Documents step.").required().render(e))
        (Field::new("nom_contact_name", "Contact person at the nominating authority", &n.contact_name).render(e))
        (Field::new("nom_contact_email", "Contact e-mail", &n.contact_email).input(Input::Email).render(e))
    }
}

fn team(p: &FormPage<'_>) -> Markup {
    let rules = p.ctx.call.rules();
    let rows = usize::from(rules.team_max)
        .max(p.draft.members.len())
        .clamp(1, itp_domain::application::draft::MAX_MEMBERS);
    let genders = Gender::choices();
    let english = CefrLevel::choices();
    let roles = TeamRole::choices();
    let blank = MemberDraft::default();
    html! {
        p {
            "This call asks for teams of " (rules.team_min) "–" (rules.team_max) " people from one organisation"
            @if !rules.required_roles.is_empty() {
                ", with at least one " (rules.required_roles.iter().map(|r| r.label().to_lowercase()).collect::<Vec<_>>().join(", one "))
            }
            ". Names may be written in any script."
        }
        p {
            "Each member confirms that they have read "
            a href="/privacy" target="_blank" rel="noopener" { "ICLD's privacy notice (opens in a new tab)" }
            ": what is kept about them, why, who sees it and for how long."
        }
        @if let Some(message) = p.errors.for_field("members") {
            p.error-message #members { (message) }
        }
        @for i in 0..rows {
            @let m = p.draft.members.get(i).unwrap_or(&blank);
            @let f = |name: &str| format!("member{i}_{name}");
            fieldset.card {
                legend {
                    "Team member " (i + 1)
                    @if i >= usize::from(rules.team_min) { span.optional { " (optional: leave it empty if your team is smaller; once you fill it in, every field of it is needed)" } }
                }
                // Every field of a member is needed at submission, so none is marked optional
                // (they once all were, and then blocked the submission).
                (Field::new(&f("full_name"), "Full name", &m.full_name).autocomplete("off").required().render(p.errors))
                (Field::new(&f("gender"), "Gender", &m.gender).input(Input::Select(&genders)).required().render(p.errors))
                (Field::new(&f("role"), "Role in the team", &m.role).input(Input::Select(&roles)).required().render(p.errors))
                (Field::new(&f("position"), "Position", &m.position).hint("For example deputy mayor, planning officer.").required().render(p.errors))
                (Field::new(&f("email"), "E-mail address", &m.email).input(Input::Email).required().render(p.errors))
                (Field::new(&f("english"), "English level (CEFR)", &m.english).input(Input::Select(&english)).required().render(p.errors))
                (Field::new(&f("year_of_birth"), "Year of birth", &m.year_of_birth).input(Input::Number).hint("Four digits, for example 1984.").required().render(p.errors))
                (checkbox(&f("declares_no_earlier_programme"), "I have not taken part in an earlier ICLD programme funded by Sida.", m.declares_no_earlier_programme, p.errors))
                (checkbox(&f("declares_can_attend"), "I can attend every phase of the programme.", m.declares_can_attend, p.errors))
                (checkbox(&f("consents_to_privacy_notice"), "I have read the privacy notice and agree that ICLD processes my data for this programme.", m.consents_to_privacy_notice, p.errors))
            }
        }
    }
}

fn checkbox(name: &str, label: &str, checked: bool, errors: &FieldErrors) -> Markup {
    let error = errors.for_field(name);
    html! {
        div.field.has-error[error.is_some()] {
            @if let Some(message) = error { p.error-message id={ (name) "-error" } { (message) } }
            div.checkbox {
                input type="checkbox" id=(name) name=(name) value="on" checked[checked];
                label for=(name) { (label) }
            }
        }
    }
}

fn project(p: &FormPage<'_>) -> Markup {
    let pr = &p.draft.project;
    let e = p.errors;
    let area = Input::TextArea { rows: 5 };
    html! {
        p { "The change project is a real problem in your own organisation that the team works on during the programme. Its outline weighs most in selection." }
        (Field::new("project_title", "Title", &pr.title).required().render(e))
        (Field::new("project_problem", "The problem", &pr.problem).input(Input::TextArea { rows: 5 }).hint("What is wrong today, for whom, and how do you know?").required().render(e))
        (Field::new("project_goal", "The goal", &pr.goal).input(Input::TextArea { rows: 4 }).required().render(e))
        (Field::new("project_expected_results", "Expected results", &pr.expected_results).input(Input::TextArea { rows: 4 }).required().render(e))
        (Field::new("project_stakeholders", "Stakeholders", &pr.stakeholders).input(area).hint("Who is affected and who must take part?").required().render(e))
        (Field::new("project_commitment", "Your organisation's commitment", &pr.commitment).input(Input::TextArea { rows: 4 }).hint("Staff time, budget or decisions your organisation commits. ICLD does not fund the project itself.").required().render(e))
    }
}

fn document_slot(
    pctx: &PageContext,
    p: &FormPage<'_>,
    kind: DocumentKind,
    member: Option<usize>,
    label: &str,
) -> Markup {
    let id = p.ctx.application.id;
    let field = match member {
        Some(i) => format!("doc_{}_{i}", kind.code()),
        None => format!("doc_{}", kind.code()),
    };
    let existing = p.documents.iter().find(|d| {
        d.kind == kind && d.member_position.and_then(|m| usize::try_from(m).ok()) == member
    });
    let error = p.errors.for_field(&field);
    html! {
        div.field.has-error[error.is_some()] id=(field) {
            h3 { (label) }
            @if let Some(message) = error { p.error-message { (message) } }
            @if let Some(doc) = existing {
                p {
                    a href={ "/applications/" (id) "/documents/" (doc.id) } { (doc.original_name) }
                    " (" (doc.size_bytes / 1024) " KB) "
                    form.inline method="post" action={ "/applications/" (id) "/documents/" (doc.id) "/delete" } {
                        (csrf_field(pctx.csrf()))
                        button.link type="submit" { "Remove" }
                    }
                }
            }
            form method="post" action={ "/applications/" (id) "/documents" } enctype="multipart/form-data" {
                (csrf_field(pctx.csrf()))
                input type="hidden" name="kind" value=(kind.code());
                @if let Some(i) = member { input type="hidden" name="member" value=(i); }
                label.visually-hidden for={ (field) "-file" } { "File for " (label) }
                input type="file" id={ (field) "-file" } name="file" accept=(if kind == DocumentKind::Photo { "image/jpeg,image/png" } else { "application/pdf,image/jpeg,image/png" });
                " "
                button.secondary type="submit" { @if existing.is_some() { "Replace" } @else { "Upload" } }
            }
        }
    }
}

fn documents_page(pctx: &PageContext, p: &FormPage<'_>) -> Markup {
    let id = p.ctx.application.id;
    page(
        pctx,
        Step::Documents.label(),
        html! {
            (header(p, false))
            (steps_nav(id, Step::Documents, false))
            h1 { (Step::Documents.label()) }
            (error_summary(p.errors))
            p { "PDF, JPEG or PNG, at most " (MAX_BYTES / 1024 / 1024) " MB each. Passports and medical statements are seen only by the programme's managers." }
            (document_slot(pctx, p, DocumentKind::NominationLetter, None, "Nomination letter"))
            @for (i, m) in p.draft.members() {
                h2 { (if m.full_name.trim().is_empty() { format!("Team member {}", i + 1) } else { m.full_name.clone() }) }
                @for kind in [DocumentKind::Passport, DocumentKind::Photo, DocumentKind::MedicalStatement] {
                    (document_slot(pctx, p, kind, Some(i), kind.label()))
                }
            }
            @if p.draft.member_count() == 0 {
                p { "Add your team members first; each needs a passport copy, a photo and a medical statement." }
            }
            div.actions {
                a.button.secondary href={ "/applications/" (id) "/edit/team" } { "Back" }
                a.button href={ "/applications/" (id) "/edit/review" } { "Continue to check and submit" }
            }
        },
    )
}

fn review_page(pctx: &PageContext, p: &FormPage<'_>) -> Markup {
    let id = p.ctx.application.id;
    let d = p.draft;
    page(
        pctx,
        Step::Review.label(),
        html! {
            (header(p, false))
            (steps_nav(id, Step::Review, false))
            h1 { (Step::Review.label()) }
            @if !p.errors.is_empty() {
                div.error-summary role="alert" tabindex="-1" {
                    h2 { "Your application cannot be submitted yet" }
                    @for &step in Step::ALL {
                        @let problems: Vec<_> = p.errors.iter().filter(|e| Step::of_field(&e.field) == Some(step)).collect();
                        @if !problems.is_empty() {
                            h3 { (step.label()) }
                            ul {
                                @for e in problems {
                                    li { a href={ "/applications/" (id) "/edit/" (step.code()) "#" (e.field) } { (e.message) } }
                                }
                            }
                        }
                    }
                    @for e in p.errors.iter().filter(|e| Step::of_field(&e.field).is_none()) {
                        p.error-message { (e.message) }
                    }
                }
            }
            p { "Read every answer below before you submit: this is what ICLD will receive. To change one, go to its step." }
            (super::answers_view::answers(d, p.documents))
            form method="post" action={ "/applications/" (id) "/submit" } {
                (csrf_field(pctx.csrf()))
                h2 { "Submit" }
                p { "When you submit, the application can no longer be changed. You can withdraw it until the deadline. You will get a reference number and a confirmation by e-mail." }
                div.actions { button type="submit" { "Submit the application" } }
            }
        },
    )
}
