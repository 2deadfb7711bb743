//! Documents kept in the database: a header per stored document (its size, SHA-256 and number of
//! chunks) and its bytes in chunks of at most 256 KiB, so a read or a write never holds a whole
//! passport scan in memory. Every instance on one PostgreSQL reads the same documents, and one
//! backup of the database holds them all.
//!
//! No foreign key from `application_documents.storage_key`: documents stored under `uploads/`
//! before this migration are moved in afterwards by `itp storage migrate`, and `itp check`
//! reports rows without their document.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(DocumentBlobs::Table)
                // The random key the document row names (a 43-character token).
                .col(string_len(DocumentBlobs::StorageKey, 64).primary_key())
                .col(big_integer(DocumentBlobs::SizeBytes))
                .col(string_len(DocumentBlobs::Sha256, 64))
                .col(integer(DocumentBlobs::Chunks))
                .col(timestamp_with_time_zone(DocumentBlobs::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(DocumentChunks::Table)
                .col(string_len(DocumentChunks::StorageKey, 64))
                // 0, 1, 2, … in the order of the bytes.
                .col(integer(DocumentChunks::Seq))
                .col(blob(DocumentChunks::Data))
                .primary_key(
                    Index::create()
                        .col(DocumentChunks::StorageKey)
                        .col(DocumentChunks::Seq),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(DocumentChunks::Table, DocumentChunks::StorageKey)
                        .to(DocumentBlobs::Table, DocumentBlobs::StorageKey)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(DocumentChunks::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(DocumentBlobs::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum DocumentBlobs {
    Table,
    StorageKey,
    SizeBytes,
    Sha256,
    Chunks,
    CreatedAt,
}

#[derive(DeriveIden)]
enum DocumentChunks {
    Table,
    StorageKey,
    Seq,
    Data,
}
