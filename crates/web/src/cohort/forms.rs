//! The cohort settings form, the clone form and the phase form. Each re-renders with what the
//! person typed and a message on every wrong field.

use itp_domain::Code;
use itp_domain::cohort::CohortInput;
use itp_domain::cohort::clone::CloneInput;
use itp_domain::phase::{PhaseInput, PhaseKind};
use itp_domain::validation::FieldErrors;
use itp_persistence::cohort::Person;
use maud::{Markup, html};

use crate::forms::FormFields;
use crate::views::components::{Field, Input, checkbox, checkboxes, csrf_field, error_summary};
use crate::views::{PageContext, page};

pub fn cohort_input(f: &FormFields) -> CohortInput {
    CohortInput {
        name: f.text("name"),
        seats: f.text("seats"),
        starts_on: f.text("starts_on"),
        ends_on: f.text("ends_on"),
        call_opens_at: f.text("call_opens_at"),
        call_closes_at: f.text("call_closes_at"),
        time_zone: f.text("time_zone"),
        eligible_countries: f.text("eligible_countries"),
        per_diem_policy: f.text("per_diem_policy"),
    }
}

pub fn phase_input(f: &FormFields) -> PhaseInput {
    PhaseInput {
        kind: f.text("kind"),
        title: f.text("title"),
        starts_on: f.text("starts_on"),
        ends_on: f.text("ends_on"),
        country: f.text("country"),
        city: f.text("city"),
        venue: f.text("venue"),
        compulsory: f.checked("compulsory"),
        study_visits_start: f.text("study_visits_start"),
        study_visits_end: f.text("study_visits_end"),
    }
}

/// Where a settings form goes and what it says.
pub struct SettingsTarget<'a> {
    pub title: String,
    pub action: String,
    pub back: String,
    pub programme_countries: &'a str,
    pub submit: &'a str,
}

pub fn settings(
    ctx: &PageContext,
    target: &SettingsTarget<'_>,
    input: &CohortInput,
    candidates: &[Person],
    managers: &[String],
    errors: &FieldErrors,
) -> Markup {
    let options: Vec<(String, String)> = candidates
        .iter()
        .map(|p| {
            (
                p.user_id.to_string(),
                format!("{} ({})", p.display_name, p.email),
            )
        })
        .collect();
    let countries_hint = format!(
        "ISO codes such as KE, TZ. Leave empty to use the programme's: {}.",
        target.programme_countries
    );
    page(
        ctx,
        &target.title,
        html! {
            p { a href=(target.back) { "← Back" } }
            h1 { (target.title) }
            (error_summary(errors))
            form method="post" action=(target.action) novalidate {
                (csrf_field(ctx.csrf()))
                (Field::new("name", "Name", &input.name).hint("Such as Municipal Financing 2027.").required().render(errors))
                (Field::new("seats", "Seats", &input.seats).input(Input::Number).hint("About 25 participants a cohort.").required().render(errors))
                (Field::new("starts_on", "First day", &input.starts_on).input(Input::Date).required().render(errors))
                (Field::new("ends_on", "Last day", &input.ends_on).input(Input::Date).hint("Every phase must fall between the first and the last day.").required().render(errors))
                (Field::new("time_zone", "Time zone of the call", &input.time_zone).hint("An IANA name such as Africa/Nairobi or Europe/Stockholm. The deadline is announced in this zone.").render(errors))
                (Field::new("call_opens_at", "Call opens", &input.call_opens_at).input(Input::DateTime).hint("Local time in the zone above.").render(errors))
                (Field::new("call_closes_at", "Deadline for applications", &input.call_closes_at).input(Input::DateTime).hint("Local time in the zone above; applications are refused from this minute.").render(errors))
                (Field::new("eligible_countries", "Eligible countries", &input.eligible_countries).hint(&countries_hint).render(errors))
                (Field::new("per_diem_policy", "Per-diem policy", &input.per_diem_policy).hint("The name of the policy the cohort's per-diem statements follow, such as ICLD 2020.").render(errors))
                (checkboxes("managers", "Responsible managers", Some("People who manage this programme, and administrators."), &options, managers, errors))
                div.actions {
                    button type="submit" { (target.submit) }
                    a href=(target.back) { "Cancel" }
                }
            }
        },
    )
}

pub fn clone(
    ctx: &PageContext,
    cohort_id: i32,
    source_name: &str,
    input: &CloneInput,
    errors: &FieldErrors,
) -> Markup {
    let title = format!("Clone {source_name}");
    let back = format!("/cohorts/{cohort_id}");
    page(
        ctx,
        &title,
        html! {
            p { a href=(back) { "← Back" } }
            h1 { (title) }
            p.lead { "The new cohort gets this cohort's settings and phases, every date moved so that it starts on the day you choose. It starts in planning, without people: no applicants, participants, reviewers or responsible managers." }
            (error_summary(errors))
            form method="post" action={ "/cohorts/" (cohort_id) "/clone" } novalidate {
                (csrf_field(ctx.csrf()))
                (Field::new("name", "Name of the new cohort", &input.name).required().render(errors))
                (Field::new("starts_on", "New first day", &input.starts_on).input(Input::Date).hint("Phases and the call keep their distance from the first day.").required().render(errors))
                div.actions {
                    button type="submit" { "Create the copy" }
                    a href=(back) { "Cancel" }
                }
            }
        },
    )
}

/// `phase_id` is `None` for a new phase.
pub fn phase(
    ctx: &PageContext,
    cohort_id: i32,
    cohort_name: &str,
    phase_id: Option<i32>,
    input: &PhaseInput,
    errors: &FieldErrors,
) -> Markup {
    let title = match phase_id {
        None => format!("Add a phase to {cohort_name}"),
        Some(_) => format!("Edit {}", input.title),
    };
    let action = match phase_id {
        None => format!("/cohorts/{cohort_id}/phases"),
        Some(id) => format!("/cohorts/{cohort_id}/phases/{id}"),
    };
    let back = format!("/cohorts/{cohort_id}");
    let kinds: Vec<(&str, &str)> = std::iter::once(("", "Choose a kind"))
        .chain(PhaseKind::ALL.iter().map(|k| (k.code(), k.label())))
        .collect();
    page(
        ctx,
        &title,
        html! {
            p { a href=(back) { "← Back" } }
            h1 { (title) }
            (error_summary(errors))
            form method="post" action=(action) novalidate {
                (csrf_field(ctx.csrf()))
                (Field::new("kind", "Kind", &input.kind).input(Input::Select(&kinds)).required().render(errors))
                (Field::new("title", "Title", &input.title).hint("Such as Inception workshop.").required().render(errors))
                (Field::new("starts_on", "First day", &input.starts_on).input(Input::Date).required().render(errors))
                (Field::new("ends_on", "Last day", &input.ends_on).input(Input::Date).required().render(errors))
                (Field::new("country", "Country", &input.country).hint("ISO code such as ZM. Needed for a workshop; a Sweden phase is in SE.").render(errors))
                (Field::new("city", "City", &input.city).render(errors))
                (Field::new("venue", "Venue", &input.venue).render(errors))
                (checkbox("compulsory", "Compulsory: every participant must attend", input.compulsory))
                fieldset {
                    legend { "Study visits (Sweden phase only)" }
                    p.hint { "The days teams spend with their Swedish host municipality, inside the Sweden phase." }
                    (Field::new("study_visits_start", "First study-visit day", &input.study_visits_start).input(Input::Date).render(errors))
                    (Field::new("study_visits_end", "Last study-visit day", &input.study_visits_end).input(Input::Date).render(errors))
                }
                div.actions {
                    button type="submit" { @if phase_id.is_some() { "Save phase" } @else { "Add phase" } }
                    a href=(back) { "Cancel" }
                }
            }
        },
    )
}
