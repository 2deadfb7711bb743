use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "hotel_stays")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub participant_phase_id: i32,
    pub hotel: String,
    pub check_in: Date,
    pub check_out: Date,
    pub cost_minor: Option<i64>,
    pub cost_currency: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
