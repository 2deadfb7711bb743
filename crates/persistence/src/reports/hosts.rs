//! Study visits for the host compensation report, ordered by host and start day, so the report
//! sums a host's year while it reads and never holds more than one host's year.

use chrono::NaiveDate;
use futures_util::{Stream, StreamExt};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, StreamTrait,
};

use crate::Result;
use crate::entities::study_visit as visit;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitLine {
    pub host_id: i32,
    pub cohort_id: i32,
    pub state: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub compensation_ore: Option<i64>,
}

type Tuple = (i32, i32, String, NaiveDate, NaiveDate, Option<i64>);

/// The visits of `cohorts` (in `states`, or any but declined and cancelled), by host, then
/// start day.
pub async fn visits<'a, C>(
    conn: &'a C,
    cohorts: &[i32],
    states: &[String],
) -> Result<impl Stream<Item = Result<VisitLine>> + Send + 'a>
where
    C: ConnectionTrait + StreamTrait + Send,
{
    let mut query = visit::Entity::find()
        .select_only()
        .column(visit::Column::HostId)
        .column(visit::Column::CohortId)
        .column(visit::Column::State)
        .column(visit::Column::StartsOn)
        .column(visit::Column::EndsOn)
        .column(visit::Column::CompensationOre)
        .filter(visit::Column::CohortId.is_in(cohorts.iter().copied()))
        .order_by_asc(visit::Column::HostId)
        .order_by_asc(visit::Column::StartsOn)
        .order_by_asc(visit::Column::Id);
    query = if states.is_empty() {
        query.filter(visit::Column::State.is_not_in(["declined", "cancelled"]))
    } else {
        query.filter(visit::Column::State.is_in(states.iter().cloned()))
    };
    let rows = query.into_tuple::<Tuple>().stream(conn).await?;
    Ok(rows.map(|row| {
        row.map_err(Into::into).map(
            |(host_id, cohort_id, state, starts_on, ends_on, compensation_ore)| VisitLine {
                host_id,
                cohort_id,
                state,
                starts_on,
                ends_on,
                compensation_ore,
            },
        )
    }))
}
