use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "per_diem_policy_versions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub policy_id: i32,
    pub valid_from: Date,
    pub travel_day_basis_points: i32,
    pub breakfast_basis_points: i32,
    pub lunch_basis_points: i32,
    pub dinner_basis_points: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
