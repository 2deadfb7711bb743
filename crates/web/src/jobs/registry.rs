//! Every scheduled job, once. Adding a job is a file in this folder and a line here.

use super::{BudgetAlerts, MonthlyExports};
use super::{CloseCalls, NightlyBackup, RemindDrafts, RetentionPurge};
use super::{DeliverMail, Job, PurgeExpired, ResumeBackgroundWork};
use super::{RemindUpcoming, SelectionDeadlines, SelectionReminders};

pub const JOBS: &[&dyn Job] = &[
    &PurgeExpired,
    &DeliverMail,
    &ResumeBackgroundWork,
    &CloseCalls,
    &RemindDrafts,
    &NightlyBackup,
    &RetentionPurge,
    &SelectionDeadlines,
    &SelectionReminders,
    &MonthlyExports,
    &RemindUpcoming,
    &BudgetAlerts,
];

/// The job called `name`.
pub fn find(name: &str) -> Option<&'static dyn Job> {
    JOBS.iter().copied().find(|job| job.name() == name)
}

/// Every job's name, for messages.
pub fn names() -> String {
    JOBS.iter()
        .map(|job| job.name())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn job_names_are_unique_and_default_schedules_parse() {
        for job in JOBS {
            assert_eq!(
                JOBS.iter().filter(|j| j.name() == job.name()).count(),
                1,
                "{} is registered twice",
                job.name()
            );
            super::super::Schedule::parse(job.default_schedule())
                .unwrap_or_else(|e| panic!("{}: {e}", job.name()));
        }
    }
}
