//! The programme catalogue and the cohorts each programme runs.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Programmes::Table)
                .col(pk_auto(Programmes::Id))
                .col(string_len_uniq(Programmes::Code, 16))
                .col(string_len(Programmes::Name, 200))
                .col(string_len(Programmes::Theme, 200))
                .col(text(Programmes::Description))
                // Lists are kept as JSON text: small, read whole, never queried by element.
                .col(text(Programmes::Partners))
                .col(text(Programmes::EligibleCountries))
                .col(text(Programmes::TargetGroup))
                .col(integer(Programmes::TeamMin))
                .col(integer(Programmes::TeamMax))
                .col(text(Programmes::RequiredRoles))
                .col(string_len(Programmes::Language, 32))
                .col(boolean(Programmes::Archived).default(false))
                .col(timestamp_with_time_zone(Programmes::CreatedAt))
                .col(timestamp_with_time_zone(Programmes::UpdatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Cohorts::Table)
                .col(pk_auto(Cohorts::Id))
                .col(integer(Cohorts::ProgrammeId))
                .col(string_len(Cohorts::Name, 200))
                .col(integer(Cohorts::Seats))
                .col(string_len(Cohorts::Status, 16))
                .col(text_null(Cohorts::EligibleCountries))
                .col(timestamp_with_time_zone_null(Cohorts::CallOpensAt))
                .col(timestamp_with_time_zone_null(Cohorts::CallClosesAt))
                .col(string_len(Cohorts::DeadlineTimeZone, 64))
                .col(string_len_null(Cohorts::PerDiemPolicy, 64))
                .col(string_len_uniq(Cohorts::CalendarToken, 64))
                .col(timestamp_with_time_zone(Cohorts::CreatedAt))
                .col(timestamp_with_time_zone(Cohorts::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Cohorts::Table, Cohorts::ProgrammeId)
                        .to(Programmes::Table, Programmes::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_cohorts_programme")
                .table(Cohorts::Table)
                .col(Cohorts::ProgrammeId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Cohorts::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Programmes::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum Programmes {
    Table,
    Id,
    Code,
    Name,
    Theme,
    Description,
    Partners,
    EligibleCountries,
    TargetGroup,
    TeamMin,
    TeamMax,
    RequiredRoles,
    Language,
    Archived,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
pub enum Cohorts {
    Table,
    Id,
    ProgrammeId,
    Name,
    Seats,
    Status,
    EligibleCountries,
    CallOpensAt,
    CallClosesAt,
    DeadlineTimeZone,
    PerDiemPolicy,
    CalendarToken,
    CreatedAt,
    UpdatedAt,
}
