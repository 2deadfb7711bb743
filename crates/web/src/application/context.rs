//! Loading what the application screens need about a cohort and an application, with the
//! authorisation check on the record at hand.

use itp_domain::Code;
use itp_domain::application::document::DocumentKind;
use itp_domain::application::submission::CallRules;
use itp_domain::authz::{self, Action, Resource};
use itp_domain::cohort::CohortStatus;
use itp_domain::country::CountryCode;
use itp_persistence::application::{self, ApplicationRow};
use itp_persistence::cohort::{self, StoredCohort};
use itp_persistence::programme::{self, StoredProgramme};

use crate::app::AppState;
use crate::error::{AppError, Result};
use crate::security::session::CurrentUser;

#[derive(Clone)]
pub struct CallContext {
    pub cohort: StoredCohort,
    pub programme: StoredProgramme,
}

impl CallContext {
    pub async fn load(state: &AppState, cohort_id: i32) -> Result<CallContext> {
        let conn = &state.db.conn;
        let cohort = cohort::find(conn, cohort_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let programme = programme::find(conn, cohort.programme_id)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(CallContext { cohort, programme })
    }

    /// Loads and insists on `action` for this cohort (a staff action: refused with 403).
    pub async fn load_for(
        state: &AppState,
        user: &CurrentUser,
        cohort_id: i32,
        action: Action,
    ) -> Result<CallContext> {
        let call = CallContext::load(state, cohort_id).await?;
        if authz::permits(&user.principal, action, call.resource()) {
            Ok(call)
        } else {
            Err(AppError::Forbidden)
        }
    }

    pub fn resource(&self) -> Resource {
        Resource::Cohort {
            cohort_id: i64::from(self.cohort.id),
            programme_id: i64::from(self.cohort.programme_id),
        }
    }

    /// The call's countries: the cohort's own list, else the programme's.
    pub fn eligible_countries(&self) -> Vec<CountryCode> {
        match &self.cohort.settings.eligible_countries {
            Some(own) if !own.is_empty() => own.clone(),
            _ => self.programme.programme.eligible_countries.clone(),
        }
    }

    pub fn rules(&self) -> CallRules {
        let p = &self.programme.programme;
        CallRules {
            team_min: p.team_min,
            team_max: p.team_max,
            required_roles: p.required_roles.clone(),
            eligible_countries: self.eligible_countries(),
            required_documents: DocumentKind::ALL.to_vec(),
        }
    }

    /// Whether the call takes submissions now: its status is `call_open` and the deadline has
    /// not passed. The server decides, whatever the page showed.
    pub fn accepts_at(&self, now: chrono::DateTime<chrono::Utc>) -> bool {
        self.cohort.status == CohortStatus::CallOpen
            && itp_domain::application::submission::call_accepts(
                self.cohort.settings.call.opens_at,
                self.cohort.settings.call.closes_at,
                now,
            )
    }
}

/// An application with its cohort and programme, checked against what `user` may do with it.
pub struct ApplicationContext {
    pub application: ApplicationRow,
    pub call: CallContext,
}

impl ApplicationContext {
    pub async fn load(state: &AppState, application_id: i32) -> Result<ApplicationContext> {
        let application = application::find(&state.db.conn, application_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let call = CallContext::load(state, application.cohort_id).await?;
        Ok(ApplicationContext { application, call })
    }

    pub fn resource(&self) -> Resource {
        Resource::Application {
            cohort_id: i64::from(self.application.cohort_id),
            programme_id: i64::from(self.call.cohort.programme_id),
            applicant_user_id: self.application.applicant_user_id.map(i64::from),
        }
    }

    pub fn permits(&self, user: &CurrentUser, action: Action) -> bool {
        authz::permits(&user.principal, action, self.resource())
    }

    /// Loads and insists on `action`; a refusal looks like a missing record to applicants (they
    /// must not learn which ids exist) and like a refusal to staff.
    pub async fn load_for(
        state: &AppState,
        user: &CurrentUser,
        application_id: i32,
        action: Action,
    ) -> Result<ApplicationContext> {
        let ctx = ApplicationContext::load(state, application_id).await?;
        if ctx.permits(user, action) {
            Ok(ctx)
        } else {
            Err(refusal(user))
        }
    }
}

/// How to refuse someone a record: applicants must not learn which ids exist (404); staff are
/// told plainly that they lack access (403).
pub fn refusal(user: &CurrentUser) -> AppError {
    if user
        .principal
        .roles()
        .iter()
        .all(|r| *r == itp_domain::role::Role::Applicant)
    {
        AppError::NotFound
    } else {
        AppError::Forbidden
    }
}
