use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "job_slots")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub job: String,
    pub slot_at: DateTimeUtc,
    pub claimed_by: String,
    pub claimed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
