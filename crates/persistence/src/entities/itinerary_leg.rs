use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "itinerary_legs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub participant_phase_id: i32,
    pub from_place: String,
    pub from_country: String,
    pub departs_local: String,
    pub departs_zone: String,
    pub to_place: String,
    pub to_country: String,
    pub arrives_local: String,
    pub arrives_zone: String,
    pub departs_utc: DateTimeUtc,
    pub carrier: String,
    pub booking_reference: String,
    pub cost_minor: Option<i64>,
    pub cost_currency: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
