//! Leased background work: long work started from a page runs as a row in `background_work`
//! instead of a bare `tokio::spawn`, so a restart does not lose it. The page queues the item in
//! its own transaction ([`enqueue`]) and, after the commit, this instance claims and runs it at
//! once ([`start`]). A claim carries a lease; if the instance dies, the lease runs out and the
//! `resume_background_work` job on any instance takes the item over ([`resume`]). A run must
//! therefore be safe to repeat: it writes its result in one unit of work, and a re-run first
//! looks whether that already committed. Each kind of work implements [`Work`] and is listed
//! once in [`KINDS`].

use std::future::Future;
use std::pin::Pin;

use chrono::Duration;
use itp_persistence::ConnectionTrait;
use itp_persistence::background::{self, WorkItem};

use crate::app::AppState;
use crate::jobs::instance_id;
use crate::ops::{OpError, OpResult};

/// Every kind of background work, once.
pub const KINDS: &[&dyn Work] = &[&crate::application::ImportWork];

/// How long a claim holds an item without news from its worker. Progress renews it; an
/// instance that died lets it run out, and another takes the item over.
pub const LEASE: Duration = Duration::minutes(5);

/// Claims after which an item is given up: a file that kills its instance each time must not
/// kill every instance in turn.
pub const MAX_ATTEMPTS: i32 = 3;

pub type WorkFuture<'a> = Pin<Box<dyn Future<Output = OpResult<()>> + Send + 'a>>;

/// A kind of background work.
pub trait Work: Send + Sync + 'static {
    /// Stored with each item; names the runner that takes it.
    fn kind(&self) -> &'static str;
    /// One run of `item`. It may be a re-run after a crash, on another instance.
    fn run<'a>(&'a self, state: &'a AppState, item: &'a Claimed) -> WorkFuture<'a>;
    /// The item is given up (the run failed, or it ran out of attempts): the feature records
    /// that in its own terms, for the person waiting on its page.
    fn give_up<'a>(&'a self, state: &'a AppState, payload: &'a str) -> WorkFuture<'a>;
}

/// An item this instance holds.
pub struct Claimed {
    pub id: i32,
    pub payload: String,
    token: String,
    state: AppState,
}

impl Claimed {
    /// Records how far the run is and extends the lease.
    pub async fn progress(&self, done: u64, total: u64) -> OpResult<()> {
        let lease_until = self.state.clock.now() + LEASE;
        let held = background::progress(
            &self.state.db.conn,
            self.id,
            &self.token,
            done,
            total,
            lease_until,
        )
        .await?;
        if held {
            Ok(())
        } else {
            Err(OpError::Conflict(format!(
                "background work {} was taken over by another instance",
                self.id
            )))
        }
    }
}

/// Queues an item of `work` (in the caller's transaction); [`start`] it after the commit.
pub async fn enqueue<C: ConnectionTrait>(
    conn: &C,
    work: &dyn Work,
    payload: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> OpResult<i32> {
    Ok(background::enqueue(conn, work.kind(), payload, now).await?)
}

/// Claims item `id` and runs it in a task of this instance; if another instance holds it
/// already, nothing happens.
pub fn start(state: &AppState, id: i32) {
    let state = state.clone();
    tokio::spawn(async move {
        let now = state.clock.now();
        let token = claim_token();
        match background::claim(&state.db.conn, id, &token, now, now + LEASE).await {
            Ok(Some(item)) => run_claimed(&state, item, token).await,
            Ok(None) => {}
            Err(e) => tracing::error!(work = id, error = %e, "could not claim background work"),
        }
    });
}

/// Takes over every item nobody holds and runs each in a task; returns how many.
pub async fn resume(state: &AppState) -> OpResult<u64> {
    let now = state.clock.now();
    let token = claim_token();
    let items = background::claim_free(&state.db.conn, &token, now, now + LEASE, 20).await?;
    let count = items.len() as u64;
    for item in items {
        tracing::info!(work = item.id, kind = %item.kind, attempt = item.attempts, "resuming background work");
        let state = state.clone();
        let token = token.clone();
        tokio::spawn(async move { run_claimed(&state, item, token).await });
    }
    Ok(count)
}

fn claim_token() -> String {
    format!(
        "{}-{}",
        instance_id(),
        &crate::security::tokens::new_token()[..12]
    )
}

async fn run_claimed(state: &AppState, item: WorkItem, token: String) {
    let Some(work) = KINDS.iter().copied().find(|w| w.kind() == item.kind) else {
        let message = format!("no runner for background work of kind {}", item.kind);
        tracing::error!(work = item.id, %message);
        finish(state, item.id, &token, Err(&message)).await;
        return;
    };
    if item.attempts > MAX_ATTEMPTS {
        let message = format!("given up after {MAX_ATTEMPTS} attempts");
        tracing::error!(work = item.id, kind = work.kind(), %message);
        if let Err(e) = work.give_up(state, &item.payload).await {
            tracing::error!(work = item.id, error = %crate::jobs::describe(&e), "could not give up background work");
        }
        finish(state, item.id, &token, Err(&message)).await;
        return;
    }
    let claimed = Claimed {
        id: item.id,
        payload: item.payload,
        token,
        state: state.clone(),
    };
    match work.run(state, &claimed).await {
        Ok(()) => finish(state, claimed.id, &claimed.token, Ok(())).await,
        Err(e) => {
            let message = crate::jobs::describe(&e);
            tracing::error!(work = claimed.id, kind = work.kind(), error = %message, "background work failed");
            if let Err(e) = work.give_up(state, &claimed.payload).await {
                tracing::error!(work = claimed.id, error = %crate::jobs::describe(&e), "could not give up background work");
            }
            finish(state, claimed.id, &claimed.token, Err(&message)).await;
        }
    }
}

async fn finish(state: &AppState, id: i32, token: &str, outcome: Result<(), &str>) {
    match background::finish(&state.db.conn, id, token, outcome, state.clock.now()).await {
        Ok(true) => {}
        Ok(false) => tracing::warn!(
            work = id,
            "background work was taken over before it finished here"
        ),
        Err(e) => {
            tracing::error!(work = id, error = %e, "could not record the end of background work")
        }
    }
}
