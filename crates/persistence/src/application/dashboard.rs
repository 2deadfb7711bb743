//! The applications' numbers on a cohort's dashboard (see `cohort::dashboard` for how the
//! features' numbers become one statement).

use itp_domain::Code;
use itp_domain::application::ApplicationStatus;
use itp_domain::application::eligibility::Eligibility;
use sea_orm::ConnectionTrait;
use sea_orm::sea_query::{Asterisk, Expr, ExprTrait, Query};

use crate::Result;
use crate::cohort::dashboard::{CountsQuery, CountsRow, dashboard_row, scalar};
use crate::entities::application;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ApplicationCounts {
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

impl ApplicationCounts {
    pub fn query(cohort_id: i32) -> CountsQuery {
        // The submitted applications' numbers come from one pass over their entries in the
        // covering index `idx_applications_counts`, rather than a pass per number.
        let submitted = Query::select()
            .expr_as(Expr::col(Asterisk).count(), "applications")
            .expr_as(
                // The code is ours, not anyone's input: written into the SQL, not bound, as a
                // bound value inside a derived table breaks PostgreSQL's placeholder numbering.
                Expr::cust(format!(
                    "COUNT(CASE WHEN eligibility = '{}' THEN 1 END)",
                    Eligibility::Pass.code()
                )),
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
            .and_where(
                Expr::col(application::Column::Status).eq(ApplicationStatus::Submitted.code()),
            )
            .to_owned();
        let drafts = Query::select()
            .expr(Expr::col(Asterisk).count())
            .from(application::Entity)
            .and_where(Expr::col(application::Column::CohortId).eq(cohort_id))
            .and_where(Expr::col(application::Column::Status).eq(ApplicationStatus::Draft.code()))
            .to_owned();
        CountsQuery::new(
            Query::select()
                .expr_as(scalar(drafts), "draft_applications")
                .column(Asterisk)
                .from_subquery(submitted, "a")
                .to_owned(),
        )
    }

    pub fn read(row: &CountsRow) -> Result<ApplicationCounts> {
        Ok(ApplicationCounts {
            applications: row.count("applications")?,
            eligible_applications: row.count("eligible_applications")?,
            applicant_people: row.count("applicant_people")?,
            applicant_women: row.count("applicant_women")?,
            draft_applications: row.count("draft_applications")?,
        })
    }
}

/// The applications' numbers alone (for the lifecycle's facts and for tests).
pub async fn counts<C: ConnectionTrait>(conn: &C, cohort_id: i32) -> Result<ApplicationCounts> {
    let row = dashboard_row(conn, vec![ApplicationCounts::query(cohort_id)]).await?;
    ApplicationCounts::read(&row)
}
