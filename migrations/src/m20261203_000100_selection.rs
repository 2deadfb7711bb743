//! Selection: each cohort's stored quotas and deadlines, the managers' decisions per
//! application (pending, then applied), the offers of places a team confirms or declines through
//! a link, and the reminders sent (once per person and cause).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One row per cohort whose managers set them; without one ICLD's usual quotas apply.
        m.create_table(
            Table::create()
                .table(SelectionSettings::Table)
                .col(integer(SelectionSettings::CohortId).primary_key())
                .col(integer_null(SelectionSettings::Seats))
                .col(integer_null(SelectionSettings::MaxTeamsPerCountry))
                .col(boolean(SelectionSettings::MaxTeamsPerCountryHard))
                .col(integer_null(SelectionSettings::MinWomenPercent))
                .col(boolean(SelectionSettings::MinWomenHard))
                .col(boolean(SelectionSettings::PoliticianPerTeam))
                .col(boolean(SelectionSettings::PoliticianHard))
                .col(timestamp_with_time_zone_null(
                    SelectionSettings::ReviewDeadline,
                ))
                .col(integer(SelectionSettings::ConfirmDays))
                .col(timestamp_with_time_zone(SelectionSettings::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(SelectionSettings::Table, SelectionSettings::CohortId)
                        .to(Cohorts::Table, Cohorts::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(SelectionDecisions::Table)
                .col(pk_auto(SelectionDecisions::Id))
                .col(integer(SelectionDecisions::CohortId))
                .col(integer(SelectionDecisions::ApplicationId))
                // What applies now (null: nothing applied yet) and the reserve place with it.
                .col(string_len_null(SelectionDecisions::Decision, 16))
                .col(integer_null(SelectionDecisions::ReservePosition))
                // A manager's change waiting for "apply decisions".
                .col(string_len_null(SelectionDecisions::Pending, 16))
                .col(integer_null(SelectionDecisions::PendingPosition))
                .col(integer_null(SelectionDecisions::ChangedBy))
                .col(timestamp_with_time_zone(SelectionDecisions::UpdatedAt))
                .col(timestamp_with_time_zone_null(SelectionDecisions::AppliedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(SelectionDecisions::Table, SelectionDecisions::CohortId)
                        .to(Cohorts::Table, Cohorts::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(SelectionDecisions::Table, SelectionDecisions::ApplicationId)
                        .to(Applications::Table, Applications::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_selection_decisions_application")
                .table(SelectionDecisions::Table)
                .col(SelectionDecisions::ApplicationId)
                .unique()
                .to_owned(),
        )
        .await?;
        crate::indexes::create(
            m,
            SelectionDecisions::Table,
            &[(
                "idx_selection_decisions_cohort",
                &[SelectionDecisions::CohortId],
            )],
        )
        .await?;

        m.create_table(
            Table::create()
                .table(SelectionOffers::Table)
                .col(pk_auto(SelectionOffers::Id))
                .col(integer(SelectionOffers::CohortId))
                .col(integer(SelectionOffers::ApplicationId))
                // SHA-256 of the link's token; the token itself is only in the letter.
                .col(string_len(SelectionOffers::TokenHash, 64))
                // open → confirmed | declined | expired.
                .col(string_len(SelectionOffers::State, 16))
                .col(timestamp_with_time_zone(SelectionOffers::Deadline))
                .col(timestamp_with_time_zone(SelectionOffers::CreatedAt))
                .col(timestamp_with_time_zone_null(SelectionOffers::AnsweredAt))
                // The confirmation reminder went out (once per offer).
                .col(timestamp_with_time_zone_null(SelectionOffers::RemindedAt))
                // The seat this offer freed was offered on (once: the refill's own record).
                .col(boolean(SelectionOffers::Refilled))
                .foreign_key(
                    ForeignKey::create()
                        .from(SelectionOffers::Table, SelectionOffers::CohortId)
                        .to(Cohorts::Table, Cohorts::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(SelectionOffers::Table, SelectionOffers::ApplicationId)
                        .to(Applications::Table, Applications::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_selection_offers_token")
                .table(SelectionOffers::Table)
                .col(SelectionOffers::TokenHash)
                .unique()
                .to_owned(),
        )
        .await?;
        crate::indexes::create(
            m,
            SelectionOffers::Table,
            &[
                ("idx_selection_offers_cohort", &[SelectionOffers::CohortId]),
                (
                    "idx_selection_offers_state_deadline",
                    &[SelectionOffers::State, SelectionOffers::Deadline],
                ),
            ],
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ReviewReminders::Table)
                .col(pk_auto(ReviewReminders::Id))
                .col(integer(ReviewReminders::CohortId))
                .col(integer(ReviewReminders::ReviewerUserId))
                // "deadline YYYY-MM-DD" for the job; "manual <time>" for a manager's reminder.
                .col(string_len(ReviewReminders::Cause, 64))
                .col(timestamp_with_time_zone(ReviewReminders::SentAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(ReviewReminders::Table, ReviewReminders::CohortId)
                        .to(Cohorts::Table, Cohorts::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ReviewReminders::Table, ReviewReminders::ReviewerUserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_review_reminders_person_cause")
                .table(ReviewReminders::Table)
                .col(ReviewReminders::CohortId)
                .col(ReviewReminders::ReviewerUserId)
                .col(ReviewReminders::Cause)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ReviewReminders::Table.into_iden(),
            SelectionOffers::Table.into_iden(),
            SelectionDecisions::Table.into_iden(),
            SelectionSettings::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum SelectionSettings {
    Table,
    CohortId,
    Seats,
    MaxTeamsPerCountry,
    MaxTeamsPerCountryHard,
    MinWomenPercent,
    MinWomenHard,
    PoliticianPerTeam,
    PoliticianHard,
    ReviewDeadline,
    ConfirmDays,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum SelectionDecisions {
    Table,
    Id,
    CohortId,
    ApplicationId,
    Decision,
    ReservePosition,
    Pending,
    PendingPosition,
    ChangedBy,
    UpdatedAt,
    AppliedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum SelectionOffers {
    Table,
    Id,
    CohortId,
    ApplicationId,
    TokenHash,
    State,
    Deadline,
    CreatedAt,
    AnsweredAt,
    RemindedAt,
    Refilled,
}

#[derive(DeriveIden)]
enum ReviewReminders {
    Table,
    Id,
    CohortId,
    ReviewerUserId,
    Cause,
    SentAt,
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

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}
