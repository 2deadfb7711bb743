//! Reminders to reviewers, recorded once per reviewer, cohort and cause: the job's reminder
//! before the review deadline goes out once, however often the job runs.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, sea_query::OnConflict,
};

use crate::Result;
use crate::entities::review_reminder;

/// Records the reminder; `false` when this one was already recorded (then send nothing).
pub async fn record<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
    reviewer_user_id: i32,
    cause: &str,
    now: DateTime<Utc>,
) -> Result<bool> {
    let res = review_reminder::Entity::insert(review_reminder::ActiveModel {
        cohort_id: Set(cohort_id),
        reviewer_user_id: Set(reviewer_user_id),
        cause: Set(cause.chars().take(64).collect()),
        sent_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            review_reminder::Column::CohortId,
            review_reminder::Column::ReviewerUserId,
            review_reminder::Column::Cause,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(res == 1)
}

/// How many reminders the reviewer got in the cohort.
pub async fn count<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
    reviewer_user_id: i32,
) -> Result<usize> {
    Ok(review_reminder::Entity::find()
        .filter(review_reminder::Column::CohortId.eq(cohort_id))
        .filter(review_reminder::Column::ReviewerUserId.eq(reviewer_user_id))
        .all(conn)
        .await?
        .len())
}

/// A reviewer with reviews still open in a cohort.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenReviews {
    pub user_id: i32,
    pub email: String,
    pub name: String,
    pub open: usize,
}

/// The cohort's reviewers with open (not submitted) reviews, by user id.
pub async fn open_reviews<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
) -> Result<Vec<OpenReviews>> {
    use std::collections::BTreeMap;

    use crate::entities::{review_assignment, user};
    let mut open: BTreeMap<i32, usize> = BTreeMap::new();
    for a in review_assignment::Entity::find()
        .filter(review_assignment::Column::CohortId.eq(cohort_id))
        .filter(review_assignment::Column::State.eq("assigned"))
        .all(conn)
        .await?
    {
        *open.entry(a.reviewer_user_id).or_default() += 1;
    }
    let users = user::Entity::find()
        .filter(user::Column::Id.is_in(open.keys().copied().collect::<Vec<_>>()))
        .filter(user::Column::Active.eq(true))
        .all(conn)
        .await?;
    Ok(users
        .into_iter()
        .map(|u| OpenReviews {
            open: open.get(&u.id).copied().unwrap_or(0),
            user_id: u.id,
            email: u.email,
            name: u.display_name,
        })
        .collect())
}
