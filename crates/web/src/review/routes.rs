//! The review routes: thin handlers over `service` and `views`.

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use itp_domain::authz::Action;
use itp_domain::review::ScoreInput;
use itp_persistence::cohort::StoredCohort;
use itp_persistence::review::{self, StoredReview};
use maud::Markup;

use super::{service, views};
use crate::app::{AppState, Routes};
use crate::error::{AppError, Result};
use crate::forms::{FormFields, OrForm};
use crate::ops::Context;
use crate::security::access;
use crate::security::guard::Access;
use crate::security::session::{Session, SignedIn};
use crate::views::PageContext;

pub fn routes(r: Routes) -> Routes {
    let review = Access::Can(Action::ReviewApplication);
    r.get("/reviews", review, start)
        .get("/reviews/{review_id}", review, form)
        .post("/reviews/{review_id}", review, save)
        .post("/reviews/{review_id}/conflict", review, declare_conflict)
        .get(
            "/cohorts/{cohort_id}/reviews",
            Access::Can(Action::ViewReviews),
            progress,
        )
        .post(
            "/cohorts/{cohort_id}/reviews/assign",
            Access::Can(Action::AssignReviewers),
            assign,
        )
        .post(
            "/cohorts/{cohort_id}/reviews/settings",
            Access::Can(Action::AssignReviewers),
            settings,
        )
        .post(
            "/cohorts/{cohort_id}/reviews/assignments",
            Access::Can(Action::AssignReviewers),
            assign_one,
        )
        .post(
            "/cohorts/{cohort_id}/reviews/unassign",
            Access::Can(Action::AssignReviewers),
            unassign,
        )
        .post(
            "/cohorts/{cohort_id}/reviews/remind",
            Access::Can(Action::AssignReviewers),
            remind,
        )
}

/// Which of the reviewer's lines the start page lists, and which page of them.
#[derive(Debug, Default, serde::Deserialize)]
pub struct StartQuery {
    #[serde(default)]
    pub show: String,
    #[serde(default)]
    pub page: Option<u64>,
}

impl StartQuery {
    /// What is still to do comes first; submitted or every review on request.
    pub fn filter(&self) -> review::ReviewFilter {
        match self.show.as_str() {
            "submitted" => review::ReviewFilter::Submitted,
            "all" => review::ReviewFilter::All,
            _ => review::ReviewFilter::ToDo,
        }
    }

    pub fn page(&self) -> u64 {
        self.page.unwrap_or(1).max(1)
    }
}

async fn start(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Query(q): Query<StartQuery>,
) -> Result<Markup> {
    let conn = &state.db.conn;
    let me = user.principal.user_id as i32;
    let counts = review::reviewer_counts(conn, me).await?;
    let lines = review::reviewer_page(conn, me, q.filter(), q.page(), views::PER_PAGE).await?;
    let mut deadlines = BTreeMap::new();
    for (cohort_id, name) in review::reviewer_cohorts(conn, me).await? {
        let s = itp_persistence::selection_settings::of_cohort(conn, cohort_id, false).await?;
        if let Some(at) = s.review_deadline {
            deadlines.insert(cohort_id, (name, at));
        }
    }
    Ok(views::start(&ctx, &lines, counts, &q, &deadlines))
}

async fn form(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path(id): Path<i32>,
) -> Result<Markup> {
    let stored = access::load::<StoredReview>(&state, &user, id, Action::ReviewApplication).await?;
    let rubric = review::rubric(&state.db.conn, stored.cohort_id).await?;
    Ok(views::form(
        &ctx,
        &stored,
        &rubric,
        &stored.scores,
        &Default::default(),
    ))
}

fn score_input(fields: &FormFields, keys: impl Iterator<Item = String>) -> ScoreInput {
    let scores: BTreeMap<String, (String, String)> = keys
        .map(|k| {
            let pair = (
                fields.text(&format!("score_{k}")),
                fields.text(&format!("comment_{k}")),
            );
            (k, pair)
        })
        .collect();
    ScoreInput {
        scores,
        confidence: fields.text("confidence"),
        comment: fields.text("comment"),
    }
}

async fn save(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    ctx: PageContext,
    Path(id): Path<i32>,
    fields: FormFields,
) -> Result<Response> {
    let stored = access::load::<StoredReview>(&state, &user, id, Action::ReviewApplication).await?;
    let rubric = review::rubric(&state.db.conn, stored.cohort_id).await?;
    let input = score_input(&fields, rubric.iter().map(|c| c.key.clone()));
    let submit = fields.text("action") == "submit";
    // What was typed is shown again with the messages, so nothing is lost.
    let typed = |input: &ScoreInput| {
        let mut shown = stored.scores.clone();
        for (k, (score, comment)) in &input.scores {
            let entry = shown.scores.entry(k.clone()).or_default();
            entry.score = score.trim().parse().ok();
            entry.comment = comment.clone();
        }
        shown.confidence = itp_domain::code::parse(&input.confidence).ok();
        shown.comment = input.comment.clone();
        shown
    };
    let scores = input
        .validate(&rubric)
        .or_form(|e| views::form(&ctx, &stored, &rubric, &typed(&input), e))?;
    service::save(
        &Context::person(&state, &user),
        &stored,
        &rubric,
        &scores,
        submit,
    )
    .await
    .or_form(|e| views::form(&ctx, &stored, &rubric, &scores, e))?;
    session
        .flash(if submit {
            format!(
                "Your review of {} is submitted. Thank you.",
                stored.reference
            )
        } else {
            format!(
                "Your review of {} is saved; come back to it any time.",
                stored.reference
            )
        })
        .await?;
    let to = if submit {
        "/reviews".to_owned()
    } else {
        format!("/reviews/{id}")
    };
    Ok(Redirect::to(&to).into_response())
}

async fn declare_conflict(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    Path(id): Path<i32>,
) -> Result<Redirect> {
    let stored = access::load::<StoredReview>(&state, &user, id, Action::ReviewApplication).await?;
    service::declare_conflict(&Context::person(&state, &user), &stored).await?;
    session
        .flash(format!(
            "Your conflict of interest with {} is recorded; the application is no longer yours to review.",
            stored.reference
        ))
        .await?;
    Ok(Redirect::to("/reviews"))
}

async fn progress(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path(cohort_id): Path<i32>,
) -> Result<Markup> {
    let cohort =
        access::load::<StoredCohort>(&state, &user, cohort_id, Action::ViewReviews).await?;
    let p = review::progress(&state.db.conn, cohort.id).await?;
    let can_assign = access::may(&user, Action::AssignReviewers, &cohort);
    let blind = review::is_blind(&state.db.conn, cohort.id).await?;
    let assignments = if can_assign {
        review::assignment_lines(&state.db.conn, cohort.id).await?
    } else {
        Vec::new()
    };
    let deadline = itp_persistence::selection_settings::of_cohort(&state.db.conn, cohort.id, false)
        .await?
        .review_deadline;
    Ok(views::progress(
        &ctx,
        &cohort,
        &p,
        can_assign,
        blind,
        &assignments,
        deadline,
    ))
}

async fn assign(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    Path(cohort_id): Path<i32>,
    fields: FormFields,
) -> Result<Redirect> {
    let cohort =
        access::load::<StoredCohort>(&state, &user, cohort_id, Action::AssignReviewers).await?;
    let per_application = fields
        .text("per_application")
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (1..=10).contains(n))
        .ok_or_else(|| {
            AppError::BadRequest(
                "Give the number of reviewers per application, from 1 to 10.".into(),
            )
        })?;
    let done =
        service::assign_automatically(&Context::person(&state, &user), &cohort, per_application)
            .await?;
    let short = if done.short.is_empty() {
        String::new()
    } else {
        format!(
            " {} applications have fewer reviewers than asked: too few reviewers without a conflict.",
            done.short.len()
        )
    };
    session
        .flash(format!("{} assignments added.{short}", done.added))
        .await?;
    Ok(Redirect::to(&format!("/cohorts/{cohort_id}/reviews")))
}

async fn settings(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    Path(cohort_id): Path<i32>,
    fields: FormFields,
) -> Result<Redirect> {
    let cohort =
        access::load::<StoredCohort>(&state, &user, cohort_id, Action::AssignReviewers).await?;
    let blind = fields.checked("blind");
    service::set_blind(&Context::person(&state, &user), &cohort, blind).await?;
    session
        .flash(if blind {
            "Blind review is on: reviewers no longer see the applicants' names and organisations."
        } else {
            "Blind review is off."
        })
        .await?;
    Ok(Redirect::to(&format!("/cohorts/{cohort_id}/reviews")))
}

fn id_field(fields: &FormFields, name: &str, what: &str) -> Result<i32> {
    fields
        .text(name)
        .trim()
        .parse::<i32>()
        .map_err(|_| AppError::BadRequest(format!("Choose {what}.")))
}

async fn assign_one(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    Path(cohort_id): Path<i32>,
    fields: FormFields,
) -> Result<Redirect> {
    let cohort =
        access::load::<StoredCohort>(&state, &user, cohort_id, Action::AssignReviewers).await?;
    let application_id = id_field(&fields, "application_id", "an application")?;
    let reviewer = id_field(&fields, "reviewer_user_id", "a reviewer")?;
    let done = service::assign_one(
        &Context::person(&state, &user),
        &cohort,
        application_id,
        reviewer,
    )
    .await;
    let message = match done {
        Ok(()) => "The reviewer is assigned.".to_owned(),
        Err(crate::ops::OpError::Conflict(m)) => m,
        Err(crate::ops::OpError::Invalid(e)) => e
            .iter()
            .map(|f| f.message.clone())
            .collect::<Vec<_>>()
            .join(" "),
        Err(other) => return Err(other.into()),
    };
    session.flash(message).await?;
    Ok(Redirect::to(&format!("/cohorts/{cohort_id}/reviews")))
}

async fn unassign(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    Path(cohort_id): Path<i32>,
    fields: FormFields,
) -> Result<Redirect> {
    let cohort =
        access::load::<StoredCohort>(&state, &user, cohort_id, Action::AssignReviewers).await?;
    let id = id_field(&fields, "assignment_id", "an assignment")?;
    service::unassign(&Context::person(&state, &user), &cohort, id).await?;
    session
        .flash("The reviewer is taken off the application.")
        .await?;
    Ok(Redirect::to(&format!("/cohorts/{cohort_id}/reviews")))
}

async fn remind(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    Path(cohort_id): Path<i32>,
    fields: FormFields,
) -> Result<Redirect> {
    let cohort =
        access::load::<StoredCohort>(&state, &user, cohort_id, Action::AssignReviewers).await?;
    let only = match fields.text("reviewer_user_id").trim() {
        "" => None,
        _ => Some(id_field(&fields, "reviewer_user_id", "a reviewer")?),
    };
    let n = service::remind(&Context::person(&state, &user), &cohort, only).await?;
    session
        .flash(format!(
            "{} sent through the outbox.",
            itp_domain::wording::count(n as i64, "reminder")
        ))
        .await?;
    Ok(Redirect::to(&format!("/cohorts/{cohort_id}/reviews")))
}
