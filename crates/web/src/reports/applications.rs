//! The applications of one cohort as a report: the columns of the manager's list export (see
//! `crate::application::export`), streamed the same way, with the report's filters: status, and
//! the date range on the day of submission.

use futures_util::StreamExt;
use itp_domain::Code;
use itp_domain::application::ApplicationStatus;
use itp_persistence::DatabaseConnection;
use itp_persistence::application::list::{self, Filter, ListRow, Sort};

use super::run::Plan;
use crate::application::export::{self, ExportRow};
use crate::error::{AppError, Result};
use crate::export::RowSender;

/// Rows completed with their teams and duplicates at a time.
const BATCH: usize = 200;

pub async fn rows(conn: DatabaseConnection, plan: Plan, out: &RowSender<ExportRow>) -> Result<u64> {
    let cohort_id = plan.filter.cohort.ok_or_else(|| {
        AppError::internal("the applications report was planned without a cohort")
    })?;
    let filter = Filter {
        status: plan
            .filter
            .state
            .as_deref()
            .and_then(ApplicationStatus::parse),
        ..Filter::default()
    };
    let lookups = conn.clone();
    let found = list::for_export(&conn, cohort_id, &filter, Sort::Submitted, false).await?;
    let period = plan.filter.clone();
    let found = found.filter(move |r| {
        let keep = r.as_ref().map_or(true, |r| {
            r.submitted_at
                .is_none_or(|t| period.contains(t.date_naive()))
        });
        async move { keep }
    });
    let mut batches = std::pin::pin!(found.chunks(BATCH));
    let mut sent = 0;
    while let Some(batch) = batches.next().await {
        let batch: Vec<ListRow> = batch.into_iter().collect::<itp_persistence::Result<_>>()?;
        for row in export::complete(&lookups, cohort_id, batch).await? {
            out.send(row).await?;
            sent += 1;
        }
    }
    Ok(sent)
}
