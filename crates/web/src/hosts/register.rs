//! The public page "Ta emot ett studiebesök" / "Host a study visit": a municipality or region
//! offers to host, picking itself from the official list. Swedish unless the person chose or
//! their browser asks for English.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use itp_domain::Code;
use itp_domain::hosts::registration::PERIOD_ROWS;
use itp_domain::hosts::{HostLanguage, MunicipalityKind, RegistrationInput, Theme, official_list};
use itp_domain::validation::FieldErrors;
use maud::{Markup, html};

use super::fields::{Field, Kind, checks, summary};
use super::service;
use crate::app::AppState;
use crate::error::Result;
use crate::forms::{FormFields, OrForm};
use crate::i18n::Lang;
use crate::ops::Context;
use crate::security::client::ClientAddress;
use crate::security::session::Session;
use crate::views::components::csrf_field;
use crate::views::{PageContext, page};

pub const PATH: &str = "/host-a-study-visit";

pub fn theme_options(ctx: &PageContext) -> Vec<(String, String)> {
    Theme::ALL
        .iter()
        .map(|t| (t.code().to_owned(), ctx.t(&format!("theme-{}", t.code()))))
        .collect()
}

pub fn language_options(ctx: &PageContext) -> Vec<(String, String)> {
    HostLanguage::ALL
        .iter()
        .map(|l| {
            (
                l.code().to_owned(),
                ctx.t(&format!("language-{}", l.code())),
            )
        })
        .collect()
}

fn input_of(form: &FormFields) -> RegistrationInput {
    RegistrationInput {
        municipality: form.text("municipality"),
        contact_name: form.text("contact_name"),
        email: form.text("email"),
        phone: form.text("phone"),
        themes: form.all("themes"),
        languages: form.all("languages"),
        max_visitors: form.text("max_visitors"),
        teams: form.text("teams"),
        periods: (1..=PERIOD_ROWS)
            .map(|i| {
                (
                    form.text(&format!("period_{i}_from")),
                    form.text(&format!("period_{i}_to")),
                )
            })
            .collect(),
        note: form.text("note"),
    }
}

pub async fn form(session: Session, ctx: PageContext) -> Result<Markup> {
    let mut ctx = ctx.defaulting_to(Lang::Sv);
    ctx.csrf_token = Some(session.csrf_token().await?);
    Ok(view(
        &ctx,
        &RegistrationInput::default(),
        &FieldErrors::new(),
    ))
}

pub async fn submit(
    State(state): State<AppState>,
    client: ClientAddress,
    session: Session,
    ctx: PageContext,
    form: FormFields,
) -> Result<Response> {
    let mut ctx = ctx.defaulting_to(Lang::Sv);
    ctx.csrf_token = Some(session.csrf_token().await?);
    let input = input_of(&form);
    let registration = input.validate().or_form(|e| view(&ctx, &input, e))?;
    service::register(
        &Context::system(&state, "host registration"),
        &client,
        &registration,
    )
    .await
    .or_form(|e| view(&ctx, &input, e))?;
    Ok(Redirect::to(&format!("{PATH}/thanks")).into_response())
}

pub async fn thanks(ctx: PageContext) -> Markup {
    let ctx = ctx.defaulting_to(Lang::Sv);
    page(
        &ctx,
        &ctx.t("hosts-thanks-title"),
        html! {
            h1 { (ctx.t("hosts-thanks-title")) }
            p.lead { (ctx.t("hosts-thanks-lead")) }
            p { (ctx.t("hosts-thanks-next")) }
        },
    )
}

fn municipality_select(ctx: &PageContext, value: &str, errors: &FieldErrors) -> Markup {
    let error = errors.for_field("municipality");
    let group = |kind: MunicipalityKind| official_list().iter().filter(move |m| m.kind == kind);
    html! {
        div.field.has-error[error.is_some()] {
            label for="municipality" { (ctx.t("hosts-field-municipality")) }
            p.hint id="municipality-hint" { (ctx.t("hosts-hint-municipality")) }
            @if let Some(message) = error {
                p.error-message id="municipality-error" { span.visually-hidden { (ctx.t("form-error")) ": " } (ctx.t(message)) }
            }
            select id="municipality" name="municipality" required
                aria-describedby={ "municipality-hint" @if error.is_some() { " municipality-error" } }
                aria-invalid=[error.map(|_| "true")] {
                option value="" { (ctx.t("form-choose")) }
                optgroup label=(ctx.t("hosts-municipalities")) {
                    @for m in group(MunicipalityKind::Municipality) {
                        option value=(m.code) selected[m.code == value] { (m.name) " (" (m.code) ")" }
                    }
                }
                optgroup label=(ctx.t("hosts-regions")) {
                    @for m in group(MunicipalityKind::Region) {
                        option value=(m.code) selected[m.code == value] { (m.name) " (" (m.code) ")" }
                    }
                }
            }
        }
    }
}

pub fn view(ctx: &PageContext, input: &RegistrationInput, errors: &FieldErrors) -> Markup {
    let period = |i: usize| input.periods.get(i).cloned().unwrap_or_default();
    page(
        ctx,
        &ctx.t("hosts-register-title"),
        html! {
            h1 { (ctx.t("hosts-register-title")) }
            p.lead { (ctx.t("hosts-register-lead")) }
            (summary(ctx, errors))
            form method="post" action=(PATH) novalidate {
                (csrf_field(ctx.csrf()))
                (municipality_select(ctx, &input.municipality, errors))
                (Field::new("contact_name", "hosts-field-contact-name", &input.contact_name).required().autocomplete("name").render(ctx, errors))
                (Field::new("email", "hosts-field-email", &input.email).kind(Kind::Email).required().autocomplete("email").render(ctx, errors))
                (Field::new("phone", "hosts-field-phone", &input.phone).kind(Kind::Tel).required().autocomplete("tel").render(ctx, errors))
                (checks(ctx, errors, "themes", "hosts-field-themes", Some("hosts-hint-themes"), &theme_options(ctx), &input.themes))
                (checks(ctx, errors, "languages", "hosts-field-languages", None, &language_options(ctx), &input.languages))
                (Field::new("max_visitors", "hosts-field-max-visitors", &input.max_visitors).kind(Kind::Number).hint("hosts-hint-max-visitors").required().render(ctx, errors))
                (Field::new("teams", "hosts-field-teams", &input.teams).kind(Kind::Number).hint("hosts-hint-teams").render(ctx, errors))
                fieldset {
                    legend { (ctx.t("hosts-field-periods")) }
                    p.hint { (ctx.t("hosts-hint-periods")) }
                    @for i in 0..PERIOD_ROWS {
                        @let (from, to) = period(i);
                        @let from_name = format!("period_{}_from", i + 1);
                        @let to_name = format!("period_{}_to", i + 1);
                        fieldset.period {
                            legend { (crate::i18n::t_args(ctx.lang, "hosts-period-n", &[("n", crate::i18n::Arg::Number(i as i64 + 1))])) }
                            (Field::new(&from_name, "hosts-field-period-from", &from).kind(Kind::Date).render(ctx, errors))
                            (Field::new(&to_name, "hosts-field-period-to", &to).kind(Kind::Date).render(ctx, errors))
                        }
                    }
                }
                (Field::new("note", "hosts-field-note", &input.note).kind(Kind::TextArea(4)).render(ctx, errors))
                div.actions { button type="submit" { (ctx.t("hosts-register-submit")) } }
            }
        },
    )
}
