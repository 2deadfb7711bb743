use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "selection_settings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub cohort_id: i32,
    pub seats: Option<i32>,
    pub max_teams_per_country: Option<i32>,
    pub max_teams_per_country_hard: bool,
    pub min_women_percent: Option<i32>,
    pub min_women_hard: bool,
    pub politician_per_team: bool,
    pub politician_hard: bool,
    pub review_deadline: Option<DateTimeUtc>,
    pub confirm_days: i32,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
