//! Demo reviews: the demo reviewer is assigned every eligible application of the MF call they
//! review; the first is half scored, the second submitted, the rest waiting, so the start page,
//! the scoring form and the manager's progress view all have something to show.

use chrono::{DateTime, Utc};
use itp_domain::review::{Confidence, CriterionScore, ReviewScores};
use itp_persistence::ConnectionTrait;
use itp_persistence::review;

pub async fn seed<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
    reviewer_user_id: i32,
    now: DateTime<Utc>,
) -> itp_persistence::Result<()> {
    let candidates = review::candidates(conn, cohort_id).await?;
    let pairs: Vec<(i64, i64)> = candidates
        .iter()
        .take(8)
        .map(|c| (c.application_id, i64::from(reviewer_user_id)))
        .collect();
    review::add_assignments(conn, cohort_id, &pairs, now).await?;
    let rubric = review::rubric(conn, cohort_id).await?;
    let lines = review::of_reviewer(conn, reviewer_user_id).await?;
    for (i, line) in lines.iter().enumerate().take(2) {
        let scores = ReviewScores {
            scores: rubric
                .iter()
                .enumerate()
                .filter(|(k, _)| i == 1 || *k < 2)
                .map(|(k, c)| {
                    let score =
                        c.scale_min + ((i + k * 2) as i32 % (c.scale_max - c.scale_min + 1));
                    let comment = if k == 0 {
                        "The outline names the problem and a first step; the budget is thin."
                    } else {
                        ""
                    };
                    (
                        c.key.clone(),
                        CriterionScore {
                            score: Some(score),
                            comment: comment.to_owned(),
                        },
                    )
                })
                .collect(),
            confidence: (i == 1).then_some(Confidence::High),
            comment: String::new(),
        };
        review::save(conn, line.id, &scores, now).await?;
        if i == 1 {
            review::submit(conn, line.id, now).await?;
        }
    }
    Ok(())
}
