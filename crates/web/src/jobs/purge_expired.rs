//! Deletes what has expired: sessions past their idle or absolute limit, one-time links a week
//! after they expired, login counters untouched for a day (they hold e-mail addresses), and,
//! after 30 days, the record of job runs, the claims of their slots and finished background work.

use chrono::Duration;
use itp_persistence::{account, background, jobs, request_counts, session, throttle};

use super::{Job, JobFuture, Report};
use crate::ops::{Context, OpResult};

pub struct PurgeExpired;

impl Job for PurgeExpired {
    fn name(&self) -> &'static str {
        "purge_expired"
    }

    fn default_schedule(&self) -> &'static str {
        "0 */15 * * * *"
    }

    fn purpose(&self) -> &'static str {
        "Deletes expired sessions, one-time links and login counters, and month-old job records."
    }

    fn run<'a>(&'a self, ctx: &'a Context<'a>) -> JobFuture<'a> {
        Box::pin(purge(ctx))
    }
}

async fn purge(ctx: &Context<'_>) -> OpResult<Report> {
    let uow = ctx.begin().await?;
    let (conn, now) = (uow.conn(), uow.now());
    let policy = ctx.state.config.session;
    let sessions = session::purge_expired(conn, now - policy.idle, now - policy.absolute).await?;
    let links = account::purge_links(conn, now - Duration::days(7)).await?;
    let counters = throttle::purge_stale(conn, now - Duration::days(1)).await?
        + request_counts::purge_stale(conn, now - Duration::days(1)).await?;
    let month_ago = now - Duration::days(30);
    let runs = jobs::purge_before(conn, month_ago).await?;
    let slots = jobs::purge_slots_before(conn, month_ago).await?;
    let work = background::purge_finished_before(conn, month_ago).await?;
    uow.commit().await?;
    Ok(Report::counted(
        "deleted",
        vec![
            ("sessions", sessions),
            ("links", links),
            ("request counters", counters),
            ("job runs", runs),
            ("job slots", slots),
            ("finished background work items", work),
        ],
    ))
}
