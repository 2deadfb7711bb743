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
    /// Change a programme's catalogue entry.
    ManageProgramme,
    /// Take a programme out of the catalogue or bring it back (admins: it hides the programme
    /// from everyone else).
    ArchiveProgramme,
    /// Create, edit, clone and move cohorts of a programme through their lifecycle, and plan
    /// their phases.
    PlanCohort,
    /// Invite people, grant and revoke roles, issue password-reset links.
    ManageUsers,
    /// Read the audit log.
    ViewAuditLog,
    /// Start an application to an open call (applicants).
    Apply,
    /// Read, change, submit or withdraw one's own application.
    HandleOwnApplication,
    /// Read a cohort's applications (managers of its programme, reviewers of the cohort).
    ViewApplications,
    /// Import applications, override eligibility checks (managers of the cohort's programme).
    ManageApplications,
    /// Open passports and medical statements: never reviewers or hosts; every view is logged.
    ViewSensitiveDocuments,
    /// Keep the per-diem rates: Skatteverket's tables (import, domestic amounts) and the
    /// programmes' own per-diem policies.
    ManagePerDiemRates,
    /// Read a cohort's per-diem statements.
    ViewPerDiemStatements,
    /// Create and edit draft per-diem statements for a cohort's travellers.
    PreparePerDiemStatements,
    /// Approve per-diem statements, mark them paid, and reopen approved ones: finance's
    /// side of the four eyes.
    SettlePerDiemStatements,
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
    Application {
        cohort_id: i64,
        programme_id: i64,
        /// The applicant who owns it; `None` for imported applications.
        applicant_user_id: Option<i64>,
    },
}

impl Resource {
    fn programme_id(self) -> Option<i64> {
        match self {
            Resource::System => None,
            Resource::Programme { programme_id }
            | Resource::Cohort { programme_id, .. }
            | Resource::Application { programme_id, .. } => Some(programme_id),
        }
    }

    fn cohort_id(self) -> Option<i64> {
        match self {
            Resource::Cohort { cohort_id, .. } | Resource::Application { cohort_id, .. } => {
                Some(cohort_id)
            }
            _ => None,
        }
    }

    fn manager_of(self, principal: &Principal) -> bool {
        self.programme_id()
            .is_some_and(|p| principal.holds(Role::ProgrammeManager, p))
    }

    fn reviewer_of(self, principal: &Principal) -> bool {
        self.cohort_id()
            .is_some_and(|c| principal.holds(Role::Reviewer, c))
    }
}

/// Whether `principal` may do `action` on `resource`.
pub fn permits(principal: &Principal, action: Action, resource: Resource) -> bool {
    if principal.is_admin() {
        return true;
    }
    let finance = principal.has_role(Role::Finance);
    match action {
        Action::ViewProgrammes => !principal.grants.is_empty(),
        Action::CreateProgramme
        | Action::ArchiveProgramme
        | Action::ManageUsers
        | Action::ViewAuditLog
        | Action::ViewOutbox
        | Action::ManageOutbox => false,
        Action::ManageProgramme
        | Action::PlanCohort
        | Action::ManageApplications
        | Action::ViewSensitiveDocuments
        | Action::PreparePerDiemStatements => resource.manager_of(principal),
        Action::ViewApplications => {
            resource.manager_of(principal) || resource.reviewer_of(principal)
        }
        Action::Apply => principal.has_role(Role::Applicant),
        Action::HandleOwnApplication => {
            principal.has_role(Role::Applicant)
                && matches!(resource, Resource::Application { applicant_user_id: Some(owner), .. } if owner == principal.user_id)
        }
        Action::ManagePerDiemRates | Action::SettlePerDiemStatements => finance,
        Action::ViewPerDiemStatements => finance || resource.manager_of(principal),
    }
}

/// Whether `principal` may do `action` on at least one record: the check a route makes before
/// its handler looks up the record and asks [`permits`].
pub fn could(principal: &Principal, action: Action) -> bool {
    if principal.is_admin() {
        return true;
    }
    let manager = principal.has_role(Role::ProgrammeManager);
    let finance = principal.has_role(Role::Finance);
    match action {
        Action::ViewProgrammes => !principal.grants.is_empty(),
        Action::CreateProgramme
        | Action::ArchiveProgramme
        | Action::ManageUsers
        | Action::ViewAuditLog
        | Action::ViewOutbox
        | Action::ManageOutbox => false,
        Action::ManageProgramme
        | Action::PlanCohort
        | Action::ManageApplications
        | Action::ViewSensitiveDocuments
        | Action::PreparePerDiemStatements => manager,
        Action::ViewApplications => manager || principal.has_role(Role::Reviewer),
        Action::Apply | Action::HandleOwnApplication => principal.has_role(Role::Applicant),
        Action::ManagePerDiemRates | Action::SettlePerDiemStatements => finance,
        Action::ViewPerDiemStatements => finance || manager,
    }
}

/// The programmes on whose records `principal` may do `action`, for list pages that must show
/// only what the person may see: `None` when the person is not limited to some programmes (an
/// admin, or finance for finance's actions), else the list, possibly empty.
pub fn programme_scope(principal: &Principal, action: Action) -> Option<Vec<i64>> {
    if permits(principal, action, Resource::System) {
        return None;
    }
    Some(
        principal
            .scopes(Role::ProgrammeManager)
            .filter(|p| permits(principal, action, Resource::Programme { programme_id: *p }))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::Code;
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
    fn a_manager_plans_cohorts_of_their_programmes_only() {
        let manager = person(Role::ProgrammeManager, Some(1));
        let mine = Resource::Cohort {
            cohort_id: 7,
            programme_id: 1,
        };
        let theirs = Resource::Cohort {
            cohort_id: 8,
            programme_id: 2,
        };
        assert!(permits(&manager, Action::PlanCohort, mine));
        assert!(!permits(&manager, Action::PlanCohort, theirs));
        assert!(could(&manager, Action::PlanCohort));
        let admin = person(Role::Admin, None);
        assert!(permits(&admin, Action::PlanCohort, theirs));
    }

    #[test]
    fn reviewers_and_others_read_but_never_plan_or_archive() {
        for role in [Role::Reviewer, Role::Finance, Role::Host, Role::Applicant] {
            let p = person(role, role.scope_kind().map(|_| 1));
            assert!(could(&p, Action::ViewProgrammes), "{role}");
            assert!(!could(&p, Action::PlanCohort), "{role}");
            assert!(!could(&p, Action::ManageProgramme), "{role}");
            assert!(!could(&p, Action::ArchiveProgramme), "{role}");
            assert!(!permits(
                &p,
                Action::PlanCohort,
                Resource::Cohort {
                    cohort_id: 1,
                    programme_id: 1
                }
            ));
        }
        let manager = person(Role::ProgrammeManager, Some(1));
        assert!(!could(&manager, Action::ArchiveProgramme));
        assert!(!could(&manager, Action::CreateProgramme));
    }

    #[test]
    fn only_admins_see_the_audit_log_and_users() {
        for role in Role::ALL.iter().copied().filter(|r| *r != Role::Admin) {
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
        for role in Role::ALL.iter().copied().filter(|r| *r != Role::Admin) {
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

    fn cohort(programme_id: i64) -> Resource {
        Resource::Cohort {
            cohort_id: 10 + programme_id,
            programme_id,
        }
    }

    #[test]
    fn finance_keeps_the_rates_and_settles_statements_but_prepares_none() {
        let finance = person(Role::Finance, None);
        assert!(permits(
            &finance,
            Action::ManagePerDiemRates,
            Resource::System
        ));
        for programme_id in [1, 2] {
            let c = cohort(programme_id);
            assert!(permits(&finance, Action::ViewPerDiemStatements, c));
            assert!(permits(&finance, Action::SettlePerDiemStatements, c));
            assert!(!permits(&finance, Action::PreparePerDiemStatements, c));
        }
    }

    #[test]
    fn manager_prepares_and_sees_statements_of_their_own_programmes_only() {
        let manager = person(Role::ProgrammeManager, Some(1));
        assert!(permits(
            &manager,
            Action::PreparePerDiemStatements,
            cohort(1)
        ));
        assert!(permits(&manager, Action::ViewPerDiemStatements, cohort(1)));
        assert!(!permits(
            &manager,
            Action::PreparePerDiemStatements,
            cohort(2)
        ));
        assert!(!permits(&manager, Action::ViewPerDiemStatements, cohort(2)));
        assert!(!permits(
            &manager,
            Action::SettlePerDiemStatements,
            cohort(1)
        ));
        assert!(!could(&manager, Action::ManagePerDiemRates));
        assert!(could(&manager, Action::PreparePerDiemStatements));
    }

    #[test]
    fn reviewers_hosts_and_applicants_see_nothing_of_per_diems() {
        let per_diem = [
            Action::ManagePerDiemRates,
            Action::ViewPerDiemStatements,
            Action::PreparePerDiemStatements,
            Action::SettlePerDiemStatements,
        ];
        for role in [Role::Reviewer, Role::Host, Role::Applicant] {
            let p = person(role, role.scope_kind().map(|_| 1));
            for action in per_diem {
                assert!(!could(&p, action), "{role} {action:?}");
                assert!(!permits(&p, action, cohort(1)), "{role} {action:?}");
            }
        }
        let admin = person(Role::Admin, None);
        assert!(per_diem.iter().all(|a| permits(&admin, *a, cohort(2))));
    }

    #[test]
    fn programme_scope_lists_exactly_the_programmes_permits_allows() {
        let actions = [
            Action::ViewProgrammes,
            Action::ManageProgramme,
            Action::ManagePerDiemRates,
            Action::ViewPerDiemStatements,
            Action::PreparePerDiemStatements,
            Action::SettlePerDiemStatements,
        ];
        for &role in Role::ALL {
            let p = person(role, role.scope_kind().map(|_| 1));
            for action in actions {
                let scope = programme_scope(&p, action);
                for programme_id in 1..=3 {
                    let allowed = permits(&p, action, cohort(programme_id));
                    let listed = scope.as_ref().is_none_or(|s| s.contains(&programme_id));
                    assert_eq!(
                        allowed, listed,
                        "{role} {action:?} programme {programme_id}"
                    );
                }
            }
        }
        let manager = person(Role::ProgrammeManager, Some(2));
        assert_eq!(
            programme_scope(&manager, Action::PreparePerDiemStatements),
            Some(vec![2])
        );
        let finance = person(Role::Finance, None);
        assert_eq!(
            programme_scope(&finance, Action::ViewPerDiemStatements),
            None
        );
    }

    #[test]
    fn could_is_true_whenever_permits_is_true_for_some_record() {
        let resources = [
            Resource::System,
            Resource::Programme { programme_id: 1 },
            Resource::Cohort {
                cohort_id: 1,
                programme_id: 1,
            },
            Resource::Application {
                cohort_id: 1,
                programme_id: 1,
                applicant_user_id: Some(1),
            },
        ];
        let actions = [
            Action::ViewProgrammes,
            Action::CreateProgramme,
            Action::ManageProgramme,
            Action::ArchiveProgramme,
            Action::PlanCohort,
            Action::ManageUsers,
            Action::ViewAuditLog,
            Action::Apply,
            Action::HandleOwnApplication,
            Action::ViewApplications,
            Action::ManageApplications,
            Action::ViewSensitiveDocuments,
            Action::ManagePerDiemRates,
            Action::ViewPerDiemStatements,
            Action::PreparePerDiemStatements,
            Action::SettlePerDiemStatements,
            Action::ViewOutbox,
            Action::ManageOutbox,
        ];
        for &role in Role::ALL {
            let p = person(role, role.scope_kind().map(|_| 1));
            for action in actions {
                if resources.iter().any(|r| permits(&p, action, *r)) {
                    assert!(could(&p, action), "{role} {action:?}");
                }
            }
        }
    }

    #[test]
    fn applicants_handle_only_their_own_applications() {
        let applicant = Principal {
            user_id: 7,
            grants: vec![Grant {
                role: Role::Applicant,
                scope: None,
            }],
        };
        let own = Resource::Application {
            cohort_id: 1,
            programme_id: 1,
            applicant_user_id: Some(7),
        };
        let other = Resource::Application {
            cohort_id: 1,
            programme_id: 1,
            applicant_user_id: Some(8),
        };
        let imported = Resource::Application {
            cohort_id: 1,
            programme_id: 1,
            applicant_user_id: None,
        };
        assert!(permits(&applicant, Action::HandleOwnApplication, own));
        assert!(!permits(&applicant, Action::HandleOwnApplication, other));
        assert!(!permits(&applicant, Action::HandleOwnApplication, imported));
        assert!(!permits(&applicant, Action::ViewApplications, own));
    }

    #[test]
    fn reviewers_see_their_cohort_but_never_sensitive_documents() {
        let reviewer = person(Role::Reviewer, Some(3));
        let app = Resource::Application {
            cohort_id: 3,
            programme_id: 1,
            applicant_user_id: None,
        };
        assert!(permits(&reviewer, Action::ViewApplications, app));
        assert!(!permits(
            &reviewer,
            Action::ViewApplications,
            Resource::Cohort {
                cohort_id: 4,
                programme_id: 1
            }
        ));
        assert!(!permits(&reviewer, Action::ViewSensitiveDocuments, app));
        assert!(!permits(&reviewer, Action::ManageApplications, app));
        let host = person(Role::Host, Some(1));
        assert!(!permits(&host, Action::ViewSensitiveDocuments, app));
        let manager = person(Role::ProgrammeManager, Some(1));
        assert!(permits(&manager, Action::ViewSensitiveDocuments, app));
        assert!(!permits(
            &manager,
            Action::ViewSensitiveDocuments,
            Resource::Application {
                cohort_id: 3,
                programme_id: 2,
                applicant_user_id: None
            }
        ));
    }
}
