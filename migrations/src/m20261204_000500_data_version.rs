//! The data version: one number that every committed unit of work raises. A page computed from
//! thousands of rows (the selection board) is kept in memory while the number stands, and every
//! instance sees a change made by any other, because the number lives in the database.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(DataVersions::Table)
                .col(string_len(DataVersions::Name, 32).primary_key())
                .col(big_integer(DataVersions::Version))
                .to_owned(),
        )
        .await?;
        m.exec_stmt(
            Query::insert()
                .into_table(DataVersions::Table)
                .columns([DataVersions::Name, DataVersions::Version])
                .values_panic(["all".into(), 0i64.into()])
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(DataVersions::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum DataVersions {
    Table,
    Name,
    Version,
}
