//! sea-orm entities: plain data mirroring the tables, no behaviour. Repositories map them to
//! domain types.

pub mod application;
pub mod application_document;
pub mod application_import;
pub mod application_member;
pub mod audit_log;
pub mod cohort;
pub mod cohort_manager;
pub mod cohort_phase;
pub mod earlier_participant;
pub mod eligibility_override;
pub mod job_run;
pub mod login_throttle;
pub mod one_time_link;
pub mod per_diem_domestic_rate;
pub mod per_diem_foreign_rate;
pub mod per_diem_policy;
pub mod per_diem_policy_rate;
pub mod per_diem_policy_version;
pub mod per_diem_rate_import;
pub mod per_diem_statement;
pub mod per_diem_statement_line;
pub mod programme;
pub mod role_grant;
pub mod session;
pub mod user;
