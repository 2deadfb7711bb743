//! The managers' decisions per application (pending, then applied), the offers of places a team
//! confirms or declines through a link, who a letter goes to, and the confirmed members'
//! entry in the register of earlier participants.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use itp_domain::Code;
use itp_domain::application::fields::Gender;
use itp_domain::selection::{Decision, FunnelTeam, OfferState, Stage};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    sea_query::Expr,
};

use crate::application::eligibility::{NewEarlierParticipant, add_earlier_participant};
use crate::entities::{
    application, application_member, review_assignment, selection_decision, selection_offer, user,
};
use crate::{Result, decode};

/// One application's decision as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDecision {
    pub application_id: i32,
    /// What applies now.
    pub decision: Option<Decision>,
    pub reserve_position: Option<i32>,
    /// A change waiting to be applied.
    pub pending: Option<Decision>,
    pub pending_position: Option<i32>,
    pub applied_at: Option<DateTime<Utc>>,
}

impl StoredDecision {
    /// What will apply once the pending changes are applied.
    pub fn effective(&self) -> (Option<Decision>, Option<i32>) {
        match self.pending {
            Some(p) => (Some(p), self.pending_position),
            None => (self.decision, self.reserve_position),
        }
    }
}

fn read(d: Option<String>, what: &str) -> Result<Option<Decision>> {
    d.map(|d| decode::<Decision>(&d, what)).transpose()
}

fn to_stored(r: selection_decision::Model) -> Result<StoredDecision> {
    Ok(StoredDecision {
        application_id: r.application_id,
        decision: read(r.decision, "selection_decisions.decision")?,
        reserve_position: r.reserve_position,
        pending: read(r.pending, "selection_decisions.pending")?,
        pending_position: r.pending_position,
        applied_at: r.applied_at,
    })
}

/// Every decision of the cohort, by application.
pub async fn of_cohort<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
) -> Result<BTreeMap<i32, StoredDecision>> {
    selection_decision::Entity::find()
        .filter(selection_decision::Column::CohortId.eq(cohort_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| Ok((r.application_id, to_stored(r)?)))
        .collect()
}

async fn row<C: ConnectionTrait>(
    conn: &C,
    application_id: i32,
) -> Result<Option<selection_decision::Model>> {
    Ok(selection_decision::Entity::find()
        .filter(selection_decision::Column::ApplicationId.eq(application_id))
        .one(conn)
        .await?)
}

/// Records a manager's change as pending; a change back to what applies clears it.
pub async fn set_pending<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
    application_id: i32,
    decision: Decision,
    position: Option<i32>,
    by: i32,
    now: DateTime<Utc>,
) -> Result<()> {
    let position = if decision == Decision::Reserve {
        position
    } else {
        None
    };
    match row(conn, application_id).await? {
        Some(r) => {
            let same =
                r.decision.as_deref() == Some(decision.code()) && r.reserve_position == position;
            selection_decision::Entity::update_many()
                .filter(selection_decision::Column::Id.eq(r.id))
                .col_expr(
                    selection_decision::Column::Pending,
                    Expr::value((!same).then(|| decision.code().to_owned())),
                )
                .col_expr(
                    selection_decision::Column::PendingPosition,
                    Expr::value(if same { None } else { position }),
                )
                .col_expr(selection_decision::Column::ChangedBy, Expr::value(Some(by)))
                .col_expr(selection_decision::Column::UpdatedAt, Expr::value(now))
                .exec(conn)
                .await?;
        }
        None => {
            selection_decision::Entity::insert(selection_decision::ActiveModel {
                cohort_id: Set(cohort_id),
                application_id: Set(application_id),
                decision: Set(None),
                reserve_position: Set(None),
                pending: Set(Some(decision.code().to_owned())),
                pending_position: Set(position),
                changed_by: Set(Some(by)),
                updated_at: Set(now),
                applied_at: Set(None),
                ..Default::default()
            })
            .exec_without_returning(conn)
            .await?;
        }
    }
    Ok(())
}

/// Applies every pending change of the cohort; returns what was applied, as
/// `(application, before, after, reserve place)`.
pub async fn apply_pending<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
    now: DateTime<Utc>,
) -> Result<Vec<(i32, Option<Decision>, Decision, Option<i32>)>> {
    let rows = selection_decision::Entity::find()
        .filter(selection_decision::Column::CohortId.eq(cohort_id))
        .filter(selection_decision::Column::Pending.is_not_null())
        .order_by_asc(selection_decision::Column::ApplicationId)
        .all(conn)
        .await?;
    let mut applied = Vec::new();
    for r in rows {
        let d = to_stored(r.clone())?;
        let Some(after) = d.pending else { continue };
        set_applied(conn, r.application_id, after, d.pending_position, now).await?;
        applied.push((r.application_id, d.decision, after, d.pending_position));
    }
    Ok(applied)
}

/// Sets what applies to the application at once (the refill, a decline), clearing any pending
/// change.
pub async fn set_applied<C: ConnectionTrait>(
    conn: &C,
    application_id: i32,
    decision: Decision,
    position: Option<i32>,
    now: DateTime<Utc>,
) -> Result<()> {
    selection_decision::Entity::update_many()
        .filter(selection_decision::Column::ApplicationId.eq(application_id))
        .col_expr(
            selection_decision::Column::Decision,
            Expr::value(Some(decision.code().to_owned())),
        )
        .col_expr(
            selection_decision::Column::ReservePosition,
            Expr::value(if decision == Decision::Reserve {
                position
            } else {
                None
            }),
        )
        .col_expr(
            selection_decision::Column::Pending,
            Expr::value(None::<String>),
        )
        .col_expr(
            selection_decision::Column::PendingPosition,
            Expr::value(None::<i32>),
        )
        .col_expr(selection_decision::Column::UpdatedAt, Expr::value(now))
        .col_expr(
            selection_decision::Column::AppliedAt,
            Expr::value(Some(now)),
        )
        .exec(conn)
        .await?;
    Ok(())
}

/// An offer of places as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredOffer {
    pub id: i32,
    pub cohort_id: i32,
    pub application_id: i32,
    pub state: OfferState,
    pub deadline: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
    pub reminded_at: Option<DateTime<Utc>>,
    pub refilled: bool,
}

fn to_offer(r: selection_offer::Model) -> Result<StoredOffer> {
    Ok(StoredOffer {
        id: r.id,
        cohort_id: r.cohort_id,
        application_id: r.application_id,
        state: decode(&r.state, "selection_offers.state")?,
        deadline: r.deadline,
        created_at: r.created_at,
        answered_at: r.answered_at,
        reminded_at: r.reminded_at,
        refilled: r.refilled,
    })
}

pub async fn create_offer<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
    application_id: i32,
    token_hash: &str,
    deadline: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<i32> {
    let res = selection_offer::Entity::insert(selection_offer::ActiveModel {
        cohort_id: Set(cohort_id),
        application_id: Set(application_id),
        token_hash: Set(token_hash.to_owned()),
        state: Set(OfferState::Open.code().to_owned()),
        deadline: Set(deadline),
        created_at: Set(now),
        answered_at: Set(None),
        reminded_at: Set(None),
        refilled: Set(false),
        ..Default::default()
    })
    .exec(conn)
    .await?;
    Ok(res.last_insert_id)
}

pub async fn offer_by_token<C: ConnectionTrait>(
    conn: &C,
    token_hash: &str,
) -> Result<Option<StoredOffer>> {
    selection_offer::Entity::find()
        .filter(selection_offer::Column::TokenHash.eq(token_hash))
        .one(conn)
        .await?
        .map(to_offer)
        .transpose()
}

/// The cohort's offers, oldest first.
pub async fn offers_of_cohort<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
) -> Result<Vec<StoredOffer>> {
    selection_offer::Entity::find()
        .filter(selection_offer::Column::CohortId.eq(cohort_id))
        .order_by_asc(selection_offer::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(to_offer)
        .collect()
}

/// Answers an open offer; `false` when it was no longer open (answered meanwhile).
pub async fn answer<C: ConnectionTrait>(
    conn: &C,
    offer_id: i32,
    state: OfferState,
    now: DateTime<Utc>,
) -> Result<bool> {
    let res = selection_offer::Entity::update_many()
        .filter(selection_offer::Column::Id.eq(offer_id))
        .filter(selection_offer::Column::State.eq(OfferState::Open.code()))
        .col_expr(selection_offer::Column::State, Expr::value(state.code()))
        .col_expr(selection_offer::Column::AnsweredAt, Expr::value(Some(now)))
        .exec(conn)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Open offers whose deadline passed before `now`.
pub async fn overdue<C: ConnectionTrait>(conn: &C, now: DateTime<Utc>) -> Result<Vec<StoredOffer>> {
    selection_offer::Entity::find()
        .filter(selection_offer::Column::State.eq(OfferState::Open.code()))
        .filter(selection_offer::Column::Deadline.lt(now))
        .order_by_asc(selection_offer::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(to_offer)
        .collect()
}

/// Declined or expired offers whose seat was not offered on yet.
pub async fn to_refill<C: ConnectionTrait>(conn: &C) -> Result<Vec<StoredOffer>> {
    selection_offer::Entity::find()
        .filter(
            selection_offer::Column::State
                .is_in([OfferState::Declined.code(), OfferState::Expired.code()]),
        )
        .filter(selection_offer::Column::Refilled.eq(false))
        .order_by_asc(selection_offer::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(to_offer)
        .collect()
}

/// Records that the offer's seat was offered on; `false` when it already was.
pub async fn mark_refilled<C: ConnectionTrait>(conn: &C, offer_id: i32) -> Result<bool> {
    let res = selection_offer::Entity::update_many()
        .filter(selection_offer::Column::Id.eq(offer_id))
        .filter(selection_offer::Column::Refilled.eq(false))
        .col_expr(selection_offer::Column::Refilled, Expr::value(true))
        .exec(conn)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Open offers due before `until` that were not reminded yet.
pub async fn to_remind<C: ConnectionTrait>(
    conn: &C,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<StoredOffer>> {
    selection_offer::Entity::find()
        .filter(selection_offer::Column::State.eq(OfferState::Open.code()))
        .filter(selection_offer::Column::Deadline.gte(now))
        .filter(selection_offer::Column::Deadline.lt(until))
        .filter(selection_offer::Column::RemindedAt.is_null())
        .order_by_asc(selection_offer::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(to_offer)
        .collect()
}

/// Records the reminder of an offer; `false` when it was already recorded.
pub async fn mark_reminded<C: ConnectionTrait>(
    conn: &C,
    offer_id: i32,
    now: DateTime<Utc>,
) -> Result<bool> {
    let res = selection_offer::Entity::update_many()
        .filter(selection_offer::Column::Id.eq(offer_id))
        .filter(selection_offer::Column::RemindedAt.is_null())
        .col_expr(selection_offer::Column::RemindedAt, Expr::value(Some(now)))
        .exec(conn)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Who a letter about an application goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub application_id: i32,
    pub reference: String,
    pub organisation: String,
    pub email: String,
    pub name: String,
    /// The programme of the application's cohort (its mail texts apply).
    pub programme_id: i32,
}

/// The applicant's account, or for an imported application its first member with an address.
pub async fn contact<C: ConnectionTrait>(conn: &C, application_id: i32) -> Result<Option<Contact>> {
    let Some(app) = application::Entity::find_by_id(application_id)
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let reference = crate::review::reference_of(&app);
    let programme_id = crate::entities::cohort::Entity::find_by_id(app.cohort_id)
        .one(conn)
        .await?
        .map_or(0, |c| c.programme_id);
    if let Some(uid) = app.applicant_user_id
        && let Some(u) = user::Entity::find_by_id(uid).one(conn).await?
    {
        return Ok(Some(Contact {
            application_id,
            reference,
            organisation: app.organisation_name,
            email: u.email,
            name: u.display_name,
            programme_id,
        }));
    }
    let member = application_member::Entity::find()
        .filter(application_member::Column::ApplicationId.eq(application_id))
        .filter(application_member::Column::Email.ne(""))
        .order_by_asc(application_member::Column::Position)
        .one(conn)
        .await?;
    Ok(member.map(|m| Contact {
        application_id,
        reference,
        organisation: app.organisation_name,
        email: m.email,
        name: m.full_name,
        programme_id,
    }))
}

/// Adds the application's members to the register of earlier participants (the returning-person
/// check of later calls reads it); returns how many.
pub async fn register_members<C: ConnectionTrait>(
    conn: &C,
    application_id: i32,
    description: &str,
    now: DateTime<Utc>,
) -> Result<usize> {
    let Some(app) = application::Entity::find_by_id(application_id)
        .one(conn)
        .await?
    else {
        return Ok(0);
    };
    let members = application_member::Entity::find()
        .filter(application_member::Column::ApplicationId.eq(application_id))
        .order_by_asc(application_member::Column::Position)
        .all(conn)
        .await?;
    for m in &members {
        let email = m.email.trim();
        add_earlier_participant(
            conn,
            NewEarlierParticipant {
                full_name: &m.full_name,
                year_of_birth: m.year_of_birth,
                country: Some(&app.country),
                email: (!email.is_empty()).then_some(email),
                description,
            },
            now,
        )
        .await?;
    }
    Ok(members.len())
}

/// Every submitted application of the cohort with the last funnel stage it reached.
pub async fn funnel<C: ConnectionTrait>(conn: &C, cohort_id: i32) -> Result<Vec<FunnelTeam>> {
    use itp_domain::application::{ApplicationStatus, Eligibility};
    let apps = application::Entity::find()
        .filter(application::Column::CohortId.eq(cohort_id))
        .filter(application::Column::Status.ne(ApplicationStatus::Draft.code()))
        .filter(application::Column::SubmittedAt.is_not_null())
        .order_by_asc(application::Column::Id)
        .all(conn)
        .await?;
    let ids: Vec<i32> = apps.iter().map(|a| a.id).collect();
    let mut genders: BTreeMap<i32, Vec<Gender>> = BTreeMap::new();
    for chunk in ids.chunks(500) {
        for m in application_member::Entity::find()
            .filter(application_member::Column::ApplicationId.is_in(chunk.to_vec()))
            .all(conn)
            .await?
        {
            genders
                .entry(m.application_id)
                .or_default()
                .push(decode::<Gender>(&m.gender, "application_members.gender")?);
        }
    }
    let reviewed: std::collections::BTreeSet<i32> = review_assignment::Entity::find()
        .filter(review_assignment::Column::CohortId.eq(cohort_id))
        .filter(review_assignment::Column::State.eq("submitted"))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| a.application_id)
        .collect();
    let decisions = of_cohort(conn, cohort_id).await?;
    let confirmed: std::collections::BTreeSet<i32> = offers_of_cohort(conn, cohort_id)
        .await?
        .into_iter()
        .filter(|o| o.state == OfferState::Confirmed)
        .map(|o| o.application_id)
        .collect();
    Ok(apps
        .into_iter()
        .map(|a| {
            let selected =
                decisions.get(&a.id).and_then(|d| d.decision) == Some(Decision::Selected);
            let reached = if confirmed.contains(&a.id) {
                Stage::Confirmed
            } else if selected {
                Stage::Selected
            } else if reviewed.contains(&a.id) {
                Stage::Reviewed
            } else if a.eligibility == Eligibility::Pass.code() {
                Stage::Eligible
            } else {
                Stage::Applied
            };
            FunnelTeam {
                country: a.country,
                genders: genders.remove(&a.id).unwrap_or_default(),
                reached,
            }
        })
        .collect())
}

/// The funnel's teams per stage for the cohort's dashboard, read by one query with the other
/// parts' numbers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FunnelCounts {
    pub applied: i64,
    pub eligible: i64,
    pub reviewed: i64,
    pub selected: i64,
    pub confirmed: i64,
}

impl FunnelCounts {
    pub fn query(cohort_id: i32) -> crate::cohort::CountsQuery {
        use itp_domain::application::{ApplicationStatus, Eligibility};
        use sea_orm::sea_query::Query;
        // Codes and the id are ours, written into the SQL: a bound value inside the derived
        // table breaks PostgreSQL's placeholder numbering (see the applications' counts).
        let draft = ApplicationStatus::Draft.code();
        let submitted = ApplicationStatus::Submitted.code();
        let pass = Eligibility::Pass.code();
        let selected = Decision::Selected.code();
        let confirmed = OfferState::Confirmed.code();
        let q = Query::select()
            .expr_as(
                Expr::cust(format!(
                    "(SELECT COUNT(*) FROM applications WHERE cohort_id = {cohort_id} AND status <> '{draft}' AND submitted_at IS NOT NULL)"
                )),
                "funnel_applied",
            )
            .expr_as(
                Expr::cust(format!(
                    "(SELECT COUNT(*) FROM applications WHERE cohort_id = {cohort_id} AND status = '{submitted}' AND eligibility = '{pass}')"
                )),
                "funnel_eligible",
            )
            .expr_as(
                Expr::cust(format!(
                    "(SELECT COUNT(DISTINCT application_id) FROM review_assignments WHERE cohort_id = {cohort_id} AND state = 'submitted')"
                )),
                "funnel_reviewed",
            )
            .expr_as(
                Expr::cust(format!(
                    "(SELECT COUNT(*) FROM selection_decisions WHERE cohort_id = {cohort_id} AND decision = '{selected}')"
                )),
                "funnel_selected",
            )
            .expr_as(
                Expr::cust(format!(
                    "(SELECT COUNT(DISTINCT application_id) FROM selection_offers WHERE cohort_id = {cohort_id} AND state = '{confirmed}')"
                )),
                "funnel_confirmed",
            )
            .to_owned();
        crate::cohort::CountsQuery::new(q)
    }

    pub fn read(row: &crate::cohort::CountsRow) -> Result<FunnelCounts> {
        Ok(FunnelCounts {
            applied: row.count("funnel_applied")?,
            eligible: row.count("funnel_eligible")?,
            reviewed: row.count("funnel_reviewed")?,
            selected: row.count("funnel_selected")?,
            confirmed: row.count("funnel_confirmed")?,
        })
    }
}
