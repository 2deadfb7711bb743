//! The rules as people know them, one behaviour per test.

use super::*;
use crate::code::Code;
use crate::role::{Grant, Role};

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
fn only_staff_read_the_catalogue_and_only_a_cohorts_staff_its_dashboard() {
    for role in [Role::Host, Role::Applicant] {
        let p = person(role, role.scope_kind().map(|_| 1));
        assert!(!could(&p, Action::ViewProgrammes), "{role}");
        assert!(!could(&p, Action::ViewCohortDashboard), "{role}");
    }
    let dashboard = |p: &Principal| permits(p, Action::ViewCohortDashboard, cohort(1));
    assert!(dashboard(&person(Role::ProgrammeManager, Some(1))));
    assert!(
        !dashboard(&person(Role::ProgrammeManager, Some(2))),
        "another programme's manager"
    );
    assert!(
        dashboard(&person(Role::Reviewer, Some(11))),
        "a reviewer of the cohort"
    );
    assert!(
        !dashboard(&person(Role::Reviewer, Some(12))),
        "a reviewer of another cohort"
    );
    assert!(dashboard(&person(Role::Finance, None)));
}

#[test]
fn reviewers_and_others_read_but_never_plan_or_archive() {
    for role in [Role::Reviewer, Role::Finance, Role::Host, Role::Applicant] {
        let p = person(role, role.scope_kind().map(|_| 1));
        assert_eq!(
            could(&p, Action::ViewProgrammes),
            matches!(role, Role::Reviewer | Role::Finance),
            "{role}"
        );
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
            draft: false,
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
        draft: false,
    };
    let other = Resource::Application {
        cohort_id: 1,
        programme_id: 1,
        applicant_user_id: Some(8),
        draft: false,
    };
    let imported = Resource::Application {
        cohort_id: 1,
        programme_id: 1,
        applicant_user_id: None,
        draft: false,
    };
    assert!(permits(&applicant, Action::HandleOwnApplication, own));
    assert!(!permits(&applicant, Action::HandleOwnApplication, other));
    assert!(!permits(&applicant, Action::HandleOwnApplication, imported));
    assert!(!permits(&applicant, Action::ViewApplications, own));
}

#[test]
fn reviewers_read_only_their_assigned_reviews_never_the_cohorts_applications() {
    let reviewer = person(Role::Reviewer, Some(3));
    let app = Resource::Application {
        cohort_id: 3,
        programme_id: 1,
        applicant_user_id: None,
        draft: false,
    };
    assert!(!permits(&reviewer, Action::ViewApplications, app));
    let own_review = Resource::Review {
        cohort_id: 3,
        programme_id: 1,
        reviewer_user_id: reviewer.user_id,
    };
    assert!(permits(&reviewer, Action::ReviewApplication, own_review));
    assert!(!permits(
        &reviewer,
        Action::ReviewApplication,
        Resource::Review {
            cohort_id: 3,
            programme_id: 1,
            reviewer_user_id: reviewer.user_id + 1,
        }
    ));
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
            applicant_user_id: None,
            draft: false,
        }
    ));
}

#[test]
fn reviewers_score_only_applications_assigned_to_them_in_their_cohort() {
    let reviewer = Principal {
        user_id: 5,
        grants: vec![Grant {
            role: Role::Reviewer,
            scope: Some(3),
        }],
    };
    let review = |cohort_id, reviewer_user_id| Resource::Review {
        cohort_id,
        programme_id: 1,
        reviewer_user_id,
    };
    assert!(permits(&reviewer, Action::ReviewApplication, review(3, 5)));
    assert!(!permits(&reviewer, Action::ReviewApplication, review(3, 6)));
    assert!(!permits(&reviewer, Action::ReviewApplication, review(4, 5)));
    assert!(!could(&reviewer, Action::ViewReviews));
    let manager = person(Role::ProgrammeManager, Some(1));
    assert!(permits(&manager, Action::ViewReviews, review(3, 6)));
    assert!(!permits(&manager, Action::ReviewApplication, review(3, 1)));
}

#[test]
fn hosts_keep_their_own_municipality_and_offer_its_visits() {
    let host = person(Role::Host, Some(2));
    let own = Resource::HostMunicipality {
        host_municipality_id: 2,
    };
    let other = Resource::HostMunicipality {
        host_municipality_id: 3,
    };
    let visit = |host_municipality_id| Resource::StudyVisit {
        cohort_id: 1,
        programme_id: 1,
        host_municipality_id,
    };
    assert!(permits(&host, Action::ManageHostMunicipality, own));
    assert!(!permits(&host, Action::ManageHostMunicipality, other));
    assert!(permits(&host, Action::OfferStudyVisit, visit(2)));
    assert!(!permits(&host, Action::OfferStudyVisit, visit(3)));
    assert!(!could(&host, Action::PlanStudyVisits));
    let manager = person(Role::ProgrammeManager, Some(1));
    assert!(permits(&manager, Action::ViewHostMunicipalities, other));
    assert!(permits(&manager, Action::PlanStudyVisits, visit(3)));
    assert!(!permits(&manager, Action::ManageHostMunicipality, own));
}

#[test]
fn finance_sees_every_budget_and_export_and_managers_their_programmes_only() {
    let finance = person(Role::Finance, None);
    let manager = person(Role::ProgrammeManager, Some(1));
    let budget = |programme_id| Resource::Budget {
        cohort_id: 1,
        programme_id,
    };
    for action in [Action::ViewBudget, Action::ManageBudget] {
        assert!(permits(&finance, action, budget(2)), "{action:?}");
        assert!(permits(&manager, action, budget(1)), "{action:?}");
        assert!(!permits(&manager, action, budget(2)), "{action:?}");
    }
    assert!(permits(
        &finance,
        Action::RunFinanceExports,
        Resource::System
    ));
    assert!(!permits(
        &manager,
        Action::RunFinanceExports,
        Resource::System
    ));
    assert_eq!(
        programme_scope(&manager, Action::RunFinanceExports),
        Some(vec![1])
    );
    assert!(permits(
        &finance,
        Action::ManageLedgerAccounts,
        Resource::System
    ));
    assert!(!could(&manager, Action::ManageLedgerAccounts));
    for role in [Role::Reviewer, Role::Host, Role::Applicant] {
        let p = person(role, role.scope_kind().map(|_| 1));
        assert!(!could(&p, Action::ManageLedgerAccounts), "{role}");
        assert!(!could(&p, Action::RunFinanceExports), "{role}");
        assert!(!could(&p, Action::ViewBudget), "{role}");
    }
}

#[test]
fn only_finance_controls_budgets_approves_overruns_and_keeps_exchange_rates() {
    let finance = person(Role::Finance, None);
    let budget = Resource::Budget {
        cohort_id: 1,
        programme_id: 1,
    };
    assert!(permits(&finance, Action::ControlBudget, budget));
    assert!(permits(&finance, Action::ControlBudget, Resource::System));
    for role in [
        Role::ProgrammeManager,
        Role::Reviewer,
        Role::Host,
        Role::Applicant,
    ] {
        let p = person(role, role.scope_kind().map(|_| 1));
        assert!(!permits(&p, Action::ControlBudget, budget), "{role}");
        assert!(!could(&p, Action::ControlBudget), "{role}");
    }
}

#[test]
fn managers_keep_participants_of_their_programmes_and_participants_see_their_own() {
    let manager = person(Role::ProgrammeManager, Some(1));
    let participant = |programme_id, participant_user_id| Resource::Participant {
        cohort_id: 1,
        programme_id,
        participant_user_id,
    };
    assert!(permits(
        &manager,
        Action::ManageParticipants,
        participant(1, None)
    ));
    assert!(!permits(
        &manager,
        Action::ManageParticipants,
        participant(2, None)
    ));
    let applicant = Principal {
        user_id: 7,
        grants: vec![Grant {
            role: Role::Applicant,
            scope: None,
        }],
    };
    assert!(permits(
        &applicant,
        Action::ViewOwnParticipation,
        participant(1, Some(7))
    ));
    assert!(!permits(
        &applicant,
        Action::ViewOwnParticipation,
        participant(1, Some(8))
    ));
    assert!(!permits(
        &applicant,
        Action::ManageParticipants,
        participant(1, Some(7))
    ));
}

#[test]
fn only_the_programmes_managers_see_participants_needs() {
    let needs = Resource::Participant {
        cohort_id: 1,
        programme_id: 1,
        participant_user_id: Some(7),
    };
    assert!(permits(
        &person(Role::ProgrammeManager, Some(1)),
        Action::ViewParticipantNeeds,
        needs
    ));
    assert!(!permits(
        &person(Role::ProgrammeManager, Some(2)),
        Action::ViewParticipantNeeds,
        needs
    ));
    for role in [Role::Reviewer, Role::Finance, Role::Host] {
        assert!(
            !permits(&person(role, Some(1)), Action::ViewParticipantNeeds, needs),
            "{role}"
        );
    }
    // Not even the participant: the managers keep what the hotel and venue must know.
    let own = Principal {
        user_id: 7,
        grants: vec![Grant {
            role: Role::Applicant,
            scope: None,
        }],
    };
    assert!(!permits(&own, Action::ViewParticipantNeeds, needs));
}

#[test]
fn a_draft_is_its_applicants_alone() {
    let draft = Resource::Application {
        cohort_id: 11,
        programme_id: 1,
        applicant_user_id: Some(7),
        draft: true,
    };
    let applicant = Principal {
        user_id: 7,
        grants: vec![Grant {
            role: Role::Applicant,
            scope: None,
        }],
    };
    assert!(permits(&applicant, Action::HandleOwnApplication, draft));
    let manager = person(Role::ProgrammeManager, Some(1));
    for action in [
        Action::ViewApplications,
        Action::ManageApplications,
        Action::ViewSensitiveDocuments,
    ] {
        assert!(!permits(&manager, action, draft), "{action:?}");
    }
    assert!(!permits(
        &person(Role::Reviewer, Some(11)),
        Action::ViewApplications,
        draft
    ));
}

fn statement(programme_id: i64, traveller: Option<i64>) -> Resource {
    Resource::PerDiemStatement {
        cohort_id: 10 + programme_id,
        programme_id,
        traveller_user_id: traveller,
    }
}

#[test]
fn a_traveller_reads_their_own_statements_whatever_their_role_and_no_one_elses() {
    for role in [
        Role::Applicant,
        Role::ProgrammeManager,
        Role::Reviewer,
        Role::Finance,
        Role::Host,
    ] {
        let p = person(role, role.scope_kind().map(|_| 99));
        let mine = statement(1, Some(p.user_id));
        assert!(
            permits(&p, Action::ViewOwnPerDiemStatements, mine),
            "{role}"
        );
        assert!(
            !permits(
                &p,
                Action::ViewOwnPerDiemStatements,
                statement(1, Some(p.user_id + 1))
            ),
            "{role}"
        );
        assert!(
            !permits(&p, Action::ViewOwnPerDiemStatements, statement(1, None)),
            "{role}"
        );
        // Reading one's own statement grants nothing of staff's: no list, no approval.
        assert!(
            !permits(&p, Action::PreparePerDiemStatements, mine),
            "{role}"
        );
        assert!(
            !permits(&p, Action::ViewPerDiemStatements, mine) || role == Role::Finance,
            "{role}"
        );
    }
    let applicant = person(Role::Applicant, None);
    let mine = statement(1, Some(applicant.user_id));
    assert!(!permits(&applicant, Action::ViewPerDiemStatements, mine));
    assert!(!permits(&applicant, Action::SettlePerDiemStatements, mine));
    let nobody = Principal {
        user_id: 5,
        grants: vec![],
    };
    assert!(!permits(
        &nobody,
        Action::ViewOwnPerDiemStatements,
        statement(1, Some(5))
    ));
}

#[test]
fn staff_rules_reach_a_statement_as_they_reach_its_cohort() {
    let manager = person(Role::ProgrammeManager, Some(1));
    assert!(permits(
        &manager,
        Action::ViewPerDiemStatements,
        statement(1, None)
    ));
    assert!(!permits(
        &manager,
        Action::ViewPerDiemStatements,
        statement(2, None)
    ));
    let finance = person(Role::Finance, None);
    assert!(permits(
        &finance,
        Action::SettlePerDiemStatements,
        statement(2, Some(7))
    ));
}

#[test]
fn only_admins_see_and_run_the_scheduled_jobs() {
    assert!(permits(
        &person(Role::Admin, None),
        Action::ManageJobs,
        Resource::System
    ));
    for role in Role::ALL.iter().copied().filter(|r| *r != Role::Admin) {
        let p = person(role, role.scope_kind().map(|_| 1));
        assert!(!could(&p, Action::ManageJobs), "{role}");
        assert!(!could(&p, Action::ManagePersonalData), "{role}");
    }
}

#[test]
fn managers_of_any_programme_approve_host_offers_and_hosts_do_not() {
    let offer = Resource::HostMunicipality {
        host_municipality_id: 4,
    };
    let manager = person(Role::ProgrammeManager, Some(1));
    assert!(permits(&manager, Action::ApproveHostMunicipalities, offer));
    let host = person(Role::Host, Some(4));
    assert!(!could(&host, Action::ApproveHostMunicipalities));
    for role in [Role::Reviewer, Role::Finance, Role::Applicant] {
        assert!(
            !could(&person(role, None), Action::ApproveHostMunicipalities),
            "{role}"
        );
    }
}

#[test]
fn managers_change_their_programmes_mail_texts_and_only_admins_the_shared_ones() {
    let manager = person(Role::ProgrammeManager, Some(1));
    let own = Resource::Programme { programme_id: 1 };
    let other = Resource::Programme { programme_id: 2 };
    assert!(permits(&manager, Action::ManageMailTemplates, own));
    assert!(!permits(&manager, Action::ManageMailTemplates, other));
    assert!(!permits(
        &manager,
        Action::ManageMailTemplates,
        Resource::System
    ));
    let admin = person(Role::Admin, None);
    assert!(permits(
        &admin,
        Action::ManageMailTemplates,
        Resource::System
    ));
    for role in [Role::Reviewer, Role::Finance, Role::Applicant, Role::Host] {
        assert!(
            !could(
                &person(role, role.scope_kind().map(|_| 1)),
                Action::ManageMailTemplates
            ),
            "{role}"
        );
    }
}
