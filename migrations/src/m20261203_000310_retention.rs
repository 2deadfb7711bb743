//! What the retention purge has done: one row per record it pseudonymised, so it is done once and
//! the page of what is due next leaves it out. Deleted records need no row: they are gone.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(RetentionDone::Table)
                .col(pk_auto(RetentionDone::Id))
                // The kind of data, as in ITP_RETENTION: `applicants_not_selected`.
                .col(string_len(RetentionDone::Kind, 64))
                .col(string_len(RetentionDone::EntityType, 32))
                .col(integer(RetentionDone::EntityId))
                .col(timestamp_with_time_zone(RetentionDone::DoneAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_retention_done_record")
                .table(RetentionDone::Table)
                .col(RetentionDone::Kind)
                .col(RetentionDone::EntityType)
                .col(RetentionDone::EntityId)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(RetentionDone::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum RetentionDone {
    Table,
    Id,
    Kind,
    EntityType,
    EntityId,
    DoneAt,
}
