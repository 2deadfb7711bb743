use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "per_diem_statements")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub cohort_id: i32,
    pub traveller_name: String,
    pub traveller_user_id: Option<i32>,
    pub phase_label: Option<String>,
    pub policy: String,
    pub trip_json: String,
    pub state: String,
    pub eligible: bool,
    pub total_ore: i64,
    pub currency: String,
    pub policy_used_json: String,
    pub computed_at: DateTimeUtc,
    pub created_by_user_id: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub approved_by_user_id: Option<i32>,
    pub approved_at: Option<DateTimeUtc>,
    pub paid_by_user_id: Option<i32>,
    pub paid_at: Option<DateTimeUtc>,
    /// The participant and phase the statement is for, when computed from an itinerary.
    pub participant_id: Option<i32>,
    pub phase_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
