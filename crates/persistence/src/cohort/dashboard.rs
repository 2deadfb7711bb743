//! The counts on a cohort's dashboard, in one statement.

use sea_orm::ConnectionTrait;
use sea_orm::sea_query::{Asterisk, Expr, ExprTrait, Query};

use super::corrupt;
use crate::Result;
use crate::entities::{cohort_manager, cohort_phase, role_grant};

/// The numbers on a cohort's dashboard. Each is one scalar subquery of a single statement, so the
/// dashboard costs one round trip however many counts it shows; a feature that owns a count adds
/// its subquery in [`dashboard_counts`] and its field here.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DashboardCounts {
    pub phases: i64,
    pub compulsory_phases: i64,
    pub managers: i64,
    pub reviewers: i64,
}

pub async fn dashboard_counts<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
) -> Result<DashboardCounts> {
    let count = |table: cohort_phase::Entity| {
        Query::select()
            .expr(Expr::col(Asterisk).count())
            .from(table)
            .and_where(Expr::col(cohort_phase::Column::CohortId).eq(cohort_id))
            .to_owned()
    };
    let sub = |s: sea_orm::sea_query::SelectStatement| Expr::SubQuery(None, Box::new(s.into()));
    let phases = count(cohort_phase::Entity);
    let compulsory = count(cohort_phase::Entity)
        .and_where(Expr::col(cohort_phase::Column::Compulsory).eq(true))
        .to_owned();
    let managers = Query::select()
        .expr(Expr::col(Asterisk).count())
        .from(cohort_manager::Entity)
        .and_where(Expr::col(cohort_manager::Column::CohortId).eq(cohort_id))
        .to_owned();
    let reviewers = Query::select()
        .expr(Expr::col(Asterisk).count())
        .from(role_grant::Entity)
        .and_where(Expr::col(role_grant::Column::Role).eq("reviewer"))
        .and_where(Expr::col(role_grant::Column::ScopeId).eq(cohort_id))
        .to_owned();
    let stmt = Query::select()
        .expr_as(sub(phases), "phases")
        .expr_as(sub(compulsory), "compulsory_phases")
        .expr_as(sub(managers), "managers")
        .expr_as(sub(reviewers), "reviewers")
        .to_owned();
    let row = conn
        .query_one(&stmt)
        .await?
        .ok_or_else(|| corrupt("dashboard counts returned no row"))?;
    Ok(DashboardCounts {
        phases: row.try_get("", "phases")?,
        compulsory_phases: row.try_get("", "compulsory_phases")?,
        managers: row.try_get("", "managers")?,
        reviewers: row.try_get("", "reviewers")?,
    })
}
