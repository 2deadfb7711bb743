//! Review: each cohort's rubric and review settings, reviewers' assignments to applications with
//! their scores, and declared conflicts of interest.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One row per cohort that changed a setting; without one the defaults apply.
        m.create_table(
            Table::create()
                .table(ReviewSettings::Table)
                .col(integer(ReviewSettings::CohortId).primary_key())
                // Reviewers do not see the applicants' names and organisations.
                .col(boolean(ReviewSettings::Blind))
                .col(timestamp_with_time_zone(ReviewSettings::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(ReviewSettings::Table, ReviewSettings::CohortId)
                        .to(Cohorts::Table, Cohorts::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ReviewCriteria::Table)
                .col(pk_auto(ReviewCriteria::Id))
                .col(integer(ReviewCriteria::CohortId))
                .col(integer(ReviewCriteria::Position))
                .col(string_len(ReviewCriteria::Key, 32))
                .col(string_len(ReviewCriteria::Label, 120))
                // An exact decimal as text (STACK.md: SQLite would keep a float).
                .col(string_len(ReviewCriteria::Weight, 16))
                .col(integer(ReviewCriteria::ScaleMin))
                .col(integer(ReviewCriteria::ScaleMax))
                .col(boolean(ReviewCriteria::Required))
                .col(text(ReviewCriteria::Guidance))
                .foreign_key(
                    ForeignKey::create()
                        .from(ReviewCriteria::Table, ReviewCriteria::CohortId)
                        .to(Cohorts::Table, Cohorts::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_review_criteria_cohort_key")
                .table(ReviewCriteria::Table)
                .col(ReviewCriteria::CohortId)
                .col(ReviewCriteria::Key)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ReviewAssignments::Table)
                .col(pk_auto(ReviewAssignments::Id))
                .col(integer(ReviewAssignments::CohortId))
                .col(integer(ReviewAssignments::ApplicationId))
                .col(integer(ReviewAssignments::ReviewerUserId))
                // assigned → submitted.
                .col(string_len(ReviewAssignments::State, 16))
                .col(string_len_null(ReviewAssignments::Confidence, 16))
                .col(text(ReviewAssignments::Comment))
                .col(timestamp_with_time_zone(ReviewAssignments::CreatedAt))
                .col(timestamp_with_time_zone(ReviewAssignments::UpdatedAt))
                .col(timestamp_with_time_zone_null(
                    ReviewAssignments::SubmittedAt,
                ))
                .foreign_key(
                    ForeignKey::create()
                        .from(ReviewAssignments::Table, ReviewAssignments::CohortId)
                        .to(Cohorts::Table, Cohorts::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ReviewAssignments::Table, ReviewAssignments::ApplicationId)
                        .to(Applications::Table, Applications::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ReviewAssignments::Table, ReviewAssignments::ReviewerUserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_review_assignments_application_reviewer")
                .table(ReviewAssignments::Table)
                .col(ReviewAssignments::ApplicationId)
                .col(ReviewAssignments::ReviewerUserId)
                .unique()
                .to_owned(),
        )
        .await?;
        crate::indexes::create(
            m,
            ReviewAssignments::Table,
            &[
                (
                    "idx_review_assignments_reviewer",
                    &[ReviewAssignments::ReviewerUserId],
                ),
                (
                    "idx_review_assignments_cohort",
                    &[ReviewAssignments::CohortId],
                ),
            ],
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ReviewScores::Table)
                .col(pk_auto(ReviewScores::Id))
                .col(integer(ReviewScores::AssignmentId))
                .col(string_len(ReviewScores::CriterionKey, 32))
                .col(integer_null(ReviewScores::Score))
                .col(text(ReviewScores::Comment))
                .foreign_key(
                    ForeignKey::create()
                        .from(ReviewScores::Table, ReviewScores::AssignmentId)
                        .to(ReviewAssignments::Table, ReviewAssignments::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_review_scores_assignment_criterion")
                .table(ReviewScores::Table)
                .col(ReviewScores::AssignmentId)
                .col(ReviewScores::CriterionKey)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ReviewConflicts::Table)
                .col(pk_auto(ReviewConflicts::Id))
                .col(integer(ReviewConflicts::CohortId))
                .col(integer(ReviewConflicts::ReviewerUserId))
                // One of the two: an application, or an organisation by name.
                .col(integer_null(ReviewConflicts::ApplicationId))
                .col(string_len_null(ReviewConflicts::Organisation, 200))
                .col(timestamp_with_time_zone(ReviewConflicts::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(ReviewConflicts::Table, ReviewConflicts::CohortId)
                        .to(Cohorts::Table, Cohorts::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ReviewConflicts::Table, ReviewConflicts::ReviewerUserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ReviewConflicts::Table, ReviewConflicts::ApplicationId)
                        .to(Applications::Table, Applications::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        crate::indexes::create(
            m,
            ReviewConflicts::Table,
            &[(
                "idx_review_conflicts_cohort_reviewer",
                &[ReviewConflicts::CohortId, ReviewConflicts::ReviewerUserId],
            )],
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ReviewConflicts::Table.into_iden(),
            ReviewScores::Table.into_iden(),
            ReviewAssignments::Table.into_iden(),
            ReviewCriteria::Table.into_iden(),
            ReviewSettings::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum ReviewSettings {
    Table,
    CohortId,
    Blind,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ReviewCriteria {
    Table,
    Id,
    CohortId,
    Position,
    Key,
    Label,
    Weight,
    ScaleMin,
    ScaleMax,
    Required,
    Guidance,
}

#[derive(DeriveIden, Clone, Copy)]
enum ReviewAssignments {
    Table,
    Id,
    CohortId,
    ApplicationId,
    ReviewerUserId,
    State,
    Confidence,
    Comment,
    CreatedAt,
    UpdatedAt,
    SubmittedAt,
}

#[derive(DeriveIden)]
enum ReviewScores {
    Table,
    Id,
    AssignmentId,
    CriterionKey,
    Score,
    Comment,
}

#[derive(DeriveIden, Clone, Copy)]
enum ReviewConflicts {
    Table,
    Id,
    CohortId,
    ReviewerUserId,
    ApplicationId,
    Organisation,
    CreatedAt,
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
