use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "review_assignments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub cohort_id: i32,
    pub application_id: i32,
    pub reviewer_user_id: i32,
    pub state: String,
    pub confidence: Option<String>,
    pub comment: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub submitted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
