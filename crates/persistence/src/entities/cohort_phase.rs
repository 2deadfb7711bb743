use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cohort_phases")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub cohort_id: i32,
    pub kind: String,
    pub title: String,
    pub starts_on: Date,
    pub ends_on: Date,
    pub country: Option<String>,
    pub city: String,
    pub venue: String,
    pub compulsory: bool,
    pub study_visits_start_on: Option<Date>,
    pub study_visits_end_on: Option<Date>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
