use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "study_visits")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub host_id: i32,
    pub cohort_id: i32,
    pub application_id: i32,
    pub state: String,
    pub starts_on: Date,
    pub ends_on: Date,
    pub theme: String,
    pub reason: String,
    pub local_transport: String,
    pub lodging: String,
    pub report_shown: String,
    pub report_learned: String,
    pub report_contacts: String,
    pub reported_at: Option<DateTimeUtc>,
    pub compensation_ore: Option<i64>,
    pub compensation_covers: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
