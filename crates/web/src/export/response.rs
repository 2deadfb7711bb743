//! An export as a download that is written while the rows come: the rows are read by a task of
//! their own and handed over through a bounded channel, so a file of 100 000 rows never sits in
//! memory and a slow client slows the query down instead of filling the server. Rows cross the
//! channel in batches: handing each row over on its own woke the writer's thread once a row, and
//! those wake-ups cost more than writing the row.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::response::Response;
use futures_util::{Stream, StreamExt};
use tokio::sync::mpsc;

use super::csv::CsvWriter;
use super::{Export, FileWriter};
use crate::download;
use crate::error::{AppError, Result};

/// Rows read ahead of what the client has taken, at most.
const ROWS_AHEAD: usize = 256;
/// Rows handed over at once.
const BATCH: usize = 64;
/// The size of a piece of the body: large enough that the overhead of a piece does not count.
const PIECE: usize = 64 * 1024;
/// A client that takes nothing for this long has gone; its query must not hold a database
/// connection any longer.
const STALLED: Duration = Duration::from_secs(60);

/// What the query sends: a batch of rows, the end, or why it stopped. The end is said explicitly
/// so that a query task that dies never passes for a finished file.
type Message<R> = Result<Option<Vec<R>>>;

/// Where the query puts its rows. They are kept until a batch is full; what is left when the
/// query ends is handed over by the task that ran it ([`start`]).
pub struct RowSender<R> {
    rows: mpsc::Sender<Message<R>>,
    batch: Arc<Mutex<Vec<R>>>,
    sent: Arc<AtomicU64>,
}

impl<R: Send> RowSender<R> {
    pub async fn send(&self, row: R) -> Result<()> {
        let full = {
            let mut batch = lock(&self.batch);
            batch.push(row);
            (batch.len() >= BATCH)
                .then(|| std::mem::replace(&mut *batch, Vec::with_capacity(BATCH)))
        };
        self.sent.fetch_add(1, Ordering::Relaxed);
        match full {
            Some(rows) => hand_over(&self.rows, rows).await,
            None => Ok(()),
        }
    }

    /// How many rows the query has given so far; it can be read after the sender is gone.
    pub fn counter(&self) -> Arc<AtomicU64> {
        Arc::clone(&self.sent)
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

/// The batch, also when a query task panicked while holding it (its rows are whole rows).
fn lock<R>(batch: &Mutex<Vec<R>>) -> std::sync::MutexGuard<'_, Vec<R>> {
    batch
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Hands a batch over, waiting while the writer is behind, but not for a client that has gone.
async fn hand_over<R>(to: &mpsc::Sender<Message<R>>, rows: Vec<R>) -> Result<()> {
    match tokio::time::timeout(STALLED, to.send(Ok(Some(rows)))).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(_)) => Err(AppError::internal("the export's download was closed")),
        Err(_) => Err(AppError::internal(
            "the export's client took nothing for a minute",
        )),
    }
}

/// The export as a Swedish Excel CSV download named `file_name`. `rows` runs in a task of its
/// own and sends the rows in file order (see [`download`]).
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
    let writer = CsvWriter::new(export).map_err(AppError::caused_by)?;
    download(Box::new(writer), "text/csv; charset=utf-8", file_name, rows).await
}

/// Starts the query task and hands over its rows through the bounded channel: the query's own
/// full batches, then what is left of the last one, then the end.
fn start<R, F, Fut>(rows: F) -> mpsc::Receiver<Message<R>>
where
    R: Send + 'static,
    F: FnOnce(RowSender<R>) -> Fut,
    Fut: Future<Output = Result<()>> + Send + 'static,
{
    let (sender, received) = mpsc::channel(ROWS_AHEAD / BATCH);
    let outcome = sender.clone();
    let batch = Arc::new(Mutex::new(Vec::with_capacity(BATCH)));
    let last = Arc::clone(&batch);
    let query = rows(RowSender {
        rows: sender,
        batch,
        sent: Arc::default(),
    });
    tokio::spawn(async move {
        let mut result = query.await.map(|()| None);
        if result.is_ok() {
            let rest = std::mem::take(&mut *lock(&last));
            if !rest.is_empty() {
                result = hand_over(&outcome, rest).await.map(|()| None);
            }
        }
        if let Err(e) = &result
            && outcome.is_closed()
        {
            tracing::info!(error = %detail(e), "an export's download ended before its last row");
            return;
        }
        // Nobody to tell if the client left meanwhile.
        let _ = outcome.send(result).await;
    });
    received
}

/// The file `writer` writes as a download named `file_name`. `rows` runs in a task of its own
/// and sends the rows in file order. The answer waits for the first row, so a query that fails
/// at once is an error page; a failure after that breaks the download off, so that nobody
/// mistakes a cut file for a whole one.
pub async fn download<R, F, Fut>(
    writer: Box<dyn FileWriter<R>>,
    content_type: &str,
    file_name: &str,
    rows: F,
) -> Result<Response>
where
    R: Send + 'static,
    F: FnOnce(RowSender<R>) -> Fut,
    Fut: Future<Output = Result<()>> + Send + 'static,
{
    let mut pieces = Pieces {
        received: start(rows),
        writer,
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
        content_type,
        file_name,
        Body::from_stream(body),
    ))
}

/// The file `writer` writes, into `out` (a file, standard output) piece by piece, as the rows
/// come: the same bounded hand-over as a download, so memory stays flat here too.
pub async fn write_to<R, F, Fut, W>(
    writer: Box<dyn FileWriter<R>>,
    out: &mut W,
    rows: F,
) -> Result<()>
where
    R: Send + 'static,
    F: FnOnce(RowSender<R>) -> Fut,
    Fut: Future<Output = Result<()>> + Send + 'static,
    W: tokio::io::AsyncWrite + Unpin + ?Sized,
{
    use tokio::io::AsyncWriteExt;
    let mut pieces = Pieces {
        received: start(rows),
        writer,
        finished: false,
    };
    let io = |e: std::io::Error| AppError::internal(format!("writing the export: {e}"));
    while let Some(piece) = pieces.next().await? {
        out.write_all(&piece).await.map_err(io)?;
    }
    let last = pieces.writer.take()?;
    out.write_all(&last).await.map_err(io)?;
    out.flush().await.map_err(io)
}

fn detail(e: &AppError) -> String {
    match e {
        AppError::Internal(internal) => internal.chain(),
        other => other.to_string(),
    }
}

struct Pieces<R: 'static> {
    received: mpsc::Receiver<Message<R>>,
    writer: Box<dyn FileWriter<R>>,
    finished: bool,
}

impl<R> Pieces<R> {
    /// Writes the first rows, or learns that there are none or that the query failed.
    async fn first_row(&mut self) -> Result<()> {
        self.receive().await.map(drop)
    }

    /// Takes one message and writes its rows; true while more rows may come.
    async fn receive(&mut self) -> Result<bool> {
        if self.finished {
            return Ok(false);
        }
        match self.received.recv().await {
            Some(Ok(Some(rows))) => {
                for row in &rows {
                    self.writer.row(row)?;
                }
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
                return self.writer.take().map(Some);
            }
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use futures_util::StreamExt;

    use super::*;
    use crate::export::Column;

    static NUMBERS: Export<i64> = Export {
        name: "numbers",
        title: "Numbers",
        description: "One number a row.",
        columns: &[Column::integer("n", "The number.", |n| Some(*n))],
    };

    /// The body's pieces, or the error that broke it off.
    async fn pieces(response: Response) -> Result<Vec<Vec<u8>>, axum::Error> {
        let mut body = response.into_body().into_data_stream();
        let mut pieces = Vec::new();
        while let Some(piece) = body.next().await {
            pieces.push(piece?.to_vec());
        }
        Ok(pieces)
    }

    #[tokio::test]
    async fn many_rows_are_written_piece_by_piece() {
        let response = csv_download(&NUMBERS, "numbers.csv", |rows| async move {
            for n in -50_000..50_000 {
                rows.send(n).await?;
            }
            Ok(())
        })
        .await
        .unwrap();
        assert_eq!(
            response.headers()["content-type"],
            "text/csv; charset=utf-8"
        );
        let pieces = pieces(response).await.unwrap();
        assert!(pieces.len() > 5, "{} pieces", pieces.len());
        assert!(pieces.iter().all(|p| p.len() < 2 * PIECE));
        let file = String::from_utf8(pieces.concat()).unwrap();
        let lines: Vec<&str> = file.lines().collect();
        assert_eq!(lines.len(), 100_001);
        assert_eq!(lines[0], "\u{feff}n");
        assert_eq!(lines[1], "-50000");
        assert_eq!(lines[100_000], "49999");
    }

    #[tokio::test]
    async fn an_empty_export_is_its_header() {
        let response = csv_download(&NUMBERS, "numbers.csv", |_rows| async { Ok(()) })
            .await
            .unwrap();
        assert_eq!(
            pieces(response).await.unwrap().concat(),
            "\u{feff}n\r\n".as_bytes()
        );
    }

    #[tokio::test]
    async fn a_query_that_fails_at_once_is_an_error_not_a_file() {
        let result = csv_download(&NUMBERS, "numbers.csv", |_rows| async {
            Err(AppError::internal("the database is gone"))
        })
        .await;
        assert!(matches!(result, Err(AppError::Internal(_))));
    }

    #[tokio::test]
    async fn a_query_that_fails_or_dies_later_breaks_the_download_off() {
        let failing = csv_download(&NUMBERS, "numbers.csv", |rows| async move {
            for n in 0..20_000 {
                rows.send(n).await?;
            }
            Err(AppError::internal("the database is gone"))
        })
        .await
        .unwrap();
        assert!(pieces(failing).await.is_err());
        let dying = csv_download(&NUMBERS, "numbers.csv", |rows| async move {
            for n in 0..BATCH as i64 + 1 {
                rows.send(n).await?;
            }
            panic!("the query task dies");
        })
        .await
        .unwrap();
        assert!(pieces(dying).await.is_err(), "a cut file never looks whole");
        // Dying before a whole batch went over is dying at once: an error, not a file.
        let dying_at_once = csv_download(&NUMBERS, "numbers.csv", |rows| async move {
            rows.send(1).await?;
            panic!("the query task dies");
        })
        .await;
        assert!(matches!(dying_at_once, Err(AppError::Internal(_))));
    }

    #[tokio::test]
    async fn a_download_that_is_dropped_stops_the_query() {
        let (stopped, was_stopped) = tokio::sync::oneshot::channel();
        let response = csv_download(&NUMBERS, "numbers.csv", |rows| async move {
            let mut n = 0;
            let outcome = loop {
                if let Err(e) = rows.send(n).await {
                    break e;
                }
                n += 1;
            };
            let _ = stopped.send(n);
            Err(outcome)
        })
        .await
        .unwrap();
        drop(response);
        let sent = was_stopped.await.unwrap();
        // What the channel holds, the batch being filled and the one waiting to go in.
        let ahead = (ROWS_AHEAD + 2 * BATCH) as i64;
        assert!(sent <= ahead, "{sent} rows were read ahead");
    }
}
