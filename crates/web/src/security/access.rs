//! The one way a handler gets the record it acts on: loaded by id (404 when there is none),
//! checked against the rule table (`itp_domain::authz`) for the action at hand, and refused in
//! one voice. The route guard has already refused people who could not do the action anywhere;
//! this checks the record's scope.

use std::future::Future;

use itp_domain::authz::{self, Action, Resource};
use itp_domain::role::{Principal, Role};
use itp_persistence::cohort::StoredCohort;
use itp_persistence::per_diem::cohorts::{self, StatementCohort};
use itp_persistence::per_diem::policies::StoredPolicy;
use itp_persistence::per_diem::statements::StoredStatement;
use itp_persistence::per_diem::{policies, statements};
use itp_persistence::programme::StoredProgramme;

use crate::app::AppState;
use crate::error::{AppError, Result};
use crate::security::session::CurrentUser;

/// A record a handler loads by id, and what the authorisation rules need to know of it.
pub trait Guarded: Sized {
    /// The record with this id, `None` when there is none.
    fn find(state: &AppState, id: i32) -> impl Future<Output = Result<Option<Self>>> + Send;

    /// The record as the rules see it: its programme, cohort, owner.
    fn resource(&self) -> Resource;

    /// Whether `user` may know the record exists. Refused an action on a record they may see,
    /// staff are told so (403); a record they may not see answers as if it did not exist (404),
    /// for writes exactly as for reads, so no answer tells which ids exist.
    fn visible_to(&self, _user: &CurrentUser) -> bool {
        true
    }
}

/// The record, once `user` may do `action` on it. It is looked up first, so a missing one is a
/// 404 for everyone the route guard let through; a refusal is [`refusal`].
pub async fn load<T: Guarded>(
    state: &AppState,
    user: &CurrentUser,
    id: i32,
    action: Action,
) -> Result<T> {
    let record = find::<T>(state, id).await?;
    if may(user, action, &record) {
        Ok(record)
    } else {
        Err(refusal_of(user, &record))
    }
}

/// The refusal of `record` to `user`: 404 when they may not see it at all, else [`refusal`].
pub fn refusal_of(user: &CurrentUser, record: &impl Guarded) -> AppError {
    if record.visible_to(user) {
        refusal(&user.principal)
    } else {
        AppError::NotFound
    }
}

/// The record without a check, 404 when there is none: for pages that decide between several
/// actions themselves (the application page serves its applicant and staff alike) and refuse
/// with [`refusal`].
pub async fn find<T: Guarded>(state: &AppState, id: i32) -> Result<T> {
    T::find(state, id).await?.ok_or(AppError::NotFound)
}

/// Whether `user` may do `action` on `record`.
pub fn may(user: &CurrentUser, action: Action, record: &impl Guarded) -> bool {
    authz::permits(&user.principal, action, record.resource())
}

/// How to refuse someone a record. Applicants must not learn which ids exist, so to them a
/// refused record looks missing (404); staff are told plainly that they lack access (403).
pub fn refusal(principal: &Principal) -> AppError {
    if principal.roles().iter().all(|r| *r == Role::Applicant) {
        AppError::NotFound
    } else {
        AppError::Forbidden
    }
}

impl Guarded for StoredProgramme {
    async fn find(state: &AppState, id: i32) -> Result<Option<Self>> {
        Ok(itp_persistence::programme::find(&state.db.conn, id).await?)
    }

    fn resource(&self) -> Resource {
        Resource::Programme {
            programme_id: i64::from(self.id),
        }
    }
}

impl Guarded for StoredCohort {
    async fn find(state: &AppState, id: i32) -> Result<Option<Self>> {
        Ok(itp_persistence::cohort::find(&state.db.conn, id).await?)
    }

    fn resource(&self) -> Resource {
        Resource::Cohort {
            cohort_id: i64::from(self.id),
            programme_id: i64::from(self.programme_id),
        }
    }
}

/// A per-diem statement with its cohort, whose programme decides who may handle it.
impl Guarded for (StoredStatement, StatementCohort) {
    async fn find(state: &AppState, id: i32) -> Result<Option<Self>> {
        let conn = &state.db.conn;
        let Some(stored) = statements::find(conn, id).await? else {
            return Ok(None);
        };
        let cohort = cohorts::find(conn, stored.header.cohort_id).await?;
        Ok(cohort.map(|c| (stored, c)))
    }

    fn resource(&self) -> Resource {
        Resource::PerDiemStatement {
            cohort_id: i64::from(self.1.id),
            programme_id: i64::from(self.1.programme_id),
            traveller_user_id: self.0.header.traveller_user_id.map(i64::from),
        }
    }
}

/// Per-diem policies belong to no programme: whoever keeps the rates keeps them all.
impl Guarded for StoredPolicy {
    async fn find(state: &AppState, id: i32) -> Result<Option<Self>> {
        Ok(policies::find(&state.db.conn, id).await?)
    }

    fn resource(&self) -> Resource {
        Resource::System
    }
}

#[cfg(test)]
mod tests {
    use itp_domain::Code;
    use itp_domain::role::Grant;

    use super::*;

    fn holding(roles: &[Role]) -> Principal {
        Principal {
            user_id: 1,
            grants: roles
                .iter()
                .map(|&role| Grant {
                    role,
                    scope: role.scope_kind().map(|_| 1),
                })
                .collect(),
        }
    }

    #[test]
    fn an_applicant_refused_a_record_is_told_it_does_not_exist() {
        assert!(matches!(
            refusal(&holding(&[Role::Applicant])),
            AppError::NotFound
        ));
    }

    #[test]
    fn staff_refused_a_record_are_told_they_lack_access() {
        for role in Role::ALL.iter().copied().filter(|r| *r != Role::Applicant) {
            assert!(
                matches!(refusal(&holding(&[role])), AppError::Forbidden),
                "{role}"
            );
        }
    }

    #[test]
    fn an_applicant_who_is_also_staff_is_refused_as_staff() {
        assert!(matches!(
            refusal(&holding(&[Role::Applicant, Role::Reviewer])),
            AppError::Forbidden
        ));
    }

    #[test]
    fn a_person_without_roles_learns_nothing_about_ids() {
        assert!(matches!(refusal(&holding(&[])), AppError::NotFound));
    }
}
