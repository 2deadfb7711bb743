//! Plain indexes, named and listed once per migration.

use sea_orm_migration::prelude::*;

/// Creates one non-unique index on `table` per `(name, columns)`.
pub(crate) async fn create<T, C>(
    m: &SchemaManager<'_>,
    table: T,
    indexes: &[(&str, &[C])],
) -> Result<(), DbErr>
where
    T: Iden + Clone + 'static,
    C: Iden + Clone + 'static,
{
    for (name, columns) in indexes {
        let mut index = Index::create();
        index.name(*name).table(table.clone());
        for column in *columns {
            index.col(column.clone());
        }
        m.create_index(index.to_owned()).await?;
    }
    Ok(())
}

/// Drops what [`create`] made.
pub(crate) async fn drop<T, C>(
    m: &SchemaManager<'_>,
    table: T,
    indexes: &[(&str, &[C])],
) -> Result<(), DbErr>
where
    T: Iden + Clone + 'static,
    C: Iden + Clone + 'static,
{
    for (name, _) in indexes {
        m.drop_index(Index::drop().name(*name).table(table.clone()).to_owned())
            .await?;
    }
    Ok(())
}
