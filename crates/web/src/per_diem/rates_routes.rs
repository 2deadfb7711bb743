//! Finance's rate-table pages: the domestic amounts, each year's foreign table, and the import
//! of Skatteverket's file through a preview that finance confirms.

use axum::Form;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use itp_domain::authz::Action;
use itp_domain::per_diem::forms::policy::DomesticRateInput;
use itp_domain::per_diem::parse_open_data;
use itp_domain::validation::FieldErrors;
use itp_persistence::per_diem::{imports, rates};
use maud::Markup;

use super::rates_views::{self as views, DomesticForm, RatesPage};
use super::{sek, service};
use crate::app::{AppState, Routes};
use crate::error::{AppError, Result};
use crate::ops::Context;
use crate::security::guard::Access;
use crate::security::session::{Session, SignedIn};
use crate::views::PageContext;

/// Skatteverket's file is about 20 KB; anything far larger is not it.
const MAX_UPLOAD_BYTES: usize = 2 * 1024 * 1024;

pub fn routes(r: Routes) -> Routes {
    let keep = Access::Can(Action::ManagePerDiemRates);
    r.get("/per-diem/rates", keep, index)
        .post("/per-diem/rates/domestic", keep, set_domestic)
        .get("/per-diem/rates/foreign/{year}", keep, foreign_year)
        .get("/per-diem/rates/import", keep, import_form)
        .post("/per-diem/rates/import", keep, upload)
        .get("/per-diem/rates/import/{upload_id}", keep, preview)
        .post("/per-diem/rates/import/{upload_id}/apply", keep, apply)
}

async fn rates_page(
    state: &AppState,
    ctx: &PageContext,
    form: &DomesticForm,
    errors: &FieldErrors,
) -> Result<Markup> {
    let conn = &state.db.conn;
    let domestic = rates::domestic(conn).await?;
    let foreign_years = rates::foreign_years(conn).await?;
    let uploads = imports::recent(conn, 10).await?;
    Ok(views::index(
        ctx,
        RatesPage {
            domestic: &domestic,
            foreign_years: &foreign_years,
            uploads: &uploads,
            form,
            errors,
        },
    ))
}

async fn index(State(state): State<AppState>, ctx: PageContext) -> Result<Markup> {
    rates_page(&state, &ctx, &DomesticForm::default(), &FieldErrors::new()).await
}

async fn set_domestic(
    State(state): State<AppState>,
    session: Session,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Form(form): Form<DomesticForm>,
) -> Result<Response> {
    let input = DomesticRateInput {
        year: form.year.clone(),
        amount: form.amount.clone(),
    };
    let (year, amount) = match input.validate() {
        Ok(valid) => valid,
        Err(errors) => {
            let page = rates_page(&state, &ctx, &form, &errors).await?;
            return Err(AppError::Reshow(page));
        }
    };
    let before = service::set_domestic_rate(&Context::person(&state, &me), year, amount).await?;
    let was = before
        .map(|b| format!(" (was {})", sek(b)))
        .unwrap_or_default();
    session
        .flash(format!(
            "The domestic maximum amount for {year} is now {}{was}.",
            sek(amount)
        ))
        .await?;
    Ok(Redirect::to("/per-diem/rates").into_response())
}

async fn foreign_year(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(year): Path<i32>,
) -> Result<Markup> {
    let table = rates::foreign_year(&state.db.conn, year).await?;
    if table.is_empty() {
        return Err(AppError::NotFound);
    }
    Ok(views::foreign_year(&ctx, year, &table))
}

async fn import_form(ctx: PageContext) -> Markup {
    views::import_form(&ctx, &FieldErrors::new())
}

fn refuse_file(ctx: &PageContext, message: impl Into<String>) -> Response {
    let errors = FieldErrors::single("file", message);
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        views::import_form(ctx, &errors),
    )
        .into_response()
}

/// Reads the uploaded file; a file that does not parse is refused here, before anything is kept.
async fn upload(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    multipart: std::result::Result<Multipart, MultipartRejection>,
) -> Result<Response> {
    let unreadable = |status: StatusCode| {
        AppError::unreadable_upload(
            status,
            "The upload is too large; Skatteverket's file is about 20 KB.",
        )
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
        let name = field.file_name().unwrap_or("upload.json").to_owned();
        let bytes = field.bytes().await.map_err(|e| unreadable(e.status()))?;
        file = Some((name, bytes.to_vec()));
    }
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return Ok(refuse_file(&ctx, "Choose Skatteverket's file to upload."));
    };
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Ok(refuse_file(
            &ctx,
            "The file is larger than 2 MB; Skatteverket's list of one year is about 20 KB.",
        ));
    }
    let Ok(text) = String::from_utf8(bytes) else {
        return Ok(refuse_file(
            &ctx,
            "The file is not text (UTF-8 JSON): download the list from Skatteverket's open data again.",
        ));
    };
    if let Err(e) = parse_open_data(&text) {
        let why = e.to_string();
        let stop = if why.ends_with(['.', '?']) { "" } else { "." };
        return Ok(refuse_file(
            &ctx,
            format!("{name}: {why}{stop} Nothing was imported."),
        ));
    }
    let id = service::store_upload(&Context::person(&state, &me), &name, &text).await?;
    Ok(Redirect::to(&format!("/per-diem/rates/import/{id}")).into_response())
}

async fn preview(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(upload_id): Path<i32>,
) -> Result<Markup> {
    let conn = &state.db.conn;
    let upload = imports::find(conn, upload_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let table = rates::load_table(conn).await?;
    let preview = parse_open_data(&upload.content).map(|rows| table.preview_foreign_import(&rows));
    Ok(views::preview(
        &ctx,
        &upload,
        preview.as_ref().map_err(|e| e.to_string()),
    ))
}

async fn apply(
    State(state): State<AppState>,
    session: Session,
    SignedIn(me): SignedIn,
    Path(upload_id): Path<i32>,
) -> Result<Redirect> {
    let upload = imports::find(&state.db.conn, upload_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let rows = parse_open_data(&upload.content).map_err(|e| AppError::BadRequest(e.to_string()))?;
    let report = service::apply_upload(&Context::person(&state, &me), upload_id, &rows).await?;
    let years: Vec<String> = report
        .iter()
        .map(|y| {
            let c = y.counts;
            format!(
                "{}: {} added, {} changed, {} removed, {} unchanged",
                c.year, c.added, c.changed, c.removed, c.unchanged
            )
        })
        .collect();
    session
        .flash(format!(
            "Imported {}. {}.",
            upload.file_name,
            years.join("; ")
        ))
        .await?;
    Ok(Redirect::to("/per-diem/rates"))
}
