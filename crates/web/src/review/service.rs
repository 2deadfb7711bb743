//! The review operations: save and submit scores, declare a conflict, assign reviewers.

use itp_domain::audit::ChangeSet;
use itp_domain::review::{self as rules, Criterion, ReviewScores, assign};
use itp_persistence::audit::Entry;
use itp_persistence::cohort::StoredCohort;
use itp_persistence::review::{self, StoredReview};

use crate::ops::{Context, OpError, OpResult};

/// Saves the scores; with `submit`, also submits the review once every required criterion is
/// scored. A submitted review is final.
pub async fn save(
    ctx: &Context<'_>,
    stored: &StoredReview,
    rubric: &[Criterion],
    scores: &ReviewScores,
    submit: bool,
) -> OpResult<()> {
    if stored.submitted_at.is_some() {
        return Err(OpError::Conflict(
            "This review was submitted; it can no longer be changed.".into(),
        ));
    }
    if submit {
        rules::check_submission(rubric, scores)?;
    }
    let mut uow = ctx.begin().await?;
    review::save(uow.conn(), stored.id, scores, uow.now()).await?;
    let total = rules::total(rubric, scores)
        .map(itp_domain::selection::three_places)
        .unwrap_or_default();
    let mut changes = ChangeSet::new()
        .set("application", stored.application_id)
        .set("total", total);
    if submit {
        if !review::submit(uow.conn(), stored.id, uow.now()).await? {
            return Err(OpError::Conflict(
                "This review was submitted meanwhile; it can no longer be changed.".into(),
            ));
        }
        changes = changes.set("state", "submitted");
    }
    let action = if submit {
        "review.submit"
    } else {
        "review.save"
    };
    uow.audit(Entry::new(action, "review", stored.id, changes))
        .await?;
    uow.commit().await?;
    Ok(())
}

/// The reviewer declares a conflict of interest with the application: it is recorded, their
/// assignment removed, and automatic assignment never gives it back.
pub async fn declare_conflict(ctx: &Context<'_>, stored: &StoredReview) -> OpResult<()> {
    if stored.submitted_at.is_some() {
        return Err(OpError::Conflict(
            "This review was submitted; ask a manager to set it aside.".into(),
        ));
    }
    let mut uow = ctx.begin().await?;
    review::declare_conflict(uow.conn(), stored, uow.now()).await?;
    uow.audit(Entry::new(
        "review.declare_conflict",
        "review",
        stored.id,
        ChangeSet::new()
            .set("application", stored.application_id)
            .set("reviewer", stored.reviewer_user_id),
    ))
    .await?;
    uow.commit().await?;
    Ok(())
}

/// What automatic assignment did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assigned {
    pub added: usize,
    /// Applications left with fewer reviewers than asked, and how many are missing.
    pub short: Vec<(i64, u32)>,
}

/// Gives each eligible application `per_application` reviewers, keeping the ones it has.
pub async fn assign_automatically(
    ctx: &Context<'_>,
    cohort: &StoredCohort,
    per_application: u32,
) -> OpResult<Assigned> {
    let mut uow = ctx.begin().await?;
    let conn = uow.conn();
    let candidates = review::candidates(conn, cohort.id).await?;
    let reviewers = review::reviewers(conn, cohort.id).await?;
    let existing = review::assignments(conn, cohort.id).await?;
    let plan = assign(&candidates, &reviewers, per_application, &existing);
    let added = review::add_assignments(conn, cohort.id, &plan.assignments, uow.now()).await?;
    uow.audit(Entry::new(
        "review.assign",
        "cohort",
        cohort.id,
        ChangeSet::new()
            .set("per_application", per_application)
            .set("added", added)
            .set("short", plan.short.len()),
    ))
    .await?;
    uow.commit().await?;
    Ok(Assigned {
        added,
        short: plan.short,
    })
}

/// Turns blind review on or off for the cohort.
pub async fn set_blind(ctx: &Context<'_>, cohort: &StoredCohort, blind: bool) -> OpResult<()> {
    let mut uow = ctx.begin().await?;
    review::set_blind(uow.conn(), cohort.id, blind, uow.now()).await?;
    uow.audit(Entry::new(
        "review.settings",
        "cohort",
        cohort.id,
        ChangeSet::new().set("blind_review", blind),
    ))
    .await?;
    uow.commit().await?;
    Ok(())
}
