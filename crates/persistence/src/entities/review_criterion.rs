use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "review_criteria")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub cohort_id: i32,
    pub position: i32,
    pub key: String,
    pub label: String,
    pub weight: String,
    pub scale_min: i32,
    pub scale_max: i32,
    pub required: bool,
    pub guidance: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
