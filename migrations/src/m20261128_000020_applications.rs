//! Team applications, their members, documents, eligibility overrides, the register of earlier
//! participants (for spotting returning people) and application imports.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261128_000001_accounts::Users;
use crate::m20261128_000003_programmes::Cohorts;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Applications::Table)
                .col(pk_auto(Applications::Id))
                .col(integer(Applications::CohortId))
                .col(integer_null(Applications::ApplicantUserId))
                .col(string_len_null(Applications::Reference, 64))
                .col(string_len(Applications::Status, 16))
                .col(string_len(Applications::Source, 16))
                // What the applicant typed, whole (JSON): nothing typed is ever lost.
                .col(text(Applications::Draft))
                // Copies of a few draft fields for filtering and sorting the manager's list.
                .col(string_len(Applications::OrganisationName, 200))
                .col(string_len(Applications::Country, 2))
                .col(integer(Applications::MemberCount))
                .col(integer(Applications::WomenCount))
                .col(string_len(Applications::Eligibility, 16))
                .col(integer(Applications::FlagCount))
                .col(timestamp_with_time_zone(Applications::CreatedAt))
                .col(timestamp_with_time_zone(Applications::UpdatedAt))
                .col(timestamp_with_time_zone_null(Applications::SubmittedAt))
                .col(timestamp_with_time_zone_null(Applications::WithdrawnAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Applications::Table, Applications::CohortId)
                        .to(Cohorts::Table, Cohorts::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Applications::Table, Applications::ApplicantUserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        crate::indexes::create(
            m,
            Applications::Table,
            &[
                (
                    "idx_applications_cohort_status",
                    &[Applications::CohortId, Applications::Status],
                ),
                (
                    "idx_applications_cohort_country",
                    &[Applications::CohortId, Applications::Country],
                ),
                (
                    "idx_applications_applicant",
                    &[Applications::ApplicantUserId],
                ),
            ],
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_applications_cohort_reference")
                .table(Applications::Table)
                .col(Applications::CohortId)
                .col(Applications::Reference)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ApplicationMembers::Table)
                .col(pk_auto(ApplicationMembers::Id))
                .col(integer(ApplicationMembers::ApplicationId))
                .col(integer(ApplicationMembers::Position))
                .col(string_len(ApplicationMembers::FullName, 200))
                .col(string_len(ApplicationMembers::NameKey, 200))
                .col(string_len(ApplicationMembers::Email, 254))
                .col(integer_null(ApplicationMembers::YearOfBirth))
                .col(string_len(ApplicationMembers::Gender, 16))
                .col(string_len(ApplicationMembers::Role, 16))
                .foreign_key(
                    ForeignKey::create()
                        .from(ApplicationMembers::Table, ApplicationMembers::ApplicationId)
                        .to(Applications::Table, Applications::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_application_members_application")
                .table(ApplicationMembers::Table)
                .col(ApplicationMembers::ApplicationId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ApplicationDocuments::Table)
                .col(pk_auto(ApplicationDocuments::Id))
                .col(integer(ApplicationDocuments::ApplicationId))
                .col(string_len(ApplicationDocuments::Kind, 32))
                .col(integer_null(ApplicationDocuments::MemberPosition))
                .col(string_len(ApplicationDocuments::OriginalName, 255))
                .col(string_len(ApplicationDocuments::ContentType, 64))
                .col(big_integer(ApplicationDocuments::SizeBytes))
                // A random name under the data directory, never derived from what was uploaded.
                .col(string_len_uniq(ApplicationDocuments::StorageKey, 64))
                .col(string_len(ApplicationDocuments::Sha256, 64))
                .col(timestamp_with_time_zone(ApplicationDocuments::UploadedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(
                            ApplicationDocuments::Table,
                            ApplicationDocuments::ApplicationId,
                        )
                        .to(Applications::Table, Applications::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_application_documents_application")
                .table(ApplicationDocuments::Table)
                .col(ApplicationDocuments::ApplicationId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(EligibilityOverrides::Table)
                .col(pk_auto(EligibilityOverrides::Id))
                .col(integer(EligibilityOverrides::ApplicationId))
                .col(string_len(EligibilityOverrides::CheckKind, 16))
                .col(text(EligibilityOverrides::Reason))
                .col(integer_null(EligibilityOverrides::DecidedBy))
                .col(timestamp_with_time_zone(EligibilityOverrides::DecidedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(
                            EligibilityOverrides::Table,
                            EligibilityOverrides::ApplicationId,
                        )
                        .to(Applications::Table, Applications::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_eligibility_overrides_unique")
                .table(EligibilityOverrides::Table)
                .col(EligibilityOverrides::ApplicationId)
                .col(EligibilityOverrides::CheckKind)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(EarlierParticipants::Table)
                .col(pk_auto(EarlierParticipants::Id))
                .col(string_len(EarlierParticipants::FullName, 200))
                .col(string_len(EarlierParticipants::NameKey, 200))
                .col(integer_null(EarlierParticipants::YearOfBirth))
                .col(string_len_null(EarlierParticipants::Country, 2))
                .col(string_len_null(EarlierParticipants::Email, 254))
                .col(string_len(EarlierParticipants::Description, 200))
                .col(timestamp_with_time_zone(EarlierParticipants::CreatedAt))
                .to_owned(),
        )
        .await?;
        for (name, col) in [
            ("idx_earlier_name_key", EarlierParticipants::NameKey),
            ("idx_earlier_email", EarlierParticipants::Email),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(EarlierParticipants::Table)
                    .col(col)
                    .to_owned(),
            )
            .await?;
        }

        m.create_table(
            Table::create()
                .table(ApplicationImports::Table)
                .col(pk_auto(ApplicationImports::Id))
                .col(integer(ApplicationImports::CohortId))
                .col(integer_null(ApplicationImports::UploadedBy))
                .col(string_len(ApplicationImports::FileName, 255))
                .col(string_len(ApplicationImports::Status, 16))
                .col(integer(ApplicationImports::TotalRows))
                .col(integer(ApplicationImports::ProcessedRows))
                .col(integer(ApplicationImports::ApplicationCount))
                .col(text(ApplicationImports::Errors))
                .col(timestamp_with_time_zone(ApplicationImports::CreatedAt))
                .col(timestamp_with_time_zone_null(
                    ApplicationImports::FinishedAt,
                ))
                .foreign_key(
                    ForeignKey::create()
                        .from(ApplicationImports::Table, ApplicationImports::CohortId)
                        .to(Cohorts::Table, Cohorts::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            ApplicationImports::Table.into_iden(),
            EarlierParticipants::Table.into_iden(),
            EligibilityOverrides::Table.into_iden(),
            ApplicationDocuments::Table.into_iden(),
            ApplicationMembers::Table.into_iden(),
            Applications::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
pub enum Applications {
    Table,
    Id,
    CohortId,
    ApplicantUserId,
    Reference,
    Status,
    Source,
    Draft,
    OrganisationName,
    Country,
    MemberCount,
    WomenCount,
    Eligibility,
    FlagCount,
    CreatedAt,
    UpdatedAt,
    SubmittedAt,
    WithdrawnAt,
}

#[derive(DeriveIden)]
enum ApplicationMembers {
    Table,
    Id,
    ApplicationId,
    Position,
    FullName,
    NameKey,
    Email,
    YearOfBirth,
    Gender,
    Role,
}

#[derive(DeriveIden)]
enum ApplicationDocuments {
    Table,
    Id,
    ApplicationId,
    Kind,
    MemberPosition,
    OriginalName,
    ContentType,
    SizeBytes,
    StorageKey,
    Sha256,
    UploadedAt,
}

#[derive(DeriveIden)]
enum EligibilityOverrides {
    Table,
    Id,
    ApplicationId,
    CheckKind,
    Reason,
    DecidedBy,
    DecidedAt,
}

#[derive(DeriveIden)]
enum EarlierParticipants {
    Table,
    Id,
    FullName,
    NameKey,
    YearOfBirth,
    Country,
    Email,
    Description,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ApplicationImports {
    Table,
    Id,
    CohortId,
    UploadedBy,
    FileName,
    Status,
    TotalRows,
    ProcessedRows,
    ApplicationCount,
    Errors,
    CreatedAt,
    FinishedAt,
}
