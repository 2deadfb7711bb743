//! The programme form, shared by "new" and "edit".

use itp_domain::Code;
use itp_domain::programme::{ProgrammeInput, TeamRole};
use itp_domain::validation::FieldErrors;
use maud::{Markup, html};

use crate::forms::FormFields;
use crate::views::components::{Field, Input, checkboxes, csrf_field, error_summary};
use crate::views::{PageContext, page};

/// Reads the submitted form into what the domain validates.
pub fn input_from(form: &FormFields, archived: bool) -> ProgrammeInput {
    ProgrammeInput {
        code: form.text("code"),
        name: form.text("name"),
        theme: form.text("theme"),
        description: form.text("description"),
        partners: form.text("partners"),
        eligible_countries: form.text("eligible_countries"),
        target_group: form.text("target_group"),
        team_min: form.text("team_min"),
        team_max: form.text("team_max"),
        required_roles: form.all("required_roles"),
        language: form.text("language"),
        archived,
    }
}

/// `id` is `None` for a new programme.
pub fn form(
    ctx: &PageContext,
    id: Option<i32>,
    input: &ProgrammeInput,
    errors: &FieldErrors,
) -> Markup {
    let (title, action, back) = match id {
        None => (
            "Add a programme".to_owned(),
            "/programmes".to_owned(),
            "/programmes".to_owned(),
        ),
        Some(id) => (
            format!("Edit {}", input.name),
            format!("/programmes/{id}"),
            format!("/programmes/{id}"),
        ),
    };
    let roles: Vec<(String, String)> = TeamRole::ALL
        .iter()
        .map(|r| (r.code().to_owned(), r.label().to_owned()))
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
                (Field::new("code", "Short code", &input.code).hint("Up to 12 letters, digits or hyphens, such as MF.").required().render(errors))
                (Field::new("name", "Name", &input.name).required().render(errors))
                (Field::new("theme", "Theme", &input.theme).render(errors))
                (Field::new("description", "Description", &input.description).input(Input::TextArea { rows: 5 }).render(errors))
                (Field::new("partners", "Partner organisations", &input.partners).input(Input::TextArea { rows: 3 }).hint("One per line, such as UNCDF or SKR.").render(errors))
                (Field::new("eligible_countries", "Eligible countries", &input.eligible_countries).hint("ISO 3166-1 codes separated by commas or spaces, such as KE, TZ, UG, ZM. Kosovo is XK.").render(errors))
                (Field::new("target_group", "Target group", &input.target_group).input(Input::TextArea { rows: 3 }).render(errors))
                (Field::new("team_min", "Smallest team", &input.team_min).input(Input::Number).hint("People from one organisation.").required().render(errors))
                (Field::new("team_max", "Largest team", &input.team_max).input(Input::Number).required().render(errors))
                (checkboxes("required_roles", "Roles every team must include", Some("Leave all unticked when any mix will do."), &roles, &input.required_roles, errors))
                (Field::new("language", "Language", &input.language).hint("English when left empty.").render(errors))
                div.actions {
                    button type="submit" { @if id.is_some() { "Save changes" } @else { "Add programme" } }
                    a href=(back) { "Cancel" }
                }
            }
        },
    )
}
