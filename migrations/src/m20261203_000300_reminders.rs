//! Reminders as facts: one row per (kind, record, person), written in the same transaction as
//! the mail it caused. The unique key is what makes a reminder job safe to run twice, to restart
//! halfway or to run on two instances at once: the second insert does nothing, and its mail is
//! never queued. And an index for the jobs page: the last runs of each job.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Reminders::Table)
                .col(pk_auto(Reminders::Id))
                // What it reminds of, e.g. `draft_deadline_7d` or `call_closed`.
                .col(string_len(Reminders::Kind, 64))
                // The record it is about: `application` 12, `cohort` 3.
                .col(string_len(Reminders::SubjectType, 32))
                .col(integer(Reminders::SubjectId))
                // Whom it went to. No foreign key: erasing a person removes their reminders.
                .col(integer(Reminders::UserId))
                .col(timestamp_with_time_zone(Reminders::SentAt))
                // The outbox message it queued.
                .col(integer_null(Reminders::MailId))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_reminders_cause")
                .table(Reminders::Table)
                .col(Reminders::Kind)
                .col(Reminders::SubjectType)
                .col(Reminders::SubjectId)
                .col(Reminders::UserId)
                .unique()
                .to_owned(),
        )
        .await?;
        crate::indexes::create(
            m,
            Reminders::Table,
            &[("idx_reminders_user", &[Reminders::UserId])],
        )
        .await?;
        // The jobs page reads each job's last runs; the mail sender's run a minute would
        // otherwise bury a nightly job's runs under a scan of the whole table.
        crate::indexes::create(
            m,
            JobRuns::Table,
            &[("idx_job_runs_job", &[JobRuns::Job, JobRuns::Id])],
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        crate::indexes::drop(
            m,
            JobRuns::Table,
            &[("idx_job_runs_job", &[JobRuns::Job, JobRuns::Id])],
        )
        .await?;
        m.drop_table(Table::drop().table(Reminders::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Reminders {
    Table,
    Id,
    Kind,
    SubjectType,
    SubjectId,
    UserId,
    SentAt,
    MailId,
}

#[derive(DeriveIden, Clone, Copy)]
enum JobRuns {
    Table,
    Id,
    Job,
}
