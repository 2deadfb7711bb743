//! The participant list of a cohort and one participant's page: each phase with attendance,
//! itinerary legs, hotel stays, visa and insurance, the warnings, and what can be printed.

use chrono::NaiveDate;
use itp_domain::Code;
use itp_domain::format::{self, Lang};
use itp_domain::money::Money;
use itp_domain::participants::itinerary::{HotelStayInput, InsuranceInput, LegInput, VisaInput};
use itp_domain::participants::warnings::Warning;
use itp_domain::participants::{Attendance, Completion, VisaStatus};
use itp_domain::validation::FieldErrors;
use itp_domain::wording;
use itp_persistence::cohort::StoredCohort;
use itp_persistence::participants::letters::StoredCertificate;
use itp_persistence::participants::travel::{StoredLeg, StoredStay};
use itp_persistence::participants::{ParticipantPhase, StoredParticipant};
use itp_persistence::phase::StoredPhase;
use maud::{Markup, html};

use crate::views::components::{
    Input, badge, breadcrumbs, cohort_trail, csrf_field, error_summary,
};
use crate::views::{PageContext, page};

pub fn money(m: &Money) -> String {
    format::money(m, Lang::En)
}

pub fn completion_badge(c: Completion) -> Markup {
    let kind = match c {
        Completion::Completed => "ok",
        Completion::InProgress => "neutral",
        Completion::NotCompleted => "warning",
    };
    badge(c.label(), kind)
}

pub fn trail(cohort: &StoredCohort, programme: &str) -> Vec<(String, String)> {
    cohort_trail(
        cohort.programme_id,
        programme,
        Some((cohort.id, &cohort.settings.name)),
    )
}

/// One row of the participant list.
pub struct ListRow<'a> {
    pub participant: &'a StoredParticipant,
    pub completion: Completion,
    pub warnings: usize,
    pub certificate: bool,
}

pub fn list(
    ctx: &PageContext,
    cohort: &StoredCohort,
    programme: &str,
    phases: &[StoredPhase],
    rows: &[ListRow<'_>],
    confirmed_teams: usize,
    next: Option<&StoredPhase>,
) -> Markup {
    let title = format!("Participants of {}", cohort.settings.name);
    page(
        ctx,
        &title,
        html! {
            (breadcrumbs(&trail(cohort, programme), "Participants"))
            h1 { (title) }
            p { (wording::count(rows.len() as i64, "participant")) " from " (wording::count(confirmed_teams as i64, "confirmed team")) " and imported teams." }
            @if let Some(ph) = next {
                p {
                    "Next phase people travel to: " (ph.phase.title) " (" (format::date_span(ph.phase.dates.start, ph.phase.dates.end, Lang::En)) "): "
                    a #next-rooming href={ "/cohorts/" (cohort.id) "/phases/" (ph.id) "/rooming" } { "its rooming list" }
                    ", "
                    a href={ "/cohorts/" (cohort.id) "/phases/" (ph.id) "/travel" } { "its travel list" }
                }
            }
            form method="post" action={ "/cohorts/" (cohort.id) "/participants/from-confirmed" } {
                (csrf_field(ctx.csrf()))
                p.hint { "Teams confirm their places through their link, and their members become participants then. For teams that confirmed before, create them here; nobody is added twice." }
                button.secondary type="submit" { "Create participants from confirmed teams" }
            }
            @if !phases.is_empty() {
                h2 { "Lists per phase" }
                ul {
                    @for ph in phases {
                        li {
                            (ph.phase.title) " (" (format::date_span(ph.phase.dates.start, ph.phase.dates.end, Lang::En)) "): "
                            a href={ "/cohorts/" (cohort.id) "/phases/" (ph.id) "/rooming" } { "rooming list" }
                            ", "
                            a href={ "/cohorts/" (cohort.id) "/phases/" (ph.id) "/travel" } { "travel list" }
                        }
                    }
                }
            }
            p {
                a href={ "/cohorts/" (cohort.id) "/certificates" } { "Certificates of this cohort" }
                " · "
                a href={ "/programmes/" (cohort.programme_id) "/letters" } { "Letter templates of the programme" }
            }
            @if rows.is_empty() {
                p { "No participants yet." }
            } @else {
                table {
                    caption.visually-hidden { "Participants" }
                    thead { tr {
                        th scope="col" { "Name" }
                        th scope="col" { "Team" }
                        th scope="col" { "Country" }
                        th scope="col" { "Completion" }
                        th scope="col" { "Warnings" }
                        th scope="col" { "Certificate" }
                    } }
                    tbody {
                        @for r in rows {
                            tr {
                                td { a href={ "/participants/" (r.participant.id) } { bdi { (r.participant.full_name) } } }
                                td { bdi { (r.participant.organisation) } " · " (r.participant.reference) }
                                td { (r.participant.country) }
                                td { (completion_badge(r.completion)) }
                                td { @if r.warnings > 0 { (badge(&format!("{} warnings", r.warnings), "warning")) } @else { "None" } }
                                td { @if r.certificate { "Issued" } @else { "—" } }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// A form typed on the participant page that is shown again with its problems.
pub enum Typed {
    Leg(LegInput),
    Stay(HotelStayInput),
    Visa(VisaInput),
    Insurance(InsuranceInput),
}

/// A form of one phase shown again.
pub struct Again<'a> {
    pub phase_id: i32,
    pub typed: &'a Typed,
    pub errors: &'a FieldErrors,
}

/// One phase of the participant's page.
pub struct PhaseView<'a> {
    pub phase: &'a StoredPhase,
    pub record: Option<&'a ParticipantPhase>,
    pub legs: Vec<&'a StoredLeg>,
    pub stays: Vec<&'a StoredStay>,
    pub warnings: Vec<Warning>,
    /// The statement computed from the itinerary: id and state label.
    pub statement: Option<(i32, &'static str)>,
}

pub struct ParticipantPage<'a> {
    pub participant: &'a StoredParticipant,
    pub cohort: &'a StoredCohort,
    pub programme: &'a str,
    pub completion: Completion,
    pub phases: Vec<PhaseView<'a>>,
    pub certificate: Option<&'a StoredCertificate>,
    pub may_see_needs: bool,
}

fn when(at: chrono::NaiveDateTime, zone: &chrono_tz::Tz) -> Markup {
    html! { (format::date_time(at, Lang::En)) " " span.hint { (zone.name()) } }
}

fn phase_heading_id(ph: &StoredPhase) -> String {
    format!("phase-{}", ph.id)
}

fn field_id(phase_id: i32, name: &str) -> String {
    format!("p{phase_id}-{name}")
}

/// The part of a field's id that names its phase and form: `p12-stay`.
fn form_scope(phase_id: i32, form: &str) -> String {
    format!("p{phase_id}-{form}")
}

fn attendance_form(ctx: &PageContext, p: &StoredParticipant, v: &PhaseView<'_>) -> Markup {
    let current = v
        .record
        .map(|r| r.attendance)
        .unwrap_or(Attendance::Planned);
    let id = field_id(v.phase.id, "attendance");
    html! {
        form.inline method="post" action={ "/participants/" (p.id) "/attendance" } {
            (csrf_field(ctx.csrf()))
            input type="hidden" name="phase_id" value=(v.phase.id);
            label for=(id) { "Attendance" }
            select id=(id) name="attendance" {
                @for a in Attendance::ALL {
                    option value=(a.code()) selected[*a == current] { (a.label()) }
                }
            }
            button.secondary type="submit" { "Save attendance" }
        }
    }
}

fn again_for<'a>(again: Option<&'a Again<'a>>, phase_id: i32) -> Option<&'a Again<'a>> {
    again.filter(|a| a.phase_id == phase_id)
}

/// A field whose id is unique on the page: each phase has the same forms, and several forms of
/// a phase have a field of the same name (the cost of a leg, of a stay, of an insurance).
/// `scope` is the form's [`form_scope`].
fn phase_field(
    scope: &str,
    name: &str,
    label: &str,
    value: &str,
    input: Input<'_>,
    required: bool,
    errors: &FieldErrors,
) -> Markup {
    let id = format!("{scope}-{name}");
    let error = errors.for_field(name);
    let input_type = match input {
        Input::Date => "date",
        Input::DateTime => "datetime-local",
        _ => "text",
    };
    html! {
        div.field.has-error[error.is_some()] {
            label for=(id) { (label) @if !required { span.optional { " (optional)" } } }
            @if let Some(m) = error {
                p.error-message id={ (id) "-error" } { span.visually-hidden { "Error: " } (m) }
            }
            @match input {
                Input::Select(options) => {
                    select id=(id) name=(name) aria-invalid=[error.map(|_| "true")] required[required] {
                        @for (v, l) in options {
                            option value=(v) selected[*v == value] { (l) }
                        }
                    }
                }
                _ => {
                    input id=(id) name=(name) type=(input_type) value=(value)
                        aria-describedby=[error.map(|_| format!("{id}-error"))]
                        aria-invalid=[error.map(|_| "true")] required[required];
                }
            }
        }
    }
}

fn leg_form(
    ctx: &PageContext,
    p: &StoredParticipant,
    phase_id: i32,
    again: Option<&Again<'_>>,
) -> Markup {
    let empty = LegInput::default();
    let none = FieldErrors::new();
    let (input, errors) = match again {
        Some(Again {
            typed: Typed::Leg(i),
            errors,
            ..
        }) => (i, *errors),
        _ => (&empty, &none),
    };
    let scope = form_scope(phase_id, "leg");
    let f = |name, label, value: &str, input, required| {
        phase_field(&scope, name, label, value, input, required, errors)
    };
    html! {
        details open[again.is_some_and(|a| matches!(a.typed, Typed::Leg(_)))] {
            summary { "Add a leg" }
            (error_summary(errors))
            form method="post" action={ "/participants/" (p.id) "/legs" } novalidate {
                (csrf_field(ctx.csrf()))
                input type="hidden" name="phase_id" value=(phase_id);
                div.field-row {
                    (f("from_place", "From", &input.from_place, Input::Text, true))
                    (f("from_country", "Country (ISO code, UG)", &input.from_country, Input::Text, true))
                }
                div.field-row {
                    (f("departs", "Departs (local time)", &input.departs, Input::DateTime, true))
                    (f("departs_zone", "Time zone of departure (Africa/Kampala)", &input.departs_zone, Input::Text, true))
                }
                div.field-row {
                    (f("to_place", "To", &input.to_place, Input::Text, true))
                    (f("to_country", "Country (ISO code, SE)", &input.to_country, Input::Text, true))
                }
                div.field-row {
                    (f("arrives", "Arrives (local time)", &input.arrives, Input::DateTime, true))
                    (f("arrives_zone", "Time zone of arrival (Europe/Stockholm)", &input.arrives_zone, Input::Text, true))
                }
                div.field-row {
                    (f("carrier", "Carrier", &input.carrier, Input::Text, false))
                    (f("booking_reference", "Booking reference", &input.booking_reference, Input::Text, false))
                }
                div.field-row {
                    (f("cost", "Cost", &input.cost, Input::Text, false))
                    (f("currency", "Currency (SEK, USD, UGX…)", &input.currency, Input::Text, false))
                }
                div.actions { button type="submit" { "Add the leg" } }
            }
        }
    }
}

fn stay_form(
    ctx: &PageContext,
    p: &StoredParticipant,
    phase_id: i32,
    again: Option<&Again<'_>>,
) -> Markup {
    let empty = HotelStayInput::default();
    let none = FieldErrors::new();
    let (input, errors) = match again {
        Some(Again {
            typed: Typed::Stay(i),
            errors,
            ..
        }) => (i, *errors),
        _ => (&empty, &none),
    };
    let scope = form_scope(phase_id, "stay");
    let f = |name, label, value: &str, input, required| {
        phase_field(&scope, name, label, value, input, required, errors)
    };
    html! {
        details open[again.is_some_and(|a| matches!(a.typed, Typed::Stay(_)))] {
            summary { "Add a hotel stay" }
            (error_summary(errors))
            form method="post" action={ "/participants/" (p.id) "/stays" } novalidate {
                (csrf_field(ctx.csrf()))
                input type="hidden" name="phase_id" value=(phase_id);
                (f("hotel", "Hotel", &input.hotel, Input::Text, true))
                div.field-row {
                    (f("check_in", "Check-in (first night)", &input.check_in, Input::Date, true))
                    (f("check_out", "Check-out (the morning of leaving)", &input.check_out, Input::Date, true))
                }
                div.field-row {
                    (f("cost", "Cost", &input.cost, Input::Text, false))
                    (f("currency", "Currency", &input.currency, Input::Text, false))
                }
                div.actions { button type="submit" { "Add the stay" } }
            }
        }
    }
}

fn visa_form(
    ctx: &PageContext,
    p: &StoredParticipant,
    v: &PhaseView<'_>,
    again: Option<&Again<'_>>,
) -> Markup {
    let stored = v
        .record
        .map(|r| VisaInput::from_visa(&r.visa))
        .unwrap_or_default();
    let none = FieldErrors::new();
    let (input, errors) = match again {
        Some(Again {
            typed: Typed::Visa(i),
            errors,
            ..
        }) => (i, *errors),
        _ => (&stored, &none),
    };
    let choices: Vec<(&str, &str)> = VisaStatus::ALL
        .iter()
        .map(|s| (s.code(), s.label()))
        .collect();
    let ph = v.phase.id;
    html! {
        (error_summary(errors))
        form method="post" action={ "/participants/" (p.id) "/visa" } novalidate {
            (csrf_field(ctx.csrf()))
            input type="hidden" name="phase_id" value=(ph);
            div.field-row {
                (phase_field(&form_scope(ph, "visa"), "visa_status", "Visa", &input.status, Input::Select(&choices), true, errors))
                (phase_field(&form_scope(ph, "visa"), "applied_on", "Applied on", &input.applied_on, Input::Date, false, errors))
                (phase_field(&form_scope(ph, "visa"), "decided_on", "Decided on", &input.decided_on, Input::Date, false, errors))
            }
            (phase_field(&form_scope(ph, "visa"), "embassy", "Embassy", &input.embassy, Input::Text, false, errors))
            div.actions { button.secondary type="submit" { "Save the visa" } }
        }
    }
}

fn insurance_form(
    ctx: &PageContext,
    p: &StoredParticipant,
    v: &PhaseView<'_>,
    again: Option<&Again<'_>>,
) -> Markup {
    let stored = v
        .record
        .map(|r| InsuranceInput::from_insurance(&r.insurance))
        .unwrap_or_default();
    let none = FieldErrors::new();
    let (input, errors) = match again {
        Some(Again {
            typed: Typed::Insurance(i),
            errors,
            ..
        }) => (i, *errors),
        _ => (&stored, &none),
    };
    let ph = v.phase.id;
    html! {
        (error_summary(errors))
        form method="post" action={ "/participants/" (p.id) "/insurance" } novalidate {
            (csrf_field(ctx.csrf()))
            input type="hidden" name="phase_id" value=(ph);
            div.field-row {
                (phase_field(&form_scope(ph, "insurance"), "insurer", "Insurer", &input.insurer, Input::Text, false, errors))
                (phase_field(&form_scope(ph, "insurance"), "policy_number", "Policy number", &input.policy_number, Input::Text, false, errors))
            }
            div.field-row {
                (phase_field(&form_scope(ph, "insurance"), "cost", "Cost", &input.cost, Input::Text, false, errors))
                (phase_field(&form_scope(ph, "insurance"), "currency", "Currency", &input.currency, Input::Text, false, errors))
            }
            div.actions { button.secondary type="submit" { "Save the insurance" } }
        }
    }
}

pub fn warning_list(warnings: &[Warning]) -> Markup {
    html! {
        @if !warnings.is_empty() {
            div.warning role="note" {
                strong { "Missing: " }
                ul { @for w in warnings { li { (w.message()) } } }
            }
        }
    }
}

fn date(d: NaiveDate) -> String {
    format::date(d, Lang::En)
}

pub fn participant(
    ctx: &PageContext,
    v: &ParticipantPage<'_>,
    again: Option<&Again<'_>>,
) -> Markup {
    let p = v.participant;
    let mut trail = trail(v.cohort, v.programme);
    trail.push((
        format!("/cohorts/{}/participants", v.cohort.id),
        "Participants".to_owned(),
    ));
    page(
        ctx,
        &p.full_name,
        html! {
            (breadcrumbs(&trail, &p.full_name))
            h1 { bdi { (p.full_name) } }
            dl.summary {
                dt { "Team" } dd { bdi { (p.organisation) } " · " (p.reference) " · " (p.country) }
                dt { "Role" } dd { (p.role) }
                dt { "Completion" } dd { (completion_badge(v.completion)) }
                dt { "Certificate" } dd {
                    @if let Some(c) = v.certificate {
                        a href={ "/participants/" (p.id) "/certificate" } { "Issued " (format::utc(c.issued_at, Lang::En)) }
                    } @else if v.completion == Completion::Completed {
                        form.inline method="post" action={ "/participants/" (p.id) "/certificate" } {
                            (csrf_field(ctx.csrf()))
                            button type="submit" { "Issue the certificate" }
                        }
                    } @else {
                        "When every compulsory phase is attended."
                    }
                }
                @if v.may_see_needs {
                    dt { "Dietary and accessibility needs" }
                    dd { a href={ "/participants/" (p.id) "/needs" } { "Open the needs (special-category data: your view is logged)" } }
                }
            }
            @for pv in &v.phases {
                @let ph = pv.phase;
                @let a = again_for(again, ph.id);
                section aria-labelledby=(phase_heading_id(ph)) {
                    h2 id=(phase_heading_id(ph)) {
                        (ph.phase.title) " · " (format::date_span(ph.phase.dates.start, ph.phase.dates.end, Lang::En))
                        @if ph.phase.compulsory { " " (badge("compulsory", "info")) }
                    }
                    (attendance_form(ctx, p, pv))
                    (warning_list(&pv.warnings))
                    h3 { "Itinerary" }
                    @if pv.legs.is_empty() {
                        p { "No legs booked." }
                    } @else {
                        table {
                            caption.visually-hidden { "Itinerary of " (ph.phase.title) }
                            thead { tr {
                                th scope="col" { "From" } th scope="col" { "Departs" }
                                th scope="col" { "To" } th scope="col" { "Arrives" }
                                th scope="col" { "Carrier" } th scope="col" { "Booking" }
                                th scope="col" { "Cost" } th scope="col" { span.visually-hidden { "Remove" } }
                            } }
                            tbody {
                                @for l in &pv.legs {
                                    tr {
                                        td { (l.leg.from_place) " (" (l.leg.from_country.as_str()) ")" }
                                        td { (when(l.leg.departs, &l.leg.departs_zone)) }
                                        td { (l.leg.to_place) " (" (l.leg.to_country.as_str()) ")" }
                                        td { (when(l.leg.arrives, &l.leg.arrives_zone)) }
                                        td { (l.leg.carrier) }
                                        td { (l.leg.booking_reference) }
                                        td.num { @if let Some(c) = &l.leg.cost { (money(c)) } }
                                        td {
                                            form.inline method="post" action={ "/participants/" (p.id) "/legs/" (l.id) "/delete" } {
                                                (csrf_field(ctx.csrf()))
                                                button.link type="submit" { "Remove" span.visually-hidden { " the leg " (l.leg.route()) } }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    (leg_form(ctx, p, ph.id, a))
                    h3 { "Hotel" }
                    @if pv.stays.is_empty() {
                        p { "No hotel booked." }
                    } @else {
                        table {
                            caption.visually-hidden { "Hotel stays in " (ph.phase.title) }
                            thead { tr {
                                th scope="col" { "Hotel" } th scope="col" { "Check-in" } th scope="col" { "Check-out" }
                                th scope="col" { "Nights" } th scope="col" { "Cost" } th scope="col" { span.visually-hidden { "Remove" } }
                            } }
                            tbody {
                                @for s in &pv.stays {
                                    tr {
                                        td { (s.stay.hotel) }
                                        td { (date(s.stay.check_in)) }
                                        td { (date(s.stay.check_out)) }
                                        td.num { (s.stay.nights()) }
                                        td.num { @if let Some(c) = &s.stay.cost { (money(c)) } }
                                        td {
                                            form.inline method="post" action={ "/participants/" (p.id) "/stays/" (s.id) "/delete" } {
                                                (csrf_field(ctx.csrf()))
                                                button.link type="submit" { "Remove" span.visually-hidden { " the stay at " (s.stay.hotel) } }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    (stay_form(ctx, p, ph.id, a))
                    h3 { "Visa" }
                    (visa_form(ctx, p, pv, a))
                    p { a href={ "/participants/" (p.id) "/phases/" (ph.id) "/invitation" } { "Invitation letter for the visa application" } }
                    h3 { "Insurance" }
                    (insurance_form(ctx, p, pv, a))
                    h3 { "Per diem" }
                    @if let Some((id, state)) = pv.statement {
                        p { a href={ "/per-diem/statements/" (id) } { "Per-diem statement " (id) } " (" (state) "). Changing the itinerary recomputes a draft; an approved statement stays as approved." }
                    } @else {
                        form.inline method="post" action={ "/participants/" (p.id) "/phases/" (ph.id) "/per-diem" } {
                            (csrf_field(ctx.csrf()))
                            button.secondary type="submit" { "Compute the per-diem statement from the itinerary" }
                        }
                    }
                }
            }
        },
    )
}
