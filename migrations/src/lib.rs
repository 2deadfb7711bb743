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
mod m20261129_000002_per_diem;
mod m20261130_000001_application_drafts;
mod m20261201_000001_job_slots;
mod m20261202_000001_request_counts;
mod m20261202_000010_document_store;
mod m20261202_000020_review;
mod m20261203_000100_selection;
mod m20261203_000200_hosts;
mod m20261203_000300_reminders;
mod m20261203_000310_retention;
mod m20261204_000100_participants;
mod m20261204_000200_budgets;
mod m20261204_000300_ledger_accounts;
mod m20261204_000400_mail_templates;
mod m20261204_000500_data_version;
mod m20261205_000100_cost_items_by_day;

pub struct Migrator;

/// Migrations whose name changed after databases had recorded them, as (recorded, current).
/// [`record_renames`] rewrites the record before `up` runs, so a renamed migration is not run
/// twice. `m20261129_000001_per_diem` shared its timestamp with the cohort-planning migration.
pub const RENAMED: &[(&str, &str)] = &[("m20261129_000001_per_diem", "m20261129_000002_per_diem")];

/// Brings the record of applied migrations up to date with [`RENAMED`]; a database that has no
/// record yet is left alone.
pub async fn record_renames(
    db: &sea_orm_migration::sea_orm::DatabaseConnection,
) -> Result<(), DbErr> {
    use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};
    if !SchemaManager::new(db).has_table("seaql_migrations").await? {
        return Ok(());
    }
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => "UPDATE seaql_migrations SET version = $1 WHERE version = $2",
        _ => "UPDATE seaql_migrations SET version = ? WHERE version = ?",
    };
    for (recorded, current) in RENAMED {
        db.execute_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [(*current).into(), (*recorded).into()],
        ))
        .await?;
    }
    Ok(())
}

impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261128_000001_accounts::Migration),
            Box::new(m20261128_000002_audit_and_jobs::Migration),
            Box::new(m20261128_000003_programmes::Migration),
            Box::new(m20261128_000020_applications::Migration),
            Box::new(m20261128_000030_outbox::Migration),
            Box::new(m20261129_000001_cohort_planning::Migration),
            Box::new(m20261129_000002_per_diem::Migration),
            Box::new(m20261130_000001_application_drafts::Migration),
            Box::new(m20261201_000001_job_slots::Migration),
            Box::new(m20261202_000001_request_counts::Migration),
            Box::new(m20261202_000010_document_store::Migration),
            Box::new(m20261202_000020_review::Migration),
            Box::new(m20261203_000100_selection::Migration),
            Box::new(m20261203_000200_hosts::Migration),
            Box::new(m20261203_000300_reminders::Migration),
            Box::new(m20261203_000310_retention::Migration),
            Box::new(m20261204_000100_participants::Migration),
            Box::new(m20261204_000200_budgets::Migration),
            Box::new(m20261204_000300_ledger_accounts::Migration),
            Box::new(m20261204_000400_mail_templates::Migration),
            Box::new(m20261204_000500_data_version::Migration),
            Box::new(m20261205_000100_cost_items_by_day::Migration),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// sea-orm runs migrations in the order of the list but records them by name, and a
    /// database applies a new one only when its name sorts after every applied one would
    /// suggest; a list out of name order or with a repeated timestamp hides that.
    #[test]
    fn migrations_are_listed_in_name_order_with_unique_timestamps() {
        let names: Vec<String> = Migrator::migrations()
            .iter()
            .map(|m| m.name().to_owned())
            .collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(
            names, sorted,
            "register migrations in the order of their names"
        );
        let stamps: Vec<&str> = names.iter().map(|n| &n[..16]).collect();
        let mut unique = stamps.clone();
        unique.dedup();
        assert_eq!(stamps, unique, "two migrations share a timestamp");
        for (recorded, current) in RENAMED {
            assert!(
                names.iter().any(|n| n == current),
                "{current} is not a migration"
            );
            assert!(
                !names.iter().any(|n| n == recorded),
                "{recorded} still exists"
            );
        }
    }
}
