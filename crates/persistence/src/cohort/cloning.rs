//! What a feature copies when a cohort is cloned. The web layer keeps the list of the cohort's
//! parts and hands it to [`super::clone`] as one [`CopyOnClone`]; the clone calls it inside its
//! transaction, after the new cohort's row exists and before the audit entry is written, so a
//! clone is either complete or not there at all.

use std::future::Future;
use std::pin::Pin;

use chrono::{DateTime, Utc};
use itp_domain::audit::ChangeSet;
use sea_orm::DatabaseTransaction;

use super::StoredCohort;
use crate::Result;

/// A future a trait object can return (async functions in traits cannot be called through `dyn`).
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The clone being made: from which cohort, into which, and by how many days every date moves.
#[derive(Debug, Clone, Copy)]
pub struct Cloning<'a> {
    pub source: &'a StoredCohort,
    pub new_id: i32,
    pub shift_days: i64,
    pub now: DateTime<Utc>,
}

pub trait CopyOnClone: Sync {
    /// Copies per-cohort configuration from `clone.source` to `clone.new_id` in `tx`; returns
    /// what it copied, for the clone's audit entry (`phases: 6`).
    fn copy<'a>(
        &'a self,
        tx: &'a DatabaseTransaction,
        clone: &'a Cloning<'a>,
    ) -> BoxFuture<'a, Result<ChangeSet>>;
}
