//! The rooming list and the travel list of a phase, as pages and as CSV: who arrives when on
//! which flight, where each sleeps which night, who still needs a visa, and what is missing. The
//! columns of each file are declared once (`export::Export`).

use axum::extract::{Path, State};
use axum::response::{Redirect, Response};
use chrono::NaiveDate;
use itp_domain::Code;
use itp_domain::authz::Action;
use itp_domain::format::{self, Lang};
use itp_domain::participants::warnings::{Warning, in_order, nights};
use itp_domain::participants::{Attendance, Needs, VisaStatus};
use itp_domain::per_diem::{Meal, MealSet};
use itp_persistence::cohort::StoredCohort;
use itp_persistence::participants::travel;
use itp_persistence::participants::{self, StoredParticipant};
use itp_persistence::phase::StoredPhase;
use maud::{Markup, html};
use rust_decimal::Decimal;

use super::access::phase_of;
use super::routes::phase_warnings;
use super::service;
use super::views::{trail, warning_list};
use crate::app::{AppState, Routes};
use crate::error::Result;
use crate::export::{Column, Export, csv_download};
use crate::forms::FormFields;
use crate::ops::Context;
use crate::security::access;
use crate::security::guard::Access;
use crate::security::session::{Session, SignedIn};
use crate::views::components::{badge, breadcrumbs, checkbox, csrf_field};
use crate::views::{PageContext, page};

pub fn routes(r: Routes) -> Routes {
    let manage = Access::Can(Action::ManageParticipants);
    r.get(
        "/cohorts/{cohort_id}/phases/{phase_id}/rooming",
        manage,
        rooming_page,
    )
    .get(
        "/cohorts/{cohort_id}/phases/{phase_id}/rooming.csv",
        manage,
        rooming_csv,
    )
    .get(
        "/cohorts/{cohort_id}/phases/{phase_id}/travel",
        manage,
        travel_page,
    )
    .get(
        "/cohorts/{cohort_id}/phases/{phase_id}/travel.csv",
        manage,
        travel_csv,
    )
    .post(
        "/cohorts/{cohort_id}/phases/{phase_id}/meals",
        manage,
        save_meals,
    )
}

/// One participant's line of a phase's lists.
#[derive(Debug, Clone)]
pub struct Line {
    pub participant: StoredParticipant,
    pub attendance: Attendance,
    pub visa: VisaStatus,
    pub legs: Vec<itp_domain::participants::itinerary::Leg>,
    pub stays: Vec<itp_domain::participants::itinerary::HotelStay>,
    pub warnings: Vec<Warning>,
}

/// Everyone of the cohort with their travel for the phase, by name.
pub async fn lines(state: &AppState, phase: &StoredPhase) -> Result<Vec<Line>> {
    let conn = &state.db.conn;
    let people = participants::of_cohort(conn, phase.cohort_id).await?;
    let records = participants::of_phase(conn, phase.id).await?;
    let ids: Vec<i32> = records.iter().map(|r| r.id).collect();
    let legs = travel::legs_of(conn, &ids).await?;
    let stays = travel::stays_of(conn, &ids).await?;
    let today = state.clock.now().date_naive();
    let mut out: Vec<Line> = people
        .into_iter()
        .filter_map(|p| {
            let r = records.iter().find(|r| r.participant_id == p.id)?;
            Some(Line {
                warnings: phase_warnings(phase, r, &legs, &stays, today),
                attendance: r.attendance,
                visa: r.visa.status,
                legs: in_order(
                    &legs
                        .iter()
                        .filter(|l| l.participant_phase_id == r.id)
                        .map(|l| l.leg.clone())
                        .collect::<Vec<_>>(),
                )
                .into_iter()
                .cloned()
                .collect(),
                stays: stays
                    .iter()
                    .filter(|s| s.participant_phase_id == r.id)
                    .map(|s| s.stay.clone())
                    .collect(),
                participant: p,
            })
        })
        .collect();
    out.sort_by(|a, b| a.participant.full_name.cmp(&b.participant.full_name));
    Ok(out)
}

async fn target(
    state: &AppState,
    user: &crate::security::session::CurrentUser,
    cohort_id: i32,
    phase_id: i32,
) -> Result<(StoredCohort, StoredPhase, String)> {
    let cohort =
        access::load::<StoredCohort>(state, user, cohort_id, Action::ManageParticipants).await?;
    let phase = phase_of(state, cohort.id, phase_id).await?;
    let programme = itp_persistence::programme::find(&state.db.conn, cohort.programme_id)
        .await?
        .map(|p| p.programme.name)
        .unwrap_or_default();
    Ok((cohort, phase, programme))
}

fn short(d: NaiveDate) -> String {
    format::date_short(d, Lang::En)
}

fn needs_text(n: Option<&Needs>) -> String {
    match n {
        None => String::new(),
        Some(n) => [n.dietary.as_str(), n.accessibility.as_str()]
            .iter()
            .filter(|t| !t.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join("; "),
    }
}

fn heading(
    ctx: &PageContext,
    cohort: &StoredCohort,
    phase: &StoredPhase,
    programme: &str,
    what: &str,
) -> Markup {
    let mut t = trail(cohort, programme);
    t.push((
        format!("/cohorts/{}/participants", cohort.id),
        "Participants".to_owned(),
    ));
    let _ = ctx;
    html! {
        (breadcrumbs(&t, what))
        h1 { (what) ": " (phase.phase.title) }
        p { (format::date_span(phase.phase.dates.start, phase.phase.dates.end, Lang::En)) " · " (phase.phase.place()) }
    }
}

async fn rooming_page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path((cohort_id, phase_id)): Path<(i32, i32)>,
) -> Result<Markup> {
    let (cohort, phase, programme) = target(&state, &user, cohort_id, phase_id).await?;
    let lines = lines(&state, &phase).await?;
    // Hotels need the dietary and accessibility needs: reading them is logged.
    let needs =
        service::view_cohort_needs(&Context::person(&state, &user), cohort.id, "rooming list")
            .await?;
    let nights: Vec<NaiveDate> = nights(phase.phase.dates).collect();
    let base = format!("/cohorts/{}/phases/{}", cohort.id, phase.id);
    Ok(page(
        &ctx,
        &format!("Rooming list: {}", phase.phase.title),
        html! {
            (heading(&ctx, &cohort, &phase, &programme, "Rooming list"))
            p { a href={ (base) "/rooming.csv" } { "Download the rooming list (CSV)" } " · " a href={ (base) "/travel" } { "Travel list" } }
            p.hint { "Dietary and accessibility needs are special-category data: share them with the hotel only as far as it needs them. This view is logged." }
            @if lines.is_empty() {
                p { "No participants in this phase yet." }
            } @else {
                div.table-scroll {
                    table {
                        caption.visually-hidden { "Where each participant sleeps each night" }
                        thead { tr {
                            th scope="col" { "Participant" }
                            @for n in &nights { th scope="col" { (short(*n)) } }
                            th scope="col" { "Needs" }
                        } }
                        tbody {
                            @for l in &lines {
                                tr {
                                    th scope="row" { a href={ "/participants/" (l.participant.id) } { bdi { (l.participant.full_name) } } }
                                    @for n in &nights {
                                        @let hotel = l.stays.iter().find(|s| s.covers(*n));
                                        td {
                                            @match hotel {
                                                Some(s) => { (s.hotel) }
                                                None if matches!(l.attendance, Attendance::Absent | Attendance::Excused) => { "—" }
                                                None => { (badge("no hotel", "warning")) }
                                            }
                                        }
                                    }
                                    td { (needs_text(needs.iter().find(|(id, _)| *id == l.participant.id).map(|(_, n)| n))) }
                                }
                            }
                        }
                    }
                }
            }
        },
    ))
}

async fn travel_page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path((cohort_id, phase_id)): Path<(i32, i32)>,
) -> Result<Markup> {
    let (cohort, phase, programme) = target(&state, &user, cohort_id, phase_id).await?;
    let lines = lines(&state, &phase).await?;
    let meals = travel::meals_of(&state.db.conn, phase.id).await?;
    let base = format!("/cohorts/{}/phases/{}", cohort.id, phase.id);
    let with_warnings = lines.iter().filter(|l| !l.warnings.is_empty()).count();
    Ok(page(
        &ctx,
        &format!("Travel list: {}", phase.phase.title),
        html! {
            (heading(&ctx, &cohort, &phase, &programme, "Travel list"))
            p { a href={ (base) "/travel.csv" } { "Download the travel list (CSV)" } " · " a href={ (base) "/rooming" } { "Rooming list" } }
            p { (lines.len()) " participants; " (with_warnings) " with something missing." }
            @if lines.is_empty() {
                p { "No participants in this phase yet." }
            } @else {
                table {
                    caption.visually-hidden { "Who arrives when on which flight" }
                    thead { tr {
                        th scope="col" { "Participant" }
                        th scope="col" { "Arrives" }
                        th scope="col" { "Leaves" }
                        th scope="col" { "Visa" }
                        th scope="col" { "Missing" }
                    } }
                    tbody {
                        @for l in &lines {
                            tr {
                                th scope="row" { a href={ "/participants/" (l.participant.id) } { bdi { (l.participant.full_name) } } }
                                td { @if let Some(leg) = l.legs.first() {
                                    (format::date_time(leg.arrives, Lang::En)) " " (leg.to_place) br; span.hint { (leg.carrier) " " (leg.booking_reference) }
                                } }
                                td { @if let Some(leg) = l.legs.last().filter(|_| l.legs.len() > 1) {
                                    (format::date_time(leg.departs, Lang::En)) " " (leg.from_place) br; span.hint { (leg.carrier) " " (leg.booking_reference) }
                                } }
                                td { (l.visa.label()) }
                                td { (warning_list(&l.warnings)) }
                            }
                        }
                    }
                }
            }
            h2 { "Meals the programme provides" }
            p { "On each day of the phase; per-diem statements computed from an itinerary take these meals off." }
            form method="post" action={ (base) "/meals" } {
                (csrf_field(ctx.csrf()))
                fieldset {
                    legend { "Provided every day of the phase" }
                    @for m in Meal::ALL {
                        (checkbox(m.code(), m.label(), meals.contains(*m)))
                    }
                }
                button.secondary type="submit" { "Save the meals" }
            }
        },
    ))
}

async fn save_meals(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    Path((cohort_id, phase_id)): Path<(i32, i32)>,
    fields: FormFields,
) -> Result<Redirect> {
    let (cohort, phase, _) = target(&state, &user, cohort_id, phase_id).await?;
    let meals: MealSet = Meal::ALL
        .iter()
        .copied()
        .filter(|m| fields.checked(m.code()))
        .collect();
    service::set_meals(&Context::person(&state, &user), &phase, meals).await?;
    session
        .flash("The meals the programme provides are saved.")
        .await?;
    Ok(Redirect::to(&format!(
        "/cohorts/{}/phases/{}/travel",
        cohort.id, phase.id
    )))
}

/// One row of the rooming list file: a participant's night.
#[derive(Debug, Clone)]
pub struct RoomingRow {
    pub participant_id: i32,
    pub name: String,
    pub gender: String,
    pub night: NaiveDate,
    pub hotel: String,
    pub needs: String,
}

pub static ROOMING: Export<RoomingRow> = Export {
    name: "rooming_list",
    title: "Rooming list of a phase",
    description: "One row per participant and night inside the phase: the hotel they sleep in \
                  (empty when none is booked), with their dietary and accessibility needs for \
                  the hotel (special-category data: the download is logged).",
    columns: &[
        Column::integer(
            "participant_id",
            "The participant's number in ITP Admin.",
            |r| Some(r.participant_id.into()),
        ),
        Column::str("name", "The participant's full name.", |r| r.name.as_str()),
        Column::str(
            "gender",
            "The participant's gender as the application gave it.",
            |r| r.gender.as_str(),
        ),
        Column::date("night", "The date the night begins.", |r| Some(r.night)),
        Column::str(
            "hotel",
            "The hotel of that night; empty when none is booked.",
            |r| r.hotel.as_str(),
        ),
        Column::str(
            "needs",
            "Dietary and accessibility needs, for the hotel.",
            |r| r.needs.as_str(),
        ),
    ],
};

/// One row of the travel list file: a leg.
#[derive(Debug, Clone)]
pub struct TravelRow {
    pub participant_id: i32,
    pub name: String,
    pub from: String,
    pub departs: String,
    pub departs_zone: String,
    pub to: String,
    pub arrives: String,
    pub arrives_zone: String,
    pub carrier: String,
    pub booking_reference: String,
    pub cost: Option<Decimal>,
    pub currency: String,
    pub visa: String,
    pub missing: String,
}

pub static TRAVEL: Export<TravelRow> = Export {
    name: "travel_list",
    title: "Travel list of a phase",
    description: "One row per itinerary leg of each participant in the phase (a participant \
                  without legs has one row without them), with the visa and what is missing.",
    columns: &[
        Column::integer(
            "participant_id",
            "The participant's number in ITP Admin.",
            |r| Some(r.participant_id.into()),
        ),
        Column::str("name", "The participant's full name.", |r| r.name.as_str()),
        Column::str(
            "from",
            "Where the leg departs (with the country code).",
            |r| r.from.as_str(),
        ),
        Column::str(
            "departs",
            "Local time of departure, 2027-05-03T07:40.",
            |r| r.departs.as_str(),
        ),
        Column::str(
            "departs_zone",
            "The time zone of the departure (IANA name).",
            |r| r.departs_zone.as_str(),
        ),
        Column::str(
            "to",
            "Where the leg arrives (with the country code).",
            |r| r.to.as_str(),
        ),
        Column::str("arrives", "Local time of arrival.", |r| r.arrives.as_str()),
        Column::str(
            "arrives_zone",
            "The time zone of the arrival (IANA name).",
            |r| r.arrives_zone.as_str(),
        ),
        Column::str("carrier", "The airline, railway or bus company.", |r| {
            r.carrier.as_str()
        }),
        Column::str("booking_reference", "The booking reference.", |r| {
            r.booking_reference.as_str()
        }),
        Column::decimal("cost", "The leg's cost in its currency (exact).", |r| {
            r.cost
        }),
        Column::str("currency", "The currency of the cost (ISO 4217).", |r| {
            r.currency.as_str()
        }),
        Column::str("visa", "Where the visa for the phase stands.", |r| {
            r.visa.as_str()
        }),
        Column::str(
            "missing",
            "What is missing: the warnings of the travel list.",
            |r| r.missing.as_str(),
        ),
    ],
};

async fn rooming_csv(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path((cohort_id, phase_id)): Path<(i32, i32)>,
) -> Result<Response> {
    let (cohort, phase, _) = target(&state, &user, cohort_id, phase_id).await?;
    let lines = lines(&state, &phase).await?;
    let needs = service::view_cohort_needs(
        &Context::person(&state, &user),
        cohort.id,
        "rooming list download",
    )
    .await?;
    let nights: Vec<NaiveDate> = nights(phase.phase.dates).collect();
    let mut rows = Vec::new();
    for l in &lines {
        let n = needs_text(
            needs
                .iter()
                .find(|(id, _)| *id == l.participant.id)
                .map(|(_, n)| n),
        );
        for night in &nights {
            rows.push(RoomingRow {
                participant_id: l.participant.id,
                name: l.participant.full_name.clone(),
                gender: l.participant.gender.clone(),
                night: *night,
                hotel: l
                    .stays
                    .iter()
                    .find(|s| s.covers(*night))
                    .map(|s| s.hotel.clone())
                    .unwrap_or_default(),
                needs: n.clone(),
            });
        }
    }
    let name = format!("rooming-list-phase-{}.csv", phase.id);
    csv_download(&ROOMING, &name, move |sender| async move {
        for row in rows {
            sender.send(row).await?;
        }
        Ok(())
    })
    .await
}

async fn travel_csv(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path((cohort_id, phase_id)): Path<(i32, i32)>,
) -> Result<Response> {
    let (_, phase, _) = target(&state, &user, cohort_id, phase_id).await?;
    let lines = lines(&state, &phase).await?;
    let mut rows = Vec::new();
    for l in &lines {
        let missing = l
            .warnings
            .iter()
            .map(|w| w.message())
            .collect::<Vec<_>>()
            .join(" ");
        let base = TravelRow {
            participant_id: l.participant.id,
            name: l.participant.full_name.clone(),
            from: String::new(),
            departs: String::new(),
            departs_zone: String::new(),
            to: String::new(),
            arrives: String::new(),
            arrives_zone: String::new(),
            carrier: String::new(),
            booking_reference: String::new(),
            cost: None,
            currency: String::new(),
            visa: l.visa.label().to_owned(),
            missing,
        };
        if l.legs.is_empty() {
            rows.push(base);
            continue;
        }
        for leg in &l.legs {
            rows.push(TravelRow {
                from: format!("{} ({})", leg.from_place, leg.from_country.as_str()),
                departs: itp_domain::participants::itinerary::write_local(leg.departs),
                departs_zone: leg.departs_zone.name().to_owned(),
                to: format!("{} ({})", leg.to_place, leg.to_country.as_str()),
                arrives: itp_domain::participants::itinerary::write_local(leg.arrives),
                arrives_zone: leg.arrives_zone.name().to_owned(),
                carrier: leg.carrier.clone(),
                booking_reference: leg.booking_reference.clone(),
                cost: leg.cost.map(|c| c.amount()),
                currency: leg
                    .cost
                    .map(|c| c.currency().code().to_owned())
                    .unwrap_or_default(),
                ..base.clone()
            });
        }
    }
    let name = format!("travel-list-phase-{}.csv", phase.id);
    csv_download(&TRAVEL, &name, move |sender| async move {
        for row in rows {
            sender.send(row).await?;
        }
        Ok(())
    })
    .await
}
