//! Drafts move out of `applications` into their own table. The manager's list sorts and counts a
//! cohort's rows; with a 2 KB draft in every row SQLite sorted whole rows through a temporary
//! B-tree, about five times slower than over narrow rows (measured in issue 4's benchmark). The
//! draft is read only when one application is opened, so it lives beside its row, one-to-one.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ApplicationDrafts::Table)
                .col(integer(ApplicationDrafts::ApplicationId).primary_key())
                // JSON of itp_domain::application::ApplicationDraft.
                .col(text(ApplicationDrafts::Draft))
                .foreign_key(
                    ForeignKey::create()
                        .from(ApplicationDrafts::Table, ApplicationDrafts::ApplicationId)
                        .to(Applications::Table, Applications::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        let db = m.get_connection();
        db.execute_unprepared(
            "INSERT INTO application_drafts (application_id, draft) \
             SELECT id, draft FROM applications",
        )
        .await?;
        // SQLite (3.35+) rewrites the table without the column, which is the point.
        db.execute_unprepared("ALTER TABLE applications DROP COLUMN draft")
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        db.execute_unprepared(
            "ALTER TABLE applications ADD COLUMN draft text NOT NULL DEFAULT '{}'",
        )
        .await?;
        db.execute_unprepared(
            "UPDATE applications SET draft = (SELECT d.draft FROM application_drafts d \
             WHERE d.application_id = applications.id) \
             WHERE id IN (SELECT application_id FROM application_drafts)",
        )
        .await?;
        m.drop_table(Table::drop().table(ApplicationDrafts::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ApplicationDrafts {
    Table,
    ApplicationId,
    Draft,
}

#[derive(DeriveIden)]
enum Applications {
    Table,
    Id,
}
