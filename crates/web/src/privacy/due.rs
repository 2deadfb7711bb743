//! What is due next: per kind of personal data, how much is due now and when the next record
//! comes due, from the same rules the purge applies.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use itp_domain::retention::{Kind, Period};
use itp_persistence::retention as store;

use super::purge::{applications_due, documents_due, finance_cutoff};
use crate::app::AppState;
use crate::error::Result;

/// One kind's line on the page.
pub struct DueLine {
    pub kind: Kind,
    pub period: Period,
    pub configured: bool,
    pub due_now: u64,
    /// The next day something comes due, and what.
    pub next: Option<(NaiveDate, String)>,
}

pub async fn lines(state: &AppState, now: DateTime<Utc>) -> Result<Vec<DueLine>> {
    let r = &state.config.retention;
    let conn = &state.db.conn;
    let today = now.date_naive();
    let cohorts = store::cohorts(conn).await?;
    let line = |kind: Kind, due_now: u64, next: Option<(NaiveDate, String)>| DueLine {
        kind,
        period: r.period(kind),
        configured: !r.is_default(kind),
        due_now,
        next,
    };
    let mut out = Vec::new();

    let due_docs = documents_due(r, &cohorts, today);
    let mut next_docs: Option<(NaiveDate, String)> = None;
    for c in cohorts.iter().filter(|c| !due_docs.contains(&c.id)) {
        let Some(end) = c.ends_on else { continue };
        let at = r.period(Kind::SensitiveDocuments).due_after_day(end);
        if next_docs.as_ref().is_some_and(|(d, _)| *d <= at) {
            continue;
        }
        let n = store::sensitive_documents_of(conn, &[c.id]).await?.len();
        if n > 0 {
            next_docs = Some((at, format!("{n} documents of {}", c.name)));
        }
    }
    let docs_now = store::sensitive_documents_of(conn, &due_docs).await?.len() as u64;
    out.push(line(Kind::SensitiveDocuments, docs_now, next_docs));

    let due_apps = applications_due(r, &cohorts, today);
    let mut next_apps: Option<(NaiveDate, String)> = None;
    for c in cohorts.iter().filter(|c| !due_apps.contains(&c.id)) {
        let Some(start) = c.starts_on else { continue };
        let at = r.period(Kind::ApplicantsNotSelected).due_after_day(start);
        if next_apps.as_ref().is_some_and(|(d, _)| *d <= at) {
            continue;
        }
        let n = store::not_selected(conn, &[c.id]).await?.len();
        if n > 0 {
            next_apps = Some((at, format!("{n} applications to {}", c.name)));
        }
    }
    let apps_now = store::not_selected(conn, &due_apps).await?.len() as u64;
    out.push(line(Kind::ApplicantsNotSelected, apps_now, next_apps));

    let finance_now = store::statements_created_before(conn, finance_cutoff(r, now))
        .await?
        .len() as u64;
    let next_finance = match store::oldest_statement(conn).await? {
        Some(created) if finance_now == 0 => {
            let end_of_year = NaiveDate::from_ymd_opt(created.year() + 1, 1, 1);
            end_of_year.map(|d| {
                (
                    r.period(Kind::FinanceRecords).due_after_day(d),
                    format!("the statements of {}", created.year()),
                )
            })
        }
        _ => None,
    };
    out.push(line(Kind::FinanceRecords, finance_now, next_finance));

    let audit_cutoff = r.period(Kind::AuditLog).due_before(now);
    let audit_now = store::count_audit_before(conn, audit_cutoff).await?;
    let next_audit = match store::oldest_audit_entry(conn).await? {
        Some(at) if audit_now == 0 => Some((
            r.period(Kind::AuditLog).due_after(at).date_naive(),
            format!("the entries of {}", at.format("%-d %B %Y")),
        )),
        _ => None,
    };
    out.push(line(Kind::AuditLog, audit_now, next_audit));
    Ok(out)
}
