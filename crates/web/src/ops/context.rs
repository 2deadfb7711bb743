//! Who performs an operation, and with what: the database, the clock and the mailer of this
//! instance, and the acting person or "the system" (the `itp` command, a scheduled job).

use chrono::{DateTime, Utc};
use itp_persistence::audit::Actor;

use super::error::OpResult;
use super::unit::UnitOfWork;
use crate::app::AppState;
use crate::security::session::CurrentUser;

/// What every operation receives: the application and who acts.
#[derive(Clone)]
pub struct Context<'a> {
    pub state: &'a AppState,
    pub actor: Actor,
}

impl<'a> Context<'a> {
    /// A signed-in person acting through a page.
    pub fn person(state: &'a AppState, user: &CurrentUser) -> Context<'a> {
        Context {
            state,
            actor: Actor::user(user.id, &user.email),
        }
    }

    /// The system itself, named in the audit log by `label` (`"itp user add"`, `"job
    /// close_calls"`).
    pub fn system(state: &'a AppState, label: &str) -> Context<'a> {
        Context {
            state,
            actor: Actor::system(label),
        }
    }

    /// An operation on behalf of `actor` (someone not signed in yet, such as a person who
    /// follows a one-time link).
    pub fn acting_as(state: &'a AppState, actor: Actor) -> Context<'a> {
        Context { state, actor }
    }

    /// The acting person's account; the system has none, so an operation that must be done by a
    /// person refuses it.
    pub fn user_id(&self) -> OpResult<i32> {
        self.actor.user_id.ok_or(super::OpError::Forbidden)
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.state.clock.now()
    }

    pub fn conn(&self) -> &itp_persistence::DatabaseConnection {
        &self.state.db.conn
    }

    /// Begins a unit of work: one write transaction in which the change, its audit entries and
    /// its mail are written together.
    pub async fn begin(&self) -> OpResult<UnitOfWork<'_>> {
        UnitOfWork::begin(self).await
    }
}
