//! Where finance posts each ledger category: account, its name, cost centre and project. A
//! category without a row is posted to its BAS default (`itp_domain::ledger::default_mapping`),
//! so an empty table is a working chart.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(LedgerAccounts::Table)
                // `itp_domain::ledger::Category` as its code: `per_diem_abroad`.
                .col(string_len(LedgerAccounts::Category, 32).primary_key())
                .col(integer(LedgerAccounts::Account))
                .col(string_len(LedgerAccounts::AccountName, 100))
                .col(string_len(LedgerAccounts::CostCentre, 20))
                .col(string_len(LedgerAccounts::Project, 20))
                .col(integer_null(LedgerAccounts::UpdatedByUserId))
                .col(timestamp_with_time_zone(LedgerAccounts::UpdatedAt))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(LedgerAccounts::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum LedgerAccounts {
    Table,
    Category,
    Account,
    AccountName,
    CostCentre,
    Project,
    UpdatedByUserId,
    UpdatedAt,
}
