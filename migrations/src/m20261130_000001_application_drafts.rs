//! The manager's application list, fast at thousands of applications per cohort (issue 4's
//! benchmark): drafts move out of `applications` into their own table, and the list's sort orders
//! and counts get indexes. With a 2 KB draft in every row SQLite sorted whole rows through a
//! temporary B-tree; the draft is read only when one application is opened, so it lives beside
//! its row, one-to-one. Each index lets a page of the list stop after its 50 rows instead of
//! sorting the cohort, and the counts index covers the list's and the dashboard's counts.

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
        crate::indexes::create(m, Applications::Table, INDEXES).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        crate::indexes::drop(m, Applications::Table, INDEXES).await?;
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

use Applications as A;

/// One per sort order of the list (the id breaks ties), and one for the counts by status,
/// eligibility and country with the team sizes the dashboard sums.
const INDEXES: &[(&str, &[A])] = &[
    (
        "idx_applications_list_submitted",
        &[A::CohortId, A::SubmittedAt, A::Id],
    ),
    (
        "idx_applications_list_organisation",
        &[A::CohortId, A::OrganisationName, A::Id],
    ),
    (
        "idx_applications_list_members",
        &[A::CohortId, A::MemberCount, A::Id],
    ),
    (
        "idx_applications_list_eligibility",
        &[A::CohortId, A::Eligibility, A::Id],
    ),
    (
        "idx_applications_counts",
        &[
            A::CohortId,
            A::Status,
            A::Eligibility,
            A::Country,
            A::MemberCount,
            A::WomenCount,
        ],
    ),
];

#[derive(DeriveIden, Clone)]
enum Applications {
    Table,
    Id,
    CohortId,
    SubmittedAt,
    OrganisationName,
    MemberCount,
    Eligibility,
    Status,
    Country,
    WomenCount,
}
