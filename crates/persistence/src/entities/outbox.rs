use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub to_address: String,
    pub to_name: String,
    pub subject: String,
    pub body: String,
    pub template: Option<String>,
    pub status: String,
    pub hold: bool,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub cause_type: String,
    pub cause_id: Option<String>,
    pub created_at: DateTimeUtc,
    pub next_attempt_at: DateTimeUtc,
    pub expires_at: Option<DateTimeUtc>,
    pub claim_token: Option<String>,
    pub lease_until: Option<DateTimeUtc>,
    pub sent_at: Option<DateTimeUtc>,
    pub html_body: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
