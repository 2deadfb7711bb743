//! Per-diem statements for the payouts report and the ledger: the headings streamed in number
//! order, and for each batch its days, reductions and amounts by country from the lines.

use std::collections::HashMap;

use futures_util::{Stream, StreamExt};
use itp_domain::Code;
use itp_domain::per_diem::StatementState;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, StreamTrait,
};

use crate::Result;
use crate::entities::{per_diem_statement as header, per_diem_statement_line as line};
use crate::per_diem::statements::{StatementHeader, heading};

/// What a statement's lines add up to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineTotals {
    pub full_days: i64,
    pub half_days: i64,
    pub nights: i64,
    /// Meal reductions, in öre (positive: what was taken off).
    pub reductions_ore: i64,
    /// What the days and nights in Sweden pay, in öre.
    pub sweden_ore: i64,
    /// What the days and nights abroad pay, in öre.
    pub abroad_ore: i64,
}

/// The statements of `cohorts` (in any state, or those of `states`), in number order, as the
/// database returns them.
pub async fn statements<'a, C>(
    conn: &'a C,
    cohorts: &[i32],
    states: &[StatementState],
) -> Result<impl Stream<Item = Result<StatementHeader>> + Send + 'a>
where
    C: ConnectionTrait + StreamTrait + Send,
{
    let mut query = header::Entity::find()
        .filter(header::Column::CohortId.is_in(cohorts.iter().copied()))
        .order_by_asc(header::Column::Id);
    if !states.is_empty() {
        query = query.filter(header::Column::State.is_in(states.iter().map(|s| s.code())));
    }
    let rows = query.stream(conn).await?;
    Ok(rows.map(|row| row.map_err(Into::into).and_then(heading)))
}

/// The line totals of the statements `ids`, in one query.
pub async fn line_totals<C: ConnectionTrait>(
    conn: &C,
    ids: &[i32],
) -> Result<HashMap<i32, LineTotals>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i32, String, Option<String>, String, i64, i64)> = line::Entity::find()
        .select_only()
        .column(line::Column::StatementId)
        .column(line::Column::Kind)
        .column(line::Column::DayKind)
        .column(line::Column::Country)
        .column(line::Column::ReductionOre)
        .column(line::Column::AmountOre)
        .filter(line::Column::StatementId.is_in(ids.iter().copied()))
        .into_tuple()
        .all(conn)
        .await?;
    let mut totals: HashMap<i32, LineTotals> = HashMap::new();
    for (id, kind, day_kind, country, reduction, amount) in rows {
        let t = totals.entry(id).or_default();
        match (kind.as_str(), day_kind.as_deref()) {
            ("day", Some("full")) => t.full_days += 1,
            ("day", Some("half")) => t.half_days += 1,
            ("night", _) => t.nights += 1,
            _ => {}
        }
        t.reductions_ore += reduction;
        if country == "SE" {
            t.sweden_ore += amount;
        } else {
            t.abroad_ore += amount;
        }
    }
    Ok(totals)
}
