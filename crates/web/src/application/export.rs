//! The manager's application list as a file for finance and managers: the list's filters and
//! order, with the team (names, roles, addresses), the project's title, readable values beside
//! the codes a machine reads, and a flag on a possible duplicate (a second application by the
//! same organisation to the same call).

use std::collections::HashMap;

use itp_domain::Code;
use itp_domain::application::ApplicationDraft;
use itp_domain::application::duplicate::{Applicant, possible_duplicates};
use itp_domain::programme::TeamRole;
use itp_persistence::ConnectionTrait;
use itp_persistence::application::list::{self, ListRow};

use crate::error::Result;
use crate::export::{Column, Export};

/// A line of the list with what the file adds to it.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportRow {
    pub row: ListRow,
    pub project_title: String,
    pub members: Vec<Member>,
    /// The other applications of the same organisation to the same call.
    pub duplicates: Vec<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub name: String,
    pub role: String,
    pub email: String,
}

fn role_label(code: &str) -> String {
    code.parse::<TeamRole>()
        .map(|r| r.label().to_owned())
        .unwrap_or_else(|_| code.trim().to_owned())
}

fn members_of(draft: &ApplicationDraft) -> Vec<Member> {
    draft
        .members
        .iter()
        .filter(|m| !m.is_blank())
        .map(|m| Member {
            name: m.full_name.trim().to_owned(),
            role: role_label(&m.role),
            email: m.email.trim().to_owned(),
        })
        .collect()
}

fn joined(r: &ExportRow, part: fn(&Member) -> &str) -> String {
    r.members.iter().map(part).collect::<Vec<_>>().join("; ")
}

/// The possible duplicates of `rows`, looked up in the whole cohort (not only among `rows`).
pub async fn duplicates_of<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
    rows: &[ListRow],
) -> Result<HashMap<i32, Vec<i32>>> {
    let mut names: Vec<String> = rows.iter().map(|r| r.organisation_name.clone()).collect();
    names.sort();
    names.dedup();
    let same = list::same_organisations(conn, cohort_id, &names).await?;
    let applicants: Vec<Applicant<'_>> = same
        .iter()
        .map(|(id, organisation, country)| Applicant {
            id: *id,
            organisation,
            country,
        })
        .collect();
    Ok(possible_duplicates(&applicants))
}

/// The file's rows for a batch of list rows: their drafts and duplicates in two queries.
pub async fn complete<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
    rows: Vec<ListRow>,
) -> Result<Vec<ExportRow>> {
    let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
    let drafts = itp_persistence::application::drafts_of(conn, &ids).await?;
    let mut duplicates = duplicates_of(conn, cohort_id, &rows).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let draft = drafts.get(&row.id);
            ExportRow {
                project_title: draft
                    .map(|d| d.project.title.trim().to_owned())
                    .unwrap_or_default(),
                members: draft.map(members_of).unwrap_or_default(),
                duplicates: duplicates.remove(&row.id).unwrap_or_default(),
                row,
            }
        })
        .collect())
}

pub static APPLICATIONS: Export<ExportRow> = Export {
    name: "applications",
    title: "Applications of a cohort",
    description: "The submitted and withdrawn applications of one cohort (never drafts), with \
                  the filters and order of the list they were downloaded from: the team, the \
                  project's title, readable values with the codes beside them, and a flag on \
                  possible duplicates.",
    columns: &[
        Column::integer("id", "The application's number in ITP Admin.", |r| {
            Some(r.row.id.into())
        }),
        Column::text(
            "reference",
            "The reference the application was imported under; empty for one sent through the \
             form.",
            |r| r.row.reference.clone().unwrap_or_default(),
        ),
        Column::str(
            "organisation",
            "The name of the applying organisation.",
            |r| r.row.organisation_name.as_str(),
        ),
        Column::text(
            "country",
            "The organisation's country, by its English name.",
            |r| {
                itp_domain::country::by_code(&r.row.country)
                    .map(|c| c.name_en.to_owned())
                    .unwrap_or_else(|| r.row.country.clone())
            },
        ),
        Column::str(
            "country_code",
            "The organisation's country, as an ISO 3166-1 alpha-2 code (UG).",
            |r| r.row.country.as_str(),
        ),
        Column::str("project_title", "The title of the change project.", |r| {
            r.project_title.as_str()
        }),
        Column::integer("members", "How many people the team has.", |r| {
            Some(r.row.member_count.into())
        }),
        Column::integer("women", "How many of the team's members are women.", |r| {
            Some(r.row.women_count.into())
        }),
        Column::text(
            "member_names",
            "The team members' full names, in the team's order, separated by semicolons.",
            |r| joined(r, |m| &m.name),
        ),
        Column::text(
            "member_roles",
            "Each member's role in the team (Politician, Official, …), in the same order.",
            |r| joined(r, |m| &m.role),
        ),
        Column::text(
            "member_emails",
            "Each member's e-mail address, in the same order.",
            |r| joined(r, |m| &m.email),
        ),
        Column::text("status", "Submitted or Withdrawn.", |r| {
            r.row.status.label().to_owned()
        }),
        Column::text(
            "status_code",
            "The status as a code: submitted, withdrawn.",
            |r| r.row.status.code().to_owned(),
        ),
        Column::text(
            "eligibility",
            "The outcome of the eligibility checks, in words.",
            |r| r.row.eligibility.label().to_owned(),
        ),
        Column::text(
            "eligibility_code",
            "The outcome as a code: pass, flag (a check needs a person's decision), fail, or \
             unchecked.",
            |r| r.row.eligibility.code().to_owned(),
        ),
        Column::integer(
            "flags",
            "How many eligibility checks need a person's decision.",
            |r| Some(r.row.flag_count.into()),
        ),
        Column::text(
            "source",
            "How the application arrived, in words: through the form, or imported from a file.",
            |r| r.row.source.label().to_owned(),
        ),
        Column::text(
            "source_code",
            "How it arrived, as a code: form or import.",
            |r| r.row.source.code().to_owned(),
        ),
        Column::boolean(
            "possible_duplicate",
            "Whether another application of this call comes from an organisation of the same \
             name in the same country.",
            |r| Some(!r.duplicates.is_empty()),
        ),
        Column::text(
            "duplicate_of",
            "The numbers of those other applications, separated by semicolons.",
            |r| {
                r.duplicates
                    .iter()
                    .map(i32::to_string)
                    .collect::<Vec<_>>()
                    .join("; ")
            },
        ),
        Column::date_time(
            "submitted_at_utc",
            "When the application was submitted, in UTC.",
            |r| r.row.submitted_at,
        ),
    ],
};
