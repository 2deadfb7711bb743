//! What the application screens need about a cohort and an application, loaded and checked
//! through `crate::security::access`.

use itp_domain::Code;
use itp_domain::application::ApplicationStatus;
use itp_domain::application::document::DocumentKind;
use itp_domain::application::submission::CallRules;
use itp_domain::authz::{Action, Resource};
use itp_domain::cohort::CohortStatus;
use itp_domain::country::CountryCode;
use itp_persistence::application::{self, ApplicationRow};
use itp_persistence::cohort::{self, StoredCohort};
use itp_persistence::programme::{self, StoredProgramme};

use crate::app::AppState;
use crate::error::{AppError, Result};
use crate::security::access::{self, Guarded};
use crate::security::session::CurrentUser;

#[derive(Clone)]
pub struct CallContext {
    pub cohort: StoredCohort,
    pub programme: StoredProgramme,
}

impl Guarded for CallContext {
    async fn find(state: &AppState, cohort_id: i32) -> Result<Option<CallContext>> {
        let conn = &state.db.conn;
        let Some(cohort) = cohort::find(conn, cohort_id).await? else {
            return Ok(None);
        };
        let programme = programme::find(conn, cohort.programme_id)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(Some(CallContext { cohort, programme }))
    }

    fn resource(&self) -> Resource {
        Resource::Cohort {
            cohort_id: i64::from(self.cohort.id),
            programme_id: i64::from(self.cohort.programme_id),
        }
    }
}

impl CallContext {
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

    /// Whether the call is shown to the public: its programme is not archived, its cohort is
    /// past planning and not cancelled, and it has a deadline (an open or a closed call).
    pub fn is_public(&self) -> bool {
        !self.programme.programme.archived
            && !matches!(
                self.cohort.status,
                CohortStatus::Planning | CohortStatus::Cancelled
            )
            && self.cohort.settings.call.closes_at.is_some()
    }

    /// Whether the call takes submissions now: it is public, its status is `call_open` and the
    /// deadline has not passed. The server decides, whatever the page showed.
    pub fn accepts_at(&self, now: chrono::DateTime<chrono::Utc>) -> bool {
        self.is_public()
            && self.cohort.status == CohortStatus::CallOpen
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

impl Guarded for ApplicationContext {
    async fn find(state: &AppState, application_id: i32) -> Result<Option<ApplicationContext>> {
        let Some(application) = application::find(&state.db.conn, application_id).await? else {
            return Ok(None);
        };
        let call = access::find::<CallContext>(state, application.cohort_id).await?;
        Ok(Some(ApplicationContext { application, call }))
    }

    fn resource(&self) -> Resource {
        Resource::Application {
            cohort_id: i64::from(self.application.cohort_id),
            programme_id: i64::from(self.call.cohort.programme_id),
            applicant_user_id: self.application.applicant_user_id.map(i64::from),
            draft: self.application.status == ApplicationStatus::Draft,
        }
    }

    /// An application is there for its owner and for those who may read the cohort's
    /// applications; to anyone else (a draft to every manager) it does not exist.
    fn visible_to(&self, user: &CurrentUser) -> bool {
        self.permits(user, Action::HandleOwnApplication)
            || self.permits(user, Action::ViewApplications)
    }
}

impl ApplicationContext {
    pub fn permits(&self, user: &CurrentUser, action: Action) -> bool {
        access::may(user, action, self)
    }
}
