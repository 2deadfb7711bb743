//! The application: shared state, the router built from each feature's routes, the middleware
//! stack, and `serve` on a listener the caller bound (tests bind port 0).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::http::{HeaderName, Method, Request};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, on};
use itp_domain::Clock;
use itp_persistence::Database;
use tokio::net::TcpListener;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::config::Config;
use crate::error::AppError;
use crate::mail::Mailer;
use crate::security::csrf::{MAX_BODY_BYTES, csrf_middleware};
use crate::security::guard::{Access, guard};
use crate::security::headers::security_headers;
use crate::security::session::session_middleware;
use crate::views::error_pages;

#[derive(Clone)]
pub struct AppState {
    pub db: Database,
    pub config: Arc<Config>,
    pub clock: Arc<dyn Clock>,
    /// This instance's mail sender (see `crate::mail`).
    pub mail: Arc<Mailer>,
    /// Selection boards computed at the current data version (`selection::BoardCache`).
    pub boards: Arc<crate::selection::BoardCache>,
}

impl AppState {
    /// Builds the state; the mail sender comes from `config.mail`. Call inside the Tokio runtime.
    pub fn new(db: Database, config: Config, clock: Arc<dyn Clock>) -> Result<AppState, String> {
        let mail = Mailer::new(&config.mail)?;
        Ok(AppState {
            db,
            config: Arc::new(config),
            clock,
            mail: Arc::new(mail),
            boards: Arc::default(),
        })
    }
}

/// A route as the authorisation matrix test sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteSpec {
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
}

/// Collects routes together with who may reach them, so that no route exists without a rule.
pub struct Routes {
    router: Router<AppState>,
    specs: Vec<RouteSpec>,
}

impl Routes {
    fn new() -> Self {
        Routes {
            router: Router::new(),
            specs: Vec::new(),
        }
    }

    fn add<H, T>(
        mut self,
        method: Method,
        filter: MethodFilter,
        path: &'static str,
        access: Access,
        handler: H,
    ) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let method_router = on(filter, handler).layer(from_fn_with_state(access, guard));
        self.router = self.router.route(path, method_router);
        self.specs.push(RouteSpec {
            method,
            path,
            access,
        });
        self
    }

    pub fn get<H, T>(self, path: &'static str, access: Access, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add(Method::GET, MethodFilter::GET, path, access, handler)
    }

    pub fn post<H, T>(self, path: &'static str, access: Access, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add(Method::POST, MethodFilter::POST, path, access, handler)
    }
}

fn all_routes() -> Routes {
    let routes = Routes::new();
    let routes = crate::health::routes(routes);
    let routes = crate::home::routes(routes);
    let routes = crate::auth::routes::routes(routes);
    let routes = crate::auth::register::routes(routes);
    let routes = crate::programme::routes::routes(routes);
    let routes = crate::application::routes(routes);
    let routes = crate::cohort::routes::routes(routes);
    let routes = crate::calendar::routes(routes);
    let routes = crate::per_diem::routes(routes);
    let routes = crate::mail::routes::routes(routes);
    let routes = crate::mail_templates::routes(routes);
    let routes = crate::review::routes(routes);
    let routes = crate::selection::routes(routes);
    let routes = crate::privacy::routes(routes);
    let routes = crate::i18n::routes::routes(routes);
    let routes = crate::hosts::routes(routes);
    let routes = crate::budget::routes(routes);
    let routes = crate::participants::routes(routes);
    let routes = crate::reports::routes(routes);
    crate::admin::routes(routes)
}

/// Every route of the application with its access rule.
pub fn route_table() -> Vec<RouteSpec> {
    all_routes().specs
}

#[derive(Clone, Default)]
struct Counter(Arc<AtomicU64>);

impl MakeRequestId for Counter {
    fn make_request_id<B>(&mut self, _: &Request<B>) -> Option<RequestId> {
        let n = self.0.fetch_add(1, Ordering::Relaxed);
        axum::http::HeaderValue::from_str(&format!("{:x}-{n}", std::process::id()))
            .ok()
            .map(RequestId::new)
    }
}

pub fn router(state: AppState) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    let routes = all_routes();
    routes
        .router
        .fallback(|| async { AppError::NotFound })
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(request_id.clone(), Counter::default()))
                .layer(TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
                    let id = req
                        .headers()
                        .get("x-request-id")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("-");
                    tracing::info_span!("request", id = %id, method = %req.method(), path = %req.uri().path())
                }))
                .layer(PropagateRequestIdLayer::new(request_id))
                .layer(TimeoutLayer::with_status_code(
                    axum::http::StatusCode::REQUEST_TIMEOUT,
                    Duration::from_secs(60),
                ))
                .layer(from_fn_with_state(state.clone(), security_headers))
                .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
                .layer(from_fn_with_state(state.clone(), session_middleware))
                .layer(from_fn(error_pages::render_errors))
                .layer(CatchPanicLayer::custom(|_| -> Response {
                    AppError::internal("a request handler panicked").into_response()
                }))
                .layer(from_fn_with_state(state.clone(), csrf_middleware)),
        )
        .with_state(state)
}

/// Serves until the process is stopped; on SIGTERM or Ctrl-C, finishes the requests under way.
pub async fn serve(listener: TcpListener, state: AppState) -> std::io::Result<()> {
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
