//! The queries behind the finance reports: each streams its rows in a stable order, so a report
//! of any size is written while it is read, and looks up what a batch of rows needs in one query
//! per batch.

pub mod costs;
pub mod hosts;
pub mod per_diem;

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

use crate::Result;
use crate::entities::user;

/// Display names (or else addresses) of accounts, for the columns that name who did something.
pub async fn names<C: ConnectionTrait>(conn: &C, ids: &[i32]) -> Result<HashMap<i32, String>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i32, String, String)> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::DisplayName)
        .column(user::Column::Email)
        .filter(user::Column::Id.is_in(ids.iter().copied()))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, email)| (id, if name.trim().is_empty() { email } else { name }))
        .collect())
}
