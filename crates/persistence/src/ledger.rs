//! The mapping of ledger categories to accounts that finance edits. A category without a stored
//! row is posted to its default, so the mapping is always complete.

use chrono::{DateTime, Utc};
use itp_domain::Code;
use itp_domain::ledger::{AccountMapping, Category, default_mapping};
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait, sea_query::OnConflict};

use crate::entities::ledger_account as row;
use crate::{PersistenceError, Result};

/// Every category with where it is posted, in the categories' order.
pub async fn mapping<C: ConnectionTrait>(conn: &C) -> Result<Vec<AccountMapping>> {
    let stored = row::Entity::find().all(conn).await?;
    let mut out = Vec::with_capacity(Category::ALL.len());
    for category in Category::ALL {
        let m = match stored.iter().find(|r| r.category == category.code()) {
            Some(r) => AccountMapping {
                category: *category,
                account: u32::try_from(r.account).map_err(|_| {
                    PersistenceError::Corrupt(format!("ledger_accounts.account {}", r.account))
                })?,
                account_name: r.account_name.clone(),
                cost_centre: r.cost_centre.clone(),
                project: r.project.clone(),
            },
            None => default_mapping(*category),
        };
        out.push(m);
    }
    Ok(out)
}

/// Stores where one category is posted, replacing what was there.
pub async fn save<C: ConnectionTrait>(
    conn: &C,
    mapping: &AccountMapping,
    user_id: Option<i32>,
    now: DateTime<Utc>,
) -> Result<()> {
    let model = row::ActiveModel {
        category: Set(mapping.category.code().to_owned()),
        account: Set(i32::try_from(mapping.account)
            .map_err(|_| PersistenceError::Corrupt("account number".into()))?),
        account_name: Set(mapping.account_name.clone()),
        cost_centre: Set(mapping.cost_centre.clone()),
        project: Set(mapping.project.clone()),
        updated_by_user_id: Set(user_id),
        updated_at: Set(now),
    };
    row::Entity::insert(model)
        .on_conflict(
            OnConflict::column(row::Column::Category)
                .update_columns([
                    row::Column::Account,
                    row::Column::AccountName,
                    row::Column::CostCentre,
                    row::Column::Project,
                    row::Column::UpdatedByUserId,
                    row::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec(conn)
        .await?;
    Ok(())
}
