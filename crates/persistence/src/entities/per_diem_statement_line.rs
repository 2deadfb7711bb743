use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "per_diem_statement_lines")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub statement_id: i32,
    pub position: i32,
    pub kind: String,
    pub date: Date,
    pub country: String,
    pub day_kind: Option<String>,
    pub base_ore: i64,
    pub reduction_ore: i64,
    pub amount_ore: i64,
    pub rule_json: String,
    pub explanation: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
