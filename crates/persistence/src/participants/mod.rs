//! Participants as stored: who they are (the team member of a confirmed application), their
//! attendance, visa and insurance per phase, their itinerary legs and hotel stays. Names and
//! addresses stay on the application's members, so erasing a person touches one place.

pub mod letters;
pub mod travel;

use chrono::{DateTime, Utc};
use itp_domain::Code;
use itp_domain::participants::itinerary::{Insurance, Visa};
use itp_domain::participants::{Attendance, Needs, VisaStatus};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};

use crate::entities::{
    application, application_member, cohort, participant, participant_phase, user,
};
use crate::{PersistenceError, Result, decode};

pub(crate) use travel::money_of;

/// A participant with the names the pages show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredParticipant {
    pub id: i32,
    pub cohort_id: i32,
    pub programme_id: i32,
    pub cohort_name: String,
    pub application_id: i32,
    pub reference: String,
    pub organisation: String,
    /// The team's country (ISO code).
    pub country: String,
    pub member_id: i32,
    pub full_name: String,
    pub email: String,
    pub gender: String,
    pub role: String,
    /// As the application gave it; none when not given or pseudonymised.
    pub year_of_birth: Option<i32>,
    pub user_id: Option<i32>,
    pub created_at: DateTime<Utc>,
}

/// A participant's record for one phase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParticipantPhase {
    pub id: i32,
    pub participant_id: i32,
    pub phase_id: i32,
    pub attendance: Attendance,
    pub visa: Visa,
    pub insurance: Insurance,
    pub updated_at: DateTime<Utc>,
}

fn phase_row(m: participant_phase::Model) -> Result<ParticipantPhase> {
    Ok(ParticipantPhase {
        id: m.id,
        participant_id: m.participant_id,
        phase_id: m.phase_id,
        attendance: decode(&m.attendance, "participant_phases.attendance")?,
        visa: Visa {
            status: decode(&m.visa_status, "participant_phases.visa_status")?,
            applied_on: m.visa_applied_on,
            decided_on: m.visa_decided_on,
            embassy: m.visa_embassy,
        },
        insurance: Insurance {
            insurer: m.insurer,
            policy_number: m.policy_number,
            cost: money_of(m.insurance_cost_minor, &m.insurance_currency)?,
        },
        updated_at: m.updated_at,
    })
}

async fn with_names<C: ConnectionTrait>(
    conn: &C,
    rows: Vec<participant::Model>,
) -> Result<Vec<StoredParticipant>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let member_ids: Vec<i32> = rows.iter().map(|r| r.member_id).collect();
    let app_ids: Vec<i32> = rows.iter().map(|r| r.application_id).collect();
    let cohort_ids: Vec<i32> = rows.iter().map(|r| r.cohort_id).collect();
    let members = application_member::Entity::find()
        .filter(application_member::Column::Id.is_in(member_ids))
        .all(conn)
        .await?;
    let apps = application::Entity::find()
        .filter(application::Column::Id.is_in(app_ids))
        .all(conn)
        .await?;
    let cohorts = cohort::Entity::find()
        .filter(cohort::Column::Id.is_in(cohort_ids))
        .all(conn)
        .await?;
    let corrupt = |what: &str| PersistenceError::Corrupt(format!("participants.{what}"));
    rows.into_iter()
        .map(|r| {
            let m = members
                .iter()
                .find(|m| m.id == r.member_id)
                .ok_or_else(|| corrupt("member_id"))?;
            let a = apps
                .iter()
                .find(|a| a.id == r.application_id)
                .ok_or_else(|| corrupt("application_id"))?;
            let c = cohorts
                .iter()
                .find(|c| c.id == r.cohort_id)
                .ok_or_else(|| corrupt("cohort_id"))?;
            Ok(StoredParticipant {
                id: r.id,
                cohort_id: r.cohort_id,
                programme_id: c.programme_id,
                cohort_name: c.name.clone(),
                application_id: r.application_id,
                reference: a.reference.clone().unwrap_or_else(|| format!("#{}", a.id)),
                organisation: a.organisation_name.clone(),
                country: a.country.clone(),
                member_id: r.member_id,
                full_name: m.full_name.clone(),
                email: m.email.clone(),
                gender: m.gender.clone(),
                role: m.role.clone(),
                year_of_birth: m.year_of_birth,
                user_id: r.user_id,
                created_at: r.created_at,
            })
        })
        .collect()
}

/// Makes every member of a confirmed application a participant of its cohort, with a planned
/// record for each of the cohort's phases; members who already are participants are left
/// alone, so running it twice adds nobody. A member whose address has an account is linked to
/// it. Returns the ids of the participants it added.
pub async fn create_for_application<C: ConnectionTrait>(
    conn: &C,
    application_id: i32,
    now: DateTime<Utc>,
) -> Result<Vec<i32>> {
    let Some(app) = application::Entity::find_by_id(application_id)
        .one(conn)
        .await?
    else {
        return Ok(Vec::new());
    };
    let members = application_member::Entity::find()
        .filter(application_member::Column::ApplicationId.eq(application_id))
        .order_by_asc(application_member::Column::Position)
        .all(conn)
        .await?;
    let existing: Vec<i32> = participant::Entity::find()
        .filter(participant::Column::ApplicationId.eq(application_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|p| p.member_id)
        .collect();
    let mut added = Vec::new();
    for m in members.iter().filter(|m| !existing.contains(&m.id)) {
        let email = m.email.trim().to_lowercase();
        let user_id = if email.is_empty() {
            None
        } else {
            user::Entity::find()
                .filter(user::Column::Email.eq(email))
                .one(conn)
                .await?
                .map(|u| u.id)
        };
        let id = participant::Entity::insert(participant::ActiveModel {
            cohort_id: Set(app.cohort_id),
            application_id: Set(application_id),
            member_id: Set(m.id),
            user_id: Set(user_id),
            dietary_needs: Set(String::new()),
            accessibility_needs: Set(String::new()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        })
        .exec(conn)
        .await?
        .last_insert_id;
        added.push(id);
    }
    let phases = crate::phase::of_cohort(conn, app.cohort_id).await?;
    for id in &added {
        for p in &phases {
            ensure_phase(conn, *id, p.id, now).await?;
        }
    }
    Ok(added)
}

/// The participant's record for a phase, created (planned, no visa needed) if missing: a phase
/// added after the team confirmed has none yet.
pub async fn ensure_phase<C: ConnectionTrait>(
    conn: &C,
    participant_id: i32,
    phase_id: i32,
    now: DateTime<Utc>,
) -> Result<ParticipantPhase> {
    participant_phase::Entity::insert(participant_phase::ActiveModel {
        participant_id: Set(participant_id),
        phase_id: Set(phase_id),
        attendance: Set(Attendance::Planned.code().to_owned()),
        visa_status: Set(VisaStatus::NotNeeded.code().to_owned()),
        visa_applied_on: Set(None),
        visa_decided_on: Set(None),
        visa_embassy: Set(String::new()),
        insurer: Set(String::new()),
        policy_number: Set(String::new()),
        insurance_cost_minor: Set(None),
        insurance_currency: Set(String::new()),
        updated_at: Set(now),
        ..Default::default()
    })
    .on_conflict_do_nothing_on([
        participant_phase::Column::ParticipantId,
        participant_phase::Column::PhaseId,
    ])
    .exec_without_returning(conn)
    .await?;
    participant_phase::Entity::find()
        .filter(participant_phase::Column::ParticipantId.eq(participant_id))
        .filter(participant_phase::Column::PhaseId.eq(phase_id))
        .one(conn)
        .await?
        .ok_or_else(|| PersistenceError::Corrupt("participant_phases: missing after insert".into()))
        .and_then(phase_row)
}

pub async fn find<C: ConnectionTrait>(conn: &C, id: i32) -> Result<Option<StoredParticipant>> {
    let Some(row) = participant::Entity::find_by_id(id).one(conn).await? else {
        return Ok(None);
    };
    Ok(with_names(conn, vec![row]).await?.pop())
}

/// The cohort's participants by team, then by their place in the team.
pub async fn of_cohort<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
) -> Result<Vec<StoredParticipant>> {
    let rows = participant::Entity::find()
        .filter(participant::Column::CohortId.eq(cohort_id))
        .order_by_asc(participant::Column::ApplicationId)
        .order_by_asc(participant::Column::MemberId)
        .all(conn)
        .await?;
    with_names(conn, rows).await
}

/// The participant records of a person's own account.
pub async fn of_user<C: ConnectionTrait>(conn: &C, user_id: i32) -> Result<Vec<StoredParticipant>> {
    let rows = participant::Entity::find()
        .filter(participant::Column::UserId.eq(user_id))
        .order_by_asc(participant::Column::Id)
        .all(conn)
        .await?;
    with_names(conn, rows).await
}

/// Every phase record of the given participants.
pub async fn phases_of<C: ConnectionTrait>(
    conn: &C,
    participant_ids: &[i32],
) -> Result<Vec<ParticipantPhase>> {
    participant_phase::Entity::find()
        .filter(participant_phase::Column::ParticipantId.is_in(participant_ids.to_vec()))
        .order_by_asc(participant_phase::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(phase_row)
        .collect()
}

/// Every participant's record for one phase.
pub async fn of_phase<C: ConnectionTrait>(
    conn: &C,
    phase_id: i32,
) -> Result<Vec<ParticipantPhase>> {
    participant_phase::Entity::find()
        .filter(participant_phase::Column::PhaseId.eq(phase_id))
        .order_by_asc(participant_phase::Column::ParticipantId)
        .all(conn)
        .await?
        .into_iter()
        .map(phase_row)
        .collect()
}

pub async fn set_attendance<C: ConnectionTrait>(
    conn: &C,
    participant_phase_id: i32,
    attendance: Attendance,
    now: DateTime<Utc>,
) -> Result<()> {
    participant_phase::Entity::update_many()
        .col_expr(
            participant_phase::Column::Attendance,
            Expr::value(attendance.code()),
        )
        .col_expr(participant_phase::Column::UpdatedAt, Expr::value(now))
        .filter(participant_phase::Column::Id.eq(participant_phase_id))
        .exec(conn)
        .await?;
    Ok(())
}

pub async fn set_visa<C: ConnectionTrait>(
    conn: &C,
    participant_phase_id: i32,
    visa: &Visa,
    now: DateTime<Utc>,
) -> Result<()> {
    participant_phase::Entity::update_many()
        .col_expr(
            participant_phase::Column::VisaStatus,
            Expr::value(visa.status.code()),
        )
        .col_expr(
            participant_phase::Column::VisaAppliedOn,
            Expr::value(visa.applied_on),
        )
        .col_expr(
            participant_phase::Column::VisaDecidedOn,
            Expr::value(visa.decided_on),
        )
        .col_expr(
            participant_phase::Column::VisaEmbassy,
            Expr::value(visa.embassy.clone()),
        )
        .col_expr(participant_phase::Column::UpdatedAt, Expr::value(now))
        .filter(participant_phase::Column::Id.eq(participant_phase_id))
        .exec(conn)
        .await?;
    Ok(())
}

pub async fn set_insurance<C: ConnectionTrait>(
    conn: &C,
    participant_phase_id: i32,
    insurance: &Insurance,
    now: DateTime<Utc>,
) -> Result<()> {
    let (minor, currency) = travel::money_columns(insurance.cost.as_ref())?;
    participant_phase::Entity::update_many()
        .col_expr(
            participant_phase::Column::Insurer,
            Expr::value(insurance.insurer.clone()),
        )
        .col_expr(
            participant_phase::Column::PolicyNumber,
            Expr::value(insurance.policy_number.clone()),
        )
        .col_expr(
            participant_phase::Column::InsuranceCostMinor,
            Expr::value(minor),
        )
        .col_expr(
            participant_phase::Column::InsuranceCurrency,
            Expr::value(currency),
        )
        .col_expr(participant_phase::Column::UpdatedAt, Expr::value(now))
        .filter(participant_phase::Column::Id.eq(participant_phase_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// The participant's dietary and accessibility needs (special-category data: the caller
/// audits every read).
pub async fn needs<C: ConnectionTrait>(conn: &C, participant_id: i32) -> Result<Needs> {
    let row = participant::Entity::find_by_id(participant_id)
        .one(conn)
        .await?
        .ok_or_else(|| PersistenceError::Corrupt("participants: missing".into()))?;
    Ok(Needs {
        dietary: row.dietary_needs,
        accessibility: row.accessibility_needs,
    })
}

/// The needs of every participant of a cohort, by participant id (for the rooming list, which
/// managers read and the caller audits).
pub async fn needs_of_cohort<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
) -> Result<Vec<(i32, Needs)>> {
    Ok(participant::Entity::find()
        .filter(participant::Column::CohortId.eq(cohort_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| {
            (
                r.id,
                Needs {
                    dietary: r.dietary_needs,
                    accessibility: r.accessibility_needs,
                },
            )
        })
        .collect())
}

pub async fn set_needs<C: ConnectionTrait>(
    conn: &C,
    participant_id: i32,
    needs: &Needs,
    now: DateTime<Utc>,
) -> Result<()> {
    participant::Entity::update_many()
        .col_expr(
            participant::Column::DietaryNeeds,
            Expr::value(needs.dietary.clone()),
        )
        .col_expr(
            participant::Column::AccessibilityNeeds,
            Expr::value(needs.accessibility.clone()),
        )
        .col_expr(participant::Column::UpdatedAt, Expr::value(now))
        .filter(participant::Column::Id.eq(participant_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// The confirmed applications of a cohort (their offers confirmed by the team).
pub async fn confirmed_applications<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
) -> Result<Vec<i32>> {
    use crate::entities::selection_offer;
    use itp_domain::selection::OfferState;
    Ok(selection_offer::Entity::find()
        .filter(selection_offer::Column::CohortId.eq(cohort_id))
        .filter(selection_offer::Column::State.eq(OfferState::Confirmed.code()))
        .order_by_asc(selection_offer::Column::ApplicationId)
        .all(conn)
        .await?
        .into_iter()
        .map(|o| o.application_id)
        .collect())
}

/// The dashboard's numbers: participants and certificates issued.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ParticipantCounts {
    pub participants: i64,
    pub certificates: i64,
}

impl ParticipantCounts {
    pub fn query(cohort_id: i32) -> crate::cohort::CountsQuery {
        use sea_orm::sea_query::Query;
        // The id is ours, written into the SQL (see the funnel's counts).
        let q = Query::select()
            .expr_as(
                Expr::cust(format!(
                    "(SELECT COUNT(*) FROM participants WHERE cohort_id = {cohort_id})"
                )),
                "participants_count",
            )
            .expr_as(
                Expr::cust(format!(
                    "(SELECT COUNT(*) FROM certificates WHERE participant_id IN \
                     (SELECT id FROM participants WHERE cohort_id = {cohort_id}))"
                )),
                "participants_certificates",
            )
            .to_owned();
        crate::cohort::CountsQuery::new(q)
    }

    pub fn read(row: &crate::cohort::CountsRow) -> Result<ParticipantCounts> {
        Ok(ParticipantCounts {
            participants: row.count("participants_count")?,
            certificates: row.count("participants_certificates")?,
        })
    }
}
