//! Per-diem statements as stored: the heading (cohort, traveller, phase, policy, state, total),
//! the trip they were computed from, and their lines, each with the rule and rate it used and the
//! explanation as printed. The figures are a snapshot: reading a statement never recomputes it,
//! so a later change of the rate tables cannot change what was approved.

use itp_domain::Code;
use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use itp_domain::country::CountryCode;
use itp_domain::per_diem::{
    DayKind, DayLine, NightLine, PolicyUsed, Statement, StatementState, Trip,
};
use itp_domain::{Currency, Money};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    sea_query::Expr,
};

use super::{corrupt, from_ore, to_ore};
use crate::decode;
use crate::entities::{per_diem_statement as header, per_diem_statement_line as line, user};
use crate::{PersistenceError, Result};

/// A statement's heading, as lists show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementHeader {
    pub id: i32,
    pub cohort_id: i32,
    pub traveller_name: String,
    pub traveller_user_id: Option<i32>,
    pub phase_label: Option<String>,
    /// `skatteverket` or `programme:<CODE>`.
    pub policy: String,
    pub state: StatementState,
    /// The first and last date of the trip.
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub eligible: bool,
    pub total: Money,
    /// When the figures were computed (with the rates then current).
    pub computed_at: DateTime<Utc>,
    pub created_by_user_id: Option<i32>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub approved_by_user_id: Option<i32>,
    pub approved_at: Option<DateTime<Utc>>,
    pub paid_by_user_id: Option<i32>,
    pub paid_at: Option<DateTime<Utc>>,
}

/// A statement with its trip and lines.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredStatement {
    pub header: StatementHeader,
    pub trip: Trip,
    pub statement: Statement,
    /// The explanation printed beside each day line, as it was when computed.
    pub day_explanations: Vec<String>,
    pub night_explanations: Vec<String>,
}

/// What a statement holds besides its cohort and state.
pub struct StatementContent<'a> {
    pub traveller_name: &'a str,
    pub traveller_user_id: Option<i32>,
    pub phase_label: Option<&'a str>,
    pub trip: &'a Trip,
    pub statement: &'a Statement,
}

const DAY: &str = "day";
const NIGHT: &str = "night";

pub(crate) fn heading(row: header::Model) -> Result<StatementHeader> {
    let state: StatementState = decode(&row.state, "per_diem_statements.state")?;
    let currency = Currency::parse(&row.currency).map_err(|e| corrupt("currency", e))?;
    let trip = Trip::from_json(&row.trip_json).map_err(|e| corrupt("statement trip", e))?;
    Ok(StatementHeader {
        first_day: trip.departure().date(),
        last_day: trip.return_at().date(),
        id: row.id,
        cohort_id: row.cohort_id,
        traveller_name: row.traveller_name,
        traveller_user_id: row.traveller_user_id,
        phase_label: row.phase_label,
        policy: row.policy,
        state,
        eligible: row.eligible,
        total: Money::from_minor_units(row.total_ore, currency),
        computed_at: row.computed_at,
        created_by_user_id: row.created_by_user_id,
        created_at: row.created_at,
        updated_at: row.updated_at,
        approved_by_user_id: row.approved_by_user_id,
        approved_at: row.approved_at,
        paid_by_user_id: row.paid_by_user_id,
        paid_at: row.paid_at,
    })
}

fn json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| corrupt("statement", e))
}

/// The heading columns that a (re)computation sets.
fn computed(content: &StatementContent<'_>, now: DateTime<Utc>) -> Result<header::ActiveModel> {
    Ok(header::ActiveModel {
        traveller_name: Set(content.traveller_name.to_owned()),
        traveller_user_id: Set(content.traveller_user_id),
        phase_label: Set(content.phase_label.map(str::to_owned)),
        policy: Set(content.trip.policy().to_string()),
        trip_json: Set(json(content.trip)?),
        eligible: Set(content.statement.eligible),
        total_ore: Set(content
            .statement
            .total
            .to_minor_units()
            .map_err(|e| corrupt("total", e))?),
        currency: Set(content.statement.total.currency().code().to_owned()),
        policy_used_json: Set(json(&content.statement.policy)?),
        computed_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
}

async fn write_lines<C: ConnectionTrait>(
    conn: &C,
    statement_id: i32,
    statement: &Statement,
) -> Result<()> {
    line::Entity::delete_many()
        .filter(line::Column::StatementId.eq(statement_id))
        .exec(conn)
        .await?;
    let mut rows = Vec::new();
    for d in &statement.days {
        rows.push(line::ActiveModel {
            statement_id: Set(statement_id),
            position: Set(rows.len() as i32),
            kind: Set(DAY.to_owned()),
            date: Set(d.date),
            country: Set(d.country.as_str().to_owned()),
            day_kind: Set(Some(d.kind.code().to_owned())),
            base_ore: Set(to_ore(d.base)?),
            reduction_ore: Set(to_ore(d.reduction)?),
            amount_ore: Set(to_ore(d.amount)?),
            rule_json: Set(json(&d.rule)?),
            explanation: Set(d.explanation()),
            ..Default::default()
        });
    }
    for n in &statement.nights {
        rows.push(line::ActiveModel {
            statement_id: Set(statement_id),
            position: Set(rows.len() as i32),
            kind: Set(NIGHT.to_owned()),
            date: Set(n.date),
            country: Set(n.country.as_str().to_owned()),
            day_kind: Set(None),
            base_ore: Set(to_ore(n.amount)?),
            reduction_ore: Set(0),
            amount_ore: Set(to_ore(n.amount)?),
            rule_json: Set(json(&n.rule)?),
            explanation: Set(n.explanation()),
            ..Default::default()
        });
    }
    for chunk in rows.chunks(200) {
        line::Entity::insert_many(chunk.to_vec()).exec(conn).await?;
    }
    Ok(())
}

/// Stores a new draft statement with its lines.
pub async fn insert<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
    content: &StatementContent<'_>,
    created_by_user_id: Option<i32>,
    now: DateTime<Utc>,
) -> Result<i32> {
    let mut model = computed(content, now)?;
    model.cohort_id = Set(cohort_id);
    model.state = Set(StatementState::Draft.code().to_owned());
    model.created_by_user_id = Set(created_by_user_id);
    model.created_at = Set(now);
    model.approved_by_user_id = Set(None);
    model.approved_at = Set(None);
    model.paid_by_user_id = Set(None);
    model.paid_at = Set(None);
    let id = header::Entity::insert(model)
        .exec(conn)
        .await?
        .last_insert_id;
    write_lines(conn, id, content.statement).await?;
    Ok(id)
}

/// Replaces a draft's traveller, trip and figures; refuses a statement that is no longer a draft.
pub async fn replace_draft<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    content: &StatementContent<'_>,
    now: DateTime<Utc>,
) -> Result<()> {
    let res = header::Entity::update_many()
        .set(computed(content, now)?)
        .filter(header::Column::Id.eq(id))
        .filter(header::Column::State.eq(StatementState::Draft.code()))
        .exec(conn)
        .await?;
    if res.rows_affected == 0 {
        return Err(PersistenceError::Conflict(
            "The statement is no longer a draft, so it cannot be changed; reload it.".into(),
        ));
    }
    write_lines(conn, id, content.statement).await
}

/// Moves a statement from one state to another, recording who and when; refuses if it is no
/// longer in `from` (someone else acted first).
pub async fn transition<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    from: StatementState,
    to: StatementState,
    by_user_id: Option<i32>,
    now: DateTime<Utc>,
) -> Result<()> {
    let mut update = header::Entity::update_many()
        .col_expr(header::Column::State, Expr::value(to.code()))
        .col_expr(header::Column::UpdatedAt, Expr::value(now));
    update = match to {
        StatementState::Approved => update
            .col_expr(header::Column::ApprovedByUserId, Expr::value(by_user_id))
            .col_expr(header::Column::ApprovedAt, Expr::value(Some(now))),
        StatementState::Paid => update
            .col_expr(header::Column::PaidByUserId, Expr::value(by_user_id))
            .col_expr(header::Column::PaidAt, Expr::value(Some(now))),
        StatementState::Draft => update
            .col_expr(header::Column::ApprovedByUserId, Expr::value(None::<i32>))
            .col_expr(
                header::Column::ApprovedAt,
                Expr::value(None::<DateTime<Utc>>),
            ),
    };
    let res = update
        .filter(header::Column::Id.eq(id))
        .filter(header::Column::State.eq(from.code()))
        .exec(conn)
        .await?;
    if res.rows_affected == 0 {
        return Err(PersistenceError::Conflict(
            "The statement changed meanwhile; reload it and try again.".into(),
        ));
    }
    Ok(())
}

/// A statement with its trip and lines, in two queries.
pub async fn find<C: ConnectionTrait>(conn: &C, id: i32) -> Result<Option<StoredStatement>> {
    let Some(row) = header::Entity::find_by_id(id).one(conn).await? else {
        return Ok(None);
    };
    let lines = line::Entity::find()
        .filter(line::Column::StatementId.eq(id))
        .order_by_asc(line::Column::Position)
        .all(conn)
        .await?;
    let trip = Trip::from_json(&row.trip_json).map_err(|e| corrupt("statement trip", e))?;
    let policy: PolicyUsed =
        serde_json::from_str(&row.policy_used_json).map_err(|e| corrupt("statement policy", e))?;
    let header = heading(row)?;
    let mut statement = Statement {
        eligible: header.eligible,
        days: Vec::new(),
        nights: Vec::new(),
        total: header.total,
        policy,
    };
    let (mut day_explanations, mut night_explanations) = (Vec::new(), Vec::new());
    for l in lines {
        let country = CountryCode::parse(&l.country).map_err(|e| corrupt("line country", e))?;
        let rule = |what| corrupt(what, &l.rule_json);
        match l.kind.as_str() {
            DAY => {
                let kind: DayKind = decode(
                    l.day_kind.as_deref().unwrap_or_default(),
                    "per_diem_statement_lines.day_kind",
                )?;
                statement.days.push(DayLine {
                    date: l.date,
                    country,
                    kind,
                    base: from_ore(l.base_ore),
                    reduction: from_ore(l.reduction_ore),
                    amount: from_ore(l.amount_ore),
                    rule: serde_json::from_str(&l.rule_json).map_err(|_| rule("day rule"))?,
                });
                day_explanations.push(l.explanation);
            }
            NIGHT => {
                statement.nights.push(NightLine {
                    date: l.date,
                    country,
                    amount: from_ore(l.amount_ore),
                    rule: serde_json::from_str(&l.rule_json).map_err(|_| rule("night rule"))?,
                });
                night_explanations.push(l.explanation);
            }
            other => return Err(corrupt("line kind", other)),
        }
    }
    Ok(Some(StoredStatement {
        header,
        trip,
        statement,
        day_explanations,
        night_explanations,
    }))
}

/// Statements of the given cohorts (all when `None`), newest first, in one query.
pub async fn list<C: ConnectionTrait>(
    conn: &C,
    cohort_ids: Option<&[i32]>,
    state: Option<StatementState>,
) -> Result<Vec<StatementHeader>> {
    let mut query = header::Entity::find().order_by_desc(header::Column::Id);
    if let Some(ids) = cohort_ids {
        query = query.filter(header::Column::CohortId.is_in(ids.iter().copied()));
    }
    if let Some(state) = state {
        query = query.filter(header::Column::State.eq(state.code()));
    }
    query.all(conn).await?.into_iter().map(heading).collect()
}

/// Which statements a list shows: all its filters are optional and combine.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatementQuery {
    /// The cohorts the person may see (all when `None`).
    pub visible_cohorts: Option<Vec<i32>>,
    /// The one cohort asked for.
    pub cohort: Option<i32>,
    pub state: Option<StatementState>,
    /// Trips that touch this period: their last day is not before `from` and their first day
    /// not after `to`.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// The statements naming this account as the traveller.
    pub traveller: Option<i32>,
}

/// The statements a query asks for, newest first. The trip's dates live in its JSON, so the
/// period is applied to the rows the other filters leave.
pub async fn search<C: ConnectionTrait>(
    conn: &C,
    q: &StatementQuery,
) -> Result<Vec<StatementHeader>> {
    let mut query = header::Entity::find().order_by_desc(header::Column::Id);
    if let Some(ids) = &q.visible_cohorts {
        query = query.filter(header::Column::CohortId.is_in(ids.iter().copied()));
    }
    if let Some(id) = q.cohort {
        query = query.filter(header::Column::CohortId.eq(id));
    }
    if let Some(state) = q.state {
        query = query.filter(header::Column::State.eq(state.code()));
    }
    if let Some(user) = q.traveller {
        query = query.filter(header::Column::TravellerUserId.eq(user));
    }
    let mut found = Vec::new();
    for row in query.all(conn).await? {
        let h = heading(row)?;
        let after_start = q.from.is_none_or(|from| h.last_day >= from);
        let before_end = q.to.is_none_or(|to| h.first_day <= to);
        if after_start && before_end {
            found.push(h);
        }
    }
    Ok(found)
}

/// Display names and addresses of the people a statement names, in one query.
pub async fn people<C: ConnectionTrait>(
    conn: &C,
    ids: &[i32],
) -> Result<HashMap<i32, (String, String)>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids.iter().copied()))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| (u.id, (u.display_name, u.email)))
        .collect())
}

/// A statement's history from the audit log, oldest first: who did which step, when.
pub async fn history<C: ConnectionTrait>(
    conn: &C,
    statement_id: i32,
) -> Result<Vec<crate::audit::AuditEntry>> {
    use crate::entities::audit_log;
    Ok(audit_log::Entity::find()
        .filter(audit_log::Column::EntityType.eq("per_diem_statement"))
        .filter(audit_log::Column::EntityId.eq(statement_id.to_string()))
        .order_by_asc(audit_log::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(crate::audit::AuditEntry::from)
        .collect())
}
