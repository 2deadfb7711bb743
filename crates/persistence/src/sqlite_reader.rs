//! Long results read straight from the SQLite file, for the reports of a million rows. sqlx
//! runs each connection on a worker thread of its own, copies every value of a row and hands
//! rows over one at a time; for a report that cost more than writing the file. Here one
//! blocking thread opens its own read-only connection, steps the statement, decodes each row
//! from SQLite's own memory and hands the rows over in batches. The query is still built by
//! sea-orm, once for both databases; PostgreSQL reads it through the pool as before.
//!
//! The connection is closed when the read ends, so its page cache does not stay behind in the
//! pool after a large export.

use std::path::{Path, PathBuf};
use std::time::Duration;

use futures_util::Stream;
use rusqlite::types::Value as Sqlite;
use sea_orm::{Statement, Value};
use tokio::sync::mpsc;

use crate::{PersistenceError, Result};

/// Rows handed over at once: enough that a hand-over does not count, few enough that a batch
/// is small.
const BATCH: usize = 64;
/// Batches read ahead of the reader.
const AHEAD: usize = 4;
/// The connection's page cache, in KiB (SQLite's default is 2,000). A read in report order
/// rarely comes back to a page it has left, and the system caches the file anyway; what a
/// larger cache held was freed at the end of the read but not given back to the system: four
/// exports at once kept 21–23 MiB with the default and 8–10 MiB with this, at the same speed.
const CACHE_KIB: i64 = 64;

/// How a row of the statement becomes a value; columns by position, in the statement's order.
pub type Decode<T> = fn(&rusqlite::Row<'_>) -> rusqlite::Result<T>;

/// What the reading thread sends: a batch, the end, or why it stopped. The end is said
/// explicitly, so that a thread that dies is an error and never a short result.
type Message<T> = Result<Option<Vec<T>>>;

/// The rows of `statement` (built for SQLite) from the database in `file`, decoded by `decode`,
/// in the statement's order. Dropping the stream stops the read at the next batch.
pub fn rows<T: Send + 'static>(
    file: PathBuf,
    statement: Statement,
    decode: Decode<T>,
) -> impl Stream<Item = Result<T>> + Send {
    let (sender, received) = mpsc::channel::<Message<T>>(AHEAD);
    tokio::task::spawn_blocking(move || {
        if let Err(e) = read(&file, &statement, decode, &sender) {
            // Nobody to tell when the stream was dropped first.
            let _ = sender.blocking_send(Err(e));
        }
    });
    let state = Reading {
        received,
        batch: Vec::new().into_iter(),
        done: false,
    };
    futures_util::stream::unfold(state, |mut state| async move {
        let next = state.next().await?;
        Some((next, state))
    })
}

struct Reading<T> {
    received: mpsc::Receiver<Message<T>>,
    batch: std::vec::IntoIter<T>,
    done: bool,
}

impl<T> Reading<T> {
    async fn next(&mut self) -> Option<Result<T>> {
        loop {
            if let Some(row) = self.batch.next() {
                return Some(Ok(row));
            }
            if self.done {
                return None;
            }
            match self.received.recv().await {
                Some(Ok(Some(batch))) => self.batch = batch.into_iter(),
                Some(Ok(None)) => self.done = true,
                Some(Err(e)) => {
                    self.done = true;
                    return Some(Err(e));
                }
                None => {
                    self.done = true;
                    return Some(Err(PersistenceError::Corrupt(
                        "the read of the SQLite file stopped without finishing".into(),
                    )));
                }
            }
        }
    }
}

/// Runs the statement to its end, or until the stream is dropped.
fn read<T>(
    file: &Path,
    statement: &Statement,
    decode: Decode<T>,
    to: &mpsc::Sender<Message<T>>,
) -> Result<()> {
    let conn = rusqlite::Connection::open_with_flags(
        file,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    // As the pool's connections: a checkpoint in progress makes a reader wait, not fail.
    conn.busy_timeout(Duration::from_secs(10))?;
    conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
    let values = match &statement.values {
        Some(values) => values.0.iter().map(parameter).collect::<Result<Vec<_>>>()?,
        None => Vec::new(),
    };
    let mut prepared = conn.prepare(&statement.sql)?;
    let mut found = prepared.query(rusqlite::params_from_iter(values))?;
    let mut batch = Vec::with_capacity(BATCH);
    while let Some(row) = found.next()? {
        batch.push(decode(row)?);
        if batch.len() == BATCH {
            let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
            if to.blocking_send(Ok(Some(full))).is_err() {
                return Ok(());
            }
        }
    }
    if !batch.is_empty() && to.blocking_send(Ok(Some(batch))).is_err() {
        return Ok(());
    }
    let _ = to.blocking_send(Ok(None));
    Ok(())
}

/// A value of the statement as sqlx would have bound it for SQLite: dates as `2027-01-31`,
/// booleans as 0 and 1.
fn parameter(value: &Value) -> Result<Sqlite> {
    let null = Sqlite::Null;
    Ok(match value {
        Value::Bool(v) => v.map_or(null, |b| Sqlite::Integer(b.into())),
        Value::TinyInt(v) => v.map_or(null, |n| Sqlite::Integer(n.into())),
        Value::SmallInt(v) => v.map_or(null, |n| Sqlite::Integer(n.into())),
        Value::Int(v) => v.map_or(null, |n| Sqlite::Integer(n.into())),
        Value::BigInt(v) => v.map_or(null, Sqlite::Integer),
        Value::TinyUnsigned(v) => v.map_or(null, |n| Sqlite::Integer(n.into())),
        Value::SmallUnsigned(v) => v.map_or(null, |n| Sqlite::Integer(n.into())),
        Value::Unsigned(v) => v.map_or(null, |n| Sqlite::Integer(n.into())),
        Value::String(v) => v.clone().map_or(null, Sqlite::Text),
        Value::ChronoDate(v) => v.map_or(null, |d| Sqlite::Text(d.format("%F").to_string())),
        other => {
            return Err(PersistenceError::Corrupt(format!(
                "a report query binds a value the SQLite reader does not take: {other:?}"
            )));
        }
    })
}

/// A `2027-01-31` column as a date.
pub fn date(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<chrono::NaiveDate> {
    let text = row.get_ref(index)?.as_str()?;
    text.parse().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// A date column that may be empty.
pub fn optional_date(
    row: &rusqlite::Row<'_>,
    index: usize,
) -> rusqlite::Result<Option<chrono::NaiveDate>> {
    match row.get_ref(index)? {
        rusqlite::types::ValueRef::Null => Ok(None),
        _ => date(row, index).map(Some),
    }
}
