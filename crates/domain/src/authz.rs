//! The one place that answers "may this person do this to that?". Routes declare the action they
//! serve and are refused before the handler runs when the person could not do it anywhere
//! ([`could`]); handlers then ask [`permits`] for the record at hand, which checks the scope.

use crate::role::{Principal, Role};

/// Everything a person can be allowed to do, in the users' words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Read the programme catalogue, programme and cohort pages.
    ViewProgrammes,
    /// Add a programme to the catalogue.
    CreateProgramme,
    /// Change a programme's catalogue entry and plan its cohorts.
    ManageProgramme,
    /// Invite people, grant and revoke roles, issue password-reset links.
    ManageUsers,
    /// Read the audit log.
    ViewAuditLog,
    /// Read the outbox: every message the system sends, with its delivery state. Bodies carry
    /// one-time links, so this stays with administrators.
    ViewOutbox,
    /// Retry a failed message, release one held for review.
    ManageOutbox,
}

/// The record an action is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    /// Something not tied to a programme (the catalogue, the user list, the audit log).
    System,
    Programme {
        programme_id: i64,
    },
    Cohort {
        cohort_id: i64,
        programme_id: i64,
    },
}

impl Resource {
    fn programme_id(self) -> Option<i64> {
        match self {
            Resource::System => None,
            Resource::Programme { programme_id } | Resource::Cohort { programme_id, .. } => {
                Some(programme_id)
            }
        }
    }
}

/// Whether `principal` may do `action` on `resource`.
pub fn permits(principal: &Principal, action: Action, resource: Resource) -> bool {
    if principal.is_admin() {
        return true;
    }
    match action {
        Action::ViewProgrammes => !principal.grants.is_empty(),
        Action::CreateProgramme
        | Action::ManageUsers
        | Action::ViewAuditLog
        | Action::ViewOutbox
        | Action::ManageOutbox => false,
        Action::ManageProgramme => resource
            .programme_id()
            .is_some_and(|p| principal.holds(Role::ProgrammeManager, p)),
    }
}

/// Whether `principal` may do `action` on at least one record: the check a route makes before
/// its handler looks up the record and asks [`permits`].
pub fn could(principal: &Principal, action: Action) -> bool {
    if principal.is_admin() {
        return true;
    }
    match action {
        Action::ViewProgrammes => !principal.grants.is_empty(),
        Action::CreateProgramme
        | Action::ManageUsers
        | Action::ViewAuditLog
        | Action::ViewOutbox
        | Action::ManageOutbox => false,
        Action::ManageProgramme => principal.has_role(Role::ProgrammeManager),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::role::Grant;

    fn person(role: Role, scope: Option<i64>) -> Principal {
        Principal {
            user_id: 1,
            grants: vec![Grant { role, scope }],
        }
    }

    #[test]
    fn admin_may_do_everything() {
        let admin = person(Role::Admin, None);
        assert!(permits(&admin, Action::ManageUsers, Resource::System));
        assert!(permits(
            &admin,
            Action::ManageProgramme,
            Resource::Programme { programme_id: 9 }
        ));
    }

    #[test]
    fn manager_manages_only_their_own_programmes() {
        let manager = person(Role::ProgrammeManager, Some(1));
        assert!(permits(
            &manager,
            Action::ManageProgramme,
            Resource::Programme { programme_id: 1 }
        ));
        assert!(permits(
            &manager,
            Action::ManageProgramme,
            Resource::Cohort {
                cohort_id: 7,
                programme_id: 1
            }
        ));
        assert!(!permits(
            &manager,
            Action::ManageProgramme,
            Resource::Programme { programme_id: 2 }
        ));
        assert!(!permits(
            &manager,
            Action::ManageProgramme,
            Resource::System
        ));
        assert!(could(&manager, Action::ManageProgramme));
    }

    #[test]
    fn only_admins_see_the_audit_log_and_users() {
        for role in Role::ALL.into_iter().filter(|r| *r != Role::Admin) {
            let p = person(role, role.scope_kind().map(|_| 1));
            assert!(!could(&p, Action::ViewAuditLog), "{role}");
            assert!(!could(&p, Action::ManageUsers), "{role}");
        }
    }

    #[test]
    fn only_admins_read_and_manage_the_outbox() {
        let admin = person(Role::Admin, None);
        assert!(permits(&admin, Action::ViewOutbox, Resource::System));
        assert!(permits(&admin, Action::ManageOutbox, Resource::System));
        for role in Role::ALL.into_iter().filter(|r| *r != Role::Admin) {
            let p = person(role, role.scope_kind().map(|_| 1));
            for action in [Action::ViewOutbox, Action::ManageOutbox] {
                assert!(!could(&p, action), "{role} {action:?}");
                assert!(!permits(&p, action, Resource::System), "{role} {action:?}");
            }
        }
    }

    #[test]
    fn a_person_without_grants_may_do_nothing() {
        let nobody = Principal {
            user_id: 1,
            grants: vec![],
        };
        assert!(!could(&nobody, Action::ViewProgrammes));
    }

    #[test]
    fn could_is_true_whenever_permits_is_true_for_some_record() {
        let resources = [
            Resource::System,
            Resource::Programme { programme_id: 1 },
            Resource::Cohort {
                cohort_id: 3,
                programme_id: 1,
            },
        ];
        let actions = [
            Action::ViewProgrammes,
            Action::CreateProgramme,
            Action::ManageProgramme,
            Action::ManageUsers,
            Action::ViewAuditLog,
            Action::ViewOutbox,
            Action::ManageOutbox,
        ];
        for role in Role::ALL {
            let p = person(role, role.scope_kind().map(|_| 1));
            for action in actions {
                if resources.iter().any(|r| permits(&p, action, *r)) {
                    assert!(could(&p, action), "{role} {action:?}");
                }
            }
        }
    }
}
