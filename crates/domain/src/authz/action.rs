//! Everything a person can be allowed to do, in the users' words. Who may do each is in
//! [`super::rules`].

/// Everything a person can be allowed to do, in the users' words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Read the programme catalogue and programme pages (staff: managers, reviewers, finance).
    /// Applicants and hosts read public call pages and their own records instead.
    ViewProgrammes,
    /// Read a cohort's dashboard: its counts, people, phases and timeline (the staff of that
    /// cohort: managers of its programme, its reviewers, finance).
    ViewCohortDashboard,
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
    /// Read a cohort's applications (managers of its programme). A reviewer reads only the
    /// applications assigned to them, on their review pages, and none of their documents.
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
    /// Read the per-diem statements that name oneself as the traveller.
    ViewOwnPerDiemStatements,
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
    /// Assign a cohort's reviewers to its applications.
    AssignReviewers,
    /// Score and comment an application one is assigned to review, in a cohort one reviews.
    ReviewApplication,
    /// Read every review of a cohort's applications, with scores and comments, to prepare the
    /// selection.
    ViewReviews,
    /// Select applications, put them on the reserve list or decline them.
    DecideSelection,
    /// Keep a cohort's participants: their details, travel and attendance.
    ManageParticipants,
    /// Read and record participants' dietary and accessibility needs: special-category data
    /// (GDPR art. 9), for the cohort's managers only; every view is logged.
    ViewParticipantNeeds,
    /// Read one's own participant record: travel, visits, per diems (participants).
    ViewOwnParticipation,
    /// Read a cohort's budget and what has been spent against it.
    ViewBudget,
    /// Set and change a cohort's budget lines.
    ManageBudget,
    /// Finance's side of a budget: set each line's control, approve a commitment beyond a
    /// stopped line, keep the exchange-rate table, read the totals across cohorts.
    ControlBudget,
    /// Read host municipalities' profiles, to plan where study visits go.
    ViewHostMunicipalities,
    /// Keep a host municipality's profile: contacts, themes, capacity (its own host users).
    ManageHostMunicipality,
    /// Read the study visits of a cohort or of a host municipality.
    ViewStudyVisits,
    /// Offer to host a cohort's study visit, and confirm or decline a request (hosts).
    OfferStudyVisit,
    /// Ask host municipalities for study visits and schedule them into a cohort's phases.
    PlanStudyVisits,
    /// Run the finance reports and exports (budgets, per diems, payments).
    RunFinanceExports,
    /// Keep the ledger accounts: which account, cost centre and project each category of cost
    /// is posted to in the ledger export (finance).
    ManageLedgerAccounts,
    /// Read the scheduled jobs and their runs, and run one now.
    ManageJobs,
    /// See what personal data is due for deletion, export everything held about a person, and
    /// erase a person on request.
    ManagePersonalData,
    /// Approve or decline a municipality's offer to host study visits, which gives its contact
    /// person a host account (managers of any programme: hosts serve every programme).
    ApproveHostMunicipalities,
    /// Change the text of the mail a programme sends (decision letters, reminders, host
    /// requests), preview it and send it to oneself (managers of the programme; the texts for
    /// every programme and account mail: administrators).
    ManageMailTemplates,
}

impl Action {
    /// Every action, for tests that go through them all.
    pub const ALL: [Action; 41] = [
        Action::ViewProgrammes,
        Action::ViewCohortDashboard,
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
        Action::ViewOwnPerDiemStatements,
        Action::PreparePerDiemStatements,
        Action::SettlePerDiemStatements,
        Action::ViewOutbox,
        Action::ManageOutbox,
        Action::AssignReviewers,
        Action::ReviewApplication,
        Action::ViewReviews,
        Action::DecideSelection,
        Action::ManageParticipants,
        Action::ViewParticipantNeeds,
        Action::ViewOwnParticipation,
        Action::ViewBudget,
        Action::ManageBudget,
        Action::ControlBudget,
        Action::ViewHostMunicipalities,
        Action::ManageHostMunicipality,
        Action::ViewStudyVisits,
        Action::OfferStudyVisit,
        Action::PlanStudyVisits,
        Action::RunFinanceExports,
        Action::ManageLedgerAccounts,
        Action::ManageJobs,
        Action::ManagePersonalData,
        Action::ApproveHostMunicipalities,
        Action::ManageMailTemplates,
    ];
}
