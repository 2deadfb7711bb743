//! The scores behind the board as a file: one row per submitted review, with its application's
//! score, rank and place in the proposal.

use rust_decimal::Decimal;

use crate::export::{Column, Export};

/// One submitted review with what the board made of its application.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreRow {
    pub application_id: i32,
    pub reference: String,
    pub organisation: String,
    pub country: String,
    pub reviewer_id: i32,
    pub review_total: Decimal,
    /// The value aggregation used: the total, or the calibrated value.
    pub review_value: Decimal,
    pub team_score: Option<Decimal>,
    pub rank: Option<i64>,
    pub proposal: String,
}

pub static SCORES: Export<ScoreRow> = Export {
    name: "selection_scores",
    title: "Scores and proposal of a cohort",
    description: "Every submitted review of a cohort's eligible applications, with the \
                  application's score, rank and place in the selection proposal, as the board \
                  showed them (same aggregation and calibration).",
    columns: &[
        Column::integer(
            "application_id",
            "The application's number in ITP Admin.",
            |r| Some(r.application_id.into()),
        ),
        Column::str("reference", "The application's reference.", |r| {
            r.reference.as_str()
        }),
        Column::str("organisation", "The applying organisation.", |r| {
            r.organisation.as_str()
        }),
        Column::str("country", "The applicant's country (ISO 3166 code).", |r| {
            r.country.as_str()
        }),
        Column::integer("reviewer_id", "The reviewer's account number.", |r| {
            Some(r.reviewer_id.into())
        }),
        Column::decimal(
            "review_total",
            "The review's weighted mean over the criteria it scored (exact).",
            |r| Some(r.review_total),
        ),
        Column::decimal(
            "review_value",
            "The value aggregation used: the total, or with calibration the reviewer's z-score \
             on the cohort's scale.",
            |r| Some(r.review_value),
        ),
        Column::decimal(
            "team_score",
            "The application's score: mean or median of its review values, to 3 decimals.",
            |r| r.team_score,
        ),
        Column::integer(
            "rank",
            "The application's place in the ranking (1 is best).",
            |r| r.rank,
        ),
        Column::str(
            "proposal",
            "Where the proposal put the application: proposed, reserve N (and why), blocked.",
            |r| r.proposal.as_str(),
        ),
    ],
};
