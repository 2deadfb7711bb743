//! What managers do with participants, each one unit of work with its audit entry: creating
//! participants from confirmed teams, attendance, bookings, needs (special-category data, every
//! view audited), certificates, letter templates, and the per-diem statement computed from an
//! itinerary (recomputed when the itinerary of a draft changes; an approved one stays).

use itp_domain::Code;
use itp_domain::Money;
use itp_domain::audit::ChangeSet;
use itp_domain::budget::CostSourceKind;
use itp_domain::participants::itinerary::{HotelStay, Insurance, Leg, Visa};
use itp_domain::participants::trip::trip_from_itinerary;
use itp_domain::participants::{Attendance, Completion, Needs, completion};
use itp_domain::per_diem::{MealSet, PolicyRef, StatementState, Trip};
use itp_domain::validation::FieldErrors;
use itp_persistence::ConnectionTrait;
use itp_persistence::audit::Entry;
use itp_persistence::cohort::StoredCohort;
use itp_persistence::participants::letters::{self, StoredTemplates};
use itp_persistence::participants::travel::{self, StoredLeg, StoredStay};
use itp_persistence::participants::{self, ParticipantPhase, StoredParticipant};
use itp_persistence::per_diem::cohorts;
use itp_persistence::per_diem::statements::{self, StatementContent};
use itp_persistence::phase::StoredPhase;

use super::costs;
use crate::ops::{Context, OpError, OpResult, UnitOfWork};
use crate::per_diem::service::quote_with_stored_rates;

/// Makes the members of a confirmed application participants, in the confirming unit of work;
/// returns how many it added (none when they already are).
pub async fn create_in(uow: &mut UnitOfWork<'_>, application_id: i32) -> OpResult<usize> {
    let added = participants::create_for_application(uow.conn(), application_id, uow.now()).await?;
    if !added.is_empty() {
        uow.audit(Entry::new(
            "participants.create",
            "application",
            application_id,
            ChangeSet::new().set(
                "participants",
                added
                    .iter()
                    .map(|i| i.to_string())
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        ))
        .await?;
    }
    Ok(added.len())
}

/// The managers' action for confirmations made before participants existed: every confirmed
/// team's members become participants; running it again adds nobody.
pub async fn create_from_confirmed(ctx: &Context<'_>, cohort: &StoredCohort) -> OpResult<usize> {
    let mut uow = ctx.begin().await?;
    let mut added = 0;
    for app in participants::confirmed_applications(uow.conn(), cohort.id).await? {
        added += create_in(&mut uow, app).await?;
    }
    uow.commit().await?;
    Ok(added)
}

/// The participant's record of a phase of their cohort.
async fn phase_record<C: ConnectionTrait>(
    conn: &C,
    p: &StoredParticipant,
    phase: &StoredPhase,
    now: chrono::DateTime<chrono::Utc>,
) -> OpResult<ParticipantPhase> {
    if phase.cohort_id != p.cohort_id {
        return Err(OpError::NotFound);
    }
    Ok(participants::ensure_phase(conn, p.id, phase.id, now).await?)
}

fn entry<'a>(action: &'a str, p: &StoredParticipant, changes: ChangeSet) -> Entry<'a> {
    Entry::new(action, "participant", p.id, changes)
}

pub async fn set_attendance(
    ctx: &Context<'_>,
    p: &StoredParticipant,
    phase: &StoredPhase,
    attendance: Attendance,
) -> OpResult<()> {
    let mut uow = ctx.begin().await?;
    let record = phase_record(uow.conn(), p, phase, uow.now()).await?;
    participants::set_attendance(uow.conn(), record.id, attendance, uow.now()).await?;
    uow.audit(entry(
        "participant.attendance",
        p,
        ChangeSet::new().set("phase", &phase.phase.title).field(
            "attendance",
            record.attendance.code(),
            attendance.code(),
        ),
    ))
    .await?;
    uow.commit().await?;
    Ok(())
}

/// Where the per-diem statement of a participant's phase stands after its itinerary changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recomputed {
    /// No statement computed from this itinerary.
    None,
    /// The draft was recomputed: totals before and after.
    Draft(Money, Money),
    /// The statement is approved or paid: it stays as it is.
    Locked(StatementState),
    /// The itinerary no longer makes a trip (why): the draft keeps its figures.
    NotATrip(String),
}

async fn recompute_in(
    uow: &mut UnitOfWork<'_>,
    p: &StoredParticipant,
    phase: &StoredPhase,
) -> OpResult<Recomputed> {
    let Some((id, state)) = travel::statement_of(uow.conn(), p.id, phase.id).await? else {
        return Ok(Recomputed::None);
    };
    if state != StatementState::Draft {
        return Ok(Recomputed::Locked(state));
    }
    let stored = statements::find(uow.conn(), id)
        .await?
        .ok_or(OpError::NotFound)?;
    let trip = match build_trip(uow.conn(), p, phase, stored.trip.policy().clone()).await? {
        Ok(t) => t,
        Err(why) => return Ok(Recomputed::NotATrip(why)),
    };
    let statement = quote_with_stored_rates(uow.conn(), &trip)
        .await
        .map_err(|e| OpError::Conflict(format!("The per diem cannot be computed: {e}.")))?;
    let h = &stored.header;
    statements::replace_draft(
        uow.conn(),
        id,
        &StatementContent {
            traveller_name: &h.traveller_name,
            traveller_user_id: h.traveller_user_id,
            phase_label: h.phase_label.as_deref(),
            trip: &trip,
            statement: &statement,
        },
        uow.now(),
    )
    .await?;
    uow.audit(Entry::new(
        "per_diem_statement.recompute",
        "per_diem_statement",
        id,
        ChangeSet::new()
            .set("itinerary", format!("participant {} changed", p.id))
            .field("total", h.total.plain(), statement.total.plain()),
    ))
    .await?;
    Ok(Recomputed::Draft(h.total, statement.total))
}

pub async fn add_leg(
    ctx: &Context<'_>,
    p: &StoredParticipant,
    phase: &StoredPhase,
    leg: &Leg,
) -> OpResult<Recomputed> {
    let mut uow = ctx.begin().await?;
    let record = phase_record(uow.conn(), p, phase, uow.now()).await?;
    let id = travel::add_leg(uow.conn(), record.id, leg, uow.now()).await?;
    costs::leg(&mut uow, p, phase, id, leg).await?;
    uow.audit(entry(
        "participant.add_leg",
        p,
        ChangeSet::new()
            .set("phase", &phase.phase.title)
            .set("leg", id)
            .set("route", leg.route())
            .set("cost", leg.cost.map(|c| c.plain()).unwrap_or_default()),
    ))
    .await?;
    let r = recompute_in(&mut uow, p, phase).await?;
    uow.commit().await?;
    Ok(r)
}

async fn records_of<C: ConnectionTrait>(
    conn: &C,
    p: &StoredParticipant,
) -> OpResult<Vec<ParticipantPhase>> {
    Ok(participants::phases_of(conn, &[p.id]).await?)
}

pub async fn delete_leg(
    ctx: &Context<'_>,
    p: &StoredParticipant,
    phases: &[StoredPhase],
    leg_id: i32,
) -> OpResult<Recomputed> {
    let mut uow = ctx.begin().await?;
    let records = records_of(uow.conn(), p).await?;
    let ids: Vec<i32> = records.iter().map(|r| r.id).collect();
    let leg = travel::delete_leg(uow.conn(), &ids, leg_id)
        .await?
        .ok_or(OpError::NotFound)?;
    let phase = records
        .iter()
        .find(|r| r.id == leg.participant_phase_id)
        .and_then(|r| phases.iter().find(|ph| ph.id == r.phase_id))
        .ok_or(OpError::NotFound)?;
    costs::cancelled(&mut uow, CostSourceKind::ItineraryLeg, leg_id).await?;
    uow.audit(entry(
        "participant.delete_leg",
        p,
        ChangeSet::new()
            .set("phase", &phase.phase.title)
            .set("leg", leg_id)
            .set("route", leg.leg.route()),
    ))
    .await?;
    let r = recompute_in(&mut uow, p, phase).await?;
    uow.commit().await?;
    Ok(r)
}

pub async fn add_stay(
    ctx: &Context<'_>,
    p: &StoredParticipant,
    phase: &StoredPhase,
    stay: &HotelStay,
) -> OpResult<i32> {
    let mut uow = ctx.begin().await?;
    let record = phase_record(uow.conn(), p, phase, uow.now()).await?;
    let id = travel::add_stay(uow.conn(), record.id, stay, uow.now()).await?;
    costs::stay(&mut uow, p, phase, id, stay).await?;
    uow.audit(entry(
        "participant.add_stay",
        p,
        ChangeSet::new()
            .set("phase", &phase.phase.title)
            .set("stay", id)
            .set("hotel", &stay.hotel)
            .set("nights", format!("{}..{}", stay.check_in, stay.check_out))
            .set("cost", stay.cost.map(|c| c.plain()).unwrap_or_default()),
    ))
    .await?;
    uow.commit().await?;
    Ok(id)
}

pub async fn delete_stay(
    ctx: &Context<'_>,
    p: &StoredParticipant,
    stay_id: i32,
) -> OpResult<StoredStay> {
    let mut uow = ctx.begin().await?;
    let ids: Vec<i32> = records_of(uow.conn(), p)
        .await?
        .iter()
        .map(|r| r.id)
        .collect();
    let stay = travel::delete_stay(uow.conn(), &ids, stay_id)
        .await?
        .ok_or(OpError::NotFound)?;
    costs::cancelled(&mut uow, CostSourceKind::Accommodation, stay_id).await?;
    uow.audit(entry(
        "participant.delete_stay",
        p,
        ChangeSet::new()
            .set("stay", stay_id)
            .set("hotel", &stay.stay.hotel),
    ))
    .await?;
    uow.commit().await?;
    Ok(stay)
}

pub async fn set_visa(
    ctx: &Context<'_>,
    p: &StoredParticipant,
    phase: &StoredPhase,
    visa: &Visa,
) -> OpResult<()> {
    let mut uow = ctx.begin().await?;
    let record = phase_record(uow.conn(), p, phase, uow.now()).await?;
    participants::set_visa(uow.conn(), record.id, visa, uow.now()).await?;
    let opt = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    uow.audit(entry(
        "participant.visa",
        p,
        ChangeSet::new()
            .set("phase", &phase.phase.title)
            .field("status", record.visa.status.code(), visa.status.code())
            .field(
                "applied_on",
                opt(record.visa.applied_on),
                opt(visa.applied_on),
            )
            .field(
                "decided_on",
                opt(record.visa.decided_on),
                opt(visa.decided_on),
            )
            .field("embassy", &record.visa.embassy, &visa.embassy),
    ))
    .await?;
    uow.commit().await?;
    Ok(())
}

pub async fn set_insurance(
    ctx: &Context<'_>,
    p: &StoredParticipant,
    phase: &StoredPhase,
    insurance: &Insurance,
) -> OpResult<()> {
    let mut uow = ctx.begin().await?;
    let record = phase_record(uow.conn(), p, phase, uow.now()).await?;
    participants::set_insurance(uow.conn(), record.id, insurance, uow.now()).await?;
    costs::insurance(&mut uow, p, phase, record.id, insurance).await?;
    let cost = |i: &Insurance| i.cost.map(|c| c.plain()).unwrap_or_default();
    uow.audit(entry(
        "participant.insurance",
        p,
        ChangeSet::new()
            .set("phase", &phase.phase.title)
            .field("insurer", &record.insurance.insurer, &insurance.insurer)
            .field(
                "policy_number",
                &record.insurance.policy_number,
                &insurance.policy_number,
            )
            .field("cost", cost(&record.insurance), cost(insurance)),
    ))
    .await?;
    uow.commit().await?;
    Ok(())
}

/// Reads a participant's needs and records who read them (special-category data).
pub async fn view_needs(
    ctx: &Context<'_>,
    p: &StoredParticipant,
    purpose: &str,
) -> OpResult<Needs> {
    let mut uow = ctx.begin().await?;
    let needs = participants::needs(uow.conn(), p.id).await?;
    uow.audit(entry(
        "participant.view_needs",
        p,
        ChangeSet::new().set("purpose", purpose),
    ))
    .await?;
    uow.commit().await?;
    Ok(needs)
}

/// Reads every participant's needs of a cohort for a list, recording the view once per list.
pub async fn view_cohort_needs(
    ctx: &Context<'_>,
    cohort_id: i32,
    purpose: &str,
) -> OpResult<Vec<(i32, Needs)>> {
    let mut uow = ctx.begin().await?;
    let needs = participants::needs_of_cohort(uow.conn(), cohort_id).await?;
    uow.audit(Entry::new(
        "participant.view_needs",
        "cohort",
        cohort_id,
        ChangeSet::new().set("purpose", purpose).set(
            "participants",
            needs
                .iter()
                .filter(|(_, n)| !n.dietary.is_empty() || !n.accessibility.is_empty())
                .count(),
        ),
    ))
    .await?;
    uow.commit().await?;
    Ok(needs)
}

pub async fn set_needs(ctx: &Context<'_>, p: &StoredParticipant, needs: &Needs) -> OpResult<()> {
    let mut uow = ctx.begin().await?;
    participants::set_needs(uow.conn(), p.id, needs, uow.now()).await?;
    // The audit names what changed, not what it says: the log is read by more people.
    uow.audit(entry(
        "participant.set_needs",
        p,
        ChangeSet::new()
            .set(
                "dietary",
                if needs.dietary.is_empty() {
                    "none"
                } else {
                    "recorded"
                },
            )
            .set(
                "accessibility",
                if needs.accessibility.is_empty() {
                    "none"
                } else {
                    "recorded"
                },
            ),
    ))
    .await?;
    uow.commit().await?;
    Ok(())
}

/// The participant's completion from their attendance of the cohort's phases.
pub fn completion_of(
    phases: &[StoredPhase],
    records: &[ParticipantPhase],
    participant_id: i32,
) -> Completion {
    completion(phases.iter().map(|ph| {
        let attendance = records
            .iter()
            .find(|r| r.participant_id == participant_id && r.phase_id == ph.id)
            .map(|r| r.attendance)
            .unwrap_or(Attendance::Planned);
        (ph.phase.compulsory, attendance)
    }))
}

/// Issues the certificate of a participant who completed, with the words the programme's
/// template gives now.
pub async fn issue_certificate(
    ctx: &Context<'_>,
    p: &StoredParticipant,
    body: &str,
) -> OpResult<i32> {
    let mut uow = ctx.begin().await?;
    let id = issue_certificate_in(&mut uow, p, body).await?;
    uow.commit().await?;
    Ok(id)
}

/// [`issue_certificate`] in a unit of work already open (the demo's).
pub async fn issue_certificate_in(
    uow: &mut UnitOfWork<'_>,
    p: &StoredParticipant,
    body: &str,
) -> OpResult<i32> {
    let phases = itp_persistence::phase::of_cohort(uow.conn(), p.cohort_id).await?;
    let records = participants::phases_of(uow.conn(), &[p.id]).await?;
    let c = completion_of(&phases, &records, p.id);
    if c != Completion::Completed {
        return Err(OpError::Conflict(format!(
            "{} has not completed the programme ({}): a certificate needs every compulsory phase attended.",
            p.full_name,
            c.label().to_lowercase()
        )));
    }
    if letters::certificate_of(uow.conn(), p.id).await?.is_some() {
        return Err(OpError::Conflict(format!(
            "{} has a certificate already.",
            p.full_name
        )));
    }
    let id = letters::issue(uow.conn(), p.id, body, uow.actor().user_id, uow.now()).await?;
    uow.audit(entry(
        "participant.certificate",
        p,
        ChangeSet::new().set("certificate", id),
    ))
    .await?;
    Ok(id)
}

pub async fn save_templates(
    ctx: &Context<'_>,
    programme_id: i32,
    before: Option<&StoredTemplates>,
    certificate: &str,
    invitation: &str,
) -> OpResult<()> {
    let mut uow = ctx.begin().await?;
    letters::set_templates(uow.conn(), programme_id, certificate, invitation, uow.now()).await?;
    uow.audit(Entry::new(
        "programme.letters",
        "programme",
        programme_id,
        ChangeSet::new()
            .field(
                "certificate",
                before.map(|b| b.certificate.as_str()).unwrap_or(""),
                certificate,
            )
            .field(
                "invitation",
                before.map(|b| b.invitation.as_str()).unwrap_or(""),
                invitation,
            ),
    ))
    .await?;
    uow.commit().await?;
    Ok(())
}

pub async fn set_meals(ctx: &Context<'_>, phase: &StoredPhase, meals: MealSet) -> OpResult<()> {
    let mut uow = ctx.begin().await?;
    let before = travel::meals_of(uow.conn(), phase.id).await?;
    travel::set_meals(uow.conn(), phase.id, meals, uow.now()).await?;
    let text = |m: MealSet| m.iter().map(|m| m.code()).collect::<Vec<_>>().join(" ");
    uow.audit(Entry::new(
        "phase.meals",
        "phase",
        phase.id,
        ChangeSet::new().field("meals", text(before), text(meals)),
    ))
    .await?;
    uow.commit().await?;
    Ok(())
}

/// The per-diem trip of a participant's phase from its legs, or why there is none.
async fn build_trip<C: ConnectionTrait>(
    conn: &C,
    p: &StoredParticipant,
    phase: &StoredPhase,
    policy: PolicyRef,
) -> OpResult<Result<Trip, String>> {
    let records = participants::phases_of(conn, &[p.id]).await?;
    let Some(record) = records.iter().find(|r| r.phase_id == phase.id) else {
        return Ok(Err("the itinerary has no legs".into()));
    };
    let legs: Vec<Leg> = travel::legs_of(conn, &[record.id])
        .await?
        .into_iter()
        .map(|l: StoredLeg| l.leg)
        .collect();
    let meals = travel::meals_of(conn, phase.id).await?;
    // The programme pays board and lodging (domain README): lodging is paid.
    Ok(
        trip_from_itinerary(policy, &legs, phase.phase.dates, meals, true)
            .map_err(|e| e.to_string()),
    )
}

/// Creates a draft per-diem statement for a participant's phase from the itinerary, under the
/// cohort's policy (Skatteverket's when the cohort names none). One statement per participant
/// and phase: a second request is refused with a link to the first.
pub async fn compute_statement(
    ctx: &Context<'_>,
    p: &StoredParticipant,
    phase: &StoredPhase,
) -> OpResult<(i32, Money)> {
    let mut uow = ctx.begin().await?;
    let done = compute_statement_in(&mut uow, p, phase).await?;
    uow.commit().await?;
    Ok(done)
}

/// [`compute_statement`] in a unit of work already open (the demo's).
pub async fn compute_statement_in(
    uow: &mut UnitOfWork<'_>,
    p: &StoredParticipant,
    phase: &StoredPhase,
) -> OpResult<(i32, Money)> {
    if phase.cohort_id != p.cohort_id {
        return Err(OpError::NotFound);
    }
    if let Some((id, _)) = travel::statement_of(uow.conn(), p.id, phase.id).await? {
        return Err(OpError::Conflict(format!(
            "A per-diem statement for this phase exists already: statement {id}."
        )));
    }
    let cohort = cohorts::find(uow.conn(), p.cohort_id)
        .await?
        .ok_or(OpError::NotFound)?;
    let policy = match &cohort.per_diem_policy {
        Some(code) => PolicyRef::Programme(code.clone()),
        None => PolicyRef::Skatteverket,
    };
    let trip = build_trip(uow.conn(), p, phase, policy)
        .await?
        .map_err(|why| {
            OpError::Invalid(FieldErrors::single(
                "per_diem",
                format!("The per diem cannot be computed: {why}."),
            ))
        })?;
    let statement = quote_with_stored_rates(uow.conn(), &trip)
        .await
        .map_err(|e| {
            OpError::Invalid(FieldErrors::single(
                "per_diem",
                format!("The per diem cannot be computed: {e}."),
            ))
        })?;
    let id = statements::insert(
        uow.conn(),
        cohort.id,
        &StatementContent {
            traveller_name: &p.full_name,
            traveller_user_id: p.user_id,
            phase_label: Some(&phase.phase.title),
            trip: &trip,
            statement: &statement,
        },
        uow.actor().user_id,
        uow.now(),
    )
    .await?;
    travel::link_statement(uow.conn(), id, p.id, phase.id).await?;
    uow.audit(Entry::new(
        "per_diem_statement.create",
        "per_diem_statement",
        id,
        ChangeSet::new()
            .set("cohort", &cohort.name)
            .set("traveller", &p.full_name)
            .set("participant", p.id)
            .set("phase", &phase.phase.title)
            .set("policy", trip.policy())
            .set("from", "itinerary")
            .set("total", statement.total.plain()),
    ))
    .await?;
    Ok((id, statement.total))
}
