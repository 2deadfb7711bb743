use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "programme_letters")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub programme_id: i32,
    pub certificate_template: String,
    pub invitation_template: String,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
