//! The data version (`data_versions`): a number every committed unit of work raises, so that a
//! result computed from many rows can be kept while the number stands. It lives in the database,
//! so a change made through any instance is seen by all of them.

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::Result;
use crate::entities::data_version;

const ALL: &str = "all";

/// The version as it stands now.
pub async fn current<C: ConnectionTrait>(conn: &C) -> Result<i64> {
    Ok(data_version::Entity::find_by_id(ALL.to_owned())
        .one(conn)
        .await?
        .map(|row| row.version)
        .unwrap_or(0))
}

/// Raises the version, in the caller's transaction: readers see the new number exactly when the
/// change commits. Called last in a transaction, so the row's lock is held only until the commit.
pub async fn raise<C: ConnectionTrait>(conn: &C) -> Result<()> {
    data_version::Entity::update_many()
        .col_expr(
            data_version::Column::Version,
            Expr::col(data_version::Column::Version).add(1),
        )
        .filter(data_version::Column::Name.eq(ALL))
        .exec(conn)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::backends;

    #[tokio::test]
    async fn a_committed_raise_is_seen_and_a_rolled_back_one_is_not() {
        for b in backends().await {
            let db = &b.db;
            let before = current(&db.conn).await.unwrap();
            let tx = crate::begin_write(&db.conn).await.unwrap();
            raise(&tx).await.unwrap();
            tx.rollback().await.unwrap();
            assert_eq!(current(&db.conn).await.unwrap(), before);
            let tx = crate::begin_write(&db.conn).await.unwrap();
            raise(&tx).await.unwrap();
            raise(&tx).await.unwrap();
            tx.commit().await.unwrap();
            assert_eq!(current(&db.conn).await.unwrap(), before + 2, "{}", b.name);
        }
    }
}
