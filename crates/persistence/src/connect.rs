//! Opening the database: SQLite with the pragmas that make concurrent requests safe, or
//! PostgreSQL; then the migrations.

use std::path::{Path, PathBuf};
use std::time::Duration;

use itp_migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend,
    SqliteTransactionMode, Statement, TransactionOptions, TransactionTrait,
};

use crate::{PersistenceError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The connection pool and which kind of database is behind it.
#[derive(Debug, Clone)]
pub struct Database {
    pub conn: DatabaseConnection,
    pub backend: Backend,
    /// The SQLite file, for the reports that read it directly ([`crate::sqlite_reader`]);
    /// none for PostgreSQL and for an SQLite database in memory.
    pub sqlite_file: Option<PathBuf>,
}

impl Database {
    /// Connects to `url` (`sqlite://path?mode=rwc` or `postgres://…`).
    pub async fn connect(url: &str) -> Result<Database> {
        let backend = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            return Err(PersistenceError::Corrupt(format!(
                "unsupported database URL scheme in '{}': use sqlite:// or postgres://",
                redact_url(url)
            )));
        };
        let mut options = ConnectOptions::new(url.to_owned());
        options
            .sqlx_logging(false)
            .acquire_timeout(Duration::from_secs(10));
        match backend {
            Backend::Sqlite => {
                // Pragmas are per connection, so they go on the connect options (STACK.md trap 2).
                // WAL lets readers run beside the one writer; busy_timeout makes a second writer
                // wait instead of failing with "database is locked".
                options
                    .max_connections(8)
                    .min_connections(1)
                    .map_sqlx_sqlite_opts(|o| {
                        o.journal_mode(SqliteJournalMode::Wal)
                            .synchronous(SqliteSynchronous::Normal)
                            .foreign_keys(true)
                            .busy_timeout(Duration::from_secs(10))
                            .create_if_missing(true)
                    });
            }
            Backend::Postgres => {
                options.max_connections(16).min_connections(1);
            }
        }
        let conn = sea_orm::Database::connect(options).await?;
        Ok(Database {
            conn,
            backend,
            sqlite_file: sqlite_file_of(url),
        })
    }

    /// Opens (creating if needed) an SQLite file.
    pub async fn open_sqlite_file(path: &Path) -> Result<Database> {
        Database::connect(&sqlite_url(path)).await
    }

    /// Opens an SQLite file only to read and check it (a backup): read-only and immutable, on one
    /// connection, so that checking it neither turns it into WAL mode nor leaves `-wal` and
    /// `-shm` files beside it, which a directory of backups would then count.
    pub async fn inspect_sqlite_file(path: &Path) -> Result<Database> {
        let mut options = ConnectOptions::new(sqlite_url(path));
        options
            .sqlx_logging(false)
            .acquire_timeout(Duration::from_secs(10))
            .max_connections(1)
            .min_connections(0)
            .map_sqlx_sqlite_opts(|o| o.read_only(true).immutable(true).create_if_missing(false));
        let conn = sea_orm::Database::connect(options).await?;
        Ok(Database {
            conn,
            backend: Backend::Sqlite,
            sqlite_file: Some(path.to_owned()),
        })
    }

    /// Applies pending migrations, then adds the reference data the application ships (per-diem
    /// rates for years the database has none of; see
    /// [`crate::per_diem::rates::ensure_shipped_rates`]); returns how many migrations ran.
    pub async fn migrate(&self) -> Result<usize> {
        itp_migrations::record_renames(&self.conn).await?;
        let pending = Migrator::get_pending_migrations(&self.conn).await?.len();
        Migrator::up(&self.conn, None).await?;
        // At start-up, before any request: the wall clock is the right one here.
        let shipped =
            crate::per_diem::rates::ensure_shipped_rates(&self.conn, chrono::Utc::now()).await?;
        if !shipped.domestic_years.is_empty() || !shipped.foreign_years.is_empty() {
            tracing::info!(
                domestic = ?shipped.domestic_years,
                foreign = ?shipped.foreign_years,
                "shipped per-diem rates added"
            );
        }
        Ok(pending)
    }

    /// `true` when the database answers a trivial query.
    pub async fn ping(&self) -> bool {
        self.conn.ping().await.is_ok()
    }

    /// A consistent online copy of an SQLite database, taken while the app keeps writing
    /// (`VACUUM INTO` reads one snapshot). PostgreSQL is backed up with pg_dump instead.
    pub async fn backup_sqlite_to(&self, target: &Path) -> Result<()> {
        if self.backend != Backend::Sqlite {
            return Err(PersistenceError::Corrupt(
                "online backup is for SQLite; back up PostgreSQL with pg_dump".into(),
            ));
        }
        if target.exists() {
            return Err(PersistenceError::Conflict(format!(
                "{} already exists; choose a new file",
                target.display()
            )));
        }
        let path = target.to_string_lossy().into_owned();
        self.conn
            .execute_raw(Statement::from_sql_and_values(
                DbBackend::Sqlite,
                "VACUUM INTO ?",
                [path.into()],
            ))
            .await?;
        Ok(())
    }

    /// What the database's own check finds wrong: SQLite's `integrity_check` and
    /// `foreign_key_check` (PostgreSQL checks its pages itself); empty when all is well.
    pub async fn integrity_problems(&self) -> Result<Vec<String>> {
        if self.backend != Backend::Sqlite {
            return Ok(Vec::new());
        }
        let mut problems = Vec::new();
        for row in self
            .conn
            .query_all_raw(Statement::from_string(
                DbBackend::Sqlite,
                "PRAGMA integrity_check",
            ))
            .await?
        {
            let line: String = row.try_get_by_index(0)?;
            if line != "ok" {
                problems.push(line);
            }
        }
        for row in self
            .conn
            .query_all_raw(Statement::from_string(
                DbBackend::Sqlite,
                "SELECT \"table\" || ' row ' || COALESCE(CAST(rowid AS TEXT), '?') || ' has no ' || parent \
                 FROM pragma_foreign_key_check",
            ))
            .await?
        {
            problems.push(row.try_get_by_index::<String>(0)?);
        }
        Ok(problems)
    }

    /// Brings the planner's statistics up to date after a bulk load (`itp seed`, a large
    /// import), as the database would do by itself some time later: SQLite's `ANALYZE`, and on
    /// PostgreSQL `VACUUM ANALYZE`, which also marks the pages all-visible so that counting can
    /// use index-only scans.
    pub async fn refresh_statistics(&self) -> Result<()> {
        let sql = match self.backend {
            Backend::Sqlite => "ANALYZE",
            Backend::Postgres => "VACUUM (ANALYZE)",
        };
        self.conn.execute_unprepared(sql).await?;
        Ok(())
    }
}

/// Begins a transaction for a read-then-write change. On SQLite it starts IMMEDIATE, taking the
/// write lock at once, so it waits on busy_timeout instead of failing halfway (STACK.md trap 3).
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction> {
    let mut options = TransactionOptions::default();
    if db.get_database_backend() == DbBackend::Sqlite {
        options.sqlite_transaction_mode = Some(SqliteTransactionMode::Immediate);
    }
    Ok(db.begin_with_options(options).await?)
}

pub fn sqlite_url(path: &Path) -> String {
    format!("sqlite://{}?mode=rwc", path.display())
}

/// The file an SQLite URL names; none for a database in memory or another scheme.
pub fn sqlite_file_of(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let in_memory = path.is_empty()
        || path == ":memory:"
        || query.split('&').any(|option| option == "mode=memory");
    (!in_memory).then(|| PathBuf::from(path))
}

/// The URL with any password replaced, for logs.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..scheme_end + 3], user, &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sqlite_file_is_read_from_the_url() {
        assert_eq!(
            sqlite_file_of("sqlite://data/itp.sqlite?mode=rwc"),
            Some(PathBuf::from("data/itp.sqlite"))
        );
        assert_eq!(
            sqlite_file_of("sqlite:///var/lib/itp/itp.sqlite"),
            Some(PathBuf::from("/var/lib/itp/itp.sqlite"))
        );
        assert_eq!(sqlite_file_of("sqlite::memory:"), None);
        assert_eq!(
            sqlite_file_of("sqlite://shared?mode=memory&cache=shared"),
            None
        );
        assert_eq!(sqlite_file_of("postgres://x@y/z"), None);
    }

    #[test]
    fn passwords_are_redacted_from_urls() {
        assert_eq!(
            redact_url("postgres://itp:s3cret@db.example.org/itp"),
            "postgres://itp:***@db.example.org/itp"
        );
        assert_eq!(
            redact_url("postgres://postgres@127.0.0.1/x"),
            "postgres://postgres@127.0.0.1/x"
        );
        assert_eq!(
            redact_url("sqlite://data/itp.sqlite"),
            "sqlite://data/itp.sqlite"
        );
    }

    #[tokio::test]
    async fn sqlite_opens_in_wal_mode_with_foreign_keys() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open_sqlite_file(&dir.path().join("t.sqlite"))
            .await
            .unwrap();
        db.migrate().await.unwrap();
        let row = db
            .conn
            .query_one_raw(Statement::from_string(
                DbBackend::Sqlite,
                "PRAGMA journal_mode",
            ))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.try_get_by_index::<String>(0).unwrap(), "wal");
        let row = db
            .conn
            .query_one_raw(Statement::from_string(
                DbBackend::Sqlite,
                "PRAGMA foreign_keys",
            ))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.try_get_by_index::<i32>(0).unwrap(), 1);
    }
}
