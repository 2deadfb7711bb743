//! Schema migrations. Additive only (SQLite cannot alter a column's type), each one run on SQLite
//! and PostgreSQL in CI. Money columns are integer minor units (öre), never DECIMAL: sea-orm reads
//! DECIMAL through f64 on SQLite.
#![forbid(unsafe_code)]

pub use sea_orm_migration::prelude::*;

mod indexes;
mod m20261128_000001_accounts;
mod m20261128_000002_audit_and_jobs;
mod m20261128_000003_programmes;
mod m20261128_000020_applications;
mod m20261128_000030_outbox;
mod m20261129_000001_cohort_planning;
mod m20261129_000001_per_diem;
mod m20261130_000001_application_drafts;

pub struct Migrator;

impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261128_000001_accounts::Migration),
            Box::new(m20261128_000002_audit_and_jobs::Migration),
            Box::new(m20261128_000003_programmes::Migration),
            Box::new(m20261128_000020_applications::Migration),
            Box::new(m20261129_000001_cohort_planning::Migration),
            Box::new(m20261129_000001_per_diem::Migration),
            Box::new(m20261128_000030_outbox::Migration),
            Box::new(m20261130_000001_application_drafts::Migration),
        ]
    }
}
