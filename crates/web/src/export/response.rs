//! An export as a download that is written while the rows come: the rows are read by a task of
//! their own and handed over through a bounded channel, so a file of 100 000 rows never sits in
//! memory and a slow client slows the query down instead of filling the server.

use std::future::Future;
use std::time::Duration;

use axum::body::Body;
use axum::response::Response;
use futures_util::{Stream, StreamExt};
use tokio::sync::mpsc;

use super::Export;
use super::csv::CsvWriter;
use crate::download;
use crate::error::{AppError, Result};

/// Rows read ahead of what the client has taken.
const ROWS_AHEAD: usize = 256;
/// The size of a piece of the body: large enough that the overhead of a piece does not count.
const PIECE: usize = 64 * 1024;
/// A client that takes nothing for this long has gone; its query must not hold a database
/// connection any longer.
const STALLED: Duration = Duration::from_secs(60);

/// What the query sends: a row, the end, or why it stopped. The end is said explicitly so that
/// a query task that dies never passes for a finished file.
type Message<R> = Result<Option<R>>;

/// Where the query puts its rows.
pub struct RowSender<R> {
    rows: mpsc::Sender<Message<R>>,
}

impl<R: Send> RowSender<R> {
    pub async fn send(&self, row: R) -> Result<()> {
        match tokio::time::timeout(STALLED, self.rows.send(Ok(Some(row)))).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) => Err(AppError::internal("the export's download was closed")),
            Err(_) => Err(AppError::internal(
                "the export's client took nothing for a minute",
            )),
        }
    }

    /// Sends every row of a query's stream, stopping at its first error.
    pub async fn send_all<E>(&self, rows: impl Stream<Item = Result<R, E>>) -> Result<()>
    where
        AppError: From<E>,
    {
        let mut rows = std::pin::pin!(rows);
        while let Some(row) = rows.next().await {
            self.send(row?).await?;
        }
        Ok(())
    }
}

/// The export as a CSV download named `file_name`. `rows` runs in a task of its own and sends
/// the rows in file order. The answer waits for the first row, so a query that fails at once is
/// an error page; a failure after that breaks the download off, so that nobody mistakes a cut
/// file for a whole one.
pub async fn csv_download<R, F, Fut>(
    export: &'static Export<R>,
    file_name: &str,
    rows: F,
) -> Result<Response>
where
    R: Send + 'static,
    F: FnOnce(RowSender<R>) -> Fut,
    Fut: Future<Output = Result<()>> + Send + 'static,
{
    let (sender, received) = mpsc::channel(ROWS_AHEAD);
    let outcome = sender.clone();
    let query = rows(RowSender { rows: sender });
    tokio::spawn(async move {
        let result = query.await.map(|()| None);
        if let Err(e) = &result
            && outcome.is_closed()
        {
            tracing::info!(error = %detail(e), "an export's download ended before its last row");
            return;
        }
        // Nobody to tell if the client left meanwhile.
        let _ = outcome.send(result).await;
    });
    let mut pieces = Pieces {
        received,
        writer: CsvWriter::new(export).map_err(AppError::caused_by)?,
        finished: false,
    };
    pieces.first_row().await?;
    let body = futures_util::stream::unfold(Some(pieces), |state| async move {
        let mut pieces = state?;
        match pieces.next().await {
            Ok(Some(piece)) => Some((Ok(piece), Some(pieces))),
            Ok(None) => {
                let last = pieces.writer.take().map_err(std::io::Error::other);
                Some((last, None))
            }
            Err(e) => {
                tracing::error!(error = %detail(&e), "an export failed after its first rows");
                Some((Err(std::io::Error::other("the export failed")), None))
            }
        }
    });
    Ok(download::file(
        "text/csv; charset=utf-8",
        file_name,
        Body::from_stream(body),
    ))
}

fn detail(e: &AppError) -> String {
    match e {
        AppError::Internal(internal) => internal.chain(),
        other => other.to_string(),
    }
}

struct Pieces<R: 'static> {
    received: mpsc::Receiver<Message<R>>,
    writer: CsvWriter<R>,
    finished: bool,
}

impl<R> Pieces<R> {
    /// Writes the first row, or learns that there is none or that the query failed.
    async fn first_row(&mut self) -> Result<()> {
        self.receive().await.map(drop)
    }

    /// Takes one message; true while more rows may come.
    async fn receive(&mut self) -> Result<bool> {
        if self.finished {
            return Ok(false);
        }
        match self.received.recv().await {
            Some(Ok(Some(row))) => {
                self.writer.row(&row).map_err(AppError::caused_by)?;
                Ok(true)
            }
            Some(Ok(None)) => {
                self.finished = true;
                Ok(false)
            }
            Some(Err(e)) => Err(e),
            None => Err(AppError::internal(
                "the export's query stopped without finishing",
            )),
        }
    }

    /// The next full piece, or `None` once every row is written (the rest is still to take).
    async fn next(&mut self) -> Result<Option<Vec<u8>>> {
        while self.receive().await? {
            if self.writer.pending() >= PIECE {
                return self.writer.take().map(Some).map_err(AppError::caused_by);
            }
        }
        Ok(None)
    }
}
