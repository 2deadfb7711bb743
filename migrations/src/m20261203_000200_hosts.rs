//! Host municipalities and regions (their offers, approved or not), the study visits they host
//! with the agenda, logistics, report and optional compensation.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Hosts::Table)
                .col(pk_auto(Hosts::Id))
                // The official code (0980 Gotland, 18 Region Örebro län).
                .col(string_len(Hosts::MunicipalityCode, 4))
                // requested → approved or declined.
                .col(string_len(Hosts::State, 16))
                .col(string_len(Hosts::ContactName, 120))
                .col(string_len(Hosts::Email, 254))
                .col(string_len(Hosts::Phone, 30))
                // Codes separated by commas: themes and languages are short fixed lists.
                .col(text(Hosts::Themes))
                .col(text(Hosts::Languages))
                .col(integer(Hosts::MaxVisitors))
                .col(integer(Hosts::Teams))
                // "2027-12-01..2028-01-15" ranges separated by semicolons.
                .col(text(Hosts::Periods))
                .col(text(Hosts::Note))
                .col(text(Hosts::DecisionReason))
                .col(string_len_null(Hosts::CalendarToken, 64))
                .col(timestamp_with_time_zone(Hosts::CreatedAt))
                .col(timestamp_with_time_zone(Hosts::UpdatedAt))
                .col(timestamp_with_time_zone_null(Hosts::DecidedAt))
                .to_owned(),
        )
        .await?;
        crate::indexes::create(
            m,
            Hosts::Table,
            &[("idx_hosts_municipality_code", &[Hosts::MunicipalityCode])],
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_hosts_calendar_token")
                .table(Hosts::Table)
                .col(Hosts::CalendarToken)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(StudyVisits::Table)
                .col(pk_auto(StudyVisits::Id))
                .col(integer(StudyVisits::HostId))
                .col(integer(StudyVisits::CohortId))
                .col(integer(StudyVisits::ApplicationId))
                .col(string_len(StudyVisits::State, 16))
                .col(date(StudyVisits::StartsOn))
                .col(date(StudyVisits::EndsOn))
                .col(string_len(StudyVisits::Theme, 32))
                // The latest decline or cancellation reason.
                .col(text(StudyVisits::Reason))
                .col(text(StudyVisits::LocalTransport))
                .col(text(StudyVisits::Lodging))
                .col(text(StudyVisits::ReportShown))
                .col(text(StudyVisits::ReportLearned))
                .col(text(StudyVisits::ReportContacts))
                .col(timestamp_with_time_zone_null(StudyVisits::ReportedAt))
                // Optional host compensation in öre (STACK.md trap 1), and what it covers.
                .col(big_integer_null(StudyVisits::CompensationOre))
                .col(text(StudyVisits::CompensationCovers))
                .col(timestamp_with_time_zone(StudyVisits::CreatedAt))
                .col(timestamp_with_time_zone(StudyVisits::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(StudyVisits::Table, StudyVisits::HostId)
                        .to(Hosts::Table, Hosts::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(StudyVisits::Table, StudyVisits::CohortId)
                        .to(Cohorts::Table, Cohorts::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(StudyVisits::Table, StudyVisits::ApplicationId)
                        .to(Applications::Table, Applications::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        crate::indexes::create(
            m,
            StudyVisits::Table,
            &[
                ("idx_study_visits_host", &[StudyVisits::HostId]),
                ("idx_study_visits_cohort", &[StudyVisits::CohortId]),
            ],
        )
        .await?;

        m.create_table(
            Table::create()
                .table(StudyVisitAgenda::Table)
                .col(pk_auto(StudyVisitAgenda::Id))
                .col(integer(StudyVisitAgenda::VisitId))
                .col(integer(StudyVisitAgenda::Position))
                .col(date(StudyVisitAgenda::Day))
                // "09:00"–"10:30", local time in Sweden.
                .col(string_len(StudyVisitAgenda::StartsAt, 5))
                .col(string_len(StudyVisitAgenda::EndsAt, 5))
                .col(string_len(StudyVisitAgenda::Place, 200))
                .col(string_len(StudyVisitAgenda::People, 200))
                .col(string_len(StudyVisitAgenda::Topic, 200))
                .foreign_key(
                    ForeignKey::create()
                        .from(StudyVisitAgenda::Table, StudyVisitAgenda::VisitId)
                        .to(StudyVisits::Table, StudyVisits::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        crate::indexes::create(
            m,
            StudyVisitAgenda::Table,
            &[("idx_study_visit_agenda_visit", &[StudyVisitAgenda::VisitId])],
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(StudyVisitAgenda::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(StudyVisits::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Hosts::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Hosts {
    Table,
    Id,
    MunicipalityCode,
    State,
    ContactName,
    Email,
    Phone,
    Themes,
    Languages,
    MaxVisitors,
    Teams,
    Periods,
    Note,
    DecisionReason,
    CalendarToken,
    CreatedAt,
    UpdatedAt,
    DecidedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum StudyVisits {
    Table,
    Id,
    HostId,
    CohortId,
    ApplicationId,
    State,
    StartsOn,
    EndsOn,
    Theme,
    Reason,
    LocalTransport,
    Lodging,
    ReportShown,
    ReportLearned,
    ReportContacts,
    ReportedAt,
    CompensationOre,
    CompensationCovers,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum StudyVisitAgenda {
    Table,
    Id,
    VisitId,
    Position,
    Day,
    StartsAt,
    EndsAt,
    Place,
    People,
    Topic,
}

#[derive(DeriveIden)]
enum Cohorts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Applications {
    Table,
    Id,
}
