//! The exchange-rate table: the latest rates, a rate entered by hand, and the import of a
//! Riksbank rate file (all or nothing; problems named by line).

use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use itp_domain::Code;
use itp_domain::authz::Action;
use itp_domain::budget::rates::RateInput;
use itp_domain::budget::{Rate, parse_riksbank_csv};
use itp_domain::format;
use itp_domain::validation::FieldErrors;
use itp_persistence::budget::rates;
use maud::{Markup, html};

use super::service;
use crate::app::AppState;
use crate::error::{AppError, Result};
use crate::forms::FormFields;
use crate::ops::Context;
use crate::security::session::{Session, SignedIn};
use crate::views::components::{Field, Input, csrf_field, error_summary};
use crate::views::{PageContext, page};

pub const PATH: &str = "/budgets/exchange-rates";
/// A year of daily rates of every currency the Riksbank publishes is well under 1 MB.
const MAX_UPLOAD_BYTES: usize = 4 * 1024 * 1024;

fn rates_view(
    ctx: &PageContext,
    recent: &[Rate],
    form: &RateInput,
    errors: &FieldErrors,
    may_keep: bool,
) -> Markup {
    let lang = ctx.lang;
    page(
        ctx,
        "Exchange rates",
        html! {
            p { a href="/budgets" { "← Budgets" } }
            h1 { "Exchange rates" }
            p.lead { "SEK per one unit of a currency, from a date. A cost is converted at the latest rate on or before its date, rounded once to whole öre (halves away from zero); a cost with no such rate is refused." }
            (error_summary(errors))
            @if may_keep {
                h2 { "Enter a rate" }
                form method="post" action=(PATH) novalidate {
                    (csrf_field(ctx.csrf()))
                    (Field::new("currency", "Currency", &form.currency).hint("Three letters, such as UGX.").required().render(errors))
                    (Field::new("on", "From date", &form.on).input(Input::Date).required().render(errors))
                    (Field::new("sek_per_unit", "SEK per one unit", &form.sek_per_unit).hint("Such as 10,4235 for USD or 0,002871 for UGX.").required().render(errors))
                    div.actions { button type="submit" { "Save the rate" } }
                }
                h2 { "Import the Riksbank's rates" }
                p { "Export daily rates or monthly averages as CSV from the Riksbank's “Search interest & exchange rates” page (semicolon-separated). A monthly average is dated the first of its month. Rates the Riksbank gives per 100 units are stored per one unit. A file with any problem is refused whole, each problem named by its line." }
                form method="post" action={ (PATH) "/import" } enctype="multipart/form-data" {
                    (csrf_field(ctx.csrf()))
                    div.field.has-error[errors.for_field("file").is_some()] {
                        label for="file" { "Rate file (CSV)" }
                        @if let Some(m) = errors.for_field("file") { p.error-message id="file-error" { span.visually-hidden { "Error: " } (m) } }
                        input #file type="file" name="file" accept=".csv,text/csv,text/plain" aria-describedby=[errors.for_field("file").map(|_| "file-error")];
                    }
                    div.actions { button type="submit" { "Import" } }
                }
            }
            h2 { "Latest rates" }
            @if recent.is_empty() {
                p.empty { "No rates yet." }
            } @else {
                div.table-wrap { table #exchange-rates {
                    caption.visually-hidden { "Latest rates" }
                    thead { tr { th scope="col" { "Currency" } th scope="col" { "From" } th.num scope="col" { "SEK per unit" } th scope="col" { "Source" } } }
                    tbody { @for r in recent { tr {
                        td { (r.currency.code()) }
                        td { (format::date(r.on, lang)) }
                        td.num { (format::decimal(r.sek_per_unit, r.sek_per_unit.scale(), lang)) }
                        td { (r.source.label()) }
                    } } }
                } }
            }
        },
    )
}

async fn show(
    state: &AppState,
    ctx: &PageContext,
    form: &RateInput,
    errors: &FieldErrors,
) -> Result<Markup> {
    let recent = rates::recent(&state.db.conn, None, 200).await?;
    Ok(rates_view(
        ctx,
        &recent,
        form,
        errors,
        ctx.can(Action::ControlBudget),
    ))
}

pub async fn index(State(state): State<AppState>, ctx: PageContext) -> Result<Markup> {
    show(&state, &ctx, &RateInput::default(), &FieldErrors::new()).await
}

pub async fn save(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    session: Session,
    ctx: PageContext,
    form: FormFields,
) -> Result<Redirect> {
    let input = RateInput {
        currency: form.text("currency"),
        on: form.text("on"),
        sek_per_unit: form.text("sek_per_unit"),
    };
    let rate = match input.validate() {
        Ok(r) => r,
        Err(errors) => return Err(AppError::Reshow(show(&state, &ctx, &input, &errors).await?)),
    };
    service::save_rate(&Context::person(&state, &me), &rate).await?;
    session
        .flash(format!(
            "{} from {}: {} SEK per unit.",
            rate.currency, rate.on, rate.sek_per_unit
        ))
        .await?;
    Ok(Redirect::to(PATH))
}

async fn refuse(state: &AppState, ctx: &PageContext, message: String) -> Result<Response> {
    let errors = FieldErrors::single("file", message);
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        show(state, ctx, &RateInput::default(), &errors).await?,
    )
        .into_response())
}

pub async fn import(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    session: Session,
    ctx: PageContext,
    multipart: std::result::Result<Multipart, MultipartRejection>,
) -> Result<Response> {
    let unreadable = |status: StatusCode| {
        AppError::unreadable_upload(status, "The upload is too large for a rate file.")
    };
    let mut multipart = multipart.map_err(|e| unreadable(e.status()))?;
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| unreadable(e.status()))?
    {
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or("rates.csv").to_owned();
        let bytes = field.bytes().await.map_err(|e| unreadable(e.status()))?;
        file = Some((name, bytes.to_vec()));
    }
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return refuse(
            &state,
            &ctx,
            "Choose the Riksbank's rate file to upload.".into(),
        )
        .await;
    };
    let name = crate::forms::filter_text(&name).unwrap_or_else(|| "rates.csv".into());
    if bytes.len() > MAX_UPLOAD_BYTES {
        return refuse(
            &state,
            &ctx,
            "The file is larger than 4 MB; export fewer days or currencies.".into(),
        )
        .await;
    }
    // The Riksbank's export is UTF-8; an older export in Windows-1252 is read byte by byte.
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => e.into_bytes().iter().map(|b| char::from(*b)).collect(),
    };
    let rows = match parse_riksbank_csv(&text) {
        Ok(rows) => rows,
        Err(e) => return refuse(&state, &ctx, format!("{name}: {e}. Nothing was imported.")).await,
    };
    let n = service::import_rates(&Context::person(&state, &me), &name, &rows).await?;
    session
        .flash(format!("Imported {n} rates from {name}."))
        .await?;
    Ok(Redirect::to(PATH).into_response())
}
