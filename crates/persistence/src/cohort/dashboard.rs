//! The numbers on a cohort's dashboard, in one statement. Each feature that shows numbers there
//! gives a query returning one row ([`PhaseCounts::query`], [`PeopleCounts::query`],
//! `application::dashboard::ApplicationCounts::query`); [`dashboard_row`] runs them all as the
//! derived tables of a single `SELECT`, so the dashboard costs one round trip however many
//! features plug into it, and each feature reads its own columns back from the [`CountsRow`].

use itp_domain::Code;
use itp_domain::role::Role;
use sea_orm::sea_query::{Alias, Asterisk, Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{ConnectionTrait, QueryResult};

use super::corrupt;
use crate::Result;
use crate::entities::{cohort_manager, cohort_phase, role_grant};

/// One feature's query for the dashboard: it returns one row of numbers under column names that
/// no other feature uses.
#[derive(Debug, Clone)]
pub struct CountsQuery(SelectStatement);

/// The one row every feature's numbers were read into. Column names are the features' own, so
/// they must not repeat across features.
#[derive(Debug, Default)]
pub struct CountsRow(Option<QueryResult>);

impl CountsRow {
    pub fn count(&self, column: &str) -> Result<i64> {
        let row = self
            .0
            .as_ref()
            .ok_or_else(|| corrupt(format!("no dashboard query gave {column}")))?;
        Ok(row.try_get("", column)?)
    }
}

/// Runs every feature's one-row query as one statement.
pub async fn dashboard_row<C: ConnectionTrait>(
    conn: &C,
    queries: Vec<CountsQuery>,
) -> Result<CountsRow> {
    if queries.is_empty() {
        return Ok(CountsRow::default());
    }
    let mut stmt = Query::select();
    stmt.column(Asterisk);
    for (i, CountsQuery(q)) in queries.into_iter().enumerate() {
        stmt.from_subquery(q, Alias::new(format!("part_{i}")));
    }
    let row = conn
        .query_one(&stmt)
        .await?
        .ok_or_else(|| corrupt("dashboard counts returned no row"))?;
    Ok(CountsRow(Some(row)))
}

impl CountsQuery {
    /// A feature's one-row query (built with sea-query in its own persistence module).
    pub fn new(one_row: SelectStatement) -> CountsQuery {
        CountsQuery(one_row)
    }
}

/// `(SELECT …)` as a value, for a one-row query of scalar subqueries.
pub fn scalar(s: SelectStatement) -> Expr {
    Expr::SubQuery(None, Box::new(s.into()))
}

fn count_where(table: impl sea_orm::sea_query::IntoTableRef) -> SelectStatement {
    Query::select()
        .expr(Expr::col(Asterisk).count())
        .from(table)
        .to_owned()
}

/// The cohort's phases on its dashboard.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PhaseCounts {
    pub phases: i64,
    pub compulsory_phases: i64,
}

impl PhaseCounts {
    pub fn query(cohort_id: i32) -> CountsQuery {
        let phases = count_where(cohort_phase::Entity)
            .and_where(Expr::col(cohort_phase::Column::CohortId).eq(cohort_id))
            .to_owned();
        let compulsory = phases
            .clone()
            .and_where(Expr::col(cohort_phase::Column::Compulsory).eq(true))
            .to_owned();
        CountsQuery(
            Query::select()
                .expr_as(scalar(phases), "phases")
                .expr_as(scalar(compulsory), "compulsory_phases")
                .to_owned(),
        )
    }

    pub fn read(row: &CountsRow) -> Result<PhaseCounts> {
        Ok(PhaseCounts {
            phases: row.count("phases")?,
            compulsory_phases: row.count("compulsory_phases")?,
        })
    }
}

/// The people responsible for the cohort: its managers and its reviewers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PeopleCounts {
    pub managers: i64,
    pub reviewers: i64,
}

impl PeopleCounts {
    pub fn query(cohort_id: i32) -> CountsQuery {
        let managers = count_where(cohort_manager::Entity)
            .and_where(Expr::col(cohort_manager::Column::CohortId).eq(cohort_id))
            .to_owned();
        let reviewers = count_where(role_grant::Entity)
            .and_where(Expr::col(role_grant::Column::Role).eq(Role::Reviewer.code()))
            .and_where(Expr::col(role_grant::Column::ScopeId).eq(cohort_id))
            .to_owned();
        CountsQuery(
            Query::select()
                .expr_as(scalar(managers), "managers")
                .expr_as(scalar(reviewers), "reviewers")
                .to_owned(),
        )
    }

    pub fn read(row: &CountsRow) -> Result<PeopleCounts> {
        Ok(PeopleCounts {
            managers: row.count("managers")?,
            reviewers: row.count("reviewers")?,
        })
    }
}
