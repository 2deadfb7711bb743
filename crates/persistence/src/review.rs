//! Review: a cohort's rubric, assignments of reviewers to applications with their scores, and
//! declared conflicts of interest.

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use itp_domain::Code;
use itp_domain::application::{ApplicationStatus, Eligibility};
use itp_domain::country::CountryCode;
use itp_domain::review::{
    Candidate, Confidence, Criterion, CriterionScore, ReviewScores, ReviewerProfile, default_rubric,
};
use itp_domain::role::Role;
use rust_decimal::Decimal;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use crate::entities::{
    application, cohort, review_assignment, review_conflict, review_criterion, review_score,
    review_setting, role_grant, user,
};
use crate::{PersistenceError, Result, decode};

const ASSIGNED: &str = "assigned";

/// The application's reference, or its number while it has none (an application submitted
/// before references were given out).
pub(crate) fn reference_of(a: &application::Model) -> String {
    a.reference.clone().unwrap_or_else(|| format!("#{}", a.id))
}
const SUBMITTED: &str = "submitted";

/// The cohort's rubric in its order; the default rubric while the cohort has none of its own.
pub async fn rubric<C: ConnectionTrait>(conn: &C, cohort_id: i32) -> Result<Vec<Criterion>> {
    let rows = review_criterion::Entity::find()
        .filter(review_criterion::Column::CohortId.eq(cohort_id))
        .order_by_asc(review_criterion::Column::Position)
        .all(conn)
        .await?;
    if rows.is_empty() {
        return Ok(default_rubric());
    }
    rows.into_iter()
        .map(|r| {
            Ok(Criterion {
                weight: Decimal::from_str(&r.weight).map_err(|e| {
                    PersistenceError::Corrupt(format!("review_criteria.weight: {e}"))
                })?,
                key: r.key,
                label: r.label,
                scale_min: r.scale_min,
                scale_max: r.scale_max,
                required: r.required,
                guidance: r.guidance,
            })
        })
        .collect()
}

/// Replaces the cohort's rubric.
pub async fn set_rubric<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
    criteria: &[Criterion],
) -> Result<()> {
    review_criterion::Entity::delete_many()
        .filter(review_criterion::Column::CohortId.eq(cohort_id))
        .exec(conn)
        .await?;
    if criteria.is_empty() {
        return Ok(());
    }
    review_criterion::Entity::insert_many(criteria.iter().enumerate().map(|(i, c)| {
        review_criterion::ActiveModel {
            cohort_id: Set(cohort_id),
            position: Set(i32::try_from(i).unwrap_or(i32::MAX)),
            key: Set(c.key.clone()),
            label: Set(c.label.clone()),
            weight: Set(c.weight.normalize().to_string()),
            scale_min: Set(c.scale_min),
            scale_max: Set(c.scale_max),
            required: Set(c.required),
            guidance: Set(c.guidance.clone()),
            ..Default::default()
        }
    }))
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// Whether the cohort reviews blind: reviewers do not see applicants' names and organisations.
pub async fn is_blind<C: ConnectionTrait>(conn: &C, cohort_id: i32) -> Result<bool> {
    Ok(review_setting::Entity::find_by_id(cohort_id)
        .one(conn)
        .await?
        .is_some_and(|s| s.blind))
}

/// Sets blind review on or off for the cohort.
pub async fn set_blind<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
    blind: bool,
    now: DateTime<Utc>,
) -> Result<()> {
    review_setting::Entity::delete_by_id(cohort_id)
        .exec(conn)
        .await?;
    review_setting::Entity::insert(review_setting::ActiveModel {
        cohort_id: Set(cohort_id),
        blind: Set(blind),
        updated_at: Set(now),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// Copies the source cohort's own rubric to a clone; returns how many criteria (0 when the
/// source uses the default rubric, which the clone then uses too).
pub async fn copy_rubric<C: ConnectionTrait>(conn: &C, from: i32, to: i32) -> Result<usize> {
    let own = review_criterion::Entity::find()
        .filter(review_criterion::Column::CohortId.eq(from))
        .all(conn)
        .await?;
    if own.is_empty() {
        return Ok(0);
    }
    let criteria = rubric(conn, from).await?;
    set_rubric(conn, to, &criteria).await?;
    Ok(criteria.len())
}

/// One assignment with what its reviewer sees and what the rules need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredReview {
    pub id: i32,
    pub cohort_id: i32,
    pub cohort_name: String,
    pub programme_id: i32,
    pub application_id: i32,
    pub reviewer_user_id: i32,
    pub reference: String,
    pub organisation: String,
    pub country: String,
    pub member_count: i32,
    pub submitted_at: Option<DateTime<Utc>>,
    pub scores: ReviewScores,
    /// The cohort reviews blind: the reviewer's pages leave out the organisation.
    pub blind: bool,
    /// What the reviewer reads: the application as submitted (never its documents).
    pub application: itp_domain::application::ApplicationDraft,
}

fn read_confidence(value: Option<String>) -> Result<Option<Confidence>> {
    value
        .map(|c| decode::<Confidence>(&c, "review_assignments.confidence"))
        .transpose()
}

pub async fn find<C: ConnectionTrait>(conn: &C, id: i32) -> Result<Option<StoredReview>> {
    let Some(a) = review_assignment::Entity::find_by_id(id).one(conn).await? else {
        return Ok(None);
    };
    let (Some(app), Some(c)) = (
        application::Entity::find_by_id(a.application_id)
            .one(conn)
            .await?,
        cohort::Entity::find_by_id(a.cohort_id).one(conn).await?,
    ) else {
        return Ok(None);
    };
    let scores = review_score::Entity::find()
        .filter(review_score::Column::AssignmentId.eq(id))
        .all(conn)
        .await?
        .into_iter()
        .map(|s| {
            (
                s.criterion_key,
                CriterionScore {
                    score: s.score,
                    comment: s.comment,
                },
            )
        })
        .collect();
    Ok(Some(StoredReview {
        id: a.id,
        cohort_id: a.cohort_id,
        cohort_name: c.name,
        programme_id: c.programme_id,
        application_id: a.application_id,
        reviewer_user_id: a.reviewer_user_id,
        reference: reference_of(&app),
        organisation: app.organisation_name,
        country: app.country,
        member_count: app.member_count,
        submitted_at: a.submitted_at,
        scores: ReviewScores {
            scores,
            confidence: read_confidence(a.confidence)?,
            comment: a.comment,
        },
        blind: is_blind(conn, a.cohort_id).await?,
        application: crate::application::draft_of(conn, a.application_id).await?,
    }))
}

/// One line of a reviewer's start page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewLine {
    pub id: i32,
    pub cohort_id: i32,
    pub cohort_name: String,
    pub reference: String,
    pub organisation: String,
    pub country: String,
    pub submitted_at: Option<DateTime<Utc>>,
    /// How many criteria have a score so far.
    pub scored: usize,
}

/// Everything assigned to the reviewer, oldest assignment first.
pub async fn of_reviewer<C: ConnectionTrait>(conn: &C, user_id: i32) -> Result<Vec<ReviewLine>> {
    let assignments = review_assignment::Entity::find()
        .filter(review_assignment::Column::ReviewerUserId.eq(user_id))
        .order_by_asc(review_assignment::Column::Id)
        .all(conn)
        .await?;
    lines_of(conn, assignments).await
}

/// Which of a reviewer's assignments a page lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewFilter {
    ToDo,
    Submitted,
    All,
}

/// How many reviews are assigned to a reviewer and how many of them are submitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReviewerCounts {
    pub assigned: u64,
    pub submitted: u64,
}

impl ReviewerCounts {
    pub fn to_do(&self) -> u64 {
        self.assigned.saturating_sub(self.submitted)
    }

    pub fn of(&self, filter: ReviewFilter) -> u64 {
        match filter {
            ReviewFilter::ToDo => self.to_do(),
            ReviewFilter::Submitted => self.submitted,
            ReviewFilter::All => self.assigned,
        }
    }
}

fn of_reviewer_query(
    user_id: i32,
    filter: ReviewFilter,
) -> sea_orm::Select<review_assignment::Entity> {
    let query = review_assignment::Entity::find()
        .filter(review_assignment::Column::ReviewerUserId.eq(user_id));
    match filter {
        ReviewFilter::ToDo => query.filter(review_assignment::Column::SubmittedAt.is_null()),
        ReviewFilter::Submitted => {
            query.filter(review_assignment::Column::SubmittedAt.is_not_null())
        }
        ReviewFilter::All => query,
    }
}

/// The reviewer's counts, from the index on the reviewer (no row is read into memory).
pub async fn reviewer_counts<C: ConnectionTrait>(conn: &C, user_id: i32) -> Result<ReviewerCounts> {
    Ok(ReviewerCounts {
        assigned: of_reviewer_query(user_id, ReviewFilter::All)
            .count(conn)
            .await?,
        submitted: of_reviewer_query(user_id, ReviewFilter::Submitted)
            .count(conn)
            .await?,
    })
}

/// One page of the reviewer's assignments (`page` from 1), oldest assignment first: a reviewer
/// with 2,000 applications reads them 50 at a time, each page a few indexed rows.
pub async fn reviewer_page<C: ConnectionTrait>(
    conn: &C,
    user_id: i32,
    filter: ReviewFilter,
    page: u64,
    per_page: u64,
) -> Result<Vec<ReviewLine>> {
    let assignments = of_reviewer_query(user_id, filter)
        .order_by_asc(review_assignment::Column::Id)
        .offset(page.saturating_sub(1).saturating_mul(per_page))
        .limit(per_page)
        .all(conn)
        .await?;
    lines_of(conn, assignments).await
}

/// The cohorts the reviewer has assignments in, with their names.
pub async fn reviewer_cohorts<C: ConnectionTrait>(
    conn: &C,
    user_id: i32,
) -> Result<Vec<(i32, String)>> {
    let ids: Vec<i32> = review_assignment::Entity::find()
        .select_only()
        .column(review_assignment::Column::CohortId)
        .distinct()
        .filter(review_assignment::Column::ReviewerUserId.eq(user_id))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(cohort::Entity::find()
        .filter(cohort::Column::Id.is_in(ids))
        .order_by_asc(cohort::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect())
}

/// The lines of these assignments, in their order.
async fn lines_of<C: ConnectionTrait>(
    conn: &C,
    assignments: Vec<review_assignment::Model>,
) -> Result<Vec<ReviewLine>> {
    let ids: Vec<i32> = assignments.iter().map(|a| a.id).collect();
    let app_ids: Vec<i32> = assignments.iter().map(|a| a.application_id).collect();
    let cohort_ids: Vec<i32> = assignments.iter().map(|a| a.cohort_id).collect();
    let apps: BTreeMap<i32, application::Model> = application::Entity::find()
        .filter(application::Column::Id.is_in(app_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let cohorts: BTreeMap<i32, String> = cohort::Entity::find()
        .filter(cohort::Column::Id.is_in(cohort_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let blind: Vec<i32> = review_setting::Entity::find()
        .filter(review_setting::Column::Blind.eq(true))
        .all(conn)
        .await?
        .into_iter()
        .map(|s| s.cohort_id)
        .collect();
    let mut scored: BTreeMap<i32, usize> = BTreeMap::new();
    for s in review_score::Entity::find()
        .filter(review_score::Column::AssignmentId.is_in(ids))
        .filter(review_score::Column::Score.is_not_null())
        .all(conn)
        .await?
    {
        *scored.entry(s.assignment_id).or_default() += 1;
    }
    Ok(assignments
        .into_iter()
        .filter_map(|a| {
            let app = apps.get(&a.application_id)?;
            Some(ReviewLine {
                id: a.id,
                cohort_id: a.cohort_id,
                cohort_name: cohorts.get(&a.cohort_id).cloned().unwrap_or_default(),
                reference: reference_of(app),
                organisation: if blind.contains(&a.cohort_id) {
                    String::new()
                } else {
                    app.organisation_name.clone()
                },
                country: app.country.clone(),
                submitted_at: a.submitted_at,
                scored: scored.get(&a.id).copied().unwrap_or(0),
            })
        })
        .collect())
}

/// Saves the scores as they stand (replacing what was saved before).
pub async fn save<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    review: &ReviewScores,
    now: DateTime<Utc>,
) -> Result<()> {
    review_score::Entity::delete_many()
        .filter(review_score::Column::AssignmentId.eq(id))
        .exec(conn)
        .await?;
    let rows: Vec<review_score::ActiveModel> = review
        .scores
        .iter()
        .filter(|(_, s)| s.score.is_some() || !s.comment.is_empty())
        .map(|(key, s)| review_score::ActiveModel {
            assignment_id: Set(id),
            criterion_key: Set(key.clone()),
            score: Set(s.score),
            comment: Set(s.comment.clone()),
            ..Default::default()
        })
        .collect();
    if !rows.is_empty() {
        review_score::Entity::insert_many(rows)
            .exec_without_returning(conn)
            .await?;
    }
    review_assignment::Entity::update_many()
        .filter(review_assignment::Column::Id.eq(id))
        .col_expr(
            review_assignment::Column::Confidence,
            sea_orm::sea_query::Expr::value(review.confidence.map(|c| c.code().to_owned())),
        )
        .col_expr(
            review_assignment::Column::Comment,
            sea_orm::sea_query::Expr::value(review.comment.clone()),
        )
        .col_expr(
            review_assignment::Column::UpdatedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .exec(conn)
        .await?;
    Ok(())
}

/// Marks the review submitted; `false` when it already was.
pub async fn submit<C: ConnectionTrait>(conn: &C, id: i32, now: DateTime<Utc>) -> Result<bool> {
    let res = review_assignment::Entity::update_many()
        .filter(review_assignment::Column::Id.eq(id))
        .filter(review_assignment::Column::State.eq(ASSIGNED))
        .col_expr(
            review_assignment::Column::State,
            sea_orm::sea_query::Expr::value(SUBMITTED),
        )
        .col_expr(
            review_assignment::Column::SubmittedAt,
            sea_orm::sea_query::Expr::value(Some(now)),
        )
        .exec(conn)
        .await?;
    Ok(res.rows_affected == 1)
}

/// The cohort's applications that are reviewed: submitted and eligible.
pub async fn candidates<C: ConnectionTrait>(conn: &C, cohort_id: i32) -> Result<Vec<Candidate>> {
    let rows = application::Entity::find()
        .filter(application::Column::CohortId.eq(cohort_id))
        .filter(application::Column::Status.eq(ApplicationStatus::Submitted.code()))
        .filter(application::Column::Eligibility.eq(Eligibility::Pass.code()))
        .order_by_asc(application::Column::Id)
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|a| {
            Some(Candidate {
                application_id: i64::from(a.id),
                country: CountryCode::parse(&a.country).ok()?,
                organisation: a.organisation_name,
            })
        })
        .collect())
}

/// The cohort's reviewers (holders of the reviewer role for it) with their declared conflicts.
pub async fn reviewers<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
) -> Result<Vec<ReviewerProfile>> {
    let grants = role_grant::Entity::find()
        .filter(role_grant::Column::Role.eq(Role::Reviewer.code()))
        .filter(role_grant::Column::ScopeId.eq(cohort_id))
        .order_by_asc(role_grant::Column::UserId)
        .all(conn)
        .await?;
    let conflicts = review_conflict::Entity::find()
        .filter(review_conflict::Column::CohortId.eq(cohort_id))
        .all(conn)
        .await?;
    let mut profiles: Vec<ReviewerProfile> = Vec::new();
    for g in grants {
        if profiles.iter().any(|p| p.user_id == i64::from(g.user_id)) {
            continue;
        }
        let mut p = ReviewerProfile {
            user_id: i64::from(g.user_id),
            ..ReviewerProfile::default()
        };
        for c in conflicts.iter().filter(|c| c.reviewer_user_id == g.user_id) {
            if let Some(app) = c.application_id {
                p.declared_applications.insert(i64::from(app));
            }
            if let Some(org) = &c.organisation {
                p.declared_organisations.push(org.clone());
            }
        }
        profiles.push(p);
    }
    Ok(profiles)
}

/// The cohort's assignments as `(application_id, reviewer_user_id)`.
pub async fn assignments<C: ConnectionTrait>(conn: &C, cohort_id: i32) -> Result<Vec<(i64, i64)>> {
    Ok(review_assignment::Entity::find()
        .filter(review_assignment::Column::CohortId.eq(cohort_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| (i64::from(a.application_id), i64::from(a.reviewer_user_id)))
        .collect())
}

/// Adds assignments; returns how many.
pub async fn add_assignments<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
    pairs: &[(i64, i64)],
    now: DateTime<Utc>,
) -> Result<usize> {
    let rows: Vec<review_assignment::ActiveModel> = pairs
        .iter()
        .filter_map(|(app, reviewer)| {
            Some(review_assignment::ActiveModel {
                cohort_id: Set(cohort_id),
                application_id: Set(i32::try_from(*app).ok()?),
                reviewer_user_id: Set(i32::try_from(*reviewer).ok()?),
                state: Set(ASSIGNED.to_owned()),
                confidence: Set(None),
                comment: Set(String::new()),
                created_at: Set(now),
                updated_at: Set(now),
                submitted_at: Set(None),
                ..Default::default()
            })
        })
        .collect();
    let n = rows.len();
    if n > 0 {
        review_assignment::Entity::insert_many(rows)
            .exec_without_returning(conn)
            .await?;
    }
    Ok(n)
}

/// The reviewer declares a conflict with the application of this assignment: the conflict is
/// recorded for the cohort and the assignment (with any scores) removed.
pub async fn declare_conflict<C: ConnectionTrait>(
    conn: &C,
    review: &StoredReview,
    now: DateTime<Utc>,
) -> Result<()> {
    review_conflict::Entity::insert(review_conflict::ActiveModel {
        cohort_id: Set(review.cohort_id),
        reviewer_user_id: Set(review.reviewer_user_id),
        application_id: Set(Some(review.application_id)),
        organisation: Set(None),
        created_at: Set(now),
        ..Default::default()
    })
    .exec_without_returning(conn)
    .await?;
    review_score::Entity::delete_many()
        .filter(review_score::Column::AssignmentId.eq(review.id))
        .exec(conn)
        .await?;
    review_assignment::Entity::delete_by_id(review.id)
        .exec(conn)
        .await?;
    Ok(())
}

/// How far a reviewer is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewerProgress {
    pub user_id: i32,
    pub name: String,
    pub email: String,
    pub assigned: usize,
    pub submitted: usize,
}

/// How far an application's reviews are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationProgress {
    pub application_id: i32,
    pub reference: String,
    pub organisation: String,
    pub assigned: usize,
    pub submitted: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    pub reviewers: Vec<ReviewerProgress>,
    pub applications: Vec<ApplicationProgress>,
}

/// Progress per reviewer and per reviewed application of the cohort.
pub async fn progress<C: ConnectionTrait>(conn: &C, cohort_id: i32) -> Result<Progress> {
    let assignments = review_assignment::Entity::find()
        .filter(review_assignment::Column::CohortId.eq(cohort_id))
        .all(conn)
        .await?;
    let reviewers = reviewers(conn, cohort_id).await?;
    let mut user_ids: Vec<i32> = reviewers
        .iter()
        .filter_map(|r| i32::try_from(r.user_id).ok())
        .collect();
    user_ids.extend(assignments.iter().map(|a| a.reviewer_user_id));
    user_ids.sort_unstable();
    user_ids.dedup();
    let users: BTreeMap<i32, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(user_ids.clone()))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let count = |f: &dyn Fn(&review_assignment::Model) -> bool| {
        let all = assignments.iter().filter(|a| f(a)).count();
        let done = assignments
            .iter()
            .filter(|a| f(a) && a.state == SUBMITTED)
            .count();
        (all, done)
    };
    let reviewers = user_ids
        .iter()
        .filter_map(|id| {
            let u = users.get(id)?;
            let (assigned, submitted) = count(&|a| a.reviewer_user_id == *id);
            Some(ReviewerProgress {
                user_id: *id,
                name: u.display_name.clone(),
                email: u.email.clone(),
                assigned,
                submitted,
            })
        })
        .collect();
    let applications = candidates(conn, cohort_id).await?;
    let ids: Vec<i32> = applications
        .iter()
        .filter_map(|c| i32::try_from(c.application_id).ok())
        .collect();
    let rows: BTreeMap<i32, application::Model> = application::Entity::find()
        .filter(application::Column::Id.is_in(ids.clone()))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let applications = ids
        .iter()
        .filter_map(|id| {
            let a = rows.get(id)?;
            let (assigned, submitted) = count(&|r| r.application_id == *id);
            Some(ApplicationProgress {
                application_id: *id,
                reference: reference_of(a),
                organisation: a.organisation_name.clone(),
                assigned,
                submitted,
            })
        })
        .collect();
    Ok(Progress {
        reviewers,
        applications,
    })
}

/// One assignment of the cohort for the manager's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssignmentLine {
    pub id: i32,
    pub application_id: i32,
    pub reference: String,
    pub reviewer_user_id: i32,
    pub reviewer: String,
    pub submitted: bool,
}

/// The cohort's assignments, by application and reviewer.
pub async fn assignment_lines<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
) -> Result<Vec<AssignmentLine>> {
    let rows = review_assignment::Entity::find()
        .filter(review_assignment::Column::CohortId.eq(cohort_id))
        .order_by_asc(review_assignment::Column::ApplicationId)
        .order_by_asc(review_assignment::Column::ReviewerUserId)
        .all(conn)
        .await?;
    let app_ids: Vec<i32> = rows.iter().map(|a| a.application_id).collect();
    let user_ids: Vec<i32> = rows.iter().map(|a| a.reviewer_user_id).collect();
    let mut apps: BTreeMap<i32, String> = BTreeMap::new();
    for chunk in app_ids.chunks(500) {
        for a in application::Entity::find()
            .filter(application::Column::Id.is_in(chunk.to_vec()))
            .all(conn)
            .await?
        {
            apps.insert(a.id, reference_of(&a));
        }
    }
    let mut users: BTreeMap<i32, String> = BTreeMap::new();
    let mut distinct = user_ids.clone();
    distinct.sort_unstable();
    distinct.dedup();
    for u in user::Entity::find()
        .filter(user::Column::Id.is_in(distinct))
        .all(conn)
        .await?
    {
        users.insert(u.id, u.display_name);
    }
    Ok(rows
        .into_iter()
        .map(|a| AssignmentLine {
            id: a.id,
            application_id: a.application_id,
            reference: apps.get(&a.application_id).cloned().unwrap_or_default(),
            reviewer_user_id: a.reviewer_user_id,
            reviewer: users.get(&a.reviewer_user_id).cloned().unwrap_or_default(),
            submitted: a.state == SUBMITTED,
        })
        .collect())
}

/// Removes an assignment that has no submitted review, with its saved scores; `false` when
/// there is no such assignment.
pub async fn remove_assignment<C: ConnectionTrait>(conn: &C, id: i32) -> Result<bool> {
    let open = review_assignment::Entity::find_by_id(id)
        .one(conn)
        .await?
        .is_some_and(|a| a.state == ASSIGNED);
    if !open {
        return Ok(false);
    }
    review_score::Entity::delete_many()
        .filter(review_score::Column::AssignmentId.eq(id))
        .exec(conn)
        .await?;
    let res = review_assignment::Entity::delete_many()
        .filter(review_assignment::Column::Id.eq(id))
        .filter(review_assignment::Column::State.eq(ASSIGNED))
        .exec(conn)
        .await?;
    Ok(res.rows_affected == 1)
}

/// A submitted review for bulk loading: application, reviewer, score per criterion key.
pub type SeededReview = (i32, i32, Vec<(String, i32)>);

/// Load tests: stores submitted reviews in bulk, skipping pairs already assigned; returns how
/// many.
pub async fn insert_submitted<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
    reviews: &[SeededReview],
    now: DateTime<Utc>,
) -> Result<usize> {
    let existing: std::collections::BTreeSet<(i64, i64)> =
        assignments(conn, cohort_id).await?.into_iter().collect();
    let fresh: Vec<&SeededReview> = reviews
        .iter()
        .filter(|(a, r, _)| !existing.contains(&(i64::from(*a), i64::from(*r))))
        .collect();
    for chunk in fresh.chunks(400) {
        review_assignment::Entity::insert_many(chunk.iter().map(|(a, r, _)| {
            review_assignment::ActiveModel {
                cohort_id: Set(cohort_id),
                application_id: Set(*a),
                reviewer_user_id: Set(*r),
                state: Set(SUBMITTED.to_owned()),
                confidence: Set(Some(Confidence::Medium.code().to_owned())),
                comment: Set(String::new()),
                created_at: Set(now),
                updated_at: Set(now),
                submitted_at: Set(Some(now)),
                ..Default::default()
            }
        }))
        .exec_without_returning(conn)
        .await?;
    }
    let ids: BTreeMap<(i32, i32), i32> = review_assignment::Entity::find()
        .filter(review_assignment::Column::CohortId.eq(cohort_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| ((a.application_id, a.reviewer_user_id), a.id))
        .collect();
    let scores: Vec<review_score::ActiveModel> = fresh
        .iter()
        .filter_map(|(a, r, s)| Some((ids.get(&(*a, *r))?, s)))
        .flat_map(|(id, s)| {
            s.iter().map(move |(key, score)| review_score::ActiveModel {
                assignment_id: Set(*id),
                criterion_key: Set(key.clone()),
                score: Set(Some(*score)),
                comment: Set(String::new()),
                ..Default::default()
            })
        })
        .collect();
    for chunk in scores.chunks(400) {
        review_score::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(conn)
            .await?;
    }
    Ok(fresh.len())
}
