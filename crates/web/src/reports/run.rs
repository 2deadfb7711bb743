//! Running a report: who asks (and so which programmes they may see), the checked filters turned
//! into the cohorts the report reads, the file written as the rows come (to a download or to a
//! file), and the audit entry of an export that names people.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::response::Response;
use itp_domain::Code;
use itp_domain::audit::ChangeSet;
use itp_domain::authz::{self, Action};
use itp_domain::reports::{Filter, Format, Report};
use itp_domain::validation::FieldErrors;
use itp_persistence::audit::{Actor, Entry};
use itp_persistence::per_diem::cohorts::{self, StatementCohort};

use super::ledger::{self, Mapping, SieFile};
use super::{applications, budget, costs, hosts, participants, per_diem};
use crate::app::AppState;
use crate::error::{AppError, Result};
use crate::export::csv::{CsvWriter, Dialect};
use crate::export::{self, Export, FileWriter, RowSender};
use crate::ops::Context;
use crate::security::session::CurrentUser;

/// Who runs a report: the actor the audit log names, and the programmes they may see (`None`:
/// every programme).
#[derive(Debug, Clone)]
pub struct Requester {
    pub actor: Actor,
    pub programmes: Option<Vec<i32>>,
}

/// The action a person needs, besides running finance exports, to run a report: the one that
/// lets them read its rows anywhere else in the application.
pub fn action_of(report: Report) -> Action {
    match report {
        Report::PerDiem => Action::ViewPerDiemStatements,
        Report::Applications => Action::ViewApplications,
        Report::Costs | Report::Budget => Action::ViewBudget,
        Report::Participants | Report::Hosts | Report::Ledger => Action::RunFinanceExports,
    }
}

fn ids(scope: Option<Vec<i64>>) -> Option<Vec<i32>> {
    scope.map(|ids| {
        ids.into_iter()
            .filter_map(|p| i32::try_from(p).ok())
            .collect()
    })
}

impl Requester {
    /// A signed-in person: the programmes both actions reach.
    pub fn person(user: &CurrentUser, report: Report) -> Requester {
        let exports = ids(authz::programme_scope(
            &user.principal,
            Action::RunFinanceExports,
        ));
        let reads = ids(authz::programme_scope(&user.principal, action_of(report)));
        let programmes = match (exports, reads) {
            (None, other) | (other, None) => other,
            (Some(a), Some(b)) => Some(a.into_iter().filter(|p| b.contains(p)).collect()),
        };
        Requester {
            actor: Actor::user(user.id, &user.email),
            programmes,
        }
    }

    /// The `itp` command or a scheduled job: every programme.
    pub fn system(label: &str) -> Requester {
        Requester {
            actor: Actor::system(label),
            programmes: None,
        }
    }

    /// Whether the person may run `report` at all.
    pub fn may_run(user: &CurrentUser, report: Report) -> bool {
        authz::could(&user.principal, Action::RunFinanceExports)
            && authz::could(&user.principal, action_of(report))
    }
}

/// What a report reads: its checked filter and the cohorts it covers.
#[derive(Debug, Clone)]
pub struct Plan {
    pub report: Report,
    pub filter: Filter,
    pub cohorts: Vec<StatementCohort>,
}

impl Plan {
    pub fn cohort_ids(&self) -> Vec<i32> {
        self.cohorts.iter().map(|c| c.id).collect()
    }

    pub fn cohort(&self, id: i32) -> Option<&StatementCohort> {
        self.cohorts.iter().find(|c| c.id == id)
    }
}

/// The cohorts a requester may see, for the filters' lists.
pub async fn visible_cohorts(
    state: &AppState,
    requester: &Requester,
) -> Result<Vec<StatementCohort>> {
    Ok(cohorts::list(&state.db.conn, requester.programmes.as_deref()).await?)
}

/// The plan of a report, or the filter's errors: a programme or cohort outside the requester's
/// scope is refused in the same words as one that does not exist.
pub async fn plan(
    state: &AppState,
    requester: &Requester,
    report: Report,
    filter: Filter,
) -> Result<std::result::Result<Plan, FieldErrors>> {
    let mut visible = visible_cohorts(state, requester).await?;
    let mut errors = FieldErrors::new();
    if let Some(code) = &filter.programme {
        visible.retain(|c| c.programme_code.eq_ignore_ascii_case(code));
        if visible.is_empty() {
            errors.add(
                "programme",
                "Choose a programme from the list (a code such as MF).",
            );
        }
    }
    if let Some(id) = filter.cohort
        && errors.is_empty()
    {
        visible.retain(|c| c.id == id);
        if visible.is_empty() {
            errors.add("cohort", "Choose a cohort from the list.");
        }
    }
    Ok(errors.into_result(Plan {
        report,
        filter,
        cohorts: visible,
    }))
}

/// Where the file goes.
pub enum Output<'a> {
    /// A download of this name.
    Download(String),
    /// A file or standard output.
    Writer(&'a mut (dyn tokio::io::AsyncWrite + Unpin + Send)),
}

/// The file name a report is downloaded or written under.
pub fn file_name(report: Report, format: Format, today: chrono::NaiveDate) -> String {
    format!("{}-{today}.{}", report.code(), format.extension())
}

fn content_type(format: Format) -> &'static str {
    match format {
        Format::Csv | Format::CsvExcelSv => "text/csv; charset=utf-8",
        // SIE files are CP437 text; accounting systems take them as a plain download.
        Format::Sie4 => "application/octet-stream",
    }
}

fn dialect(format: Format) -> Result<Dialect> {
    match format {
        Format::Csv => Ok(Dialect::Rfc4180),
        Format::CsvExcelSv => Ok(Dialect::ExcelSv),
        Format::Sie4 => Err(AppError::NotFound),
    }
}

/// Runs the plan into `output`: `Some(response)` for a download, `None` once a file is written.
pub async fn run(
    state: &AppState,
    requester: &Requester,
    plan: Plan,
    format: Format,
    output: Output<'_>,
) -> Result<Option<Response>> {
    if !plan.report.formats().contains(&format) {
        return Err(AppError::NotFound);
    }
    let conn = state.db.conn.clone();
    let db = state.db.clone();
    let audit = Audit {
        state: state.clone(),
        actor: requester.actor.clone(),
        report: plan.report,
        format,
        filter: plan.filter.clone(),
    };
    let ct = content_type(format);
    match (plan.report, format) {
        (Report::PerDiem, _) => {
            let w = csv(&per_diem::PAYOUTS, format)?;
            emit(w, ct, output, move |tx| {
                audit.after(tx.counter(), async move {
                    per_diem::rows(conn, plan, &tx).await
                })
            })
            .await
        }
        (Report::Hosts, _) => {
            let w = csv(&hosts::HOST_COMPENSATION, format)?;
            emit(w, ct, output, move |tx| {
                audit.after(
                    tx.counter(),
                    async move { hosts::rows(conn, plan, &tx).await },
                )
            })
            .await
        }
        (Report::Applications, _) => {
            let w = csv(&crate::application::export::APPLICATIONS, format)?;
            emit(w, ct, output, move |tx| {
                audit.after(tx.counter(), async move {
                    applications::rows(conn, plan, &tx).await
                })
            })
            .await
        }
        (Report::Ledger, Format::Sie4) => {
            let mapping = Mapping::load(&conn).await?;
            let header = ledger::header(&plan, &mapping, state.clock.now().date_naive());
            let w: Box<dyn FileWriter<ledger::LedgerVoucher>> = Box::new(SieFile::new(&header)?);
            emit(w, ct, output, move |tx| {
                audit.after(tx.counter(), async move {
                    ledger::send(db, plan, mapping, ledger::Target::Vouchers(&tx)).await
                })
            })
            .await
        }
        (Report::Ledger, _) => {
            let mapping = Mapping::load(&conn).await?;
            let w = csv(&ledger::LEDGER, format)?;
            emit(w, ct, output, move |tx| {
                audit.after(tx.counter(), async move {
                    ledger::send(db, plan, mapping, ledger::Target::Lines(&tx)).await
                })
            })
            .await
        }
        (Report::Costs, _) => {
            let w = csv(&costs::COSTS, format)?;
            emit(w, ct, output, move |tx| {
                audit.after(
                    tx.counter(),
                    async move { costs::rows(db, plan, &tx).await },
                )
            })
            .await
        }
        (Report::Budget, _) => {
            let w = csv(&budget::BUDGET, format)?;
            emit(w, ct, output, move |tx| {
                audit.after(
                    tx.counter(),
                    async move { budget::rows(conn, plan, &tx).await },
                )
            })
            .await
        }
        (Report::Participants, _) => {
            let w = csv(&participants::STATISTICS, format)?;
            emit(w, ct, output, move |tx| {
                audit.after(tx.counter(), async move {
                    participants::rows(conn, plan, &tx).await
                })
            })
            .await
        }
    }
}

fn csv<R: Send + 'static>(
    export: &'static Export<R>,
    format: Format,
) -> Result<Box<dyn FileWriter<R>>> {
    Ok(Box::new(
        CsvWriter::in_dialect(export, dialect(format)?).map_err(AppError::caused_by)?,
    ))
}

async fn emit<R, F, Fut>(
    writer: Box<dyn FileWriter<R>>,
    content_type: &str,
    output: Output<'_>,
    rows: F,
) -> Result<Option<Response>>
where
    R: Send + 'static,
    F: FnOnce(RowSender<R>) -> Fut,
    Fut: Future<Output = Result<()>> + Send + 'static,
{
    match output {
        Output::Download(name) => export::download(writer, content_type, &name, rows)
            .await
            .map(Some),
        Output::Writer(out) => export::write_to(writer, out, rows).await.map(|()| None),
    }
}

/// What the audit entry of an export records.
struct Audit {
    state: AppState,
    actor: Actor,
    report: Report,
    format: Format,
    filter: Filter,
}

impl Audit {
    /// Runs the query and, for a report that names people, records who exported how many rows
    /// with which filters: also when the export stopped early (the rows sent so far have left).
    async fn after(
        self,
        sent: Arc<AtomicU64>,
        query: impl Future<Output = Result<u64>>,
    ) -> Result<()> {
        let outcome = query.await;
        if self.report.has_personal_data() {
            let rows = sent.load(Ordering::Relaxed);
            if let Err(e) = self.record(rows, outcome.is_ok()).await {
                tracing::error!(error = %e, "an export could not be recorded in the audit log");
                return Err(e);
            }
        }
        outcome.map(drop)
    }

    async fn record(&self, rows: u64, complete: bool) -> Result<()> {
        let ctx = Context::acting_as(&self.state, self.actor.clone());
        let mut uow = ctx.begin().await?;
        let filters = self
            .filter
            .describe()
            .into_iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&");
        let mut changes = ChangeSet::new()
            .set("format", self.format.code())
            .set(
                "filters",
                if filters.is_empty() {
                    "none".to_owned()
                } else {
                    filters
                },
            )
            .set("rows", rows);
        if !complete {
            changes = changes.set("complete", "no");
        }
        uow.audit(Entry::new(
            "export.run",
            "report",
            self.report.code(),
            changes,
        ))
        .await?;
        uow.commit().await?;
        Ok(())
    }
}
