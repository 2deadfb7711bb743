//! The route guard: each route declares who may reach it, and this middleware refuses everyone
//! else before the handler runs. Scope checks on the record itself happen in the handler, which
//! loads it through `crate::security::access`.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use itp_domain::authz::{self, Action};

use crate::error::AppError;
use crate::security::session::Session;

/// Who may reach a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not (login page, health checks, public calls).
    Public,
    /// Any signed-in person, whatever their role.
    SignedIn,
    /// Signed-in people who could do this action on at least one record.
    Can(Action),
}

pub async fn guard(State(access): State<Access>, request: Request, next: Next) -> Response {
    if access == Access::Public {
        return next.run(request).await;
    }
    let user = request
        .extensions()
        .get::<Session>()
        .and_then(Session::user);
    let Some(user) = user else {
        return AppError::Unauthenticated.into_response();
    };
    if let Access::Can(action) = access
        && !authz::could(&user.principal, action)
    {
        return AppError::Forbidden.into_response();
    }
    next.run(request).await
}
