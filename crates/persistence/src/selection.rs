//! What the selection board reads: the cohort's reviewed teams with their members, and the
//! totals of the submitted reviews.

use std::collections::BTreeMap;

use itp_domain::application::fields::Gender;
use itp_domain::country::CountryCode;
use itp_domain::programme::TeamRole;
use itp_domain::review::{CriterionScore, ReviewScores, total};
use itp_domain::selection::{Member, ReviewValue, Team};
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::entities::{application, application_member, review_assignment, review_score};
use crate::review::{self, candidates};
use crate::{Result, decode};

/// A team on the board: the application and the team as the proposal sees it.
#[derive(Debug, Clone)]
pub struct BoardTeam {
    pub application_id: i32,
    pub organisation: String,
    pub team: Team,
}

/// The cohort's eligible submitted teams, and the totals of their submitted reviews (keyed by
/// the team's reference and the reviewer's user id).
pub async fn board<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
) -> Result<(Vec<BoardTeam>, Vec<ReviewValue<String, i32>>)> {
    let ids: Vec<i32> = candidates(conn, cohort_id)
        .await?
        .iter()
        .filter_map(|c| i32::try_from(c.application_id).ok())
        .collect();
    let apps = application::Entity::find()
        .filter(application::Column::Id.is_in(ids.clone()))
        .order_by_asc(application::Column::Id)
        .all(conn)
        .await?;
    let mut members: BTreeMap<i32, Vec<Member>> = BTreeMap::new();
    for m in application_member::Entity::find()
        .filter(application_member::Column::ApplicationId.is_in(ids.clone()))
        .order_by_asc(application_member::Column::Position)
        .all(conn)
        .await?
    {
        members.entry(m.application_id).or_default().push(Member {
            gender: decode::<Gender>(&m.gender, "application_members.gender")?,
            role: decode::<TeamRole>(&m.role, "application_members.role")?,
        });
    }
    let mut teams = Vec::new();
    let mut reference_of = BTreeMap::new();
    for a in apps {
        let reference = crate::review::reference_of(&a);
        let (Some(submitted_at), Ok(country)) = (a.submitted_at, CountryCode::parse(&a.country))
        else {
            continue;
        };
        let Some(team_members) = members.remove(&a.id) else {
            continue;
        };
        reference_of.insert(a.id, reference.clone());
        teams.push(BoardTeam {
            application_id: a.id,
            organisation: a.organisation_name,
            team: Team {
                reference,
                country,
                submitted_at,
                members: team_members,
            },
        });
    }
    let rubric = review::rubric(conn, cohort_id).await?;
    let submitted = review_assignment::Entity::find()
        .filter(review_assignment::Column::CohortId.eq(cohort_id))
        .filter(review_assignment::Column::State.eq("submitted"))
        .order_by_asc(review_assignment::Column::Id)
        .all(conn)
        .await?;
    let ids: Vec<i32> = submitted.iter().map(|a| a.id).collect();
    let mut scores: BTreeMap<i32, ReviewScores> = BTreeMap::new();
    // One query for every score of the cohort's submitted reviews, not one per review.
    for chunk in ids.chunks(500) {
        for s in review_score::Entity::find()
            .filter(review_score::Column::AssignmentId.is_in(chunk.to_vec()))
            .all(conn)
            .await?
        {
            scores.entry(s.assignment_id).or_default().scores.insert(
                s.criterion_key,
                CriterionScore {
                    score: s.score,
                    comment: s.comment,
                },
            );
        }
    }
    let mut values = Vec::new();
    for a in submitted {
        let Some(reference) = reference_of.get(&a.application_id) else {
            continue;
        };
        let t: Option<Decimal> = scores.get(&a.id).and_then(|s| total(&rubric, s));
        if let Some(t) = t {
            values.push(ReviewValue {
                team: reference.clone(),
                reviewer: a.reviewer_user_id,
                total: t,
            });
        }
    }
    Ok((teams, values))
}

/// The ids of the cohort's submitted applications, in order (load-test seeding).
pub async fn submitted_ids<C: ConnectionTrait>(conn: &C, cohort_id: i32) -> Result<Vec<i32>> {
    use itp_domain::Code;
    use itp_domain::application::ApplicationStatus;
    Ok(application::Entity::find()
        .filter(application::Column::CohortId.eq(cohort_id))
        .filter(application::Column::Status.eq(ApplicationStatus::Submitted.code()))
        .order_by_asc(application::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|a| a.id)
        .collect())
}
