use axum::extract::{Path, Query, State};
use itp_domain::authz::Action;
use itp_persistence::programme;
use maud::Markup;
use serde::Deserialize;

use super::views;
use crate::app::{AppState, Routes};
use crate::error::{AppError, Result};
use crate::security::guard::Access;
use crate::views::PageContext;

pub fn routes(r: Routes) -> Routes {
    r.get("/programmes", Access::Can(Action::ViewProgrammes), list)
        .get(
            "/programmes/{programme_id}",
            Access::Can(Action::ViewProgrammes),
            show,
        )
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    archived: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    ctx: PageContext,
    Query(q): Query<ListQuery>,
) -> Result<Markup> {
    let include_archived = q.archived.is_some();
    let programmes = programme::list_summaries(&state.db.conn, include_archived).await?;
    Ok(views::list(&ctx, &programmes, include_archived))
}

async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(id): Path<i32>,
) -> Result<Markup> {
    let conn = &state.db.conn;
    let p = programme::find(conn, id).await?.ok_or(AppError::NotFound)?;
    let cohorts = programme::cohorts_of(conn, id).await?;
    Ok(views::show(&ctx, &p, &cohorts))
}
