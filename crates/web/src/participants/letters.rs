//! Letters on the letterhead: a participant's certificate (issued once, its words kept as
//! issued), the certificates of a cohort, the invitation letter for a visa application, and the
//! programme's templates for both.

use axum::extract::{Path, State};
use axum::response::Redirect;
use itp_domain::authz::Action;
use itp_domain::format::{self, Lang};
use itp_domain::participants::Attendance;
use itp_domain::participants::letters::{
    CERTIFICATE_PLACEHOLDERS, DEFAULT_CERTIFICATE, DEFAULT_INVITATION, INVITATION_PLACEHOLDERS,
    Placeholder, Template, parse_template,
};
use itp_domain::validation::FieldErrors;
use itp_persistence::cohort::StoredCohort;
use itp_persistence::participants::letters::{self, StoredTemplates};
use itp_persistence::participants::{self, StoredParticipant};
use itp_persistence::programme::StoredProgramme;
use maud::{Markup, html};

use super::access::{cohort_of, phase_of};
use super::service;
use super::views::trail;
use crate::app::{AppState, Routes};
use crate::error::{AppError, Result};
use crate::forms::{FormFields, OrForm};
use crate::ops::Context;
use crate::security::access;
use crate::security::guard::Access;
use crate::security::session::{Session, SignedIn};
use crate::views::components::{Field, Input, breadcrumbs, csrf_field, error_summary};
use crate::views::print::{letterhead, print_button};
use crate::views::{PageContext, page};

pub fn routes(r: Routes) -> Routes {
    let manage = Access::Can(Action::ManageParticipants);
    r.get(
        "/participants/{participant_id}/certificate",
        manage,
        certificate,
    )
    .post("/participants/{participant_id}/certificate", manage, issue)
    .get("/cohorts/{cohort_id}/certificates", manage, certificates)
    .get(
        "/participants/{participant_id}/phases/{phase_id}/invitation",
        manage,
        invitation,
    )
    .get(
        "/programmes/{programme_id}/letters",
        Access::Can(Action::ManageProgramme),
        templates_form,
    )
    .post(
        "/programmes/{programme_id}/letters",
        Access::Can(Action::ManageProgramme),
        save_templates,
    )
}

async fn templates_of(state: &AppState, programme_id: i32) -> Result<(Template, Template)> {
    Ok(
        match letters::templates(&state.db.conn, programme_id).await? {
            Some(t) => (
                Template::trusted(&t.certificate),
                Template::trusted(&t.invitation),
            ),
            None => (
                Template::trusted(DEFAULT_CERTIFICATE),
                Template::trusted(DEFAULT_INVITATION),
            ),
        },
    )
}

async fn programme_of(state: &AppState, cohort: &StoredCohort) -> Result<StoredProgramme> {
    itp_persistence::programme::find(&state.db.conn, cohort.programme_id)
        .await?
        .ok_or(AppError::NotFound)
}

fn country_name(code: &str) -> String {
    itp_domain::country::by_code(code)
        .map(|c| c.name_en.to_owned())
        .unwrap_or_else(|| code.to_owned())
}

fn letter(
    ctx: &PageContext,
    title: &str,
    trail: &[(String, String)],
    what: &str,
    body: &str,
) -> Markup {
    page(
        ctx,
        title,
        html! {
            div.no-print { (breadcrumbs(trail, title)) }
            (print_button(what))
            (letterhead())
            article.letter {
                h1 { (title) }
                @for para in body.split("\n\n") {
                    p { @for (i, line) in para.lines().enumerate() { @if i > 0 { br; } (line) } }
                }
            }
        },
    )
}

/// The certificate's words for a participant, from the programme's template (the default
/// when it has none), listing the phases attended.
pub async fn certificate_body<C: itp_persistence::ConnectionTrait>(
    conn: &C,
    p: &StoredParticipant,
    cohort: &StoredCohort,
    programme: &str,
    today: chrono::NaiveDate,
) -> itp_persistence::Result<String> {
    let template = match letters::templates(conn, cohort.programme_id).await? {
        Some(t) => Template::trusted(&t.certificate),
        None => Template::trusted(DEFAULT_CERTIFICATE),
    };
    let phases = itp_persistence::phase::of_cohort(conn, cohort.id).await?;
    let records = participants::phases_of(conn, &[p.id]).await?;
    let attended: Vec<String> = phases
        .iter()
        .filter(|ph| {
            records
                .iter()
                .any(|r| r.phase_id == ph.id && r.attendance == Attendance::Attended)
        })
        .map(|ph| {
            format!(
                "{}, {}, {}",
                ph.phase.title,
                format::date_span(ph.phase.dates.start, ph.phase.dates.end, Lang::En),
                ph.phase.place()
            )
        })
        .collect();
    Ok(template.render(&[
        ("name", p.full_name.clone()),
        ("organisation", p.organisation.clone()),
        ("country", country_name(&p.country)),
        ("programme", programme.to_owned()),
        ("cohort", cohort.settings.name.clone()),
        ("phases", attended.join("\n")),
        ("today", format::date(today, Lang::En)),
    ]))
}

async fn issue(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    Path(id): Path<i32>,
) -> Result<Redirect> {
    let p =
        access::load::<StoredParticipant>(&state, &user, id, Action::ManageParticipants).await?;
    let cohort = cohort_of(&state, &p).await?;
    let programme = programme_of(&state, &cohort).await?;
    let today = state.clock.now().date_naive();
    let body = certificate_body(
        &state.db.conn,
        &p,
        &cohort,
        &programme.programme.name,
        today,
    )
    .await?;
    service::issue_certificate(&Context::person(&state, &user), &p, &body).await?;
    session
        .flash(format!("The certificate of {} is issued.", p.full_name))
        .await?;
    Ok(Redirect::to(&format!("/participants/{}/certificate", p.id)))
}

async fn certificate(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path(id): Path<i32>,
) -> Result<Markup> {
    let p =
        access::load::<StoredParticipant>(&state, &user, id, Action::ManageParticipants).await?;
    let c = letters::certificate_of(&state.db.conn, p.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let cohort = cohort_of(&state, &p).await?;
    let programme = programme_of(&state, &cohort).await?;
    let mut t = trail(&cohort, &programme.programme.name);
    t.push((format!("/participants/{}", p.id), p.full_name.clone()));
    Ok(letter(&ctx, "Certificate", &t, "the certificate", &c.body))
}

async fn certificates(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path(cohort_id): Path<i32>,
) -> Result<Markup> {
    let cohort =
        access::load::<StoredCohort>(&state, &user, cohort_id, Action::ManageParticipants).await?;
    let programme = programme_of(&state, &cohort).await?;
    let conn = &state.db.conn;
    let issued = letters::certificates_of_cohort(conn, cohort.id).await?;
    let people = participants::of_cohort(conn, cohort.id).await?;
    let title = format!("Certificates of {}", cohort.settings.name);
    Ok(page(
        &ctx,
        &title,
        html! {
            (breadcrumbs(&trail(&cohort, &programme.programme.name), "Certificates"))
            h1 { (title) }
            p { (issued.len()) " of " (people.len()) " participants have a certificate." }
            @if issued.is_empty() {
                p { "No certificates issued yet. A participant who attended every compulsory phase gets one from their page." }
            } @else {
                table {
                    caption.visually-hidden { "Certificates issued" }
                    thead { tr { th scope="col" { "Participant" } th scope="col" { "Team" } th scope="col" { "Issued" } } }
                    tbody {
                        @for c in &issued {
                            @if let Some(p) = people.iter().find(|p| p.id == c.participant_id) {
                                tr {
                                    td { a href={ "/participants/" (p.id) "/certificate" } { bdi { (p.full_name) } } }
                                    td { bdi { (p.organisation) } }
                                    td { (format::utc(c.issued_at, Lang::En)) }
                                }
                            }
                        }
                    }
                }
            }
        },
    ))
}

async fn invitation(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path((id, phase_id)): Path<(i32, i32)>,
) -> Result<Markup> {
    let p =
        access::load::<StoredParticipant>(&state, &user, id, Action::ManageParticipants).await?;
    let phase = phase_of(&state, p.cohort_id, phase_id).await?;
    let cohort = cohort_of(&state, &p).await?;
    let programme = programme_of(&state, &cohort).await?;
    let (_, template) = templates_of(&state, cohort.programme_id).await?;
    let today = state.clock.now().date_naive();
    let body = template.render(&[
        ("name", p.full_name.clone()),
        ("organisation", p.organisation.clone()),
        ("country", country_name(&p.country)),
        ("programme", programme.programme.name.clone()),
        ("cohort", cohort.settings.name.clone()),
        ("phase", phase.phase.title.clone()),
        (
            "dates",
            format::date_span(phase.phase.dates.start, phase.phase.dates.end, Lang::En),
        ),
        ("place", phase.phase.place()),
        ("today", format::date(today, Lang::En)),
    ]);
    let mut t = trail(&cohort, &programme.programme.name);
    t.push((format!("/participants/{}", p.id), p.full_name.clone()));
    Ok(letter(&ctx, "Invitation letter", &t, "the letter", &body))
}

fn placeholder_list(list: &[Placeholder]) -> Markup {
    html! {
        ul.hint { @for p in list { li { code { "{" (p.name) "}" } ": " (p.meaning) } } }
    }
}

fn templates_page(
    ctx: &PageContext,
    programme: &StoredProgramme,
    certificate: &str,
    invitation: &str,
    errors: &FieldErrors,
) -> Markup {
    let trail = vec![
        ("/programmes".to_owned(), "Programmes".to_owned()),
        (
            format!("/programmes/{}", programme.id),
            programme.programme.name.clone(),
        ),
    ];
    page(
        ctx,
        "Letter templates",
        html! {
            (breadcrumbs(&trail, "Letter templates"))
            h1 { "Letter templates of " (programme.programme.name) }
            (error_summary(errors))
            form method="post" action={ "/programmes/" (programme.id) "/letters" } novalidate {
                (csrf_field(ctx.csrf()))
                (Field::new("certificate", "Certificate of completion", certificate).input(Input::TextArea { rows: 10 }).required().render(errors))
                p { "Placeholders of the certificate:" }
                (placeholder_list(CERTIFICATE_PLACEHOLDERS))
                (Field::new("invitation", "Invitation letter for a visa application", invitation).input(Input::TextArea { rows: 10 }).required().render(errors))
                p { "Placeholders of the invitation letter:" }
                (placeholder_list(INVITATION_PLACEHOLDERS))
                div.actions { button type="submit" { "Save the templates" } }
            }
        },
    )
}

async fn templates_form(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path(id): Path<i32>,
) -> Result<Markup> {
    let programme =
        access::load::<StoredProgramme>(&state, &user, id, Action::ManageProgramme).await?;
    let (c, i) = templates_of(&state, programme.id).await?;
    Ok(templates_page(
        &ctx,
        &programme,
        c.as_str(),
        i.as_str(),
        &FieldErrors::new(),
    ))
}

async fn save_templates(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    ctx: PageContext,
    Path(id): Path<i32>,
    fields: FormFields,
) -> Result<Redirect> {
    let programme =
        access::load::<StoredProgramme>(&state, &user, id, Action::ManageProgramme).await?;
    let (c, i) = (fields.text("certificate"), fields.text("invitation"));
    let checked = {
        let cert = parse_template("certificate", "certificate", &c, CERTIFICATE_PLACEHOLDERS);
        let inv = parse_template(
            "invitation",
            "invitation letter",
            &i,
            INVITATION_PLACEHOLDERS,
        );
        match (cert, inv) {
            (Ok(a), Ok(b)) => Ok((a, b)),
            (a, b) => {
                let mut e = FieldErrors::new();
                for x in [a.err(), b.err()].into_iter().flatten() {
                    for f in x.iter() {
                        e.add(&f.field, f.message.clone());
                    }
                }
                Err(e)
            }
        }
    };
    let (cert, inv) = checked.or_form(|e| templates_page(&ctx, &programme, &c, &i, e))?;
    let before: Option<StoredTemplates> = letters::templates(&state.db.conn, programme.id).await?;
    service::save_templates(
        &Context::person(&state, &user),
        programme.id,
        before.as_ref(),
        cert.as_str(),
        inv.as_str(),
    )
    .await?;
    session.flash("The letter templates are saved.").await?;
    Ok(Redirect::to(&format!(
        "/programmes/{}/letters",
        programme.id
    )))
}
