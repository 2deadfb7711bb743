//! The audit log and the record of scheduled job runs.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(AuditLog::Table)
                .col(pk_auto(AuditLog::Id))
                .col(timestamp_with_time_zone(AuditLog::At))
                // No foreign key: the log outlives the accounts it names.
                .col(integer_null(AuditLog::ActorUserId))
                .col(string_len(AuditLog::ActorLabel, 254))
                .col(string_len(AuditLog::Action, 64))
                .col(string_len(AuditLog::EntityType, 64))
                .col(string_len_null(AuditLog::EntityId, 64))
                .col(text(AuditLog::Changes))
                .to_owned(),
        )
        .await?;
        for (name, col) in [
            ("idx_audit_at", AuditLog::At),
            ("idx_audit_entity", AuditLog::EntityType),
            ("idx_audit_actor", AuditLog::ActorUserId),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(AuditLog::Table)
                    .col(col)
                    .to_owned(),
            )
            .await?;
        }

        m.create_table(
            Table::create()
                .table(JobRuns::Table)
                .col(pk_auto(JobRuns::Id))
                .col(string_len(JobRuns::Job, 64))
                .col(timestamp_with_time_zone(JobRuns::StartedAt))
                .col(timestamp_with_time_zone_null(JobRuns::FinishedAt))
                .col(string_len(JobRuns::Outcome, 16))
                .col(text(JobRuns::Detail))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(JobRuns::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(AuditLog::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    ActorUserId,
    ActorLabel,
    Action,
    EntityType,
    EntityId,
    Changes,
}

#[derive(DeriveIden)]
enum JobRuns {
    Table,
    Id,
    Job,
    StartedAt,
    FinishedAt,
    Outcome,
    Detail,
}
