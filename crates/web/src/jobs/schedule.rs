//! Schedules: cron expressions with a seconds field (`sec min hour day month weekday`, UTC), the
//! scheduled time a run belongs to (its slot), and the overrides of `ITP_JOB_SCHEDULES`.

use chrono::{DateTime, SubsecRound, Utc};
use croner::Cron;
use croner::parser::{CronParser, Seconds};

use super::{Job, registry};

/// A parsed schedule.
#[derive(Debug, Clone)]
pub struct Schedule {
    expression: String,
    cron: Cron,
}

impl Schedule {
    /// Parses `expression` as tokio-cron-scheduler does (the same parser and options), so a
    /// schedule accepted here is accepted by the scheduler.
    pub fn parse(expression: &str) -> Result<Schedule, String> {
        let expression = expression.trim();
        let cron = CronParser::builder()
            .seconds(Seconds::Required)
            .dom_and_dow(true)
            .build()
            .parse(expression)
            .map_err(|e| {
                format!(
                    "\"{expression}\" is not a cron schedule with six fields \
                     (sec min hour day month weekday): {e}"
                )
            })?;
        Ok(Schedule {
            expression: expression.to_owned(),
            cron,
        })
    }

    pub fn expression(&self) -> &str {
        &self.expression
    }

    /// The next scheduled time after `now` (for the jobs page).
    pub fn next_after(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.cron.find_next_occurrence(&now, false).ok()
    }

    /// The scheduled time a run started at `now` belongs to: the latest time of the schedule at
    /// or before `now`, in whole seconds. The scheduler wakes a little after the scheduled time
    /// (it looks every half second), and each instance at its own moment; all of them land on
    /// the same slot, which is the key they compete for. For a schedule on the minute this is
    /// `now` truncated to the minute; for one every second, to the second.
    pub fn slot_at(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        let now = now.trunc_subsecs(0);
        self.cron
            .find_previous_occurrence(&now, true)
            .unwrap_or(now)
            .trunc_subsecs(0)
    }
}

/// What `ITP_JOB_SCHEDULES` says about one job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Setting {
    /// The job does not run on this instance.
    Off,
    /// The job runs on this schedule instead of its default.
    Cron(String),
}

/// The schedule overrides, checked against the registered jobs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Schedules {
    overrides: Vec<(String, Setting)>,
}

impl Schedules {
    /// Parses `purge_expired=0 */5 * * * *;deliver_mail=off`: entries separated by `;`, each a
    /// job's name, `=`, and a cron schedule or `off`. An unknown job, a malformed schedule or a
    /// job named twice is an error naming the job, so a typo stops the start instead of
    /// silently leaving a job on its default.
    pub fn parse(raw: Option<&str>) -> Result<Schedules, String> {
        let mut overrides: Vec<(String, Setting)> = Vec::new();
        for entry in raw.unwrap_or("").split(';') {
            let entry = entry.trim();
            if entry.is_empty() {
                continue;
            }
            let Some((name, value)) = entry.split_once('=') else {
                return Err(format!(
                    "ITP_JOB_SCHEDULES: \"{entry}\" is not JOB=SCHEDULE (e.g. \
                     purge_expired=0 */5 * * * * or deliver_mail=off)"
                ));
            };
            let (name, value) = (name.trim(), value.trim());
            if registry::find(name).is_none() {
                return Err(format!(
                    "ITP_JOB_SCHEDULES: there is no job named \"{name}\"; the jobs are {}",
                    registry::names()
                ));
            }
            if overrides.iter().any(|(n, _)| n == name) {
                return Err(format!(
                    "ITP_JOB_SCHEDULES: job {name} is given more than once"
                ));
            }
            let setting = if value.eq_ignore_ascii_case("off") {
                Setting::Off
            } else {
                Schedule::parse(value)
                    .map_err(|e| format!("ITP_JOB_SCHEDULES: job {name}: {e}"))?;
                Setting::Cron(value.to_owned())
            };
            overrides.push((name.to_owned(), setting));
        }
        Ok(Schedules { overrides })
    }

    /// The job's schedule on this instance; `None` when it is switched off.
    pub fn schedule_of(&self, job: &dyn Job) -> Result<Option<Schedule>, String> {
        let expression = match self.overrides.iter().find(|(n, _)| n == job.name()) {
            Some((_, Setting::Off)) => return Ok(None),
            Some((_, Setting::Cron(cron))) => cron.as_str(),
            None => job.default_schedule(),
        };
        Schedule::parse(expression)
            .map(Some)
            .map_err(|e| format!("job {}: {e}", job.name()))
    }

    /// What `ITP_JOB_SCHEDULES` says about the job named `name`, if anything.
    pub fn setting_of(&self, name: &str) -> Option<&Setting> {
        self.overrides
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, setting)| setting)
    }

    /// The overrides for the start-up log; empty when every job keeps its default.
    pub fn describe(&self) -> String {
        self.overrides
            .iter()
            .map(|(name, setting)| match setting {
                Setting::Off => format!("{name}=off"),
                Setting::Cron(cron) => format!("{name}={cron}"),
            })
            .collect::<Vec<_>>()
            .join(";")
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::jobs::{DeliverMail, PurgeExpired};

    fn at(h: u32, m: u32, s: u32, ms: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, h, m, s).unwrap()
            + chrono::Duration::milliseconds(ms.into())
    }

    #[test]
    fn a_run_every_fifteen_minutes_belongs_to_the_quarter_it_was_scheduled_for() {
        let s = Schedule::parse("0 */15 * * * *").unwrap();
        assert_eq!(s.slot_at(at(12, 15, 0, 430)), at(12, 15, 0, 0));
        // A late wake-up still lands on the scheduled time, not on the minute it woke in.
        assert_eq!(s.slot_at(at(12, 16, 2, 0)), at(12, 15, 0, 0));
        assert_eq!(s.slot_at(at(12, 14, 59, 999)), at(12, 0, 0, 0));
    }

    #[test]
    fn a_run_every_minute_on_its_thirtieth_second_belongs_to_that_minute() {
        let s = Schedule::parse("30 * * * * *").unwrap();
        assert_eq!(s.slot_at(at(9, 41, 30, 5)), at(9, 41, 30, 0));
        assert_eq!(s.slot_at(at(9, 41, 31, 200)), at(9, 41, 30, 0));
    }

    #[test]
    fn a_run_every_second_belongs_to_its_second() {
        let s = Schedule::parse("* * * * * *").unwrap();
        assert_eq!(s.slot_at(at(8, 0, 7, 499)), at(8, 0, 7, 0));
        assert_eq!(s.slot_at(at(8, 0, 8, 0)), at(8, 0, 8, 0));
    }

    #[test]
    fn a_schedule_without_its_seconds_field_is_refused() {
        let err = Schedule::parse("*/5 * * * *").unwrap_err();
        assert!(err.contains("six fields"), "{err}");
        assert!(Schedule::parse("every day").is_err());
    }

    #[test]
    fn overrides_change_a_schedule_switch_a_job_off_and_leave_the_others_alone() {
        let s = Schedules::parse(Some(" purge_expired=0 */5 * * * * ; deliver_mail=OFF;")).unwrap();
        assert_eq!(
            s.schedule_of(&PurgeExpired).unwrap().unwrap().expression(),
            "0 */5 * * * *"
        );
        assert!(s.schedule_of(&DeliverMail).unwrap().is_none());
        assert_eq!(s.describe(), "purge_expired=0 */5 * * * *;deliver_mail=off");
        let defaults = Schedules::parse(None).unwrap();
        assert_eq!(
            defaults
                .schedule_of(&PurgeExpired)
                .unwrap()
                .unwrap()
                .expression(),
            "0 */15 * * * *"
        );
        assert_eq!(defaults.describe(), "");
    }

    #[test]
    fn a_bad_override_names_the_job_and_what_is_wrong() {
        let err = Schedules::parse(Some("purge_expird=off")).unwrap_err();
        assert!(
            err.contains("purge_expird") && err.contains("purge_expired"),
            "{err}"
        );
        let err = Schedules::parse(Some("deliver_mail=0 * *")).unwrap_err();
        assert!(
            err.contains("job deliver_mail") && err.contains("six fields"),
            "{err}"
        );
        let err = Schedules::parse(Some("deliver_mail")).unwrap_err();
        assert!(err.contains("JOB=SCHEDULE"), "{err}");
        let err = Schedules::parse(Some("deliver_mail=off;deliver_mail=* * * * * *")).unwrap_err();
        assert!(err.contains("more than once"), "{err}");
    }
}
