//! The retention purge: one unit of work that deletes or pseudonymises every record whose
//! retention period has ended, records the counts in the audit log, and keeps the totals: an
//! application keeps its country and counts, its members their gender, a statement its amounts.

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use itp_domain::audit::ChangeSet;
use itp_domain::retention::{Kind, Retention};
use itp_persistence::audit::Entry;
use itp_persistence::retention::{self as store, CohortDates};

use crate::ops::{Context, OpResult};
use crate::storage::DocumentStore;

/// What one purge did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Purged {
    pub sensitive_documents: u64,
    pub needs_cleared: u64,
    pub applications_pseudonymised: u64,
    pub their_documents: u64,
    pub statements_pseudonymised: u64,
    pub audit_entries: u64,
}

impl Purged {
    pub fn counts(&self) -> Vec<(&'static str, u64)> {
        vec![
            (
                "passports and medical statements deleted",
                self.sensitive_documents,
            ),
            (
                "participants' dietary and accessibility needs cleared",
                self.needs_cleared,
            ),
            (
                "applications not selected pseudonymised",
                self.applications_pseudonymised,
            ),
            ("of their documents deleted", self.their_documents),
            (
                "finance records pseudonymised",
                self.statements_pseudonymised,
            ),
            ("audit entries deleted", self.audit_entries),
        ]
    }
}

/// Cohorts whose passports, medical statements and participants' needs are due on `today`.
pub fn documents_due(r: &Retention, cohorts: &[CohortDates], today: NaiveDate) -> Vec<i32> {
    let period = r.period(Kind::SensitiveDocuments);
    cohorts
        .iter()
        .filter(|c| {
            c.ends_on
                .is_some_and(|end| period.due_after_day(end) <= today)
        })
        .map(|c| c.id)
        .collect()
}

/// Cohorts whose applications of people not selected are due on `today`.
pub fn applications_due(r: &Retention, cohorts: &[CohortDates], today: NaiveDate) -> Vec<i32> {
    let period = r.period(Kind::ApplicantsNotSelected);
    cohorts
        .iter()
        .filter(|c| c.selection_over())
        .filter(|c| {
            c.starts_on
                .is_some_and(|s| period.due_after_day(s) <= today)
        })
        .map(|c| c.id)
        .collect()
}

/// Finance records are counted from the end of their year: those created before the moment
/// returned are due at `now`.
pub fn finance_cutoff(r: &Retention, now: DateTime<Utc>) -> DateTime<Utc> {
    let latest_start = r.period(Kind::FinanceRecords).due_before(now);
    Utc.with_ymd_and_hms(latest_start.year(), 1, 1, 0, 0, 0)
        .single()
        .unwrap_or(latest_start)
}

pub async fn purge(ctx: &Context<'_>) -> OpResult<Purged> {
    let r = &ctx.state.config.retention;
    let store_of_documents = DocumentStore::of(ctx.state);
    let mut uow = ctx.begin().await?;
    let now = uow.now();
    let today = now.date_naive();
    let conn = uow.conn();
    let cohorts = store::cohorts(conn).await?;
    let mut purged = Purged::default();

    let ended = documents_due(r, &cohorts, today);
    let documents = store::sensitive_documents_of(conn, &ended).await?;
    purged.sensitive_documents = delete_documents(conn, &store_of_documents, &documents).await?;
    purged.needs_cleared = store::clear_needs(conn, &ended).await?;

    let applications = store::not_selected(conn, &applications_due(r, &cohorts, today)).await?;
    for id in &applications {
        if store::pseudonymise_application(conn, *id, now).await? {
            purged.applications_pseudonymised += 1;
        }
    }
    let theirs = store::documents_of_applications(conn, &applications).await?;
    purged.their_documents = delete_documents(conn, &store_of_documents, &theirs).await?;

    for id in store::statements_created_before(conn, finance_cutoff(r, now)).await? {
        if store::pseudonymise_statement(conn, id, now).await? {
            purged.statements_pseudonymised += 1;
        }
    }
    purged.audit_entries =
        store::delete_audit_before(conn, r.period(Kind::AuditLog).due_before(now)).await?;

    if purged != Purged::default() {
        let mut changes = ChangeSet::new();
        for (what, n) in purged.counts() {
            changes = changes.set(what, n);
        }
        uow.audit(Entry {
            action: "retention.purge",
            entity_type: "retention",
            entity_id: None,
            changes,
        })
        .await?;
    }
    uow.commit().await?;
    Ok(purged)
}

async fn delete_documents<C: itp_persistence::ConnectionTrait>(
    conn: &C,
    store_of_documents: &DocumentStore,
    documents: &[store::StoredDocument],
) -> OpResult<u64> {
    let ids: Vec<i32> = documents.iter().map(|d| d.id).collect();
    let keys: Vec<String> = documents.iter().map(|d| d.storage_key.clone()).collect();
    let deleted = store::delete_documents(conn, &ids).await?;
    store_of_documents.delete(conn, &keys).await?;
    Ok(deleted)
}
