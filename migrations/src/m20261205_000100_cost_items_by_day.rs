//! The costs report reads a cohort's cost items by day: an index in that order lets the database
//! hand them over as it reads them, instead of sorting every row first (a sort of a million rows
//! spilled to temporary files and held the first row back until it was done).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const NAME: &str = "idx_cost_items_cohort_incurred";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(
            Index::create()
                .name(NAME)
                .table(CostItems::Table)
                .col(CostItems::CohortId)
                .col(CostItems::IncurredOn)
                .col(CostItems::Id)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name(NAME).table(CostItems::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum CostItems {
    Table,
    CohortId,
    IncurredOn,
    Id,
}
