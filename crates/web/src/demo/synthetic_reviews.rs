//! Synthetic reviews for load tests (`itp seed --reviews-per-application N`): each submitted
//! application of the seeded call gets N submitted reviews from the call's first N reviewers,
//! each reviewer with a leaning of their own, so calibration has something to do.

use itp_persistence::review;

use crate::app::AppState;
use crate::ops::{Context, OpError};

/// Adds the reviews in one unit of work; returns how many.
pub async fn seed(
    state: &AppState,
    cohort_id: i32,
    per_application: usize,
) -> Result<usize, String> {
    let op = |e: OpError| e.to_string();
    let e = |e: itp_persistence::PersistenceError| e.to_string();
    let ctx = Context::system(state, "itp seed");
    let uow = ctx.begin().await.map_err(op)?;
    let conn = uow.conn();
    let rubric = review::rubric(conn, cohort_id).await.map_err(e)?;
    let reviewers: Vec<i32> = review::reviewers(conn, cohort_id)
        .await
        .map_err(e)?
        .iter()
        .filter_map(|r| i32::try_from(r.user_id).ok())
        .take(per_application)
        .collect();
    let applications = itp_persistence::selection::submitted_ids(conn, cohort_id)
        .await
        .map_err(e)?;
    let mut rows = Vec::with_capacity(applications.len() * reviewers.len());
    for (n, app) in applications.iter().enumerate() {
        for (r, reviewer) in reviewers.iter().enumerate() {
            let scores = rubric
                .iter()
                .enumerate()
                .map(|(k, c)| {
                    let range = c.scale_max - c.scale_min + 1;
                    let raw = c.scale_min + ((n * 7 + r * 3 + k * 5) % range as usize) as i32;
                    // The second reviewer is harsh, the third lenient.
                    let leaning = [0, -1, 1][r % 3];
                    (
                        c.key.clone(),
                        (raw + leaning).clamp(c.scale_min, c.scale_max),
                    )
                })
                .collect();
            rows.push((*app, *reviewer, scores));
        }
    }
    let n = review::insert_submitted(conn, cohort_id, &rows, uow.now())
        .await
        .map_err(e)?;
    uow.commit().await.map_err(op)?;
    state.db.refresh_statistics().await.map_err(e)?;
    Ok(n)
}
