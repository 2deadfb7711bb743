//! How long personal data is kept, per kind, and what happens when its time is up. The same
//! settings drive the purge job, the page of what is due next and the public privacy page, so
//! what the privacy page promises is what the system does.

mod pseudonymise;
mod settings;

pub use pseudonymise::pseudonymise_draft;
pub use settings::{Kind, Period, Retention, RetentionError};
