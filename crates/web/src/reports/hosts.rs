//! Host compensation per host and year: what each host municipality is paid for the study
//! visits it hosts, summed per calendar year of the visits' first days.

use chrono::Datelike;
use futures_util::StreamExt;
use itp_domain::{Currency, Money};
use itp_persistence::DatabaseConnection;
use itp_persistence::reports::hosts::{self, VisitLine};

use super::run::Plan;
use crate::error::Result;
use crate::export::{Column, Export, RowSender};

#[derive(Debug, Clone, PartialEq)]
pub struct HostYear {
    pub host_id: i32,
    pub municipality: String,
    pub municipality_code: String,
    pub year: i32,
    pub visits: i64,
    pub visit_days: i64,
    /// Visits with a compensation agreed.
    pub compensated: i64,
    pub compensation_ore: i64,
}

pub static HOST_COMPENSATION: Export<HostYear> = Export {
    name: "hosts",
    title: "Host compensation per host and year",
    description: "One row per host municipality and calendar year: the study visits of the \
                  cohorts in the filter that begin in that year (in the date range and state \
                  chosen; declined and cancelled visits only when asked for by state), their \
                  days, and the compensation agreed for them, exact.",
    columns: &[
        Column::str("municipality", "The host municipality's name.", |r| {
            r.municipality.as_str()
        }),
        Column::str(
            "municipality_code",
            "The municipality's four-digit code (SCB kommunkod).",
            |r| r.municipality_code.as_str(),
        ),
        Column::integer("year", "The calendar year the visits began in.", |r| {
            Some(r.year.into())
        }),
        Column::integer("visits", "How many study visits.", |r| Some(r.visits)),
        Column::integer(
            "visit_days",
            "Their days together, first and last day included.",
            |r| Some(r.visit_days),
        ),
        Column::integer(
            "compensated_visits",
            "How many of them have a compensation agreed.",
            |r| Some(r.compensated),
        ),
        Column::money(
            "compensation_sek",
            "The compensation agreed for them, in SEK.",
            |r| Some(Money::from_minor_units(r.compensation_ore, Currency::SEK)),
        ),
    ],
};

/// Sends one row per host and year, summed while the visits stream by host and day.
pub async fn rows(conn: DatabaseConnection, plan: Plan, out: &RowSender<HostYear>) -> Result<u64> {
    let hosts: std::collections::HashMap<i32, (String, String)> =
        itp_persistence::hosts::list(&conn)
            .await?
            .into_iter()
            .map(|h| (h.id, (h.name().to_owned(), h.municipality.code.to_owned())))
            .collect();
    let states: Vec<String> = plan.filter.state.iter().cloned().collect();
    let visits = hosts::visits(&conn, &plan.cohort_ids(), &states).await?;
    let mut visits = std::pin::pin!(visits);
    let mut current: Option<HostYear> = None;
    let mut sent = 0;
    while let Some(v) = visits.next().await {
        let v: VisitLine = v?;
        if !plan.filter.contains(v.starts_on) {
            continue;
        }
        let year = v.starts_on.year();
        if current
            .as_ref()
            .is_some_and(|c| c.host_id != v.host_id || c.year != year)
            && let Some(done) = current.take()
        {
            out.send(done).await?;
            sent += 1;
        }
        let row = current.get_or_insert_with(|| {
            let (name, code) = hosts.get(&v.host_id).cloned().unwrap_or_default();
            HostYear {
                host_id: v.host_id,
                municipality: name,
                municipality_code: code,
                year,
                visits: 0,
                visit_days: 0,
                compensated: 0,
                compensation_ore: 0,
            }
        });
        row.visits += 1;
        row.visit_days += (v.ends_on - v.starts_on).num_days() + 1;
        if let Some(ore) = v.compensation_ore {
            row.compensated += 1;
            row.compensation_ore += ore;
        }
    }
    if let Some(done) = current {
        out.send(done).await?;
        sent += 1;
    }
    Ok(sent)
}
