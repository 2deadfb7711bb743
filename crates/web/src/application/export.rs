//! The manager's application list as a file: the columns of the list, for the filters and the
//! order the list was showing.

use itp_domain::Code;
use itp_persistence::application::list::ListRow;

use crate::export::{Column, Export};

pub static APPLICATIONS: Export<ListRow> = Export {
    name: "applications",
    title: "Applications of a cohort",
    description: "The submitted and withdrawn applications of one cohort (never drafts), with \
                  the filters and order of the list they were downloaded from.",
    columns: &[
        Column::integer("id", "The application's number in ITP Admin.", |r| {
            Some(r.id.into())
        }),
        Column::text(
            "reference",
            "The reference the application was imported under; empty for one sent through the \
             form.",
            |r| r.reference.clone().unwrap_or_default(),
        ),
        Column::text(
            "organisation",
            "The name of the applying organisation.",
            |r| r.organisation_name.clone(),
        ),
        Column::text(
            "country",
            "The organisation's country, as an ISO 3166-1 alpha-2 code (UG).",
            |r| r.country.clone(),
        ),
        Column::integer("members", "How many people the team has.", |r| {
            Some(r.member_count.into())
        }),
        Column::integer("women", "How many of the team's members are women.", |r| {
            Some(r.women_count.into())
        }),
        Column::text("status", "submitted or withdrawn.", |r| {
            r.status.code().to_owned()
        }),
        Column::text(
            "eligibility",
            "The outcome of the eligibility checks: pass, flag (a check needs a person's \
             decision), fail, or unchecked.",
            |r| r.eligibility.code().to_owned(),
        ),
        Column::integer(
            "flags",
            "How many eligibility checks need a person's decision.",
            |r| Some(r.flag_count.into()),
        ),
        Column::text(
            "source",
            "How the application arrived: form (sent by the applicant) or import (from a file).",
            |r| r.source.code().to_owned(),
        ),
        Column::date_time(
            "submitted_at_utc",
            "When the application was submitted, in UTC.",
            |r| r.submitted_at,
        ),
    ],
};
