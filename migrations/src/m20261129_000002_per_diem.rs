//! Per diem: Skatteverket's rate tables, programme per-diem policies with versions, uploaded rate
//! files awaiting confirmation, and per-diem statements with the lines (and rates) they were
//! computed with. Money is integer öre; percentages are integer hundredths of a percent (basis
//! points), so 12.5 % is 1250: exact on both databases, never a float.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        rate_tables(m).await?;
        policies(m).await?;
        statements(m).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            PerDiemStatementLines::Table.into_iden(),
            PerDiemStatements::Table.into_iden(),
            PerDiemPolicyRates::Table.into_iden(),
            PerDiemPolicyVersions::Table.into_iden(),
            PerDiemPolicies::Table.into_iden(),
            PerDiemRateImports::Table.into_iden(),
            PerDiemForeignRates::Table.into_iden(),
            PerDiemDomesticRates::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

fn user_fk(table: impl IntoIden, column: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(Users::Table, Users::Id)
        .on_delete(ForeignKeyAction::SetNull)
        .to_owned()
}

async fn rate_tables(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(PerDiemDomesticRates::Table)
            .col(integer(PerDiemDomesticRates::Year).primary_key())
            .col(big_integer(PerDiemDomesticRates::AmountOre))
            .col(timestamp_with_time_zone(PerDiemDomesticRates::UpdatedAt))
            .to_owned(),
    )
    .await?;

    m.create_table(
        Table::create()
            .table(PerDiemForeignRates::Table)
            .col(pk_auto(PerDiemForeignRates::Id))
            .col(integer(PerDiemForeignRates::Year))
            // An ISO 3166-1 alpha-2 code (XK for Kosovo), or "other" for Skatteverket's
            // "Övriga länder och områden".
            .col(string_len(PerDiemForeignRates::Area, 8))
            .col(big_integer(PerDiemForeignRates::AmountOre))
            .col(string_len_null(PerDiemForeignRates::Via, 8))
            .col(string_len(PerDiemForeignRates::SwedishName, 200))
            .to_owned(),
    )
    .await?;
    m.create_index(
        Index::create()
            .name("idx_per_diem_foreign_rates_year_area")
            .table(PerDiemForeignRates::Table)
            .col(PerDiemForeignRates::Year)
            .col(PerDiemForeignRates::Area)
            .unique()
            .to_owned(),
    )
    .await?;

    m.create_table(
        Table::create()
            .table(PerDiemRateImports::Table)
            .col(pk_auto(PerDiemRateImports::Id))
            .col(string_len(PerDiemRateImports::FileName, 255))
            .col(text(PerDiemRateImports::Content))
            .col(integer_null(PerDiemRateImports::UploadedByUserId))
            .col(string_len(PerDiemRateImports::UploadedBy, 254))
            .col(timestamp_with_time_zone(PerDiemRateImports::UploadedAt))
            .col(timestamp_with_time_zone_null(PerDiemRateImports::AppliedAt))
            .foreign_key(&mut user_fk(
                PerDiemRateImports::Table,
                PerDiemRateImports::UploadedByUserId,
            ))
            .to_owned(),
    )
    .await
}

async fn policies(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(PerDiemPolicies::Table)
            .col(pk_auto(PerDiemPolicies::Id))
            .col(string_len_uniq(PerDiemPolicies::Code, 16))
            .col(string_len(PerDiemPolicies::Name, 200))
            .col(timestamp_with_time_zone(PerDiemPolicies::CreatedAt))
            .col(timestamp_with_time_zone(PerDiemPolicies::UpdatedAt))
            .to_owned(),
    )
    .await?;

    m.create_table(
        Table::create()
            .table(PerDiemPolicyVersions::Table)
            .col(pk_auto(PerDiemPolicyVersions::Id))
            .col(integer(PerDiemPolicyVersions::PolicyId))
            .col(date(PerDiemPolicyVersions::ValidFrom))
            .col(integer(PerDiemPolicyVersions::TravelDayBasisPoints))
            .col(integer(PerDiemPolicyVersions::BreakfastBasisPoints))
            .col(integer(PerDiemPolicyVersions::LunchBasisPoints))
            .col(integer(PerDiemPolicyVersions::DinnerBasisPoints))
            .col(timestamp_with_time_zone(PerDiemPolicyVersions::CreatedAt))
            .foreign_key(
                ForeignKey::create()
                    .from(
                        PerDiemPolicyVersions::Table,
                        PerDiemPolicyVersions::PolicyId,
                    )
                    .to(PerDiemPolicies::Table, PerDiemPolicies::Id)
                    .on_delete(ForeignKeyAction::Restrict),
            )
            .to_owned(),
    )
    .await?;
    m.create_index(
        Index::create()
            .name("idx_per_diem_policy_versions_policy_valid_from")
            .table(PerDiemPolicyVersions::Table)
            .col(PerDiemPolicyVersions::PolicyId)
            .col(PerDiemPolicyVersions::ValidFrom)
            .unique()
            .to_owned(),
    )
    .await?;

    m.create_table(
        Table::create()
            .table(PerDiemPolicyRates::Table)
            .col(pk_auto(PerDiemPolicyRates::Id))
            .col(integer(PerDiemPolicyRates::VersionId))
            .col(string_len(PerDiemPolicyRates::Country, 2))
            .col(big_integer(PerDiemPolicyRates::AmountOre))
            .foreign_key(
                ForeignKey::create()
                    .from(PerDiemPolicyRates::Table, PerDiemPolicyRates::VersionId)
                    .to(PerDiemPolicyVersions::Table, PerDiemPolicyVersions::Id)
                    .on_delete(ForeignKeyAction::Restrict),
            )
            .to_owned(),
    )
    .await?;
    m.create_index(
        Index::create()
            .name("idx_per_diem_policy_rates_version_country")
            .table(PerDiemPolicyRates::Table)
            .col(PerDiemPolicyRates::VersionId)
            .col(PerDiemPolicyRates::Country)
            .unique()
            .to_owned(),
    )
    .await
}

async fn statements(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use PerDiemStatements as S;
    m.create_table(
        Table::create()
            .table(S::Table)
            .col(pk_auto(S::Id))
            .col(integer(S::CohortId))
            .col(string_len(S::TravellerName, 200))
            .col(integer_null(S::TravellerUserId))
            .col(string_len_null(S::PhaseLabel, 200))
            // "skatteverket" or "programme:<CODE>", as the trip names it.
            .col(string_len(S::Policy, 32))
            .col(text(S::TripJson))
            .col(string_len(S::State, 16))
            .col(boolean(S::Eligible))
            .col(big_integer(S::TotalOre))
            .col(string_len(S::Currency, 3))
            .col(text(S::PolicyUsedJson))
            .col(timestamp_with_time_zone(S::ComputedAt))
            .col(integer_null(S::CreatedByUserId))
            .col(timestamp_with_time_zone(S::CreatedAt))
            .col(timestamp_with_time_zone(S::UpdatedAt))
            .col(integer_null(S::ApprovedByUserId))
            .col(timestamp_with_time_zone_null(S::ApprovedAt))
            .col(integer_null(S::PaidByUserId))
            .col(timestamp_with_time_zone_null(S::PaidAt))
            .foreign_key(
                ForeignKey::create()
                    .from(S::Table, S::CohortId)
                    .to(Cohorts::Table, Cohorts::Id)
                    .on_delete(ForeignKeyAction::Restrict),
            )
            .foreign_key(&mut user_fk(S::Table, S::TravellerUserId))
            .foreign_key(&mut user_fk(S::Table, S::CreatedByUserId))
            .foreign_key(&mut user_fk(S::Table, S::ApprovedByUserId))
            .foreign_key(&mut user_fk(S::Table, S::PaidByUserId))
            .to_owned(),
    )
    .await?;
    m.create_index(
        Index::create()
            .name("idx_per_diem_statements_cohort")
            .table(S::Table)
            .col(S::CohortId)
            .to_owned(),
    )
    .await?;

    use PerDiemStatementLines as L;
    m.create_table(
        Table::create()
            .table(L::Table)
            .col(pk_auto(L::Id))
            .col(integer(L::StatementId))
            .col(integer(L::Position))
            // "day" or "night".
            .col(string_len(L::Kind, 8))
            .col(date(L::Date))
            .col(string_len(L::Country, 2))
            // "full" or "half" for a day; empty for a night.
            .col(string_len_null(L::DayKind, 8))
            .col(big_integer(L::BaseOre))
            .col(big_integer(L::ReductionOre))
            .col(big_integer(L::AmountOre))
            // The rule behind the figures (rate, its source and year, shares, meals), as the
            // engine gave it: the statement's snapshot of the rates it used.
            .col(text(L::RuleJson))
            .col(text(L::Explanation))
            .foreign_key(
                ForeignKey::create()
                    .from(L::Table, L::StatementId)
                    .to(S::Table, S::Id)
                    .on_delete(ForeignKeyAction::Cascade),
            )
            .to_owned(),
    )
    .await?;
    m.create_index(
        Index::create()
            .name("idx_per_diem_statement_lines_statement")
            .table(L::Table)
            .col(L::StatementId)
            .col(L::Position)
            .to_owned(),
    )
    .await
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Cohorts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum PerDiemDomesticRates {
    Table,
    Year,
    AmountOre,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PerDiemForeignRates {
    Table,
    Id,
    Year,
    Area,
    AmountOre,
    Via,
    SwedishName,
}

#[derive(DeriveIden)]
enum PerDiemRateImports {
    Table,
    Id,
    FileName,
    Content,
    UploadedByUserId,
    UploadedBy,
    UploadedAt,
    AppliedAt,
}

#[derive(DeriveIden)]
enum PerDiemPolicies {
    Table,
    Id,
    Code,
    Name,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PerDiemPolicyVersions {
    Table,
    Id,
    PolicyId,
    ValidFrom,
    TravelDayBasisPoints,
    BreakfastBasisPoints,
    LunchBasisPoints,
    DinnerBasisPoints,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PerDiemPolicyRates {
    Table,
    Id,
    VersionId,
    Country,
    AmountOre,
}

#[derive(DeriveIden)]
enum PerDiemStatements {
    Table,
    Id,
    CohortId,
    TravellerName,
    TravellerUserId,
    PhaseLabel,
    Policy,
    TripJson,
    State,
    Eligible,
    TotalOre,
    Currency,
    PolicyUsedJson,
    ComputedAt,
    CreatedByUserId,
    CreatedAt,
    UpdatedAt,
    ApprovedByUserId,
    ApprovedAt,
    PaidByUserId,
    PaidAt,
}

#[derive(DeriveIden)]
enum PerDiemStatementLines {
    Table,
    Id,
    StatementId,
    Position,
    Kind,
    Date,
    Country,
    DayKind,
    BaseOre,
    ReductionOre,
    AmountOre,
    RuleJson,
    Explanation,
}
