//! Server-side sessions. The `session` middleware loads the session named by the cookie (if any,
//! and if not expired) and puts a [`Session`] handle into the request; handlers use the handle
//! to read the signed-in person, get the CSRF token, sign in or out and leave flash messages. A
//! session row is created only when something needs one (a form, a flash, a login), so crawlers
//! and health checks create nothing.

use std::sync::{Arc, Mutex, MutexGuard};

use axum::extract::{FromRequestParts, Request, State};
use axum::http::{HeaderValue, header, request::Parts};
use axum::middleware::Next;
use axum::response::Response;
use chrono::Duration;
use itp_domain::role::Principal;
use itp_persistence::{account, session as store};

use crate::app::AppState;
use crate::error::{AppError, Result};
use crate::security::tokens::{hash_token, new_token};

pub const COOKIE: &str = "itp_session";

/// How long sessions live: ended after `idle` without a request, and after `absolute` in any case
/// (OWASP Session Management Cheat Sheet).
#[derive(Debug, Clone, Copy)]
pub struct SessionPolicy {
    pub idle: Duration,
    pub absolute: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        SessionPolicy {
            idle: Duration::hours(4),
            absolute: Duration::hours(12),
        }
    }
}

/// A request is not worth a database write just to move `last_seen_at` by seconds.
const TOUCH_AFTER: Duration = Duration::seconds(60);

/// The signed-in person.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub id: i32,
    pub email: String,
    pub display_name: String,
    pub principal: Principal,
}

#[derive(Debug, Clone)]
enum CookieChange {
    Set(String),
    Clear,
}

#[derive(Debug, Default)]
struct SessionState {
    id_hash: Option<String>,
    csrf_token: Option<String>,
    user: Option<CurrentUser>,
    flash: Option<String>,
    cookie: Option<CookieChange>,
}

/// The request's session; cheap to clone, shared between middleware and handler.
#[derive(Clone)]
pub struct Session {
    state: Arc<Mutex<SessionState>>,
    app: AppState,
}

impl Session {
    fn lock(&self) -> MutexGuard<'_, SessionState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn user(&self) -> Option<CurrentUser> {
        self.lock().user.clone()
    }

    /// The signed-in person, or [`AppError::Unauthenticated`].
    pub fn require_user(&self) -> Result<CurrentUser> {
        self.user().ok_or(AppError::Unauthenticated)
    }

    /// The CSRF token of this session, if it has one (used by the CSRF check).
    pub fn existing_csrf_token(&self) -> Option<String> {
        self.lock().csrf_token.clone()
    }

    /// The CSRF token for a form, creating an anonymous session when there is none yet.
    pub async fn csrf_token(&self) -> Result<String> {
        if let Some(token) = self.existing_csrf_token() {
            return Ok(token);
        }
        self.start(None, None).await?;
        self.existing_csrf_token()
            .ok_or_else(|| AppError::internal("session without CSRF token"))
    }

    /// The message left by the previous request, removed so it shows once.
    pub async fn take_flash(&self) -> Result<Option<String>> {
        let (flash, id_hash) = {
            let mut s = self.lock();
            (s.flash.take(), s.id_hash.clone())
        };
        if let (Some(_), Some(id_hash)) = (&flash, id_hash) {
            store::set_flash(&self.app.db.conn, &id_hash, None).await?;
        }
        Ok(flash)
    }

    /// Leaves a message for the next page this person sees.
    pub async fn flash(&self, message: impl Into<String>) -> Result<()> {
        let message = message.into();
        let id_hash = self.lock().id_hash.clone();
        match id_hash {
            Some(id_hash) => store::set_flash(&self.app.db.conn, &id_hash, Some(message)).await?,
            None => self.start(None, Some(message)).await?,
        }
        Ok(())
    }

    /// Signs `user_id` in with a new session id (the old one is deleted: no session fixation).
    pub async fn login(&self, user_id: i32) -> Result<()> {
        let old = self.lock().id_hash.take();
        if let Some(old) = old {
            store::delete(&self.app.db.conn, &old).await?;
        }
        self.start(Some(user_id), None).await?;
        let user = load_user(&self.app, user_id).await?;
        self.lock().user = user;
        Ok(())
    }

    /// Ends the session on the server and clears the cookie.
    pub async fn logout(&self) -> Result<()> {
        let old = {
            let mut s = self.lock();
            let old = s.id_hash.take();
            *s = SessionState {
                cookie: Some(CookieChange::Clear),
                ..SessionState::default()
            };
            old
        };
        if let Some(old) = old {
            store::delete(&self.app.db.conn, &old).await?;
        }
        Ok(())
    }

    async fn start(&self, user_id: Option<i32>, flash: Option<String>) -> Result<()> {
        let token = new_token();
        let id_hash = hash_token(&token);
        let csrf = new_token();
        store::create(
            &self.app.db.conn,
            &id_hash,
            user_id,
            &csrf,
            flash.clone(),
            self.app.clock.now(),
        )
        .await?;
        let mut s = self.lock();
        s.id_hash = Some(id_hash);
        s.csrf_token = Some(csrf);
        s.flash = None;
        s.cookie = Some(CookieChange::Set(token));
        Ok(())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Session {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Session>()
            .cloned()
            .ok_or_else(|| AppError::internal("session middleware is not installed"))
    }
}

/// Extractor for handlers that need a signed-in person (the route guard has already refused
/// anonymous requests; this hands the person to the handler).
pub struct SignedIn(pub CurrentUser);

impl<S: Send + Sync> FromRequestParts<S> for SignedIn {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Session::from_request_parts(parts, state)
            .await?
            .require_user()
            .map(SignedIn)
    }
}

async fn load_user(app: &AppState, user_id: i32) -> Result<Option<CurrentUser>> {
    let Some(row) = account::find(&app.db.conn, user_id).await? else {
        return Ok(None);
    };
    if !row.active {
        return Ok(None);
    }
    let principal = account::principal(&app.db.conn, user_id).await?;
    Ok(Some(CurrentUser {
        id: row.id,
        email: row.email,
        display_name: row.display_name,
        principal,
    }))
}

fn cookie_token(request: &Request) -> Option<String> {
    request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_owned())
        .filter(|v| v.len() == 43)
}

/// Loads the session, runs the request, then sets or clears the cookie as the handler decided.
pub async fn session_middleware(
    State(app): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let mut state = SessionState::default();
    if let Some(token) = cookie_token(&request) {
        match load(&app, &hash_token(&token)).await {
            Ok(Some(loaded)) => state = loaded,
            Ok(None) => state.cookie = Some(CookieChange::Clear),
            Err(err) => return axum::response::IntoResponse::into_response(err),
        }
    }
    let session = Session {
        state: Arc::new(Mutex::new(state)),
        app: app.clone(),
    };
    request.extensions_mut().insert(session.clone());
    let mut response = next.run(request).await;
    let change = session.lock().cookie.take();
    if let Some(change) = change {
        let secure = if app.config.secure_cookies() {
            "; Secure"
        } else {
            ""
        };
        let value = match change {
            CookieChange::Set(token) => format!(
                "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
                app.config.session.absolute.num_seconds()
            ),
            CookieChange::Clear => {
                format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}")
            }
        };
        if let Ok(v) = HeaderValue::from_str(&value) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    response
}

async fn load(app: &AppState, id_hash: &str) -> Result<Option<SessionState>> {
    let conn = &app.db.conn;
    let Some(row) = store::find(conn, id_hash).await? else {
        return Ok(None);
    };
    let now = app.clock.now();
    let policy = app.config.session;
    if row.last_seen_at + policy.idle <= now || row.created_at + policy.absolute <= now {
        store::delete(conn, id_hash).await?;
        return Ok(None);
    }
    let user = match row.user_id {
        Some(user_id) => match load_user(app, user_id).await? {
            Some(user) => Some(user),
            None => {
                // The account was disabled or deleted: its sessions end.
                store::delete(conn, id_hash).await?;
                return Ok(None);
            }
        },
        None => None,
    };
    if now - row.last_seen_at >= TOUCH_AFTER {
        store::touch(conn, id_hash, now).await?;
    }
    Ok(Some(SessionState {
        id_hash: Some(row.id_hash),
        csrf_token: Some(row.csrf_token),
        user,
        flash: row.flash,
        cookie: None,
    }))
}
