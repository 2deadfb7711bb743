//! People, their roles, sessions, one-time links and login throttling.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Users::Table)
                .col(pk_auto(Users::Id))
                .col(string_len_uniq(Users::Email, 254))
                .col(string_len(Users::DisplayName, 200))
                .col(text_null(Users::PasswordHash))
                .col(boolean(Users::Active).default(true))
                .col(timestamp_with_time_zone(Users::CreatedAt))
                .col(timestamp_with_time_zone_null(Users::LastLoginAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(RoleGrants::Table)
                .col(pk_auto(RoleGrants::Id))
                .col(integer(RoleGrants::UserId))
                .col(string_len(RoleGrants::Role, 32))
                .col(integer_null(RoleGrants::ScopeId))
                .col(timestamp_with_time_zone(RoleGrants::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(RoleGrants::Table, RoleGrants::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_role_grants_user")
                .table(RoleGrants::Table)
                .col(RoleGrants::UserId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Sessions::Table)
                // SHA-256 of the cookie value: a copy of the database holds no usable session.
                .col(string_len(Sessions::IdHash, 64).primary_key())
                .col(integer_null(Sessions::UserId))
                .col(string_len(Sessions::CsrfToken, 64))
                .col(text_null(Sessions::Flash))
                .col(timestamp_with_time_zone(Sessions::CreatedAt))
                .col(timestamp_with_time_zone(Sessions::LastSeenAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Sessions::Table, Sessions::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_sessions_last_seen")
                .table(Sessions::Table)
                .col(Sessions::LastSeenAt)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(OneTimeLinks::Table)
                .col(pk_auto(OneTimeLinks::Id))
                .col(integer(OneTimeLinks::UserId))
                .col(string_len(OneTimeLinks::Purpose, 32))
                .col(string_len_uniq(OneTimeLinks::TokenHash, 64))
                .col(timestamp_with_time_zone(OneTimeLinks::ExpiresAt))
                .col(timestamp_with_time_zone_null(OneTimeLinks::UsedAt))
                .col(timestamp_with_time_zone(OneTimeLinks::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(OneTimeLinks::Table, OneTimeLinks::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(LoginThrottles::Table)
                .col(string_len(LoginThrottles::Email, 254).primary_key())
                .col(integer(LoginThrottles::Failures))
                .col(integer(LoginThrottles::Lockouts))
                .col(timestamp_with_time_zone_null(LoginThrottles::LockedUntil))
                .col(timestamp_with_time_zone(LoginThrottles::UpdatedAt))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            LoginThrottles::Table.into_iden(),
            OneTimeLinks::Table.into_iden(),
            Sessions::Table.into_iden(),
            RoleGrants::Table.into_iden(),
            Users::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
pub enum Users {
    Table,
    Id,
    Email,
    DisplayName,
    PasswordHash,
    Active,
    CreatedAt,
    LastLoginAt,
}

#[derive(DeriveIden)]
enum RoleGrants {
    Table,
    Id,
    UserId,
    Role,
    ScopeId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    IdHash,
    UserId,
    CsrfToken,
    Flash,
    CreatedAt,
    LastSeenAt,
}

#[derive(DeriveIden)]
enum OneTimeLinks {
    Table,
    Id,
    UserId,
    Purpose,
    TokenHash,
    ExpiresAt,
    UsedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum LoginThrottles {
    Table,
    Email,
    Failures,
    Lockouts,
    LockedUntil,
    UpdatedAt,
}
