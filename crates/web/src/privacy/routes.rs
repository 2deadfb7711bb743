use axum::extract::State;
use itp_domain::authz::Action;
use maud::Markup;

use super::{due, views};
use crate::app::{AppState, Routes};
use crate::error::Result;
use crate::security::guard::Access;
use crate::views::PageContext;

pub fn routes(r: Routes) -> Routes {
    r.get("/privacy", Access::Public, privacy).get(
        "/admin/retention",
        Access::Can(Action::ManagePersonalData),
        retention,
    )
}

async fn privacy(State(state): State<AppState>, ctx: PageContext) -> Markup {
    views::privacy(&ctx, &state.config.retention)
}

async fn retention(State(state): State<AppState>, ctx: PageContext) -> Result<Markup> {
    let now = state.clock.now();
    let lines = due::lines(&state, now).await?;
    Ok(views::retention(&ctx, &lines, now))
}
