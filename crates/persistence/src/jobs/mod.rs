//! Scheduled jobs' records: the claim of each scheduled slot (so one deployment runs it once)
//! and the record of runs (tokio-cron-scheduler keeps nothing, so we do).

mod runs;
mod slots;

pub use runs::{JobRun, purge_before, recent, recent_of, record, record_in_slot};
pub use slots::{Claim, claim_slot, purge_slots_before};
