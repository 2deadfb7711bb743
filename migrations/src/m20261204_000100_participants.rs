//! Participants (issue 15): every confirmed team member of a cohort, with attendance, visa and
//! insurance per phase, itinerary legs and hotel stays, dietary and accessibility needs
//! (special-category data), certificates; the programme's certificate and invitation-letter
//! templates; the meals a phase provides; and the participant and phase a per-diem statement
//! belongs to. Additive only: new tables, and two nullable columns on `per_diem_statements`.
//!
//! Money is integer minor units (öre, cents) beside its ISO currency (STACK.md trap 1). Local
//! times of travel are "2027-05-03T07:40" with their IANA zone beside them: a departure is read
//! in the zone of where it leaves, an arrival in the zone of where it lands.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Participants::Table)
                .col(pk_auto(Participants::Id))
                .col(integer(Participants::CohortId))
                .col(integer(Participants::ApplicationId))
                // The team member: names and addresses stay on the application (one place to
                // erase them).
                .col(integer(Participants::MemberId))
                .col(integer_null(Participants::UserId))
                // Special-category data (GDPR art. 9): shown to the cohort's managers only,
                // every view audited.
                .col(text(Participants::DietaryNeeds))
                .col(text(Participants::AccessibilityNeeds))
                .col(timestamp_with_time_zone(Participants::CreatedAt))
                .col(timestamp_with_time_zone(Participants::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Participants::Table, Participants::CohortId)
                        .to(Cohorts::Table, Cohorts::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Participants::Table, Participants::ApplicationId)
                        .to(Applications::Table, Applications::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Participants::Table, Participants::MemberId)
                        .to(ApplicationMembers::Table, ApplicationMembers::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Participants::Table, Participants::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        // One participant per team member: creating participants twice adds nobody.
        m.create_index(
            Index::create()
                .name("uq_participants_member")
                .table(Participants::Table)
                .col(Participants::MemberId)
                .unique()
                .to_owned(),
        )
        .await?;
        crate::indexes::create(
            m,
            Participants::Table,
            &[
                ("idx_participants_cohort", &[Participants::CohortId]),
                ("idx_participants_user", &[Participants::UserId]),
            ],
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ParticipantPhases::Table)
                .col(pk_auto(ParticipantPhases::Id))
                .col(integer(ParticipantPhases::ParticipantId))
                .col(integer(ParticipantPhases::PhaseId))
                // planned, attended, absent, excused.
                .col(string_len(ParticipantPhases::Attendance, 16))
                // not_needed, needed, applied, granted, refused.
                .col(string_len(ParticipantPhases::VisaStatus, 16))
                .col(date_null(ParticipantPhases::VisaAppliedOn))
                .col(date_null(ParticipantPhases::VisaDecidedOn))
                .col(string_len(ParticipantPhases::VisaEmbassy, 200))
                .col(string_len(ParticipantPhases::Insurer, 200))
                .col(string_len(ParticipantPhases::PolicyNumber, 100))
                .col(big_integer_null(ParticipantPhases::InsuranceCostMinor))
                .col(string_len(ParticipantPhases::InsuranceCurrency, 3))
                .col(timestamp_with_time_zone(ParticipantPhases::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(ParticipantPhases::Table, ParticipantPhases::ParticipantId)
                        .to(Participants::Table, Participants::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ParticipantPhases::Table, ParticipantPhases::PhaseId)
                        .to(CohortPhases::Table, CohortPhases::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_participant_phases")
                .table(ParticipantPhases::Table)
                .col(ParticipantPhases::ParticipantId)
                .col(ParticipantPhases::PhaseId)
                .unique()
                .to_owned(),
        )
        .await?;
        crate::indexes::create(
            m,
            ParticipantPhases::Table,
            &[(
                "idx_participant_phases_phase",
                &[ParticipantPhases::PhaseId],
            )],
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ItineraryLegs::Table)
                .col(pk_auto(ItineraryLegs::Id))
                .col(integer(ItineraryLegs::ParticipantPhaseId))
                .col(string_len(ItineraryLegs::FromPlace, 100))
                .col(string_len(ItineraryLegs::FromCountry, 2))
                .col(string_len(ItineraryLegs::DepartsLocal, 16))
                .col(string_len(ItineraryLegs::DepartsZone, 64))
                .col(string_len(ItineraryLegs::ToPlace, 100))
                .col(string_len(ItineraryLegs::ToCountry, 2))
                .col(string_len(ItineraryLegs::ArrivesLocal, 16))
                .col(string_len(ItineraryLegs::ArrivesZone, 64))
                // The moment of departure in UTC, to order legs across zones.
                .col(timestamp_with_time_zone(ItineraryLegs::DepartsUtc))
                .col(string_len(ItineraryLegs::Carrier, 100))
                .col(string_len(ItineraryLegs::BookingReference, 40))
                .col(big_integer_null(ItineraryLegs::CostMinor))
                .col(string_len(ItineraryLegs::CostCurrency, 3))
                .col(timestamp_with_time_zone(ItineraryLegs::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(ItineraryLegs::Table, ItineraryLegs::ParticipantPhaseId)
                        .to(ParticipantPhases::Table, ParticipantPhases::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        crate::indexes::create(
            m,
            ItineraryLegs::Table,
            &[(
                "idx_itinerary_legs_participant_phase",
                &[ItineraryLegs::ParticipantPhaseId],
            )],
        )
        .await?;

        m.create_table(
            Table::create()
                .table(HotelStays::Table)
                .col(pk_auto(HotelStays::Id))
                .col(integer(HotelStays::ParticipantPhaseId))
                .col(string_len(HotelStays::Hotel, 200))
                // The first night and the morning of leaving: nights are check_in..check_out.
                .col(date(HotelStays::CheckIn))
                .col(date(HotelStays::CheckOut))
                .col(big_integer_null(HotelStays::CostMinor))
                .col(string_len(HotelStays::CostCurrency, 3))
                .col(timestamp_with_time_zone(HotelStays::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(HotelStays::Table, HotelStays::ParticipantPhaseId)
                        .to(ParticipantPhases::Table, ParticipantPhases::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        crate::indexes::create(
            m,
            HotelStays::Table,
            &[(
                "idx_hotel_stays_participant_phase",
                &[HotelStays::ParticipantPhaseId],
            )],
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Certificates::Table)
                .col(pk_auto(Certificates::Id))
                .col(integer(Certificates::ParticipantId))
                // The certificate's words as issued: a later template change leaves it alone.
                .col(text(Certificates::Body))
                .col(integer_null(Certificates::IssuedByUserId))
                .col(timestamp_with_time_zone(Certificates::IssuedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Certificates::Table, Certificates::ParticipantId)
                        .to(Participants::Table, Participants::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_certificates_participant")
                .table(Certificates::Table)
                .col(Certificates::ParticipantId)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ProgrammeLetters::Table)
                .col(pk_auto(ProgrammeLetters::Id))
                .col(integer(ProgrammeLetters::ProgrammeId))
                .col(text(ProgrammeLetters::CertificateTemplate))
                .col(text(ProgrammeLetters::InvitationTemplate))
                .col(timestamp_with_time_zone(ProgrammeLetters::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(ProgrammeLetters::Table, ProgrammeLetters::ProgrammeId)
                        .to(Programmes::Table, Programmes::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_programme_letters_programme")
                .table(ProgrammeLetters::Table)
                .col(ProgrammeLetters::ProgrammeId)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(PhaseMeals::Table)
                .col(pk_auto(PhaseMeals::Id))
                .col(integer(PhaseMeals::PhaseId))
                // The meals the programme provides on each day of the phase, as codes separated
                // by spaces ("breakfast lunch").
                .col(string_len(PhaseMeals::Meals, 40))
                .col(timestamp_with_time_zone(PhaseMeals::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(PhaseMeals::Table, PhaseMeals::PhaseId)
                        .to(CohortPhases::Table, CohortPhases::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_phase_meals_phase")
                .table(PhaseMeals::Table)
                .col(PhaseMeals::PhaseId)
                .unique()
                .to_owned(),
        )
        .await?;

        // SQLite adds one column at a time and no foreign key by ALTER: the statement's
        // participant and phase are checked by the code that sets them.
        for column in [
            integer_null(PerDiemStatements::ParticipantId),
            integer_null(PerDiemStatements::PhaseId),
        ] {
            m.alter_table(
                Table::alter()
                    .table(PerDiemStatements::Table)
                    .add_column(column)
                    .to_owned(),
            )
            .await?;
        }
        crate::indexes::create(
            m,
            PerDiemStatements::Table,
            &[(
                "idx_per_diem_statements_participant",
                &[PerDiemStatements::ParticipantId, PerDiemStatements::PhaseId],
            )],
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        crate::indexes::drop(
            m,
            PerDiemStatements::Table,
            &[(
                "idx_per_diem_statements_participant",
                &[PerDiemStatements::ParticipantId],
            )],
        )
        .await?;
        for column in [PerDiemStatements::PhaseId, PerDiemStatements::ParticipantId] {
            m.alter_table(
                Table::alter()
                    .table(PerDiemStatements::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        for table in [
            PhaseMeals::Table.into_iden(),
            ProgrammeLetters::Table.into_iden(),
            Certificates::Table.into_iden(),
            HotelStays::Table.into_iden(),
            ItineraryLegs::Table.into_iden(),
            ParticipantPhases::Table.into_iden(),
            Participants::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Participants {
    Table,
    Id,
    CohortId,
    ApplicationId,
    MemberId,
    UserId,
    DietaryNeeds,
    AccessibilityNeeds,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ParticipantPhases {
    Table,
    Id,
    ParticipantId,
    PhaseId,
    Attendance,
    VisaStatus,
    VisaAppliedOn,
    VisaDecidedOn,
    VisaEmbassy,
    Insurer,
    PolicyNumber,
    InsuranceCostMinor,
    InsuranceCurrency,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ItineraryLegs {
    Table,
    Id,
    ParticipantPhaseId,
    FromPlace,
    FromCountry,
    DepartsLocal,
    DepartsZone,
    ToPlace,
    ToCountry,
    ArrivesLocal,
    ArrivesZone,
    DepartsUtc,
    Carrier,
    BookingReference,
    CostMinor,
    CostCurrency,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum HotelStays {
    Table,
    Id,
    ParticipantPhaseId,
    Hotel,
    CheckIn,
    CheckOut,
    CostMinor,
    CostCurrency,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Certificates {
    Table,
    Id,
    ParticipantId,
    Body,
    IssuedByUserId,
    IssuedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ProgrammeLetters {
    Table,
    Id,
    ProgrammeId,
    CertificateTemplate,
    InvitationTemplate,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum PhaseMeals {
    Table,
    Id,
    PhaseId,
    Meals,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum PerDiemStatements {
    Table,
    ParticipantId,
    PhaseId,
}

#[derive(DeriveIden)]
enum Cohorts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum CohortPhases {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Applications {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ApplicationMembers {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Programmes {
    Table,
    Id,
}
