//! Participants' part of a cohort: how many there are and how many have a certificate, with
//! the way to the participant list. Participants are people of one cohort: a clone copies none.

use itp_persistence::Result;
use itp_persistence::cohort::{CountsQuery, CountsRow};
use itp_persistence::participants::ParticipantCounts;
use maud::{Markup, html};

use super::CohortPart;
use crate::cohort::views::tile;

pub(super) struct Participants;

impl CohortPart for Participants {
    fn counts(&self, cohort_id: i32) -> Option<CountsQuery> {
        Some(ParticipantCounts::query(cohort_id))
    }

    fn tiles(&self, cohort_id: i32, row: &CountsRow) -> Result<Option<Markup>> {
        let c = ParticipantCounts::read(row)?;
        Ok(Some(tile(
            "Participants",
            html! { (c.participants) },
            Some(html! {
                a href={ "/cohorts/" (cohort_id) "/participants" } { "Participants, travel and rooming lists" }
                " · " (c.certificates) " certificates"
            }),
        )))
    }
}
