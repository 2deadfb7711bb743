//! Counters of requests per client address and purpose in a fixed window (registrations and
//! password-reset requests), shared by every instance, so a limit holds however many instances
//! and parallel requests there are.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(RequestCounts::Table)
                // `purpose:client address`, e.g. `self_service:203.0.113.7`.
                .col(string_len(RequestCounts::Key, 120).primary_key())
                .col(timestamp_with_time_zone(RequestCounts::WindowStartedAt))
                .col(integer(RequestCounts::Hits))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(RequestCounts::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum RequestCounts {
    Table,
    Key,
    WindowStartedAt,
    Hits,
}
