//! Per-diem payouts: one row per statement, with its days, reductions and amount, who prepared
//! and approved it and when it was approved and paid.

use chrono::Datelike;
use futures_util::StreamExt;
use itp_domain::per_diem::StatementState;
use itp_domain::{Code, Money};
use itp_persistence::DatabaseConnection;
use itp_persistence::per_diem::statements::StatementHeader;
use itp_persistence::reports::names;
use itp_persistence::reports::per_diem::{self, LineTotals};

use super::run::Plan;
use crate::error::Result;
use crate::export::{Column, Export, RowSender};

/// Statements completed with their lines and names at a time.
const BATCH: usize = 200;

#[derive(Debug, Clone, PartialEq)]
pub struct PayoutRow {
    pub header: StatementHeader,
    pub programme_code: String,
    pub cohort: String,
    pub lines: LineTotals,
    pub preparer: String,
    pub approver: String,
}

pub static PAYOUTS: Export<PayoutRow> = Export {
    name: "per-diem",
    title: "Per-diem payouts",
    description: "One row per per-diem statement of the cohorts in the filter (by the trip's \
                  dates, and by state when one is chosen): its days, reductions and amount exact \
                  as stored when it was computed, who prepared and approved it, and when it was \
                  approved and paid.",
    columns: &[
        Column::integer("statement", "The statement's number in ITP Admin.", |r| {
            Some(r.header.id.into())
        }),
        Column::str(
            "traveller",
            "The participant or traveller, by the name on the statement.",
            |r| r.header.traveller_name.as_str(),
        ),
        Column::str(
            "programme",
            "The code of the cohort's programme (MF).",
            |r| r.programme_code.as_str(),
        ),
        Column::str("cohort", "The cohort the traveller belongs to.", |r| {
            r.cohort.as_str()
        }),
        Column::text(
            "phase",
            "The phase of the programme the trip was for; empty for none.",
            |r| r.header.phase_label.clone().unwrap_or_default(),
        ),
        Column::date("first_day", "The day the trip began.", |r| {
            Some(r.header.first_day)
        }),
        Column::date("last_day", "The day the trip ended.", |r| {
            Some(r.header.last_day)
        }),
        Column::integer("full_days", "Days that give a full per diem.", |r| {
            Some(r.lines.full_days)
        }),
        Column::integer("half_days", "Days that give a half per diem.", |r| {
            Some(r.lines.half_days)
        }),
        Column::integer("nights", "Nights that give a night allowance.", |r| {
            Some(r.lines.nights)
        }),
        Column::money(
            "reductions_sek",
            "What free meals took off the per diem, in SEK.",
            |r| {
                Some(Money::from_minor_units(
                    r.lines.reductions_ore,
                    r.header.total.currency(),
                ))
            },
        ),
        Column::money("amount_sek", "What the statement pays, in SEK.", |r| {
            Some(r.header.total)
        }),
        Column::text("state", "draft, approved or paid.", |r| {
            r.header.state.code().to_owned()
        }),
        Column::str("prepared_by", "Who prepared the statement.", |r| {
            r.preparer.as_str()
        }),
        Column::str(
            "approved_by",
            "Who approved it (finance's side of the four eyes); empty until approved.",
            |r| r.approver.as_str(),
        ),
        Column::date("approved_on", "The day it was approved (UTC).", |r| {
            r.header.approved_at.map(|t| t.date_naive())
        }),
        Column::date("paid_on", "The day it was marked paid (UTC).", |r| {
            r.header.paid_at.map(|t| t.date_naive())
        }),
        Column::integer(
            "rate_year",
            "The year of the rate tables the statement used: that of the trip's first day.",
            |r| Some(r.header.first_day.year().into()),
        ),
        Column::str(
            "policy",
            "The per-diem policy: skatteverket, or programme:<CODE> for a programme's own.",
            |r| r.header.policy.as_str(),
        ),
    ],
};

/// The states the filter asks for.
pub(super) fn states(plan: &Plan) -> Vec<StatementState> {
    plan.filter
        .state
        .as_deref()
        .and_then(StatementState::parse)
        .into_iter()
        .collect()
}

/// Sends the payouts of the plan; the number of rows sent.
pub async fn rows(conn: DatabaseConnection, plan: Plan, out: &RowSender<PayoutRow>) -> Result<u64> {
    let states = states(&plan);
    let found = per_diem::statements(&conn, &plan.cohort_ids(), &states).await?;
    let filter = plan.filter.clone();
    let found = found.filter(move |h| {
        let keep = h
            .as_ref()
            .map_or(true, |h| filter.overlaps(h.first_day, h.last_day));
        async move { keep }
    });
    let mut batches = std::pin::pin!(found.chunks(BATCH));
    let mut sent = 0;
    while let Some(batch) = batches.next().await {
        let batch: Vec<StatementHeader> =
            batch.into_iter().collect::<itp_persistence::Result<_>>()?;
        let ids: Vec<i32> = batch.iter().map(|h| h.id).collect();
        let mut totals = per_diem::line_totals(&conn, &ids).await?;
        let mut people: Vec<i32> = batch
            .iter()
            .flat_map(|h| [h.created_by_user_id, h.approved_by_user_id])
            .flatten()
            .collect();
        people.sort_unstable();
        people.dedup();
        let named = names(&conn, &people).await?;
        let name = |id: Option<i32>| {
            id.and_then(|id| named.get(&id).cloned())
                .unwrap_or_default()
        };
        for header in batch {
            let cohort = plan.cohort(header.cohort_id);
            let row = PayoutRow {
                programme_code: cohort.map(|c| c.programme_code.clone()).unwrap_or_default(),
                cohort: cohort.map(|c| c.name.clone()).unwrap_or_default(),
                lines: totals.remove(&header.id).unwrap_or_default(),
                preparer: name(header.created_by_user_id),
                approver: name(header.approved_by_user_id),
                header,
            };
            out.send(row).await?;
            sent += 1;
        }
    }
    Ok(sent)
}
