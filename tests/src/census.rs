//! A snapshot of every row of every table, to prove that a refused request wrote nothing.
//!
//! Tables are discovered from the database itself, so tables added by later migrations are
//! covered without a change here. Each row is rendered as text by the database (`quote()` per
//! column on SQLite, `row::text` on PostgreSQL) and compared as sets of lines.

use std::collections::{BTreeMap, BTreeSet};

use itp_persistence::{Backend, ConnectionTrait, Database};
use sea_orm::{DbBackend, Statement};

/// Tables that change on every request by design, so they say nothing about a refused write:
/// the session row (last seen, CSRF token, flash), failed sign-in counters (a refused sign-in
/// must count), the scheduler's record of its runs, and the data version, which every committed
/// unit of work raises whether or not it changed a row (a page kept for the old version is
/// merely computed again).
pub const VOLATILE_TABLES: &[&str] = &[
    "sessions",
    "login_throttles",
    "request_counts",
    "job_runs",
    "data_versions",
];

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Census {
    tables: BTreeMap<String, BTreeSet<String>>,
}

impl Census {
    /// Reads every table but the [`VOLATILE_TABLES`].
    pub async fn take(db: &Database) -> Census {
        CensusPlan::new(db).await.take(db).await
    }

    /// The number of rows of `table` (0 when it does not exist).
    pub fn count(&self, table: &str) -> usize {
        self.tables.get(table).map_or(0, BTreeSet::len)
    }

    /// What changed since `before`, one line per table, with a few of the rows added or gone.
    pub fn changes_since(&self, before: &Census) -> Vec<String> {
        let empty = BTreeSet::new();
        let names: BTreeSet<&String> = self.tables.keys().chain(before.tables.keys()).collect();
        let mut changes = Vec::new();
        for name in names {
            let now = self.tables.get(name).unwrap_or(&empty);
            let then = before.tables.get(name).unwrap_or(&empty);
            if now == then {
                continue;
            }
            let added: Vec<&String> = now.difference(then).take(3).collect();
            let gone: Vec<&String> = then.difference(now).take(3).collect();
            changes.push(format!(
                "{name}: {} → {} rows; added {:?}; gone {:?}",
                then.len(),
                now.len(),
                added.iter().map(|r| excerpt(r)).collect::<Vec<_>>(),
                gone.iter().map(|r| excerpt(r)).collect::<Vec<_>>()
            ));
        }
        changes
    }

    /// `true` when some table other than the audit log changed since `before`.
    pub fn data_changed_since(&self, before: &Census) -> bool {
        self.tables
            .iter()
            .filter(|(name, _)| name.as_str() != "audit_log")
            .any(|(name, rows)| before.tables.get(name) != Some(rows))
    }
}

/// The query for each table, worked out once (the schema does not change during a test).
pub struct CensusPlan {
    queries: Vec<(String, String)>,
}

impl CensusPlan {
    pub async fn new(db: &Database) -> CensusPlan {
        let mut queries = Vec::new();
        for table in table_names(db).await {
            if VOLATILE_TABLES.contains(&table.as_str()) || table == "seaql_migrations" {
                continue;
            }
            let sql = rows_query(db, &table).await;
            queries.push((table, sql));
        }
        CensusPlan { queries }
    }

    pub async fn take(&self, db: &Database) -> Census {
        let mut tables = BTreeMap::new();
        for (table, sql) in &self.queries {
            let rows = query_strings(db, sql).await.into_iter().collect();
            tables.insert(table.clone(), rows);
        }
        Census { tables }
    }
}

fn excerpt(row: &str) -> String {
    let mut s: String = row.chars().take(160).collect();
    if row.chars().count() > 160 {
        s.push('…');
    }
    s
}

fn backend(db: &Database) -> DbBackend {
    match db.backend {
        Backend::Sqlite => DbBackend::Sqlite,
        Backend::Postgres => DbBackend::Postgres,
    }
}

/// One column of text per row from `sql`.
pub async fn query_strings(db: &Database, sql: &str) -> Vec<String> {
    db.conn
        .query_all_raw(Statement::from_string(backend(db), sql.to_owned()))
        .await
        .unwrap_or_else(|e| panic!("query failed: {sql}: {e}"))
        .into_iter()
        .map(|row| {
            row.try_get_by_index::<Option<String>>(0)
                .unwrap_or_else(|e| panic!("reading the text column of {sql}: {e}"))
                .unwrap_or_default()
        })
        .collect()
}

/// The application's tables, read from the database catalogue.
pub async fn table_names(db: &Database) -> Vec<String> {
    let sql = match db.backend {
        Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        }
        Backend::Postgres => {
            "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"
        }
    };
    query_strings(db, sql).await
}

async fn rows_query(db: &Database, table: &str) -> String {
    match db.backend {
        Backend::Sqlite => {
            let columns = query_strings(
                db,
                &format!("SELECT name FROM pragma_table_info('{table}')"),
            )
            .await;
            let rendered: Vec<String> = columns.iter().map(|c| format!("quote(\"{c}\")")).collect();
            format!("SELECT {} FROM \"{table}\"", rendered.join(" || '|' || "))
        }
        Backend::Postgres => format!("SELECT t::text FROM \"{table}\" AS t"),
    }
}
