use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cost_items")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub cohort_id: i32,
    pub category: String,
    pub participant_id: Option<i32>,
    pub phase_id: Option<i32>,
    pub source_kind: String,
    pub source_id: Option<i32>,
    pub supplier: String,
    pub description: String,
    pub incurred_on: Date,
    pub currency: String,
    pub amount_minor: i64,
    pub rate: String,
    pub rate_on: Date,
    pub amount_ore: i64,
    pub state: String,
    pub paid_on: Option<Date>,
    pub voucher: String,
    pub over_budget_approved_by: Option<i32>,
    pub over_budget_reason: String,
    pub created_by_user_id: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
