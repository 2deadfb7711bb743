//! Cohort planning: each cohort's own first and last day, why it was cancelled and which cohort it
//! was cloned from; its phases; its responsible managers; and a calendar-feed token per person.
//! Additive only: new nullable columns on existing tables (rows from before keep working), new
//! tables, new indexes. SQLite's ALTER TABLE takes one column at a time, so each is its own step.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            date_null(Cohorts::StartsOn),
            date_null(Cohorts::EndsOn),
            text_null(Cohorts::CancelReason),
            integer_null(Cohorts::ClonedFromId),
            timestamp_with_time_zone_null(Cohorts::StatusChangedAt),
        ] {
            m.alter_table(
                Table::alter()
                    .table(Cohorts::Table)
                    .add_column(column)
                    .to_owned(),
            )
            .await?;
        }

        m.create_table(
            Table::create()
                .table(CohortPhases::Table)
                .col(pk_auto(CohortPhases::Id))
                .col(integer(CohortPhases::CohortId))
                .col(string_len(CohortPhases::Kind, 32))
                .col(string_len(CohortPhases::Title, 200))
                .col(date(CohortPhases::StartsOn))
                .col(date(CohortPhases::EndsOn))
                .col(string_len_null(CohortPhases::Country, 2))
                .col(string_len(CohortPhases::City, 100))
                .col(string_len(CohortPhases::Venue, 200))
                .col(boolean(CohortPhases::Compulsory).default(true))
                .col(date_null(CohortPhases::StudyVisitsStartOn))
                .col(date_null(CohortPhases::StudyVisitsEndOn))
                .col(timestamp_with_time_zone(CohortPhases::CreatedAt))
                .col(timestamp_with_time_zone(CohortPhases::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(CohortPhases::Table, CohortPhases::CohortId)
                        .to(Cohorts::Table, Cohorts::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_cohort_phases_cohort")
                .table(CohortPhases::Table)
                .col(CohortPhases::CohortId)
                .col(CohortPhases::StartsOn)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(CohortManagers::Table)
                .col(integer(CohortManagers::CohortId))
                .col(integer(CohortManagers::UserId))
                .col(timestamp_with_time_zone(CohortManagers::CreatedAt))
                .primary_key(
                    Index::create()
                        .col(CohortManagers::CohortId)
                        .col(CohortManagers::UserId),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(CohortManagers::Table, CohortManagers::CohortId)
                        .to(Cohorts::Table, Cohorts::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(CohortManagers::Table, CohortManagers::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_cohort_managers_user")
                .table(CohortManagers::Table)
                .col(CohortManagers::UserId)
                .to_owned(),
        )
        .await?;

        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .add_column(string_len_null(Users::CalendarToken, 64))
                .to_owned(),
        )
        .await?;
        // A unique index allows many NULLs on both databases: people without a feed.
        m.create_index(
            Index::create()
                .name("idx_users_calendar_token")
                .table(Users::Table)
                .col(Users::CalendarToken)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("idx_users_calendar_token")
                .table(Users::Table)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .drop_column(Users::CalendarToken)
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(CohortManagers::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(CohortPhases::Table).to_owned())
            .await?;
        for column in [
            Cohorts::StatusChangedAt,
            Cohorts::ClonedFromId,
            Cohorts::CancelReason,
            Cohorts::EndsOn,
            Cohorts::StartsOn,
        ] {
            m.alter_table(
                Table::alter()
                    .table(Cohorts::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Cohorts {
    Table,
    Id,
    StartsOn,
    EndsOn,
    CancelReason,
    ClonedFromId,
    StatusChangedAt,
}

#[derive(DeriveIden)]
enum CohortPhases {
    Table,
    Id,
    CohortId,
    Kind,
    Title,
    StartsOn,
    EndsOn,
    Country,
    City,
    Venue,
    Compulsory,
    StudyVisitsStartOn,
    StudyVisitsEndOn,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CohortManagers {
    Table,
    CohortId,
    UserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    CalendarToken,
}
