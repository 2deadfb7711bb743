//! Participants (issue 15): each confirmed team member of a cohort, their attendance per phase
//! and whether they completed the programme, their travel (legs, hotels, visa, insurance), the
//! warnings a coordinator needs the week before, the per-diem trip their itinerary makes, and the
//! letters (certificate, visa invitation) written from the programme's templates.

pub mod itinerary;
pub mod letters;
pub mod statistics;
#[cfg(test)]
mod tests;
pub mod trip;
pub mod warnings;

use crate::validation::{FieldErrors, optional_text};

/// Whether a participant took part in a phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Attendance {
    Planned,
    Attended,
    Absent,
    /// Absent with the programme's leave (illness, a family matter): not held against them,
    /// but a compulsory phase still is not attended.
    Excused,
}

crate::codes!(Attendance as "attendance" {
    Planned = "planned": "Planned",
    Attended = "attended": "Attended",
    Absent = "absent": "Absent",
    Excused = "excused": "Excused",
});

/// Where a participant's visa for a phase stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VisaStatus {
    NotNeeded,
    Needed,
    Applied,
    Granted,
    Refused,
}

crate::codes!(VisaStatus as "visa status" {
    NotNeeded = "not_needed": "Not needed",
    Needed = "needed": "Needed, not applied for",
    Applied = "applied": "Applied for",
    Granted = "granted": "Granted",
    Refused = "refused": "Refused",
});

impl VisaStatus {
    /// A visa is needed and the participant does not hold it (yet).
    pub fn outstanding(self) -> bool {
        matches!(
            self,
            VisaStatus::Needed | VisaStatus::Applied | VisaStatus::Refused
        )
    }
}

/// Where a participant stands with the programme as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Completion {
    /// Every compulsory phase attended: a certificate may be issued.
    Completed,
    /// Compulsory phases still to come (planned).
    InProgress,
    /// A compulsory phase was missed (absent or excused): the programme cannot be completed.
    NotCompleted,
}

crate::codes!(Completion as "completion" {
    Completed = "completed": "Completed",
    InProgress = "in_progress": "In progress",
    NotCompleted = "not_completed": "Not completed",
});

/// The completion of a participant from their attendance of each phase, given as
/// `(compulsory, attendance)`. Completed when every compulsory phase is attended (a cohort
/// without compulsory phases asks that at least one phase was attended); a missed compulsory
/// phase means not completed; otherwise in progress. Optional phases never count against anyone.
pub fn completion(phases: impl IntoIterator<Item = (bool, Attendance)>) -> Completion {
    let mut any_compulsory = false;
    let mut any_attended = false;
    let mut all_attended = true;
    for (compulsory, attendance) in phases {
        any_attended |= attendance == Attendance::Attended;
        if !compulsory {
            continue;
        }
        any_compulsory = true;
        match attendance {
            Attendance::Attended => {}
            Attendance::Absent | Attendance::Excused => return Completion::NotCompleted,
            Attendance::Planned => all_attended = false,
        }
    }
    if (any_compulsory && all_attended) || (!any_compulsory && any_attended) {
        Completion::Completed
    } else {
        Completion::InProgress
    }
}

/// Dietary and accessibility needs, as the participant told them: special-category data.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Needs {
    pub dietary: String,
    pub accessibility: String,
}

/// The needs form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NeedsInput {
    pub dietary: String,
    pub accessibility: String,
}

impl NeedsInput {
    pub fn validate(&self) -> Result<Needs, FieldErrors> {
        let mut e = FieldErrors::new();
        let dietary = optional_text(&mut e, "dietary", "dietary needs", &self.dietary, 1000);
        let accessibility = optional_text(
            &mut e,
            "accessibility",
            "accessibility needs",
            &self.accessibility,
            1000,
        );
        e.into_result(Needs {
            dietary,
            accessibility,
        })
    }
}
