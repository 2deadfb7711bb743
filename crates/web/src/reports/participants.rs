//! Participant statistics for the funder, without names: how many participants of each
//! programme and cohort, by the team's country, gender, age band, role and completion. Only
//! counts leave; a group of one is still a count, never a person's row.

use std::collections::BTreeMap;

use chrono::Datelike;
use itp_domain::Code;
use itp_domain::participants::statistics::age_band;
use itp_persistence::DatabaseConnection;
use itp_persistence::{participants, phase};

use super::run::Plan;
use crate::error::Result;
use crate::export::{Column, Export, RowSender};
use crate::participants::service::completion_of;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct StatisticsRow {
    pub programme_code: String,
    pub cohort: String,
    pub country: String,
    pub gender: String,
    pub age_band: &'static str,
    pub role: String,
    pub completion: &'static str,
    pub participants: i64,
}

pub static STATISTICS: Export<StatisticsRow> = Export {
    name: "participants",
    title: "Participant statistics",
    description: "One row per programme, cohort, country, gender, age band, role and \
                  completion with its number of participants, for the cohorts in the filter \
                  (dates and states do not apply). No names: the counts the funder asks for. \
                  The age band is the age reached in the year the cohort's first phase begins.",
    columns: &[
        Column::str(
            "programme",
            "The code of the cohort's programme (MF).",
            |r| r.programme_code.as_str(),
        ),
        Column::str("cohort", "The cohort's name.", |r| r.cohort.as_str()),
        Column::str("country", "The team's country (ISO 3166 code).", |r| {
            r.country.as_str()
        }),
        Column::str(
            "gender",
            "woman, man, other or not_said, as the participant gave it.",
            |r| r.gender.as_str(),
        ),
        Column::str(
            "age_band",
            "under_30, 30_39, 40_49, 50_59, 60_and_over or not_given.",
            |r| r.age_band,
        ),
        Column::str(
            "role",
            "The participant's role in the team: elected (a politician) or official.",
            |r| r.role.as_str(),
        ),
        Column::str(
            "completion",
            "completed (every compulsory phase attended), in_progress or not_completed.",
            |r| r.completion,
        ),
        Column::integer("participants", "How many participants.", |r| {
            Some(r.participants)
        }),
    ],
};

pub async fn rows(
    conn: DatabaseConnection,
    plan: Plan,
    out: &RowSender<StatisticsRow>,
) -> Result<u64> {
    let mut sent = 0;
    for cohort in &plan.cohorts {
        let phases = phase::of_cohort(&conn, cohort.id).await?;
        let people = participants::of_cohort(&conn, cohort.id).await?;
        if people.is_empty() {
            continue;
        }
        let ids: Vec<i32> = people.iter().map(|p| p.id).collect();
        let records = participants::phases_of(&conn, &ids).await?;
        let year = phases
            .iter()
            .map(|p| p.phase.dates.start.year())
            .min()
            .unwrap_or_else(|| people[0].created_at.year());
        let mut groups: BTreeMap<StatisticsRow, i64> = BTreeMap::new();
        for p in &people {
            let key = StatisticsRow {
                programme_code: cohort.programme_code.clone(),
                cohort: cohort.name.clone(),
                country: p.country.clone(),
                gender: p.gender.clone(),
                age_band: age_band(p.year_of_birth, year).code(),
                role: p.role.clone(),
                completion: completion_of(&phases, &records, p.id).code(),
                participants: 0,
            };
            *groups.entry(key).or_default() += 1;
        }
        for (mut row, count) in groups {
            row.participants = count;
            out.send(row).await?;
            sent += 1;
        }
    }
    Ok(sent)
}
