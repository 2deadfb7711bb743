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

/// A manager assigns one reviewer to one application; a conflict of interest is refused with
/// its reason.
pub async fn assign_one(
    ctx: &Context<'_>,
    cohort: &StoredCohort,
    application_id: i32,
    reviewer_user_id: i32,
) -> OpResult<()> {
    let mut uow = ctx.begin().await?;
    let conn = uow.conn();
    let candidate = review::candidates(conn, cohort.id)
        .await?
        .into_iter()
        .find(|c| c.application_id == i64::from(application_id))
        .ok_or_else(|| {
            OpError::field(
                "application_id",
                "Choose an eligible submitted application of this cohort.",
            )
        })?;
    let reviewer = review::reviewers(conn, cohort.id)
        .await?
        .into_iter()
        .find(|r| r.user_id == i64::from(reviewer_user_id))
        .ok_or_else(|| OpError::field("reviewer_user_id", "Choose a reviewer of this cohort."))?;
    if let Some(c) = rules::conflict(&reviewer, &candidate) {
        return Err(OpError::Conflict(format!(
            "This reviewer has a conflict of interest with the application ({}); it is not assigned.",
            itp_domain::Code::label(c).to_lowercase()
        )));
    }
    let existing = review::assignments(conn, cohort.id).await?;
    if existing.contains(&(candidate.application_id, reviewer.user_id)) {
        return Err(OpError::Conflict(
            "This reviewer is already assigned to the application.".into(),
        ));
    }
    review::add_assignments(
        conn,
        cohort.id,
        &[(candidate.application_id, reviewer.user_id)],
        uow.now(),
    )
    .await?;
    uow.audit(Entry::new(
        "review.assign_one",
        "application",
        application_id,
        ChangeSet::new().set("reviewer", reviewer_user_id),
    ))
    .await?;
    uow.commit().await?;
    Ok(())
}

/// A manager takes a reviewer off an application whose review is not submitted.
pub async fn unassign(
    ctx: &Context<'_>,
    cohort: &StoredCohort,
    assignment_id: i32,
) -> OpResult<()> {
    let mut uow = ctx.begin().await?;
    let stored = review::find(uow.conn(), assignment_id)
        .await?
        .filter(|r| r.cohort_id == cohort.id)
        .ok_or(OpError::NotFound)?;
    if !review::remove_assignment(uow.conn(), assignment_id).await? {
        return Err(OpError::Conflict(
            "This review is submitted; it stays with the application.".into(),
        ));
    }
    uow.audit(Entry::new(
        "review.unassign",
        "application",
        stored.application_id,
        ChangeSet::new().set("reviewer", stored.reviewer_user_id),
    ))
    .await?;
    uow.commit().await?;
    Ok(())
}

/// Reminds the cohort's reviewers with open reviews (or only `only`), each once for `cause`;
/// returns how many were reminded.
pub async fn remind_in(
    uow: &mut crate::ops::UnitOfWork<'_>,
    cohort_id: i32,
    only: Option<i32>,
    cause: &str,
    deadline: Option<chrono::DateTime<chrono::Utc>>,
) -> OpResult<usize> {
    use itp_domain::account::Email;
    use itp_domain::mail::Values;
    use itp_persistence::review_reminders;

    let Some(cohort) = itp_persistence::cohort::find(uow.conn(), cohort_id).await? else {
        return Ok(0);
    };
    let base = uow.context().state.config.base_url.clone();
    let mut sent = 0;
    for r in review_reminders::open_reviews(uow.conn(), cohort_id).await? {
        if only.is_some_and(|o| o != r.user_id) || r.open == 0 {
            continue;
        }
        if !review_reminders::record(uow.conn(), cohort_id, r.user_id, cause, uow.now()).await? {
            continue;
        }
        let Ok(to) = Email::parse(&r.email) else {
            continue;
        };
        let values = Values::new()
            .set("name", r.name.clone())
            .set("cohort", cohort.settings.name.clone())
            .set("open", r.open)
            .set(
                "deadline",
                deadline
                    .map(crate::selection::service::when)
                    .unwrap_or_else(|| "the end of the review period".into()),
            )
            .set("link", format!("{base}/reviews"));
        let message = crate::mail::texts::message(
            uow.conn(),
            crate::selection::letters::REVIEW_REMINDER.key,
            Some(cohort.programme_id),
            &values,
            &to,
            &r.name,
            crate::mail::Cause::new("cohort", cohort_id),
        )
        .await?;
        uow.mail(&message).await?;
        uow.audit(Entry::new(
            "review.remind",
            "cohort",
            cohort_id,
            ChangeSet::new()
                .set("reviewer", r.user_id)
                .set("open", r.open)
                .set("cause", cause),
        ))
        .await?;
        sent += 1;
    }
    Ok(sent)
}

/// A manager's reminder to the reviewers with open reviews (or one of them).
pub async fn remind(
    ctx: &Context<'_>,
    cohort: &StoredCohort,
    only: Option<i32>,
) -> OpResult<usize> {
    let mut uow = ctx.begin().await?;
    let deadline = itp_persistence::selection_settings::of_cohort(uow.conn(), cohort.id, false)
        .await?
        .review_deadline;
    let cause = format!("manual {}", uow.now().to_rfc3339());
    let sent = remind_in(&mut uow, cohort.id, only, &cause, deadline).await?;
    uow.commit().await?;
    Ok(sent)
}
