use axum::extract::{Query, State};
use chrono::{NaiveDate, TimeZone, Utc};
use itp_domain::authz::Action;
use itp_persistence::audit::{self, Filter};
use itp_persistence::per_diem::statements;
use maud::Markup;
use serde::Deserialize;

use super::audit_views as views;
use super::scopes::Scopes;
use crate::app::{AppState, Routes};
use crate::error::Result;
use crate::forms::filter_text;
use crate::security::guard::Access;
use crate::views::PageContext;

pub const PER_PAGE: u64 = 50;

pub fn routes(r: Routes) -> Routes {
    r.get("/admin/audit", Access::Can(Action::ViewAuditLog), list)
}

/// The filter form as typed; kept as text so the form shows it back unchanged.
#[derive(Debug, Default, Deserialize, Clone)]
pub struct AuditQuery {
    #[serde(default)]
    pub actor: String,
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub entity_type: String,
    #[serde(default)]
    pub entity_id: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub until: String,
    #[serde(default)]
    pub page: Option<u64>,
}

/// Past any real page: a larger number would overflow the offset.
const LAST_PAGE: u64 = 1_000_000;

fn day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

async fn list(
    State(state): State<AppState>,
    ctx: PageContext,
    Query(q): Query<AuditQuery>,
) -> Result<Markup> {
    let filter = Filter {
        actor: filter_text(&q.actor),
        action: filter_text(&q.action),
        entity_type: filter_text(&q.entity_type),
        entity_id: filter_text(&q.entity_id),
        from: day(&q.from)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|d| Utc.from_utc_datetime(&d)),
        // "until" is inclusive of the whole day.
        until: day(&q.until)
            .and_then(|d| d.succ_opt())
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|d| Utc.from_utc_datetime(&d)),
    };
    let page = q.page.unwrap_or(1).clamp(1, LAST_PAGE);
    let result = audit::list(&state.db.conn, &filter, (page - 1) * PER_PAGE, PER_PAGE).await?;
    let types = audit::entity_types(&state.db.conn).await?;
    let ids: Vec<i32> = result
        .entries
        .iter()
        .flat_map(|e| {
            let record = (e.entity_type == "user")
                .then(|| e.entity_id.as_deref().and_then(|id| id.parse().ok()))
                .flatten();
            e.actor_user_id.into_iter().chain(record)
        })
        .collect();
    let people = statements::people(&state.db.conn, &ids).await?;
    let scopes = Scopes::load(&state.db.conn).await?;
    let names = views::Names {
        people: &people,
        scopes: &scopes,
    };
    Ok(views::list(&ctx, &q, page, &result, &types, &names))
}
