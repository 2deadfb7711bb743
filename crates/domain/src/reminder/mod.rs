//! Reminders: which one is due, and for how long a nightly backup is kept. A reminder is a fact
//! recorded with its cause (kind, the record it is about, the person), so each is sent once per
//! person and cause however often the job runs; these rules only say which cause is due now.

mod backup_rotation;
mod draft_deadline;
mod upcoming;

pub use backup_rotation::{KEEP_BACKUPS, to_remove};
pub use draft_deadline::{DraftReminder, due_draft_reminder};
pub use upcoming::{REMIND_DAYS_AHEAD, upcoming_is_due};
