//! The counts on a cohort's dashboard, in one statement.

use itp_domain::Code;
use itp_domain::application::ApplicationStatus;
use itp_domain::application::eligibility::Eligibility;
use itp_domain::role::Role;
use sea_orm::ConnectionTrait;
use sea_orm::sea_query::{Asterisk, Expr, ExprTrait, Query};

use super::corrupt;
use crate::Result;
use crate::entities::{application, cohort_manager, cohort_phase, role_grant};

/// The numbers on a cohort's dashboard. Each is one scalar subquery of a single statement, so the
/// dashboard costs one round trip however many counts it shows; a feature that owns a count adds
/// its subquery in [`dashboard_counts`] and its field here.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DashboardCounts {
    pub phases: i64,
    pub compulsory_phases: i64,
    pub managers: i64,
    pub reviewers: i64,
    /// Submitted applications (withdrawn and drafts left out).
    pub applications: i64,
    /// Submitted applications whose eligibility checks all pass.
    pub eligible_applications: i64,
    /// Women among the members of submitted applications.
    pub applicant_women: i64,
    /// Members of submitted applications.
    pub applicant_people: i64,
    /// Drafts in progress.
    pub draft_applications: i64,
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
        .and_where(Expr::col(role_grant::Column::Role).eq(Role::Reviewer.code()))
        .and_where(Expr::col(role_grant::Column::ScopeId).eq(cohort_id))
        .to_owned();
    // The submitted applications' numbers come from one pass over their entries in the covering
    // index `idx_applications_counts`, rather than a pass per number.
    let submitted = Query::select()
        .expr_as(Expr::col(Asterisk).count(), "applications")
        .expr_as(
            Expr::cust_with_values(
                "COUNT(CASE WHEN eligibility = ? THEN 1 END)",
                [Eligibility::Pass.code()],
            ),
            "eligible_applications",
        )
        .expr_as(
            Expr::cust("COALESCE(SUM(member_count), 0)"),
            "applicant_people",
        )
        .expr_as(
            Expr::cust("COALESCE(SUM(women_count), 0)"),
            "applicant_women",
        )
        .from(application::Entity)
        .and_where(Expr::col(application::Column::CohortId).eq(cohort_id))
        .and_where(Expr::col(application::Column::Status).eq(ApplicationStatus::Submitted.code()))
        .to_owned();
    let drafts = Query::select()
        .expr(Expr::col(Asterisk).count())
        .from(application::Entity)
        .and_where(Expr::col(application::Column::CohortId).eq(cohort_id))
        .and_where(Expr::col(application::Column::Status).eq(ApplicationStatus::Draft.code()))
        .to_owned();
    let stmt = Query::select()
        .expr_as(sub(phases), "phases")
        .expr_as(sub(compulsory), "compulsory_phases")
        .expr_as(sub(managers), "managers")
        .expr_as(sub(reviewers), "reviewers")
        .expr_as(sub(drafts), "draft_applications")
        .column(Asterisk)
        .from_subquery(submitted, "a")
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
        applications: row.try_get("", "applications")?,
        eligible_applications: row.try_get("", "eligible_applications")?,
        applicant_people: row.try_get("", "applicant_people")?,
        applicant_women: row.try_get("", "applicant_women")?,
        draft_applications: row.try_get("", "draft_applications")?,
    })
}
