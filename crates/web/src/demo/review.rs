//! Demo reviews in the MF call the demo reviewer reviews: the demo reviewer (Johan Berg) is
//! assigned every eligible application, has half scored the first, submitted the next three and
//! not started the rest; the cohort's second reviewer (invited in the outbox demo) is a harsher
//! scorer who submitted all of theirs. So the start page, the scoring form, the progress view
//! and the selection board (with calibration making a difference) all have something to show.

use chrono::{DateTime, Utc};
use itp_domain::review::{Confidence, Criterion, CriterionScore, ReviewScores};
use itp_persistence::ConnectionTrait;
use itp_persistence::review;

fn scores(rubric: &[Criterion], seed: usize, harsh: i32, upto: usize) -> ReviewScores {
    ReviewScores {
        scores: rubric
            .iter()
            .enumerate()
            .take(upto)
            .map(|(k, c)| {
                let range = (c.scale_max - c.scale_min + 1) as usize;
                let score = (c.scale_min + ((seed * 3 + k * 2) % range) as i32 - harsh)
                    .clamp(c.scale_min, c.scale_max);
                let comment = match k {
                    0 => "The outline names the problem and a first step; the budget is thin.",
                    _ => "",
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
        confidence: (upto == rubric.len()).then_some(Confidence::High),
        comment: String::new(),
    }
}

pub async fn seed<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
    reviewer_user_id: i32,
    now: DateTime<Utc>,
) -> itp_persistence::Result<()> {
    let candidates = review::candidates(conn, cohort_id).await?;
    let rubric = review::rubric(conn, cohort_id).await?;
    let others: Vec<i32> = review::reviewers(conn, cohort_id)
        .await?
        .iter()
        .filter_map(|r| i32::try_from(r.user_id).ok())
        .filter(|id| *id != reviewer_user_id)
        .collect();
    let mut reviewers = vec![(reviewer_user_id, 0)];
    reviewers.extend(others.into_iter().take(1).map(|id| (id, 1)));
    for (user, harsh) in reviewers {
        let pairs: Vec<(i64, i64)> = candidates
            .iter()
            .take(8)
            .map(|c| (c.application_id, i64::from(user)))
            .collect();
        review::add_assignments(conn, cohort_id, &pairs, now).await?;
        for (i, line) in review::of_reviewer(conn, user).await?.iter().enumerate() {
            let submitted = harsh == 1 || (1..=3).contains(&i);
            if submitted {
                review::save(conn, line.id, &scores(&rubric, i, harsh, rubric.len()), now).await?;
                review::submit(conn, line.id, now).await?;
            } else if i == 0 {
                review::save(conn, line.id, &scores(&rubric, i, harsh, 2), now).await?;
            }
        }
    }
    Ok(())
}
