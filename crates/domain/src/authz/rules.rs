//! The one table of who may do what: for each action, the roles that may do it and on which
//! records. `permits`, `could` and `programme_scope` are all read from it, so a rule is written
//! once. Administrators may do everything and are not listed; an action without rows is for
//! administrators only.

use super::{Action, Resource};
use crate::role::{Principal, Role};

/// On which records a role may do an action. A scope naming a kind of record (programme,
/// cohort, host municipality) is checked against the grant of the rule's role, so it only fits
/// a role scoped to that kind (a test holds the table to this).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Any record, and the system as a whole.
    Anywhere,
    /// Records of a programme the person holds the role for (managers: their programmes).
    TheirProgramme,
    /// Records of a cohort the person holds the role for (reviewers: their cohorts).
    TheirCohort,
    /// Records of a host municipality the person belongs to (host users).
    TheirHostMunicipality,
    /// An application the person owns.
    OwnApplication,
    /// A participant record that is the person's own.
    OwnParticipation,
    /// A per-diem statement that names the person as its traveller.
    OwnStatement,
    /// A review assigned to the person, in a cohort they hold the role for.
    AssignedReview,
}

/// One row of the table: people holding `role` may do the action on records within `scope`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub role: Role,
    pub scope: Scope,
}

const fn rule(role: Role, scope: Scope) -> Rule {
    Rule { role, scope }
}

const STAFF_ANYWHERE: &[Rule] = &[
    rule(Role::ProgrammeManager, Scope::Anywhere),
    rule(Role::Reviewer, Scope::Anywhere),
    rule(Role::Finance, Scope::Anywhere),
];
const COHORT_STAFF: &[Rule] = &[
    rule(Role::ProgrammeManager, Scope::TheirProgramme),
    rule(Role::Reviewer, Scope::TheirCohort),
    rule(Role::Finance, Scope::Anywhere),
];
const ADMINS_ONLY: &[Rule] = &[];
const MANAGERS: &[Rule] = &[rule(Role::ProgrammeManager, Scope::TheirProgramme)];
const FINANCE: &[Rule] = &[rule(Role::Finance, Scope::Anywhere)];
const FINANCE_AND_MANAGERS: &[Rule] = &[
    rule(Role::Finance, Scope::Anywhere),
    rule(Role::ProgrammeManager, Scope::TheirProgramme),
];
const APPLICANTS: &[Rule] = &[rule(Role::Applicant, Scope::Anywhere)];
const OWN_APPLICATION: &[Rule] = &[rule(Role::Applicant, Scope::OwnApplication)];
const REVIEWERS: &[Rule] = &[rule(Role::Reviewer, Scope::AssignedReview)];
const OWN_PARTICIPATION: &[Rule] = &[rule(Role::Applicant, Scope::OwnParticipation)];
// A traveller may hold any role (participants are applicants; mentors and staff travel too):
// whoever the statement names as its traveller reads it.
const TRAVELLERS: &[Rule] = &[
    rule(Role::Applicant, Scope::OwnStatement),
    rule(Role::ProgrammeManager, Scope::OwnStatement),
    rule(Role::Reviewer, Scope::OwnStatement),
    rule(Role::Finance, Scope::OwnStatement),
    rule(Role::Host, Scope::OwnStatement),
];
const HOSTS: &[Rule] = &[rule(Role::Host, Scope::TheirHostMunicipality)];
// Managers choose among all host municipalities; a host sees their own.
const HOST_READERS: &[Rule] = &[
    rule(Role::ProgrammeManager, Scope::Anywhere),
    rule(Role::Host, Scope::TheirHostMunicipality),
];
const HOST_APPROVERS: &[Rule] = &[rule(Role::ProgrammeManager, Scope::Anywhere)];
const VISIT_READERS: &[Rule] = &[
    rule(Role::ProgrammeManager, Scope::TheirProgramme),
    rule(Role::Host, Scope::TheirHostMunicipality),
];

/// Who besides administrators may do `action`, and where.
pub fn rules(action: Action) -> &'static [Rule] {
    match action {
        Action::ViewProgrammes => STAFF_ANYWHERE,
        Action::ViewCohortDashboard => COHORT_STAFF,
        Action::CreateProgramme
        | Action::ArchiveProgramme
        | Action::ManageUsers
        | Action::ViewAuditLog
        | Action::ViewOutbox
        | Action::ManageOutbox
        | Action::ManageJobs
        | Action::ManagePersonalData => ADMINS_ONLY,
        Action::ManageProgramme
        | Action::PlanCohort
        | Action::ManageApplications
        | Action::ViewSensitiveDocuments
        | Action::PreparePerDiemStatements => MANAGERS,
        // Reviewers read the applications assigned to them on their review pages (without
        // documents), not the cohort's applications.
        Action::ViewApplications => MANAGERS,
        Action::Apply => APPLICANTS,
        Action::HandleOwnApplication => OWN_APPLICATION,
        Action::ManagePerDiemRates | Action::SettlePerDiemStatements => FINANCE,
        Action::ViewPerDiemStatements => FINANCE_AND_MANAGERS,
        Action::ViewOwnPerDiemStatements => TRAVELLERS,
        Action::AssignReviewers | Action::ViewReviews | Action::DecideSelection => MANAGERS,
        Action::ReviewApplication => REVIEWERS,
        Action::ManageParticipants | Action::ViewParticipantNeeds => MANAGERS,
        Action::ViewOwnParticipation => OWN_PARTICIPATION,
        Action::ViewBudget | Action::ManageBudget => FINANCE_AND_MANAGERS,
        Action::ControlBudget => FINANCE,
        Action::ViewHostMunicipalities => HOST_READERS,
        Action::ManageHostMunicipality | Action::OfferStudyVisit => HOSTS,
        Action::ViewStudyVisits => VISIT_READERS,
        Action::PlanStudyVisits => MANAGERS,
        Action::RunFinanceExports => FINANCE_AND_MANAGERS,
        Action::ManageLedgerAccounts => FINANCE,
        Action::ApproveHostMunicipalities => HOST_APPROVERS,
        // Scoped to the programme: the texts for every programme are a System resource, which
        // no manager's grant covers.
        Action::ManageMailTemplates => MANAGERS,
    }
}

impl Rule {
    /// Whether this rule lets `principal` act on `resource`.
    pub fn covers(self, principal: &Principal, resource: Resource) -> bool {
        let holds = |scope: Option<i64>| scope.is_some_and(|s| principal.holds(self.role, s));
        let owns =
            |owner: Option<i64>| principal.has_role(self.role) && owner == Some(principal.user_id);
        if resource.is_draft() && self.scope != Scope::OwnApplication {
            return false;
        }
        match self.scope {
            Scope::Anywhere => principal.has_role(self.role),
            Scope::TheirProgramme => holds(resource.programme_id()),
            Scope::TheirCohort => holds(resource.cohort_id()),
            Scope::TheirHostMunicipality => holds(resource.host_municipality_id()),
            Scope::OwnApplication => {
                matches!(resource, Resource::Application { .. }) && owns(resource.owner_user_id())
            }
            Scope::OwnParticipation => {
                matches!(resource, Resource::Participant { .. }) && owns(resource.owner_user_id())
            }
            Scope::OwnStatement => {
                matches!(resource, Resource::PerDiemStatement { .. })
                    && owns(resource.owner_user_id())
            }
            Scope::AssignedReview => {
                holds(resource.cohort_id())
                    && resource.reviewer_user_id() == Some(principal.user_id)
            }
        }
    }
}
