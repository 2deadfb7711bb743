//! Demo job runs, so the jobs page shows what runs look like: last night's backup and purge, a
//! few deadline checks, and one failed run with its error. Recorded as the scheduler records
//! them, each against its claimed slot.

use chrono::{DateTime, Duration, DurationRound, Utc};
use itp_persistence::{DatabaseTransaction, jobs};

/// (job, minutes ago, outcome)
const RUNS: &[(&str, i64, Result<&str, &str>)] = &[
    (
        "close_calls",
        5,
        Ok("closed 0 calls, 0 calls refused, 0 managers told"),
    ),
    (
        "close_calls",
        10,
        Ok("closed 0 calls, 0 calls refused, 0 managers told"),
    ),
    (
        "remind_drafts",
        60,
        Ok("reminded 1 calls with a reminder due, 0 applicants"),
    ),
    (
        "nightly_backup",
        16 * 60,
        Ok(
            "wrote itp-demo.sqlite; 14 backups kept, each opened and checked, 1 old backups removed, 12 documents in the new backup",
        ),
    ),
    (
        "nightly_backup",
        40 * 60,
        Err("cannot create /var/lib/itp/backups: Permission denied (os error 13)"),
    ),
    (
        "retention_purge",
        15 * 60,
        Ok(
            "purged: 0 passports and medical statements deleted, 0 applications not selected pseudonymised, 0 of their documents deleted, 0 finance records pseudonymised, 0 audit entries deleted",
        ),
    ),
];

pub async fn seed(tx: &DatabaseTransaction, now: DateTime<Utc>) -> itp_persistence::Result<()> {
    for (job, minutes, outcome) in RUNS {
        let slot_at = (now - Duration::minutes(*minutes))
            .duration_trunc(Duration::minutes(1))
            .unwrap_or(now);
        let Some(claim) = jobs::claim_slot(tx, job, slot_at, "demo", slot_at).await? else {
            continue;
        };
        let outcome = outcome.map(str::to_owned).map_err(str::to_owned);
        jobs::record_in_slot(
            tx,
            job,
            claim.slot_id,
            slot_at,
            slot_at + Duration::milliseconds(420),
            outcome,
        )
        .await?;
    }
    Ok(())
}
