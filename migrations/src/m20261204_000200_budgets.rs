//! Cohort budgets: a line per cohort and category (planned amount, its unit-cost calculator,
//! the control finance sets, a version for optimistic locking), the cost items committed and
//! paid against them, and the exchange-rate table costs in other currencies are converted by.
//!
//! Money is integer minor units (öre, cents), never DECIMAL (STACK.md trap 1). An exchange rate
//! is kept as the exact decimal text it was entered or published with ("10.4235"): it is not
//! money, and a float would change it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(BudgetLines::Table)
                .col(pk_auto(BudgetLines::Id))
                .col(integer(BudgetLines::CohortId))
                // flights, visas, accommodation, … (itp_domain::budget::Category codes).
                .col(string_len(BudgetLines::Category, 32))
                .col(big_integer(BudgetLines::PlannedOre))
                // The optional calculator the planned amount came from: units × nights × rate.
                .col(integer_null(BudgetLines::CalcUnits))
                .col(integer_null(BudgetLines::CalcNights))
                .col(big_integer_null(BudgetLines::CalcRateOre))
                .col(text(BudgetLines::Note))
                // ignore | warn | stop, set by finance.
                .col(string_len(BudgetLines::Control, 16))
                // Raised by every save; a form carrying an older one is refused.
                .col(integer(BudgetLines::Version))
                .col(integer_null(BudgetLines::UpdatedByUserId))
                .col(timestamp_with_time_zone(BudgetLines::CreatedAt))
                .col(timestamp_with_time_zone(BudgetLines::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(BudgetLines::Table, BudgetLines::CohortId)
                        .to(Cohorts::Table, Cohorts::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_budget_lines_cohort_category")
                .table(BudgetLines::Table)
                .col(BudgetLines::CohortId)
                .col(BudgetLines::Category)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(CostItems::Table)
                .col(pk_auto(CostItems::Id))
                .col(integer(CostItems::CohortId))
                .col(string_len(CostItems::Category, 32))
                // Plain ids for now: the participants feature owns those tables.
                .col(integer_null(CostItems::ParticipantId))
                .col(integer_null(CostItems::PhaseId))
                // manual | itinerary_leg | accommodation | insurance | visa | host_compensation,
                // and the id of the record it comes from (none for a manual item). Unique
                // together: a booking is one cost item however often it is saved.
                .col(string_len(CostItems::SourceKind, 32))
                .col(integer_null(CostItems::SourceId))
                .col(string_len(CostItems::Supplier, 200))
                .col(text(CostItems::Description))
                // The date of the cost: the date its exchange rate is taken at.
                .col(date(CostItems::IncurredOn))
                .col(string_len(CostItems::Currency, 3))
                .col(big_integer(CostItems::AmountMinor))
                // SEK per one unit of the currency, as exact decimal text; "1" for SEK.
                .col(string_len(CostItems::Rate, 40))
                .col(date(CostItems::RateOn))
                .col(big_integer(CostItems::AmountOre))
                // committed | paid.
                .col(string_len(CostItems::State, 16))
                .col(date_null(CostItems::PaidOn))
                .col(string_len(CostItems::Voucher, 64))
                // A commitment beyond a stopped line: finance's approval and its reason.
                .col(integer_null(CostItems::OverBudgetApprovedBy))
                .col(text(CostItems::OverBudgetReason))
                .col(integer_null(CostItems::CreatedByUserId))
                .col(timestamp_with_time_zone(CostItems::CreatedAt))
                .col(timestamp_with_time_zone(CostItems::UpdatedAt))
                .col(integer(CostItems::Version))
                .foreign_key(
                    ForeignKey::create()
                        .from(CostItems::Table, CostItems::CohortId)
                        .to(Cohorts::Table, Cohorts::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        // NULL source ids (manual items) are distinct in a unique index on both backends.
        m.create_index(
            Index::create()
                .name("uq_cost_items_source")
                .table(CostItems::Table)
                .col(CostItems::SourceKind)
                .col(CostItems::SourceId)
                .unique()
                .to_owned(),
        )
        .await?;
        crate::indexes::create(
            m,
            CostItems::Table,
            &[(
                "idx_cost_items_cohort_category",
                &[CostItems::CohortId, CostItems::Category],
            )],
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ExchangeRates::Table)
                .col(pk_auto(ExchangeRates::Id))
                .col(string_len(ExchangeRates::Currency, 3))
                .col(date(ExchangeRates::RateOn))
                // SEK per one unit (a rate the Riksbank gives per 100 units is divided).
                .col(string_len(ExchangeRates::SekPerUnit, 40))
                // manual | riksbank.
                .col(string_len(ExchangeRates::Source, 16))
                .col(integer_null(ExchangeRates::EnteredByUserId))
                .col(timestamp_with_time_zone(ExchangeRates::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_exchange_rates_currency_date")
                .table(ExchangeRates::Table)
                .col(ExchangeRates::Currency)
                .col(ExchangeRates::RateOn)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ExchangeRates::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(CostItems::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(BudgetLines::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum BudgetLines {
    Table,
    Id,
    CohortId,
    Category,
    PlannedOre,
    CalcUnits,
    CalcNights,
    CalcRateOre,
    Note,
    Control,
    Version,
    UpdatedByUserId,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum CostItems {
    Table,
    Id,
    CohortId,
    Category,
    ParticipantId,
    PhaseId,
    SourceKind,
    SourceId,
    Supplier,
    Description,
    IncurredOn,
    Currency,
    AmountMinor,
    Rate,
    RateOn,
    AmountOre,
    State,
    PaidOn,
    Voucher,
    OverBudgetApprovedBy,
    OverBudgetReason,
    CreatedByUserId,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden, Clone, Copy)]
enum ExchangeRates {
    Table,
    Id,
    Currency,
    RateOn,
    SekPerUnit,
    Source,
    EnteredByUserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Cohorts {
    Table,
    Id,
}
