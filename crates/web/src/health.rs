//! Liveness, readiness, the stylesheet and the print script: the routes that need no one signed in.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;

use crate::app::{AppState, Routes};
use crate::security::guard::Access;

const STYLESHEET: &str = include_str!("static/style.css");
const PRINT_SCRIPT: &str = include_str!("static/print.js");

pub fn routes(r: Routes) -> Routes {
    r.get("/healthz", Access::Public, healthz)
        .get("/readyz", Access::Public, readyz)
        .get("/static/style.css", Access::Public, stylesheet)
        .get("/static/print.js", Access::Public, print_script)
}

/// 200 while the process lives.
async fn healthz() -> &'static str {
    "ok"
}

/// 200 when the database answers; 503 otherwise, so a load balancer stops sending traffic.
async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    if state.db.ping().await {
        (StatusCode::OK, "ready")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
    }
}

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLESHEET,
    )
}

async fn print_script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        PRINT_SCRIPT,
    )
}
