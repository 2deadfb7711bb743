use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cohorts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub programme_id: i32,
    pub name: String,
    pub seats: i32,
    pub status: String,
    pub eligible_countries: Option<String>,
    pub call_opens_at: Option<DateTimeUtc>,
    pub call_closes_at: Option<DateTimeUtc>,
    pub deadline_time_zone: String,
    pub per_diem_policy: Option<String>,
    pub calendar_token: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub starts_on: Option<Date>,
    pub ends_on: Option<Date>,
    pub cancel_reason: Option<String>,
    pub cloned_from_id: Option<i32>,
    pub status_changed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
