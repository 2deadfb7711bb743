//! Jobs on several instances: a claim per (job, scheduled time) so that one deployment runs each
//! scheduled slot once, the link from a job run to its slot, and leased background work (long
//! work started from a page, which a restart must not lose).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(JobSlots::Table)
                .col(pk_auto(JobSlots::Id))
                .col(string_len(JobSlots::Job, 64))
                // The scheduled time, in whole seconds, so every instance computes the same key.
                .col(timestamp_with_time_zone(JobSlots::SlotAt))
                // Which instance won the claim (random per process, logged at start).
                .col(string_len(JobSlots::ClaimedBy, 64))
                .col(timestamp_with_time_zone(JobSlots::ClaimedAt))
                .to_owned(),
        )
        .await?;
        // The claim itself: an instance runs a slot only if its INSERT got past this key.
        m.create_index(
            Index::create()
                .name("uq_job_slots_job_slot_at")
                .table(JobSlots::Table)
                .col(JobSlots::Job)
                .col(JobSlots::SlotAt)
                .unique()
                .to_owned(),
        )
        .await?;

        // No foreign key: the mail sender also records runs it made outside any slot, and runs
        // and slots are purged together by age.
        m.alter_table(
            Table::alter()
                .table(JobRuns::Table)
                .add_column(integer_null(JobRuns::SlotId))
                .to_owned(),
        )
        .await?;
        crate::indexes::create(
            m,
            JobRuns::Table,
            &[("idx_job_runs_slot", &[JobRuns::SlotId])],
        )
        .await?;

        m.create_table(
            Table::create()
                .table(BackgroundWork::Table)
                .col(pk_auto(BackgroundWork::Id))
                // Which runner takes it, e.g. `application_import`.
                .col(string_len(BackgroundWork::Kind, 64))
                // JSON: everything the run needs, so any instance can run it after a restart.
                .col(text(BackgroundWork::Payload))
                // queued → running → done | failed.
                .col(string_len(BackgroundWork::Status, 16))
                .col(integer(BackgroundWork::ProgressDone).default(0))
                .col(integer(BackgroundWork::ProgressTotal).default(0))
                .col(integer(BackgroundWork::Attempts).default(0))
                .col(text_null(BackgroundWork::LastError))
                .col(string_len_null(BackgroundWork::ClaimToken, 64))
                .col(timestamp_with_time_zone_null(BackgroundWork::LeaseUntil))
                .col(timestamp_with_time_zone(BackgroundWork::CreatedAt))
                .col(timestamp_with_time_zone_null(BackgroundWork::FinishedAt))
                .to_owned(),
        )
        .await?;
        crate::indexes::create(
            m,
            BackgroundWork::Table,
            &[(
                "idx_background_work_due",
                &[BackgroundWork::Status, BackgroundWork::LeaseUntil],
            )],
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(BackgroundWork::Table).to_owned())
            .await?;
        crate::indexes::drop(
            m,
            JobRuns::Table,
            &[("idx_job_runs_slot", &[JobRuns::SlotId])],
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(JobRuns::Table)
                .drop_column(JobRuns::SlotId)
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(JobSlots::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum JobSlots {
    Table,
    Id,
    Job,
    SlotAt,
    ClaimedBy,
    ClaimedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum JobRuns {
    Table,
    SlotId,
}

#[derive(DeriveIden, Clone, Copy)]
enum BackgroundWork {
    Table,
    Id,
    Kind,
    Payload,
    Status,
    ProgressDone,
    ProgressTotal,
    Attempts,
    LastError,
    ClaimToken,
    LeaseUntil,
    CreatedAt,
    FinishedAt,
}
