//! Cost items for the costs report, by cohort, day and id: streamed, so a report of any size is
//! written while it is read. Only the report's columns are read: decoding the others (two
//! timestamps among them) took a fifth of an export's time.

use chrono::NaiveDate;
use futures_util::{Stream, StreamExt};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QuerySelect, StreamTrait,
};

use crate::Result;
use crate::entities::cost_item as cost;

/// One cost item as the report reads it: amounts in minor units, the rate as stored.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct CostLine {
    pub id: i32,
    pub cohort_id: i32,
    pub category: String,
    pub source_kind: String,
    pub participant_id: Option<i32>,
    pub supplier: String,
    pub description: String,
    pub incurred_on: NaiveDate,
    pub currency: String,
    pub amount_minor: i64,
    pub rate: String,
    pub rate_on: NaiveDate,
    pub amount_ore: i64,
    pub state: String,
    pub paid_on: Option<NaiveDate>,
    pub voucher: String,
}

/// The cost items of `cohorts` (in `state` when one is given), incurred between `from` and
/// `to` when given, by cohort, day and id.
pub async fn items<'a, C>(
    conn: &'a C,
    cohorts: &[i32],
    state: Option<&str>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<impl Stream<Item = Result<CostLine>> + Send + 'a>
where
    C: ConnectionTrait + StreamTrait + Send,
{
    let mut query = cost::Entity::find()
        .filter(cost::Column::CohortId.is_in(cohorts.iter().copied()))
        .order_by_asc(cost::Column::CohortId)
        .order_by_asc(cost::Column::IncurredOn)
        .order_by_asc(cost::Column::Id);
    if let Some(state) = state {
        query = query.filter(cost::Column::State.eq(state));
    }
    if let Some(from) = from {
        query = query.filter(cost::Column::IncurredOn.gte(from));
    }
    if let Some(to) = to {
        query = query.filter(cost::Column::IncurredOn.lte(to));
    }
    use cost::Column as C;
    let rows = query
        .select_only()
        .columns([
            C::Id,
            C::CohortId,
            C::Category,
            C::SourceKind,
            C::ParticipantId,
            C::Supplier,
            C::Description,
            C::IncurredOn,
            C::Currency,
            C::AmountMinor,
            C::Rate,
            C::RateOn,
            C::AmountOre,
            C::State,
            C::PaidOn,
            C::Voucher,
        ])
        .into_model::<CostLine>()
        .stream(conn)
        .await?;
    Ok(rows.map(|row| row.map_err(Into::into)))
}
