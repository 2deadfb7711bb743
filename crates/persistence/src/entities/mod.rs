//! sea-orm entities: plain data mirroring the tables, no behaviour. Repositories map them to
//! domain types.

pub mod audit_log;
pub mod cohort;
pub mod job_run;
pub mod login_throttle;
pub mod one_time_link;
pub mod outbox;
pub mod programme;
pub mod role_grant;
pub mod session;
pub mod user;
