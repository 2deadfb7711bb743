use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "participant_phases")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub participant_id: i32,
    pub phase_id: i32,
    pub attendance: String,
    pub visa_status: String,
    pub visa_applied_on: Option<Date>,
    pub visa_decided_on: Option<Date>,
    pub visa_embassy: String,
    pub insurer: String,
    pub policy_number: String,
    pub insurance_cost_minor: Option<i64>,
    pub insurance_currency: String,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
