//! Preparing, recomputing and settling per-diem statements: each one transaction with its audit
//! entry. Figures are computed with the rates in force at that moment and stored with the
//! statement; reading a statement never recomputes it.

use itp_domain::Code;
use itp_domain::Money;
use itp_domain::audit::ChangeSet;
use itp_domain::per_diem::forms::statement::{StatementDetails, StatementInput};
use itp_domain::per_diem::lifecycle::reopen_reason;
use itp_domain::per_diem::{Statement, StatementState, Transition, Trip};
use itp_domain::validation::FieldErrors;
use itp_persistence::audit::{self, Actor, Entry};
use itp_persistence::per_diem::cohorts::StatementCohort;
use itp_persistence::per_diem::statements::{self, StatementContent, StoredStatement};
use itp_persistence::{ConnectionTrait, account, begin_write};

use super::service::{QuoteError, quote_with_stored_rates};
use crate::app::AppState;
use crate::error::{AppError, Result};
use crate::security::session::CurrentUser;

fn actor(me: &CurrentUser) -> Actor {
    Actor::user(me.id, &me.email)
}

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

fn on_policy_field(error: QuoteError) -> AppError {
    match error {
        QuoteError::Storage(e) => e.into(),
        other => AppError::Invalid(FieldErrors::single(
            "policy",
            format!("The per diem cannot be computed: {other}."),
        )),
    }
}

async fn quote_trip<C: ConnectionTrait>(conn: &C, trip: &Trip) -> Result<Statement> {
    quote_with_stored_rates(conn, trip)
        .await
        .map_err(on_policy_field)
}

async fn compute<C: ConnectionTrait>(
    conn: &C,
    cohort: &StatementCohort,
    input: &StatementInput,
) -> Result<Computed> {
    let (details, trip) = input
        .validate(cohort.per_diem_policy.as_deref())
        .map_err(AppError::Invalid)?;
    let traveller_user_id = match &details.traveller_email {
        None => None,
        Some(email) => Some(
            account::find_by_email(conn, email)
                .await?
                .ok_or_else(|| {
                    AppError::Invalid(FieldErrors::single(
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

/// Creates a draft statement for a cohort, computed with the rates in force now.
pub async fn create(
    state: &AppState,
    me: &CurrentUser,
    cohort: &StatementCohort,
    input: &StatementInput,
) -> Result<(i32, Money)> {
    let now = state.clock.now();
    let tx = begin_write(&state.db.conn).await?;
    let c = compute(&tx, cohort, input).await?;
    let id = statements::insert(&tx, cohort.id, &c.content(), Some(me.id), now).await?;
    audit::record(
        &tx,
        &actor(me),
        now,
        Entry {
            action: "per_diem_statement.create",
            entity_type: "per_diem_statement",
            entity_id: Some(id.to_string()),
            changes: ChangeSet::new()
                .set("cohort", &cohort.name)
                .set("traveller", &c.details.traveller_name)
                .set("phase", c.details.phase_label.as_deref().unwrap_or(""))
                .set("policy", c.trip.policy())
                .set("total", c.statement.total.plain()),
        },
    )
    .await?;
    tx.commit().await?;
    Ok((id, c.statement.total))
}

/// Changes a draft and recomputes it with the rates in force now.
pub async fn update(
    state: &AppState,
    me: &CurrentUser,
    before: &StoredStatement,
    cohort: &StatementCohort,
    input: &StatementInput,
) -> Result<Money> {
    if !before.header.state.is_editable() {
        return Err(locked(before.header.state));
    }
    let now = state.clock.now();
    let tx = begin_write(&state.db.conn).await?;
    let c = compute(&tx, cohort, input).await?;
    statements::replace_draft(&tx, before.header.id, &c.content(), now).await?;
    let old = &before.header;
    audit::record(
        &tx,
        &actor(me),
        now,
        Entry {
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
        },
    )
    .await?;
    tx.commit().await?;
    Ok(c.statement.total)
}

/// Recomputes a draft with the rates in force now; returns the totals before and after.
pub async fn recompute(
    state: &AppState,
    me: &CurrentUser,
    before: &StoredStatement,
) -> Result<(Money, Money)> {
    if !before.header.state.is_editable() {
        return Err(locked(before.header.state));
    }
    let now = state.clock.now();
    let tx = begin_write(&state.db.conn).await?;
    let statement = quote_trip(&tx, &before.trip).await?;
    let h = &before.header;
    let content = StatementContent {
        traveller_name: &h.traveller_name,
        traveller_user_id: h.traveller_user_id,
        phase_label: h.phase_label.as_deref(),
        trip: &before.trip,
        statement: &statement,
    };
    statements::replace_draft(&tx, h.id, &content, now).await?;
    audit::record(
        &tx,
        &actor(me),
        now,
        Entry {
            action: "per_diem_statement.recompute",
            entity_type: "per_diem_statement",
            entity_id: Some(h.id.to_string()),
            changes: ChangeSet::new().set("rates", "in force now").field(
                "total",
                h.total.plain(),
                statement.total.plain(),
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok((h.total, statement.total))
}

fn locked(state: StatementState) -> AppError {
    AppError::Conflict(format!(
        "This statement is {}: its figures are locked. Finance can reopen an approved statement.",
        state.label().to_lowercase()
    ))
}

/// Approves, marks as paid, or reopens (with a reason) a statement.
pub async fn transition(
    state: &AppState,
    me: &CurrentUser,
    statement_id: i32,
    transition: Transition,
    reason: Option<&str>,
) -> Result<StatementState> {
    let reason = match (transition, reason) {
        (Transition::Reopen, text) => {
            Some(reopen_reason(text.unwrap_or("")).map_err(AppError::Invalid)?)
        }
        _ => None,
    };
    let now = state.clock.now();
    let tx = begin_write(&state.db.conn).await?;
    let current = statements::find(&tx, statement_id)
        .await?
        .ok_or(AppError::NotFound)?
        .header
        .state;
    let next = current
        .apply(transition)
        .map_err(|e| AppError::Conflict(e.to_string()))?;
    statements::transition(&tx, statement_id, current, next, Some(me.id), now).await?;
    let mut changes = ChangeSet::new().field("state", current, next);
    if let Some(reason) = reason {
        changes = changes.set("reason", reason);
    }
    audit::record(
        &tx,
        &actor(me),
        now,
        Entry {
            action: transition.audit_action(),
            entity_type: "per_diem_statement",
            entity_id: Some(statement_id.to_string()),
            changes,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(next)
}
