//! The participant list and page, and the forms on the page.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use itp_domain::Code;
use itp_domain::authz::Action;
use itp_domain::participants::itinerary::{HotelStayInput, InsuranceInput, LegInput, VisaInput};
use itp_domain::participants::warnings::{PhaseTravel, warnings};
use itp_domain::participants::{Attendance, NeedsInput};
use itp_domain::validation::FieldErrors;
use itp_persistence::cohort::StoredCohort;
use itp_persistence::participants::letters::{self, StoredCertificate};
use itp_persistence::participants::travel::{self, StoredLeg, StoredStay};
use itp_persistence::participants::{self, ParticipantPhase, StoredParticipant};
use itp_persistence::phase::StoredPhase;
use maud::{Markup, html};

use super::access::cohort_of;
use super::service::{self, Recomputed};
use super::views::{self, Again, ListRow, ParticipantPage, PhaseView, Typed};
use crate::app::{AppState, Routes};
use crate::error::{AppError, Result};
use crate::forms::{FormFields, OrForm};
use crate::ops::{Context, OpError};
use crate::security::access;
use crate::security::guard::Access;
use crate::security::session::{CurrentUser, Session, SignedIn};
use crate::views::components::{breadcrumbs, csrf_field, error_summary};
use crate::views::confirm::{self, Confirmation};
use crate::views::{PageContext, page};

pub fn routes(r: Routes) -> Routes {
    let manage = Access::Can(Action::ManageParticipants);
    let needs = Access::Can(Action::ViewParticipantNeeds);
    r.get("/cohorts/{cohort_id}/participants", manage, list)
        .post(
            "/cohorts/{cohort_id}/participants/from-confirmed",
            manage,
            from_confirmed,
        )
        .get("/participants/{participant_id}", manage, show)
        .post(
            "/participants/{participant_id}/attendance",
            manage,
            attendance,
        )
        .post("/participants/{participant_id}/legs", manage, add_leg)
        .post(
            "/participants/{participant_id}/legs/{leg_id}/delete",
            manage,
            delete_leg,
        )
        .post("/participants/{participant_id}/stays", manage, add_stay)
        .post(
            "/participants/{participant_id}/stays/{stay_id}/delete",
            manage,
            delete_stay,
        )
        .post("/participants/{participant_id}/visa", manage, visa)
        .post(
            "/participants/{participant_id}/insurance",
            manage,
            insurance,
        )
        .get("/participants/{participant_id}/needs", needs, needs_page)
        .post("/participants/{participant_id}/needs", needs, save_needs)
        .post(
            "/participants/{participant_id}/phases/{phase_id}/per-diem",
            Access::Can(Action::PreparePerDiemStatements),
            per_diem,
        )
}

async fn programme_name(state: &AppState, cohort: &StoredCohort) -> Result<String> {
    Ok(
        itp_persistence::programme::find(&state.db.conn, cohort.programme_id)
            .await?
            .map(|p| p.programme.name)
            .unwrap_or_default(),
    )
}

async fn list(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path(cohort_id): Path<i32>,
) -> Result<Markup> {
    let cohort =
        access::load::<StoredCohort>(&state, &user, cohort_id, Action::ManageParticipants).await?;
    let conn = &state.db.conn;
    let people = participants::of_cohort(conn, cohort.id).await?;
    let phases = itp_persistence::phase::of_cohort(conn, cohort.id).await?;
    let ids: Vec<i32> = people.iter().map(|p| p.id).collect();
    let records = participants::phases_of(conn, &ids).await?;
    let record_ids: Vec<i32> = records.iter().map(|r| r.id).collect();
    let legs = travel::legs_of(conn, &record_ids).await?;
    let stays = travel::stays_of(conn, &record_ids).await?;
    let certificates = letters::certificates_of_cohort(conn, cohort.id).await?;
    let today = state.clock.now().date_naive();
    let rows: Vec<ListRow<'_>> = people
        .iter()
        .map(|p| ListRow {
            participant: p,
            completion: service::completion_of(&phases, &records, p.id),
            warnings: phases
                .iter()
                .filter_map(|ph| {
                    records
                        .iter()
                        .find(|r| r.participant_id == p.id && r.phase_id == ph.id)
                        .map(|r| (ph, r))
                })
                .map(|(ph, r)| phase_warnings(ph, r, &legs, &stays, today).len())
                .sum(),
            certificate: certificates.iter().any(|c| c.participant_id == p.id),
        })
        .collect();
    let teams = participants::confirmed_applications(conn, cohort.id)
        .await?
        .len();
    let programme = programme_name(&state, &cohort).await?;
    let next = next_travelled(&phases, today);
    Ok(views::list(
        &ctx, &cohort, &programme, &phases, &rows, teams, next,
    ))
}

/// Whether a phase is one people travel to (workshops, the Sweden phase, the closing): only
/// those need tickets and hotels.
pub fn travelled(ph: &StoredPhase) -> bool {
    use itp_domain::phase::PhaseKind;
    matches!(
        ph.phase.kind,
        PhaseKind::RegionalWorkshop | PhaseKind::SwedenPhase | PhaseKind::Closing
    )
}

/// The phase people travel to next (the one being prepared), or the last one once all are over.
pub fn next_travelled(phases: &[StoredPhase], today: chrono::NaiveDate) -> Option<&StoredPhase> {
    let mut travelled_phases = phases.iter().filter(|p| travelled(p));
    travelled_phases
        .clone()
        .find(|p| p.phase.dates.end >= today)
        .or_else(|| travelled_phases.next_back())
}

pub fn phase_warnings(
    ph: &StoredPhase,
    r: &ParticipantPhase,
    legs: &[StoredLeg],
    stays: &[StoredStay],
    today: chrono::NaiveDate,
) -> Vec<itp_domain::participants::warnings::Warning> {
    if !travelled(ph) || matches!(r.attendance, Attendance::Absent | Attendance::Excused) {
        return Vec::new();
    }
    let legs: Vec<_> = legs
        .iter()
        .filter(|l| l.participant_phase_id == r.id)
        .map(|l| l.leg.clone())
        .collect();
    let stays: Vec<_> = stays
        .iter()
        .filter(|s| s.participant_phase_id == r.id)
        .map(|s| s.stay.clone())
        .collect();
    warnings(
        &PhaseTravel {
            phase: ph.phase.dates,
            legs: &legs,
            stays: &stays,
            visa: r.visa.status,
        },
        today,
    )
}

async fn from_confirmed(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    Path(cohort_id): Path<i32>,
) -> Result<Redirect> {
    let cohort =
        access::load::<StoredCohort>(&state, &user, cohort_id, Action::ManageParticipants).await?;
    let added = service::create_from_confirmed(&Context::person(&state, &user), &cohort).await?;
    session
        .flash(if added == 0 {
            "Every member of a confirmed team is a participant already; nobody was added."
                .to_owned()
        } else {
            format!("{added} participants were added from the confirmed teams.")
        })
        .await?;
    Ok(Redirect::to(&format!("/cohorts/{cohort_id}/participants")))
}

/// Everything the participant's page shows.
struct Loaded {
    cohort: StoredCohort,
    programme: String,
    phases: Vec<StoredPhase>,
    records: Vec<ParticipantPhase>,
    legs: Vec<StoredLeg>,
    stays: Vec<StoredStay>,
    certificate: Option<StoredCertificate>,
    statements: Vec<(i32, i32, &'static str)>,
}

async fn load(state: &AppState, p: &StoredParticipant) -> Result<Loaded> {
    let conn = &state.db.conn;
    let cohort = cohort_of(state, p).await?;
    let phases = itp_persistence::phase::of_cohort(conn, cohort.id).await?;
    let records = participants::phases_of(conn, &[p.id]).await?;
    let ids: Vec<i32> = records.iter().map(|r| r.id).collect();
    let mut statements = Vec::new();
    for ph in &phases {
        if let Some((id, s)) = travel::statement_of(conn, p.id, ph.id).await? {
            statements.push((ph.id, id, s.label()));
        }
    }
    Ok(Loaded {
        programme: programme_name(state, &cohort).await?,
        cohort,
        phases,
        records,
        legs: travel::legs_of(conn, &ids).await?,
        stays: travel::stays_of(conn, &ids).await?,
        certificate: letters::certificate_of(conn, p.id).await?,
        statements,
    })
}

fn render(
    ctx: &PageContext,
    state: &AppState,
    user: &CurrentUser,
    p: &StoredParticipant,
    l: &Loaded,
    again: Option<&Again<'_>>,
) -> Markup {
    let today = state.clock.now().date_naive();
    let phases = l
        .phases
        .iter()
        .map(|ph| {
            let record = l.records.iter().find(|r| r.phase_id == ph.id);
            PhaseView {
                phase: ph,
                record,
                legs: record
                    .map(|r| {
                        l.legs
                            .iter()
                            .filter(|x| x.participant_phase_id == r.id)
                            .collect()
                    })
                    .unwrap_or_default(),
                stays: record
                    .map(|r| {
                        l.stays
                            .iter()
                            .filter(|x| x.participant_phase_id == r.id)
                            .collect()
                    })
                    .unwrap_or_default(),
                warnings: record
                    .map(|r| phase_warnings(ph, r, &l.legs, &l.stays, today))
                    .unwrap_or_default(),
                statement: l
                    .statements
                    .iter()
                    .find(|(phase, _, _)| *phase == ph.id)
                    .map(|(_, id, s)| (*id, *s)),
            }
        })
        .collect();
    views::participant(
        ctx,
        &ParticipantPage {
            participant: p,
            cohort: &l.cohort,
            programme: &l.programme,
            completion: service::completion_of(&l.phases, &l.records, p.id),
            phases,
            certificate: l.certificate.as_ref(),
            may_see_needs: access::may(user, Action::ViewParticipantNeeds, p),
        },
        again,
    )
}

async fn show(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path(id): Path<i32>,
) -> Result<Markup> {
    let p =
        access::load::<StoredParticipant>(&state, &user, id, Action::ManageParticipants).await?;
    let l = load(&state, &p).await?;
    Ok(render(&ctx, &state, &user, &p, &l, None))
}

/// The participant and the phase a form names (a phase of their cohort, else 404).
async fn form_target(
    state: &AppState,
    user: &CurrentUser,
    id: i32,
    fields: &FormFields,
) -> Result<(StoredParticipant, StoredPhase)> {
    let p = access::load::<StoredParticipant>(state, user, id, Action::ManageParticipants).await?;
    let phase_id: i32 = fields
        .text("phase_id")
        .trim()
        .parse()
        .map_err(|_| AppError::BadRequest("Choose the phase.".into()))?;
    let phase = super::access::phase_of(state, p.cohort_id, phase_id).await?;
    Ok((p, phase))
}

fn back(p: &StoredParticipant, phase: &StoredPhase) -> Redirect {
    Redirect::to(&format!("/participants/{}#phase-{}", p.id, phase.id))
}

fn recomputed_note(r: &Recomputed) -> String {
    match r {
        Recomputed::None => String::new(),
        Recomputed::Draft(before, after) => format!(
            " The draft per-diem statement was recomputed: {} before, {} now.",
            views::money(before),
            views::money(after)
        ),
        Recomputed::Locked(s) => format!(
            " The per-diem statement is {} and stays as it is.",
            s.label().to_lowercase()
        ),
        Recomputed::NotATrip(why) => {
            format!(" The draft per-diem statement keeps its figures: {why}.")
        }
    }
}

async fn attendance(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    Path(id): Path<i32>,
    fields: FormFields,
) -> Result<Redirect> {
    let (p, phase) = form_target(&state, &user, id, &fields).await?;
    let attendance = Attendance::parse(&fields.text("attendance")).ok_or_else(|| {
        AppError::BadRequest("Choose planned, attended, absent or excused.".into())
    })?;
    service::set_attendance(&Context::person(&state, &user), &p, &phase, attendance).await?;
    session
        .flash(format!(
            "{}: {} in {}.",
            p.full_name,
            attendance.label().to_lowercase(),
            phase.phase.title
        ))
        .await?;
    Ok(back(&p, &phase))
}

/// A booking the budget refused (no exchange rate for its day, a stopped line) as the problem
/// of its cost field, for [`reshow`]; any other error as it is.
fn refused_cost(e: OpError) -> std::result::Result<FieldErrors, AppError> {
    match e {
        OpError::Conflict(why) => Ok(FieldErrors::single("cost", why)),
        other => Err(other.into()),
    }
}

/// The participant's page again with the typed form of one phase and its problems (422).
async fn reshow(
    state: &AppState,
    user: &CurrentUser,
    ctx: &PageContext,
    p: &StoredParticipant,
    phase_id: i32,
    typed: Typed,
    errors: &FieldErrors,
) -> AppError {
    match load(state, p).await {
        Ok(l) => AppError::Reshow(render(
            ctx,
            state,
            user,
            p,
            &l,
            Some(&Again {
                phase_id,
                typed: &typed,
                errors,
            }),
        )),
        Err(e) => e,
    }
}

fn leg_input(f: &FormFields) -> LegInput {
    LegInput {
        from_place: f.text("from_place"),
        from_country: f.text("from_country"),
        departs: f.text("departs"),
        departs_zone: f.text("departs_zone"),
        to_place: f.text("to_place"),
        to_country: f.text("to_country"),
        arrives: f.text("arrives"),
        arrives_zone: f.text("arrives_zone"),
        carrier: f.text("carrier"),
        booking_reference: f.text("booking_reference"),
        cost: f.text("cost"),
        currency: f.text("currency"),
    }
}

async fn add_leg(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    ctx: PageContext,
    Path(id): Path<i32>,
    fields: FormFields,
) -> Result<Redirect> {
    let (p, phase) = form_target(&state, &user, id, &fields).await?;
    let input = leg_input(&fields);
    let leg = match input.validate() {
        Ok(leg) => leg,
        Err(e) => {
            return Err(reshow(&state, &user, &ctx, &p, phase.id, Typed::Leg(input), &e).await);
        }
    };
    let r = match service::add_leg(&Context::person(&state, &user), &p, &phase, &leg).await {
        Ok(r) => r,
        Err(e) => {
            let e = refused_cost(e)?;
            return Err(reshow(&state, &user, &ctx, &p, phase.id, Typed::Leg(input), &e).await);
        }
    };
    session
        .flash(format!(
            "The leg {} was added.{}",
            leg.route(),
            recomputed_note(&r)
        ))
        .await?;
    Ok(back(&p, &phase))
}

async fn delete_leg(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    ctx: PageContext,
    Path((id, leg_id)): Path<(i32, i32)>,
    fields: FormFields,
) -> Result<Response> {
    let p =
        access::load::<StoredParticipant>(&state, &user, id, Action::ManageParticipants).await?;
    let action = format!("/participants/{}/legs/{leg_id}/delete", p.id);
    let back_to = format!("/participants/{}", p.id);
    if let Some(page) = confirm::needed(&ctx, &fields, || Confirmation {
        title: "Remove this leg?",
        consequences: vec![
            "The leg leaves the itinerary; its booking stays with the carrier.".to_owned(),
            "A draft per-diem statement of the phase is recomputed.".to_owned(),
        ],
        irreversible: None,
        action,
        button: "Yes, remove the leg",
        back: back_to,
        danger: true,
    }) {
        return Ok(page.into_response());
    }
    let phases = itp_persistence::phase::of_cohort(&state.db.conn, p.cohort_id).await?;
    let r = service::delete_leg(&Context::person(&state, &user), &p, &phases, leg_id).await?;
    session
        .flash(format!("The leg was removed.{}", recomputed_note(&r)))
        .await?;
    Ok(Redirect::to(&format!("/participants/{}", p.id)).into_response())
}

async fn add_stay(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    ctx: PageContext,
    Path(id): Path<i32>,
    fields: FormFields,
) -> Result<Redirect> {
    let (p, phase) = form_target(&state, &user, id, &fields).await?;
    let input = HotelStayInput {
        hotel: fields.text("hotel"),
        check_in: fields.text("check_in"),
        check_out: fields.text("check_out"),
        cost: fields.text("cost"),
        currency: fields.text("currency"),
    };
    let stay = match input.validate() {
        Ok(s) => s,
        Err(e) => {
            return Err(reshow(&state, &user, &ctx, &p, phase.id, Typed::Stay(input), &e).await);
        }
    };
    if let Err(e) = service::add_stay(&Context::person(&state, &user), &p, &phase, &stay).await {
        let e = refused_cost(e)?;
        return Err(reshow(&state, &user, &ctx, &p, phase.id, Typed::Stay(input), &e).await);
    }
    session
        .flash(format!(
            "The stay at {} was added ({}).",
            stay.hotel,
            match stay.nights() {
                1 => "1 night".to_owned(),
                n => format!("{n} nights"),
            }
        ))
        .await?;
    Ok(back(&p, &phase))
}

async fn delete_stay(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    ctx: PageContext,
    Path((id, stay_id)): Path<(i32, i32)>,
    fields: FormFields,
) -> Result<Response> {
    let p =
        access::load::<StoredParticipant>(&state, &user, id, Action::ManageParticipants).await?;
    if let Some(page) = confirm::needed(&ctx, &fields, || Confirmation {
        title: "Remove this hotel stay?",
        consequences: vec![
            "The nights of this stay show as without a hotel in the rooming list.".to_owned(),
        ],
        irreversible: None,
        action: format!("/participants/{}/stays/{stay_id}/delete", p.id),
        button: "Yes, remove the stay",
        back: format!("/participants/{}", p.id),
        danger: true,
    }) {
        return Ok(page.into_response());
    }
    let s = service::delete_stay(&Context::person(&state, &user), &p, stay_id).await?;
    session
        .flash(format!("The stay at {} was removed.", s.stay.hotel))
        .await?;
    Ok(Redirect::to(&format!("/participants/{}", p.id)).into_response())
}

async fn visa(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    ctx: PageContext,
    Path(id): Path<i32>,
    fields: FormFields,
) -> Result<Redirect> {
    let (p, phase) = form_target(&state, &user, id, &fields).await?;
    let input = VisaInput {
        status: fields.text("visa_status"),
        applied_on: fields.text("applied_on"),
        decided_on: fields.text("decided_on"),
        embassy: fields.text("embassy"),
    };
    let visa = match input.validate() {
        Ok(v) => v,
        Err(e) => {
            return Err(reshow(&state, &user, &ctx, &p, phase.id, Typed::Visa(input), &e).await);
        }
    };
    service::set_visa(&Context::person(&state, &user), &p, &phase, &visa).await?;
    session
        .flash(format!(
            "The visa for {} is saved: {}.",
            phase.phase.title,
            visa.status.label().to_lowercase()
        ))
        .await?;
    Ok(back(&p, &phase))
}

async fn insurance(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    ctx: PageContext,
    Path(id): Path<i32>,
    fields: FormFields,
) -> Result<Redirect> {
    let (p, phase) = form_target(&state, &user, id, &fields).await?;
    let input = InsuranceInput {
        insurer: fields.text("insurer"),
        policy_number: fields.text("policy_number"),
        cost: fields.text("cost"),
        currency: fields.text("currency"),
    };
    let insurance = match input.validate() {
        Ok(v) => v,
        Err(e) => {
            return Err(reshow(
                &state,
                &user,
                &ctx,
                &p,
                phase.id,
                Typed::Insurance(input),
                &e,
            )
            .await);
        }
    };
    if let Err(e) =
        service::set_insurance(&Context::person(&state, &user), &p, &phase, &insurance).await
    {
        let e = refused_cost(e)?;
        let typed = Typed::Insurance(input);
        return Err(reshow(&state, &user, &ctx, &p, phase.id, typed, &e).await);
    }
    session
        .flash(format!("The insurance for {} is saved.", phase.phase.title))
        .await?;
    Ok(back(&p, &phase))
}

fn needs_form(
    ctx: &PageContext,
    p: &StoredParticipant,
    input: &NeedsInput,
    errors: &FieldErrors,
) -> Markup {
    use crate::views::components::{Field, Input};
    let trail = vec![
        (
            format!("/cohorts/{}/participants", p.cohort_id),
            "Participants".to_owned(),
        ),
        (format!("/participants/{}", p.id), p.full_name.clone()),
    ];
    page(
        ctx,
        "Dietary and accessibility needs",
        html! {
            (breadcrumbs(&trail, "Needs"))
            h1 { "Dietary and accessibility needs of " bdi { (p.full_name) } }
            div.warning role="note" {
                "Special-category data (health, religion): only the cohort's managers see it, and every view is logged. Share it with a hotel or venue only as far as they need it."
            }
            (error_summary(errors))
            form method="post" action={ "/participants/" (p.id) "/needs" } novalidate {
                (csrf_field(ctx.csrf()))
                (Field::new("dietary", "Dietary needs", &input.dietary).input(Input::TextArea { rows: 3 }).render(errors))
                (Field::new("accessibility", "Accessibility needs", &input.accessibility).input(Input::TextArea { rows: 3 }).render(errors))
                div.actions { button type="submit" { "Save the needs" } }
            }
        },
    )
}

async fn needs_page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path(id): Path<i32>,
) -> Result<Markup> {
    let p =
        access::load::<StoredParticipant>(&state, &user, id, Action::ViewParticipantNeeds).await?;
    let needs =
        service::view_needs(&Context::person(&state, &user), &p, "participant page").await?;
    Ok(needs_form(
        &ctx,
        &p,
        &NeedsInput {
            dietary: needs.dietary,
            accessibility: needs.accessibility,
        },
        &FieldErrors::new(),
    ))
}

async fn save_needs(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    ctx: PageContext,
    Path(id): Path<i32>,
    fields: FormFields,
) -> Result<Redirect> {
    let p =
        access::load::<StoredParticipant>(&state, &user, id, Action::ViewParticipantNeeds).await?;
    let input = NeedsInput {
        dietary: fields.text("dietary"),
        accessibility: fields.text("accessibility"),
    };
    let needs = input
        .validate()
        .or_form(|e| needs_form(&ctx, &p, &input, e))?;
    service::set_needs(&Context::person(&state, &user), &p, &needs).await?;
    session.flash("The needs are saved.").await?;
    Ok(Redirect::to(&format!("/participants/{}", p.id)))
}

async fn per_diem(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    Path((id, phase_id)): Path<(i32, i32)>,
) -> Result<Redirect> {
    let p =
        access::load::<StoredParticipant>(&state, &user, id, Action::ManageParticipants).await?;
    let phase = super::access::phase_of(&state, p.cohort_id, phase_id).await?;
    match service::compute_statement(&Context::person(&state, &user), &p, &phase).await {
        Ok((statement, total)) => {
            session
                .flash(format!(
                    "A draft per-diem statement of {} was computed from the itinerary.",
                    views::money(&total)
                ))
                .await?;
            Ok(Redirect::to(&format!("/per-diem/statements/{statement}")))
        }
        Err(crate::ops::OpError::Invalid(e)) => {
            let why = e
                .iter()
                .map(|e| e.message.clone())
                .collect::<Vec<_>>()
                .join(" ");
            session.flash(why).await?;
            Ok(back(&p, &phase))
        }
        Err(e) => Err(e.into()),
    }
}
