//! The bytes of stored documents, in the database: a header per document (size, SHA-256, number
//! of chunks) and the bytes in chunks of [`CHUNK_BYTES`], written and read one chunk at a time.
//! The web layer's `DocumentStore` is the only caller; it writes a document in the transaction
//! of the row that names it, so the two commit together.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Statement,
};

use crate::Result;
use crate::entities::{document_blob, document_chunk};

/// The largest chunk: big enough that a 10 MB scan is 40 rows, small enough that a read holds
/// little in memory.
pub const CHUNK_BYTES: usize = 256 * 1024;

/// What the store knows of one document without reading its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlobHeader {
    pub storage_key: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub chunks: i32,
    pub created_at: DateTime<Utc>,
}

impl From<document_blob::Model> for BlobHeader {
    fn from(m: document_blob::Model) -> BlobHeader {
        BlobHeader {
            storage_key: m.storage_key,
            size_bytes: m.size_bytes,
            sha256: m.sha256,
            chunks: m.chunks,
            created_at: m.created_at,
        }
    }
}

/// Starts a document: its header, empty until [`finish`] records what was written.
pub async fn begin<C: ConnectionTrait>(conn: &C, key: &str, now: DateTime<Utc>) -> Result<()> {
    document_blob::Entity::insert(document_blob::ActiveModel {
        storage_key: Set(key.to_owned()),
        size_bytes: Set(0),
        sha256: Set(String::new()),
        chunks: Set(0),
        created_at: Set(now),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// Appends chunk number `seq` (0, 1, 2, …) of a begun document.
pub async fn append<C: ConnectionTrait>(
    conn: &C,
    key: &str,
    seq: i32,
    data: Vec<u8>,
) -> Result<()> {
    document_chunk::Entity::insert(document_chunk::ActiveModel {
        storage_key: Set(key.to_owned()),
        seq: Set(seq),
        data: Set(data),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// Records the size, SHA-256 (hex) and number of chunks of a document whose chunks are written.
pub async fn finish<C: ConnectionTrait>(
    conn: &C,
    key: &str,
    size_bytes: i64,
    sha256: &str,
    chunks: i32,
) -> Result<()> {
    document_blob::Entity::update_many()
        .col_expr(document_blob::Column::SizeBytes, size_bytes.into())
        .col_expr(document_blob::Column::Sha256, sha256.into())
        .col_expr(document_blob::Column::Chunks, chunks.into())
        .filter(document_blob::Column::StorageKey.eq(key))
        .exec(conn)
        .await?;
    Ok(())
}

pub async fn header<C: ConnectionTrait>(conn: &C, key: &str) -> Result<Option<BlobHeader>> {
    Ok(document_blob::Entity::find_by_id(key.to_owned())
        .one(conn)
        .await?
        .map(BlobHeader::from))
}

/// Every stored document's header, in key order.
pub async fn headers<C: ConnectionTrait>(conn: &C) -> Result<Vec<BlobHeader>> {
    Ok(document_blob::Entity::find()
        .order_by_asc(document_blob::Column::StorageKey)
        .all(conn)
        .await?
        .into_iter()
        .map(BlobHeader::from)
        .collect())
}

/// Chunk number `seq` of a document, if it is there.
pub async fn chunk<C: ConnectionTrait>(conn: &C, key: &str, seq: i32) -> Result<Option<Vec<u8>>> {
    Ok(document_chunk::Entity::find()
        .select_only()
        .column(document_chunk::Column::Data)
        .filter(document_chunk::Column::StorageKey.eq(key))
        .filter(document_chunk::Column::Seq.eq(seq))
        .into_tuple::<Vec<u8>>()
        .one(conn)
        .await?)
}

/// How many chunk rows a document has (its header says how many it should have).
pub async fn stored_chunks<C: ConnectionTrait>(conn: &C, key: &str) -> Result<u64> {
    Ok(document_chunk::Entity::find()
        .filter(document_chunk::Column::StorageKey.eq(key))
        .count(conn)
        .await?)
}

/// Deletes documents and their chunks; returns how many documents were there.
pub async fn delete<C: ConnectionTrait>(conn: &C, keys: &[String]) -> Result<u64> {
    if keys.is_empty() {
        return Ok(0);
    }
    document_chunk::Entity::delete_many()
        .filter(document_chunk::Column::StorageKey.is_in(keys.iter().cloned()))
        .exec(conn)
        .await?;
    let res = document_blob::Entity::delete_many()
        .filter(document_blob::Column::StorageKey.is_in(keys.iter().cloned()))
        .exec(conn)
        .await?;
    Ok(res.rows_affected)
}

/// A row that names a stored document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// Which kind of record, with its id: `application document 12`.
    pub record: String,
    pub storage_key: String,
    /// The SHA-256 recorded when the document was uploaded.
    pub sha256: String,
    pub size_bytes: i64,
}

/// The tables whose rows name a stored document: (what a row is called, its table). Each has
/// `id`, `storage_key`, `sha256` and `size_bytes`. A feature that stores documents of its own
/// adds its table here, so `itp check` and `itp storage migrate` see them.
pub const REFERENCING_TABLES: &[(&str, &str)] =
    &[("application document", "application_documents")];

/// Every row that names a stored document.
pub async fn references<C: ConnectionTrait>(conn: &C) -> Result<Vec<Reference>> {
    let mut all = Vec::new();
    for (what, table) in REFERENCING_TABLES {
        let sql = format!("SELECT id, storage_key, sha256, size_bytes FROM {table} ORDER BY id",);
        let rows = conn
            .query_all_raw(Statement::from_string(conn.get_database_backend(), sql))
            .await?;
        for row in rows {
            let id: i32 = row.try_get_by_index(0)?;
            all.push(Reference {
                record: format!("{what} {id}"),
                storage_key: row.try_get_by_index(1)?,
                sha256: row.try_get_by_index(2)?,
                size_bytes: row.try_get_by_index(3)?,
            });
        }
    }
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::backends;

    #[tokio::test]
    async fn a_document_is_written_in_chunks_read_back_and_deleted_on_every_backend() {
        for b in backends().await {
            let conn = &b.db.conn;
            let now = Utc::now();
            begin(conn, "k1", now).await.unwrap();
            let first = vec![1u8; CHUNK_BYTES];
            append(conn, "k1", 0, first.clone()).await.unwrap();
            append(conn, "k1", 1, vec![2u8; 10]).await.unwrap();
            let size = (CHUNK_BYTES + 10) as i64;
            finish(conn, "k1", size, "ab", 2).await.unwrap();
            let h = header(conn, "k1").await.unwrap().unwrap();
            assert_eq!((h.size_bytes, h.sha256.as_str(), h.chunks), (size, "ab", 2));
            assert_eq!(
                chunk(conn, "k1", 0).await.unwrap().unwrap(),
                first,
                "{}",
                b.name
            );
            assert_eq!(chunk(conn, "k1", 1).await.unwrap().unwrap(), vec![2u8; 10]);
            assert_eq!(chunk(conn, "k1", 2).await.unwrap(), None);
            assert_eq!(stored_chunks(conn, "k1").await.unwrap(), 2);
            assert_eq!(headers(conn).await.unwrap().len(), 1);
            assert_eq!(delete(conn, &["k1".to_owned()]).await.unwrap(), 1);
            assert_eq!(header(conn, "k1").await.unwrap(), None);
            assert_eq!(stored_chunks(conn, "k1").await.unwrap(), 0, "{}", b.name);
            assert!(references(conn).await.unwrap().is_empty());
        }
    }
}
