use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "review_scores")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub assignment_id: i32,
    pub criterion_key: String,
    pub score: Option<i32>,
    pub comment: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
