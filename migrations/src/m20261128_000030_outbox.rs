//! The outbox: every e-mail the system sends, written in the transaction of the change it
//! reports and delivered later by a sender that claims messages (so two app instances never send
//! one message twice).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Outbox::Table)
                .col(pk_auto(Outbox::Id))
                .col(string_len(Outbox::ToAddress, 254))
                .col(string_len(Outbox::ToName, 200).default(""))
                .col(text(Outbox::Subject))
                .col(text(Outbox::Body))
                .col(string_len_null(Outbox::Template, 64))
                // queued → sending → sent | failed (itp_domain::mail::MailStatus).
                .col(string_len(Outbox::Status, 16))
                // Held mail waits for a person to release it (decision mails are read first).
                .col(boolean(Outbox::Hold).default(false))
                .col(integer(Outbox::Attempts).default(0))
                .col(text_null(Outbox::LastError))
                // What caused the message, e.g. ("user", "42"); text so any key fits. No foreign
                // key: the record of what was sent outlives what it was about.
                .col(string_len(Outbox::CauseType, 64))
                .col(string_len_null(Outbox::CauseId, 64))
                .col(timestamp_with_time_zone(Outbox::CreatedAt))
                .col(timestamp_with_time_zone(Outbox::NextAttemptAt))
                // A message carrying a link is pointless once the link has expired.
                .col(timestamp_with_time_zone_null(Outbox::ExpiresAt))
                // Set while a sender holds the message; the lease lets another instance take
                // it back if that sender died mid-way.
                .col(string_len_null(Outbox::ClaimToken, 64))
                .col(timestamp_with_time_zone_null(Outbox::LeaseUntil))
                .col(timestamp_with_time_zone_null(Outbox::SentAt))
                .to_owned(),
        )
        .await?;
        crate::indexes::create(
            m,
            Outbox::Table,
            &[
                ("idx_outbox_due", &[Outbox::Status, Outbox::NextAttemptAt]),
                ("idx_outbox_cause", &[Outbox::CauseType, Outbox::CauseId]),
                ("idx_outbox_recipient", &[Outbox::ToAddress]),
                ("idx_outbox_claim", &[Outbox::ClaimToken]),
            ],
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Outbox::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Outbox {
    Table,
    Id,
    ToAddress,
    ToName,
    Subject,
    Body,
    Template,
    Status,
    Hold,
    Attempts,
    LastError,
    CauseType,
    CauseId,
    CreatedAt,
    NextAttemptAt,
    ExpiresAt,
    ClaimToken,
    LeaseUntil,
    SentAt,
}
