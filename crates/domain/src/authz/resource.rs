//! The records an action can be about, with what the rules need to know of each: the programme
//! and cohort it belongs to, and the person or host municipality it is tied to.

/// The record an action is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    /// Something not tied to a programme (the catalogue, the user list, the audit log, rate
    /// tables, exports across all programmes).
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
        /// Not yet submitted: a draft is its applicant's alone, so no staff rule covers it.
        draft: bool,
    },
    /// One reviewer's review of one application.
    Review {
        cohort_id: i64,
        programme_id: i64,
        /// The reviewer the application is assigned to.
        reviewer_user_id: i64,
    },
    /// A selected participant of a cohort.
    Participant {
        cohort_id: i64,
        programme_id: i64,
        /// The participant's own account, once they have one.
        participant_user_id: Option<i64>,
    },
    /// A cohort's budget and its lines.
    Budget {
        cohort_id: i64,
        programme_id: i64,
    },
    /// A Swedish municipality that hosts study visits.
    HostMunicipality {
        host_municipality_id: i64,
    },
    /// A per-diem statement of a cohort's traveller.
    PerDiemStatement {
        cohort_id: i64,
        programme_id: i64,
        /// The traveller's own account, when the statement names one.
        traveller_user_id: Option<i64>,
    },
    /// A study visit of a cohort to a host municipality.
    StudyVisit {
        cohort_id: i64,
        programme_id: i64,
        host_municipality_id: i64,
    },
}

impl Resource {
    pub(super) fn programme_id(self) -> Option<i64> {
        match self {
            Resource::System | Resource::HostMunicipality { .. } => None,
            Resource::Programme { programme_id }
            | Resource::Cohort { programme_id, .. }
            | Resource::Application { programme_id, .. }
            | Resource::Review { programme_id, .. }
            | Resource::Participant { programme_id, .. }
            | Resource::Budget { programme_id, .. }
            | Resource::PerDiemStatement { programme_id, .. }
            | Resource::StudyVisit { programme_id, .. } => Some(programme_id),
        }
    }

    pub(super) fn cohort_id(self) -> Option<i64> {
        match self {
            Resource::System | Resource::Programme { .. } | Resource::HostMunicipality { .. } => {
                None
            }
            Resource::Cohort { cohort_id, .. }
            | Resource::Application { cohort_id, .. }
            | Resource::Review { cohort_id, .. }
            | Resource::Participant { cohort_id, .. }
            | Resource::Budget { cohort_id, .. }
            | Resource::PerDiemStatement { cohort_id, .. }
            | Resource::StudyVisit { cohort_id, .. } => Some(cohort_id),
        }
    }

    pub(super) fn host_municipality_id(self) -> Option<i64> {
        match self {
            Resource::HostMunicipality {
                host_municipality_id,
            }
            | Resource::StudyVisit {
                host_municipality_id,
                ..
            } => Some(host_municipality_id),
            _ => None,
        }
    }

    /// The person a record belongs to, for rules about one's own records: the applicant of an
    /// application, a participant's own record, the traveller of a per-diem statement.
    pub(super) fn owner_user_id(self) -> Option<i64> {
        match self {
            Resource::Application {
                applicant_user_id, ..
            } => applicant_user_id,
            Resource::Participant {
                participant_user_id,
                ..
            } => participant_user_id,
            Resource::PerDiemStatement {
                traveller_user_id, ..
            } => traveller_user_id,
            _ => None,
        }
    }

    /// A draft application: only its owner's rule covers it.
    pub(super) fn is_draft(self) -> bool {
        matches!(self, Resource::Application { draft: true, .. })
    }

    /// The reviewer a review is assigned to.
    pub(super) fn reviewer_user_id(self) -> Option<i64> {
        match self {
            Resource::Review {
                reviewer_user_id, ..
            } => Some(reviewer_user_id),
            _ => None,
        }
    }
}
