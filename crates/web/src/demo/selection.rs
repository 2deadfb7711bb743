//! The demo cohort in selection (the MF call the demo reviewer reviews): a third, lenient
//! reviewer besides the demo reviewer and the harsh one, the cohort's own quotas, the proposal
//! taken and applied (its letters held in the outbox), one selected team that declined with the
//! next reserve team offered its places, one that confirmed (now in the register of earlier
//! participants), and two changes still pending. So the board, the outbox, the funnel and the
//! reviewers' pages all have something to show.

use itp_domain::account::Email;
use itp_domain::review::{Confidence, CriterionScore, ReviewScores};
use itp_domain::role::{Grant, Role};
use itp_domain::selection::{Decision, OfferState, SelectionSettings};
use itp_persistence::{account, review, selection_decisions, selection_settings};

use crate::ops::{OpError, OpResult, UnitOfWork};
use crate::selection::service::{adopt_in, answer_in, apply_in};
use crate::selection::{BoardQuery, compute};

pub async fn seed(uow: &mut UnitOfWork<'_>, cohort_id: i32, manager: i32) -> OpResult<()> {
    let now = uow.now();
    let cohort = itp_persistence::cohort::find(uow.conn(), cohort_id)
        .await?
        .ok_or(OpError::NotFound)?;

    // A third reviewer, lenient, who reviewed every eligible application.
    let email = Email::parse("reviewer.lindqvist@example.org")
        .map_err(|e| OpError::internal(e.to_string()))?;
    let lenient = account::create(
        uow.conn(),
        &email,
        "Sara Lindqvist",
        &[Grant {
            role: Role::Reviewer,
            scope: Some(i64::from(cohort_id)),
        }],
        now,
    )
    .await?;
    let rubric = review::rubric(uow.conn(), cohort_id).await?;
    let pairs: Vec<(i64, i64)> = review::candidates(uow.conn(), cohort_id)
        .await?
        .iter()
        .map(|c| (c.application_id, i64::from(lenient)))
        .collect();
    review::add_assignments(uow.conn(), cohort_id, &pairs, now).await?;
    for (i, line) in review::of_reviewer(uow.conn(), lenient)
        .await?
        .iter()
        .enumerate()
    {
        let scores = ReviewScores {
            scores: rubric
                .iter()
                .enumerate()
                .map(|(k, c)| {
                    let score = (c.scale_max - ((i + k) % 2) as i32).max(c.scale_min);
                    (
                        c.key.clone(),
                        CriterionScore {
                            score: Some(score),
                            comment: String::new(),
                        },
                    )
                })
                .collect(),
            confidence: Some(Confidence::Medium),
            comment: "A convincing team; the outline could name its first milestone.".into(),
        };
        review::save(uow.conn(), line.id, &scores, now).await?;
        review::submit(uow.conn(), line.id, now).await?;
    }

    // The cohort's own quotas: few seats, so there is a reserve list.
    let mut settings = SelectionSettings::usual(false);
    settings.seats = Some(10);
    settings.review_deadline = Some(now + chrono::Duration::days(10));
    selection_settings::set(uow.conn(), cohort_id, &settings, now).await?;

    adopt_in(uow, &cohort, &BoardQuery::default(), manager).await?;
    apply_in(uow, &cohort).await?;

    let offers = selection_decisions::offers_of_cohort(uow.conn(), cohort_id).await?;
    let open: Vec<_> = offers
        .iter()
        .filter(|o| o.state == OfferState::Open)
        .cloned()
        .collect();
    if let Some(declining) = open.first() {
        answer_in(uow, declining, false, true).await?;
    }
    if let Some(confirming) = open.get(1) {
        answer_in(uow, confirming, true, true).await?;
    }

    // Two changes left pending: the last reserve team not selected, a not-selected team (if
    // any) to the end of the reserve list.
    let c = compute(uow.conn(), &cohort, &BoardQuery::default())
        .await
        .map_err(|e| OpError::internal(e.to_string()))?;
    if let Some(last) = c.reserve().last().and_then(|r| c.team(r)) {
        selection_decisions::set_pending(
            uow.conn(),
            cohort_id,
            last.application_id,
            Decision::NotSelected,
            None,
            manager,
            now,
        )
        .await?;
    }
    Ok(())
}
