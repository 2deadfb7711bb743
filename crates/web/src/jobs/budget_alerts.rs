//! Every hour: finance is told when a budget line under control reaches 90 % of its plan, and
//! again when it goes beyond it: once per line, level and finance person, as the reminders table
//! records (a line that falls back and rises again is not announced twice).

use itp_domain::Code;
use itp_domain::account::Email;
use itp_domain::budget::AlertLevel;
use itp_domain::format::{self, Lang};
use itp_domain::mail::Values;
use itp_domain::role::Role;
use itp_persistence::budget::figures as stored;
use itp_persistence::reminders::Cause;
use itp_persistence::{account, programme};

use super::{Job, JobFuture, Report, remind};
use crate::budget::figures;
use crate::mail::{self, texts};
use crate::ops::{Context, OpResult};

pub struct BudgetAlerts;

impl Job for BudgetAlerts {
    fn name(&self) -> &'static str {
        "budget_alerts"
    }

    fn default_schedule(&self) -> &'static str {
        "0 15 * * * *"
    }

    fn purpose(&self) -> &'static str {
        "Tells finance when a budget line under control reaches 90 % of its plan or goes beyond it, once per line and level."
    }

    fn run<'a>(&'a self, ctx: &'a Context<'a>) -> JobFuture<'a> {
        Box::pin(budget_alerts(ctx))
    }
}

/// What the mail says a line has done.
fn reached(level: AlertLevel) -> &'static str {
    match level {
        AlertLevel::Warning => "reached 90 % of its plan",
        AlertLevel::Over => "gone beyond its plan",
    }
}

async fn budget_alerts(ctx: &Context<'_>) -> OpResult<Report> {
    let base = ctx.state.config.base_url.trim_end_matches('/').to_owned();
    let mut uow = ctx.begin().await?;
    let finance: Vec<(i32, Email, String)> = account::list(uow.conn())
        .await?
        .into_iter()
        .filter(|(u, grants)| u.active && grants.iter().any(|g| g.role == Role::Finance))
        .filter_map(|(u, _)| {
            Email::parse(&u.email)
                .ok()
                .map(|e| (u.id, e, u.display_name))
        })
        .collect();
    let (mut lines_alerting, mut told) = (0u64, 0u64);
    if finance.is_empty() {
        uow.commit().await?;
        return Ok(Report::text("skipped: nobody has the finance role"));
    }
    for cohort in stored::all_cohorts(uow.conn()).await? {
        let budget = figures::view(stored::cohort_budget(uow.conn(), cohort.cohort_id).await?);
        let programme_name = programme::find(uow.conn(), cohort.programme_id)
            .await?
            .map(|p| p.programme.name)
            .unwrap_or_default();
        for row in budget.rows {
            let Some(level) = row.level else {
                continue;
            };
            lines_alerting += 1;
            let planned = format::money(&itp_domain::Money::sek(row.figures.planned), Lang::En);
            let committed = format::money(&itp_domain::Money::sek(row.figures.committed), Lang::En);
            for (user_id, email, name) in &finance {
                let values = Values::new()
                    .set("name", name)
                    .set("cohort", &cohort.cohort_name)
                    .set("programme", &programme_name)
                    .set("line", row.line.category.label())
                    .set("level", reached(level))
                    .set("planned", &planned)
                    .set("committed", &committed)
                    .set(
                        "link",
                        format!("{base}/cohorts/{}/budget", cohort.cohort_id),
                    );
                let message = texts::message(
                    uow.conn(),
                    "budget.alert",
                    Some(cohort.programme_id),
                    &values,
                    email,
                    name,
                    mail::Cause::new("budget_line", row.line.id),
                )
                .await?;
                let cause = Cause {
                    kind: level.code(),
                    subject_type: "budget_line",
                    subject_id: row.line.id,
                    user_id: *user_id,
                };
                if remind::once(&mut uow, &cause, &message).await? {
                    told += 1;
                }
            }
        }
    }
    uow.commit().await?;
    Ok(Report::counted(
        "alerted",
        vec![
            ("lines at or beyond their warning level", lines_alerting),
            ("alerts to finance", told),
        ],
    ))
}
