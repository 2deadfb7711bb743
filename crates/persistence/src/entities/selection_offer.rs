use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "selection_offers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub cohort_id: i32,
    pub application_id: i32,
    pub token_hash: String,
    pub state: String,
    pub deadline: DateTimeUtc,
    pub created_at: DateTimeUtc,
    pub answered_at: Option<DateTimeUtc>,
    pub reminded_at: Option<DateTimeUtc>,
    pub refilled: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
