//! The exports page, a report's form and download, its data dictionary, and the ledger accounts
//! finance keeps. Every report is checked against the person's scope: managers see their own
//! programmes only, and a cohort outside it is refused like one that does not exist.

use axum::extract::{Path, Query, State};
use axum::response::{Redirect, Response};
use itp_domain::Code;
use itp_domain::authz::Action;
use itp_domain::ledger::{Category, MappingInput};
use itp_domain::reports::{FilterInput, Format, Report};
use itp_domain::validation::FieldErrors;
use maud::Markup;
use serde::{Deserialize, Serialize};

use super::run::{self, Output, Requester};
use super::{AVAILABLE, service, views};
use crate::app::{AppState, Routes};
use crate::error::{AppError, Result};
use crate::forms::{FormFields, OrForm};
use crate::ops::Context;
use crate::security::guard::Access;
use crate::security::session::{CurrentUser, Session, SignedIn};
use crate::views::PageContext;

pub fn routes(r: Routes) -> Routes {
    let run = Access::Can(Action::RunFinanceExports);
    let keep = Access::Can(Action::ManageLedgerAccounts);
    r.get("/exports", run, index)
        .get("/exports/ledger-accounts", keep, accounts)
        .get(
            "/exports/ledger-accounts/{account_category}",
            keep,
            account_form,
        )
        .post(
            "/exports/ledger-accounts/{account_category}",
            keep,
            save_account,
        )
        .get("/exports/{report}", run, report_form)
        .get("/exports/{report}/download", run, download)
        .get("/exports/{report}/dictionary", run, dictionary)
}

/// A report's filters and format, as the form sends them.
#[derive(Deserialize, Serialize, Default, Clone, Debug)]
pub struct ExportQuery {
    #[serde(default)]
    pub format: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub programme: String,
    #[serde(default)]
    pub cohort: String,
    #[serde(default)]
    pub state: String,
}

impl ExportQuery {
    fn filter(&self) -> FilterInput {
        FilterInput {
            from: self.from.clone(),
            to: self.to.clone(),
            programme: self.programme.clone(),
            cohort: self.cohort.clone(),
            state: self.state.clone(),
        }
    }
}

/// The report of the path, if it can be run now and by this person.
fn report_of(user: &CurrentUser, slug: &str) -> Result<Report> {
    let report = Report::parse(slug)
        .filter(|r| AVAILABLE.contains(r))
        .ok_or(AppError::NotFound)?;
    if !Requester::may_run(user, report) {
        return Err(AppError::Forbidden);
    }
    Ok(report)
}

async fn index(SignedIn(me): SignedIn, ctx: PageContext) -> Result<Markup> {
    let reports: Vec<Report> = AVAILABLE
        .iter()
        .copied()
        .filter(|r| Requester::may_run(&me, *r))
        .collect();
    Ok(views::index(&ctx, &reports))
}

async fn form_page(
    state: &AppState,
    me: &CurrentUser,
    ctx: &PageContext,
    report: Report,
    q: &ExportQuery,
    errors: &FieldErrors,
) -> Result<Markup> {
    let requester = Requester::person(me, report);
    let cohorts = run::visible_cohorts(state, &requester).await?;
    Ok(views::form(ctx, report, &cohorts, q, errors))
}

async fn report_form(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Path(slug): Path<String>,
) -> Result<Markup> {
    let report = report_of(&me, &slug)?;
    let q = ExportQuery {
        format: Format::CsvExcelSv.code().to_owned(),
        ..ExportQuery::default()
    };
    form_page(&state, &me, &ctx, report, &q, &FieldErrors::new()).await
}

async fn download(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Path(slug): Path<String>,
    Query(q): Query<ExportQuery>,
) -> Result<Response> {
    let report = report_of(&me, &slug)?;
    let format = Format::parse(q.format.trim()).filter(|f| report.formats().contains(f));
    let mut errors = FieldErrors::new();
    if format.is_none() {
        errors.add("format", "Choose one of the formats in the list.");
    }
    let filter = errors.alongside(q.filter().validate(report));
    let requester = Requester::person(&me, report);
    let checked = match (filter, format) {
        (Ok(filter), Some(format)) => run::plan(&state, &requester, report, filter)
            .await?
            .map(|plan| (plan, format)),
        (Err(e), _) => Err(e),
        (Ok(_), None) => Err(FieldErrors::single(
            "format",
            "Choose one of the formats in the list.",
        )),
    };
    let (plan, format) = match checked {
        Ok(ok) => ok,
        Err(e) => {
            return Err(AppError::Reshow(
                form_page(&state, &me, &ctx, report, &q, &e).await?,
            ));
        }
    };
    let name = run::file_name(report, format, state.clock.now().date_naive());
    run::run(&state, &requester, plan, format, Output::Download(name))
        .await?
        .ok_or_else(|| AppError::internal("a download gave no response"))
}

async fn dictionary(
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Path(slug): Path<String>,
) -> Result<Markup> {
    let report = report_of(&me, &slug)?;
    let d = super::dictionary(report).ok_or(AppError::NotFound)?;
    Ok(views::dictionary(&ctx, report, &d))
}

async fn accounts(State(state): State<AppState>, ctx: PageContext) -> Result<Markup> {
    let mapping = itp_persistence::ledger::mapping(&state.db.conn).await?;
    Ok(views::accounts(&ctx, &mapping))
}

fn category_of(slug: &str) -> Result<Category> {
    Category::parse(slug).ok_or(AppError::NotFound)
}

async fn account_form(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(slug): Path<String>,
) -> Result<Markup> {
    let category = category_of(&slug)?;
    let mapping = itp_persistence::ledger::mapping(&state.db.conn).await?;
    let m = mapping
        .into_iter()
        .find(|m| m.category == category)
        .ok_or(AppError::NotFound)?;
    let input = MappingInput {
        account: m.account.to_string(),
        account_name: m.account_name,
        cost_centre: m.cost_centre,
        project: m.project,
    };
    Ok(views::account_form(
        &ctx,
        category,
        &input,
        &FieldErrors::new(),
    ))
}

async fn save_account(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    session: Session,
    mut ctx: PageContext,
    Path(slug): Path<String>,
    form: FormFields,
) -> Result<Redirect> {
    let category = category_of(&slug)?;
    ctx.csrf_token = Some(session.csrf_token().await?);
    let input = MappingInput {
        account: form.text("account"),
        account_name: form.text("account_name"),
        cost_centre: form.text("cost_centre"),
        project: form.text("project"),
    };
    let mapping = input
        .validate(category)
        .or_form(|e| views::account_form(&ctx, category, &input, e))?;
    service::save_mapping(&Context::person(&state, &me), &mapping)
        .await
        .or_form(|e| views::account_form(&ctx, category, &input, e))?;
    session
        .flash(format!(
            "{} is now posted to account {}.",
            category.label(),
            mapping.account
        ))
        .await?;
    Ok(Redirect::to("/exports/ledger-accounts"))
}
