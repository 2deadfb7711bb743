//! Mail texts kept in the database: one per kind of mail, either for every programme (no
//! programme) or for one programme, which then overrides the first. The built-in text stays the
//! default when neither exists. `scope` spells out which (`all` or `programme:7`) so the pair
//! (kind, scope) can be unique on both backends: a unique index treats two NULL programmes as
//! different. And the outbox keeps a message's HTML alternative, sent as multipart/alternative.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(MailTemplates::Table)
                .col(pk_auto(MailTemplates::Id))
                // The kind of mail, e.g. `selection.selected` (itp_domain::mail::KINDS).
                .col(string_len(MailTemplates::Kind, 64))
                .col(integer_null(MailTemplates::ProgrammeId))
                .col(string_len(MailTemplates::Scope, 32))
                .col(text(MailTemplates::Subject))
                .col(text(MailTemplates::Body))
                .col(text_null(MailTemplates::HtmlBody))
                .col(integer_null(MailTemplates::UpdatedBy))
                .col(timestamp_with_time_zone(MailTemplates::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(MailTemplates::Table, MailTemplates::ProgrammeId)
                        .to(Programmes::Table, Programmes::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_mail_templates_kind_scope")
                .table(MailTemplates::Table)
                .col(MailTemplates::Kind)
                .col(MailTemplates::Scope)
                .unique()
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Outbox::Table)
                .add_column(text_null(Outbox::HtmlBody))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Outbox::Table)
                .drop_column(Outbox::HtmlBody)
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(MailTemplates::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum MailTemplates {
    Table,
    Id,
    Kind,
    ProgrammeId,
    Scope,
    Subject,
    Body,
    HtmlBody,
    UpdatedBy,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Programmes {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Outbox {
    Table,
    HtmlBody,
}
