//! Participants and a cohort's phases as the access rules see them.

use itp_domain::authz::Resource;
use itp_persistence::cohort::StoredCohort;
use itp_persistence::participants::{self, StoredParticipant};
use itp_persistence::phase::{self, StoredPhase};

use crate::app::AppState;
use crate::error::Result;
use crate::security::access::Guarded;

impl Guarded for StoredParticipant {
    async fn find(state: &AppState, id: i32) -> Result<Option<Self>> {
        Ok(participants::find(&state.db.conn, id).await?)
    }

    fn resource(&self) -> Resource {
        Resource::Participant {
            cohort_id: i64::from(self.cohort_id),
            programme_id: i64::from(self.programme_id),
            participant_user_id: self.user_id.map(i64::from),
        }
    }
}

/// A phase of the cohort in the path; a phase of another cohort is not found.
pub async fn phase_of(state: &AppState, cohort_id: i32, phase_id: i32) -> Result<StoredPhase> {
    phase::find(&state.db.conn, cohort_id, phase_id)
        .await?
        .ok_or(crate::error::AppError::NotFound)
}

/// The cohort of a participant.
pub async fn cohort_of(state: &AppState, p: &StoredParticipant) -> Result<StoredCohort> {
    itp_persistence::cohort::find(&state.db.conn, p.cohort_id)
        .await?
        .ok_or(crate::error::AppError::NotFound)
}
