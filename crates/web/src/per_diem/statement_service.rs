//! Preparing, recomputing and settling per-diem statements: each one unit of work with its audit
//! entry. Figures are computed with the rates in force at that moment and stored with the
//! statement; reading a statement never recomputes it.

use itp_domain::Code;
use itp_domain::Money;
use itp_domain::audit::ChangeSet;
use itp_domain::per_diem::forms::statement::{
    StatementDetails, StatementInput, pays_nothing_because,
};
use itp_domain::per_diem::lifecycle::reopen_reason;
use itp_domain::per_diem::{Statement, StatementState, Steps, Transition, Trip, four_eyes};
use itp_domain::validation::FieldErrors;
use itp_persistence::audit::Entry;
use itp_persistence::per_diem::cohorts::StatementCohort;
use itp_persistence::per_diem::statements::{self, StatementContent, StoredStatement};
use itp_persistence::{ConnectionTrait, account};

use super::service::{QuoteError, quote_with_stored_rates};
use crate::ops::{Context, OpError, OpResult};

/// A validated, computed statement, ready to store.
struct Computed {
    details: StatementDetails,
    traveller_user_id: Option<i32>,
    trip: Trip,
    statement: Statement,
}

impl Computed {
    fn content(&self) -> StatementContent<'_> {
        StatementContent {
            traveller_name: &self.details.traveller_name,
            traveller_user_id: self.traveller_user_id,
            phase_label: self.details.phase_label.as_deref(),
            trip: &self.trip,
            statement: &self.statement,
        }
    }
}

fn on_policy_field(error: QuoteError) -> OpError {
    match error {
        QuoteError::Storage(e) => e.into(),
        other => OpError::Invalid(FieldErrors::single(
            "policy",
            format!("The per diem cannot be computed: {other}."),
        )),
    }
}

async fn quote_trip<C: ConnectionTrait>(conn: &C, trip: &Trip) -> OpResult<Statement> {
    quote_with_stored_rates(conn, trip)
        .await
        .map_err(on_policy_field)
}

async fn compute<C: ConnectionTrait>(
    conn: &C,
    cohort: &StatementCohort,
    input: &StatementInput,
) -> OpResult<Computed> {
    let (details, trip) = input.validate(cohort.per_diem_policy.as_deref())?;
    let traveller_user_id = match &details.traveller_email {
        None => None,
        Some(email) => Some(
            account::find_by_email(conn, email)
                .await?
                .ok_or_else(|| {
                    OpError::Invalid(FieldErrors::single(
                        "traveller_email",
                        format!(
                            "No account has the address {email}; leave the field empty if the \
                             traveller has no account."
                        ),
                    ))
                })?
                .id,
        ),
    };
    let statement = quote_trip(conn, &trip).await?;
    Ok(Computed {
        details,
        traveller_user_id,
        trip,
        statement,
    })
}

/// Why the statement the form describes would pay nothing, if it would; `None` when it pays
/// something or cannot be computed (saving it then shows the problems on their fields).
pub async fn pays_nothing<C: ConnectionTrait>(
    conn: &C,
    cohort: &StatementCohort,
    input: &StatementInput,
) -> OpResult<Option<&'static str>> {
    match compute(conn, cohort, input).await {
        Ok(c) => Ok(pays_nothing_because(&c.statement)),
        Err(OpError::Invalid(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Creates a draft statement for a cohort, computed with the rates in force now.
pub async fn create(
    ctx: &Context<'_>,
    cohort: &StatementCohort,
    input: &StatementInput,
) -> OpResult<(i32, Money)> {
    let mut uow = ctx.begin().await?;
    let now = uow.now();
    let c = compute(uow.conn(), cohort, input).await?;
    let id =
        statements::insert(uow.conn(), cohort.id, &c.content(), ctx.actor.user_id, now).await?;
    uow.audit(Entry {
        action: "per_diem_statement.create",
        entity_type: "per_diem_statement",
        entity_id: Some(id.to_string()),
        changes: ChangeSet::new()
            .set("cohort", &cohort.name)
            .set("traveller", &c.details.traveller_name)
            .set("phase", c.details.phase_label.as_deref().unwrap_or(""))
            .set("policy", c.trip.policy())
            .set("total", c.statement.total.plain()),
    })
    .await?;
    uow.commit().await?;
    Ok((id, c.statement.total))
}

/// Changes a draft and recomputes it with the rates in force now.
pub async fn update(
    ctx: &Context<'_>,
    before: &StoredStatement,
    cohort: &StatementCohort,
    input: &StatementInput,
) -> OpResult<Money> {
    if !before.header.state.is_editable() {
        return Err(locked(before.header.state));
    }
    let mut uow = ctx.begin().await?;
    let now = uow.now();
    let c = compute(uow.conn(), cohort, input).await?;
    statements::replace_draft(uow.conn(), before.header.id, &c.content(), now).await?;
    let old = &before.header;
    uow.audit(Entry {
        action: "per_diem_statement.update",
        entity_type: "per_diem_statement",
        entity_id: Some(old.id.to_string()),
        changes: ChangeSet::new()
            .field("traveller", &old.traveller_name, &c.details.traveller_name)
            .field(
                "phase",
                old.phase_label.as_deref().unwrap_or(""),
                c.details.phase_label.as_deref().unwrap_or(""),
            )
            .field("policy", &old.policy, c.trip.policy())
            .field(
                "trip",
                serde_json::to_string(&before.trip).unwrap_or_default(),
                serde_json::to_string(&c.trip).unwrap_or_default(),
            )
            .field("total", old.total.plain(), c.statement.total.plain()),
    })
    .await?;
    uow.commit().await?;
    Ok(c.statement.total)
}

/// Recomputes a draft with the rates in force now; returns the totals before and after.
pub async fn recompute(ctx: &Context<'_>, before: &StoredStatement) -> OpResult<(Money, Money)> {
    if !before.header.state.is_editable() {
        return Err(locked(before.header.state));
    }
    let mut uow = ctx.begin().await?;
    let now = uow.now();
    let statement = quote_trip(uow.conn(), &before.trip).await?;
    let h = &before.header;
    let content = StatementContent {
        traveller_name: &h.traveller_name,
        traveller_user_id: h.traveller_user_id,
        phase_label: h.phase_label.as_deref(),
        trip: &before.trip,
        statement: &statement,
    };
    statements::replace_draft(uow.conn(), h.id, &content, now).await?;
    uow.audit(Entry {
        action: "per_diem_statement.recompute",
        entity_type: "per_diem_statement",
        entity_id: Some(h.id.to_string()),
        changes: ChangeSet::new().set("rates", "in force now").field(
            "total",
            h.total.plain(),
            statement.total.plain(),
        ),
    })
    .await?;
    uow.commit().await?;
    Ok((h.total, statement.total))
}

/// Why a statement's figures cannot change.
pub(super) fn locked(state: StatementState) -> OpError {
    OpError::Conflict(format!(
        "This statement is {}: its figures are locked. Finance can reopen an approved statement.",
        state.label().to_lowercase()
    ))
}

/// Approves, marks as paid, or reopens (with a reason) a statement.
pub async fn transition(
    ctx: &Context<'_>,
    statement_id: i32,
    transition: Transition,
    reason: Option<&str>,
) -> OpResult<StatementState> {
    let reason = match (transition, reason) {
        (Transition::Reopen, text) => Some(reopen_reason(text.unwrap_or(""))?),
        _ => None,
    };
    let mut uow = ctx.begin().await?;
    let now = uow.now();
    let header = statements::find(uow.conn(), statement_id)
        .await?
        .ok_or(OpError::NotFound)?
        .header;
    let current = header.state;
    let next = current
        .apply(transition)
        .map_err(|e| OpError::Conflict(e.to_string()))?;
    let history = statements::history(uow.conn(), statement_id).await?;
    let steps = Steps::from_history(
        history.iter().map(|e| (e.action.as_str(), e.actor_user_id)),
        header.created_by_user_id,
        header.approved_by_user_id,
    );
    four_eyes(transition, ctx.user_id()?, &steps).map_err(|e| OpError::Conflict(e.to_string()))?;
    statements::transition(
        uow.conn(),
        statement_id,
        current,
        next,
        ctx.actor.user_id,
        now,
    )
    .await?;
    let mut changes = ChangeSet::new().field("state", current, next);
    if let Some(reason) = reason {
        changes = changes.set("reason", reason);
    }
    uow.audit(Entry {
        action: transition.audit_action(),
        entity_type: "per_diem_statement",
        entity_id: Some(statement_id.to_string()),
        changes,
    })
    .await?;
    uow.commit().await?;
    Ok(next)
}
