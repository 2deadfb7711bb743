//! Reminders as facts (table `reminders`): each is recorded with its cause (kind, record, person)
//! under a unique key, in the transaction that queues its mail. [`record_once`] says whether this
//! call recorded it; a job queues the mail only then, so running it twice, restarting it halfway
//! or running it on two instances sends each reminder once.
//!
//! Also the reads the reminder jobs start from: calls whose deadline has passed, calls closed
//! lately, and the drafts of a call with their applicants.

use chrono::{DateTime, Utc};
use itp_domain::Code;
use itp_domain::application::ApplicationStatus;
use itp_domain::cohort::CohortStatus;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};

use crate::Result;
use crate::cohort::{StoredCohort, to_domain};
use crate::entities::{application, cohort, reminder, user};

/// Why a reminder goes to whom: once per person and cause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cause<'a> {
    pub kind: &'a str,
    pub subject_type: &'a str,
    pub subject_id: i32,
    pub user_id: i32,
}

/// A recorded reminder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    pub id: i32,
    pub kind: String,
    pub subject_type: String,
    pub subject_id: i32,
    pub user_id: i32,
    pub sent_at: DateTime<Utc>,
    pub mail_id: Option<i32>,
}

/// Records the reminder; `Some(id)` when this call recorded it, `None` when it was recorded
/// before (by an earlier run, or by another instance's run that committed first).
pub async fn record_once<C: ConnectionTrait>(
    conn: &C,
    cause: &Cause<'_>,
    now: DateTime<Utc>,
) -> Result<Option<i32>> {
    let inserted = reminder::Entity::insert(reminder::ActiveModel {
        kind: Set(cause.kind.chars().take(64).collect()),
        subject_type: Set(cause.subject_type.chars().take(32).collect()),
        subject_id: Set(cause.subject_id),
        user_id: Set(cause.user_id),
        sent_at: Set(now),
        mail_id: Set(None),
        ..Default::default()
    })
    .on_conflict_do_nothing_on([
        reminder::Column::Kind,
        reminder::Column::SubjectType,
        reminder::Column::SubjectId,
        reminder::Column::UserId,
    ])
    .exec_without_returning(conn)
    .await?;
    if !matches!(inserted, sea_orm::TryInsertResult::Inserted(1)) {
        return Ok(None);
    }
    Ok(find(conn, cause).await?.map(|r| r.id))
}

/// Links the reminder to the message it queued.
pub async fn set_mail<C: ConnectionTrait>(conn: &C, id: i32, mail_id: i32) -> Result<()> {
    reminder::Entity::update_many()
        .col_expr(
            reminder::Column::MailId,
            sea_orm::sea_query::Expr::value(mail_id),
        )
        .filter(reminder::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

pub async fn find<C: ConnectionTrait>(conn: &C, cause: &Cause<'_>) -> Result<Option<Reminder>> {
    Ok(reminder::Entity::find()
        .filter(reminder::Column::Kind.eq(cause.kind))
        .filter(reminder::Column::SubjectType.eq(cause.subject_type))
        .filter(reminder::Column::SubjectId.eq(cause.subject_id))
        .filter(reminder::Column::UserId.eq(cause.user_id))
        .one(conn)
        .await?
        .map(to_reminder))
}

/// How many reminders of `kind` have been recorded.
pub async fn count_of_kind<C: ConnectionTrait>(conn: &C, kind: &str) -> Result<u64> {
    Ok(reminder::Entity::find()
        .filter(reminder::Column::Kind.eq(kind))
        .count(conn)
        .await?)
}

/// Every reminder sent to one person, oldest first.
pub async fn of_user<C: ConnectionTrait>(conn: &C, user_id: i32) -> Result<Vec<Reminder>> {
    Ok(reminder::Entity::find()
        .filter(reminder::Column::UserId.eq(user_id))
        .order_by_asc(reminder::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(to_reminder)
        .collect())
}

fn to_reminder(m: reminder::Model) -> Reminder {
    Reminder {
        id: m.id,
        kind: m.kind,
        subject_type: m.subject_type,
        subject_id: m.subject_id,
        user_id: m.user_id,
        sent_at: m.sent_at,
        mail_id: m.mail_id,
    }
}

/// Cohorts whose call is still open though its deadline has passed at `now`.
pub async fn calls_past_deadline<C: ConnectionTrait>(
    conn: &C,
    now: DateTime<Utc>,
) -> Result<Vec<StoredCohort>> {
    cohort::Entity::find()
        .filter(cohort::Column::Status.eq(CohortStatus::CallOpen.code()))
        .filter(cohort::Column::CallClosesAt.lte(now))
        .order_by_asc(cohort::Column::Id)
        .all(conn)
        .await?
        .iter()
        .map(to_domain)
        .collect()
}

/// Cohorts in selection whose call closed between `since` and `now`: whose managers may still
/// have to be told (the close and the telling are separate transactions, so a crash between
/// them is caught up by the next run).
pub async fn calls_closed_since<C: ConnectionTrait>(
    conn: &C,
    since: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Vec<StoredCohort>> {
    cohort::Entity::find()
        .filter(cohort::Column::Status.eq(CohortStatus::Selection.code()))
        .filter(cohort::Column::CallClosesAt.gte(since))
        .filter(cohort::Column::CallClosesAt.lte(now))
        .order_by_asc(cohort::Column::Id)
        .all(conn)
        .await?
        .iter()
        .map(to_domain)
        .collect()
}

/// An unsubmitted draft and the applicant it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftApplicant {
    pub application_id: i32,
    pub user_id: i32,
    pub email: String,
    pub display_name: String,
    pub organisation_name: String,
}

/// The drafts of a cohort's call whose applicant has an active account.
pub async fn drafts_of<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
) -> Result<Vec<DraftApplicant>> {
    let drafts = application::Entity::find()
        .filter(application::Column::CohortId.eq(cohort_id))
        .filter(application::Column::Status.eq(ApplicationStatus::Draft.code()))
        .filter(application::Column::ApplicantUserId.is_not_null())
        .order_by_asc(application::Column::Id)
        .all(conn)
        .await?;
    let ids: Vec<i32> = drafts.iter().filter_map(|a| a.applicant_user_id).collect();
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let people = user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .filter(user::Column::Active.eq(true))
        .all(conn)
        .await?;
    Ok(drafts
        .into_iter()
        .filter_map(|a| {
            let person = people.iter().find(|u| Some(u.id) == a.applicant_user_id)?;
            Some(DraftApplicant {
                application_id: a.id,
                user_id: person.id,
                email: person.email.clone(),
                display_name: person.display_name.clone(),
                organisation_name: a.organisation_name,
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;
    use crate::test_support::backends;

    #[tokio::test]
    async fn a_reminder_is_recorded_once_per_person_and_cause() {
        for b in backends().await {
            let conn = &b.db.conn;
            let now = Utc.with_ymd_and_hms(2027, 3, 24, 9, 0, 0).unwrap();
            let cause = Cause {
                kind: "draft_deadline_7d",
                subject_type: "application",
                subject_id: 12,
                user_id: 5,
            };
            let first = record_once(conn, &cause, now).await.unwrap();
            assert!(first.is_some(), "{}", b.name);
            let again = record_once(conn, &cause, now + Duration::hours(1))
                .await
                .unwrap();
            assert_eq!(
                again, None,
                "{}: the same cause is not recorded twice",
                b.name
            );
            let other_kind = Cause {
                kind: "draft_deadline_1d",
                ..cause
            };
            let other_person = Cause {
                user_id: 6,
                ..cause
            };
            assert!(record_once(conn, &other_kind, now).await.unwrap().is_some());
            assert!(
                record_once(conn, &other_person, now)
                    .await
                    .unwrap()
                    .is_some()
            );
            set_mail(conn, first.unwrap(), 77).await.unwrap();
            let stored = find(conn, &cause).await.unwrap().unwrap();
            assert_eq!(stored.mail_id, Some(77), "{}", b.name);
            assert_eq!(count_of_kind(conn, "draft_deadline_7d").await.unwrap(), 2);
            assert_eq!(of_user(conn, 5).await.unwrap().len(), 2, "{}", b.name);
        }
    }

    #[tokio::test]
    async fn concurrent_records_of_one_cause_let_exactly_one_through() {
        for b in backends().await {
            let now = Utc.with_ymd_and_hms(2027, 3, 24, 9, 0, 0).unwrap();
            let tasks = (0..8).map(|_| {
                let conn = b.db.conn.clone();
                tokio::spawn(async move {
                    let cause = Cause {
                        kind: "call_closed",
                        subject_type: "cohort",
                        subject_id: 3,
                        user_id: 9,
                    };
                    record_once(&conn, &cause, now).await.unwrap()
                })
            });
            let mut recorded = 0;
            for t in tasks.collect::<Vec<_>>() {
                if t.await.unwrap().is_some() {
                    recorded += 1;
                }
            }
            assert_eq!(recorded, 1, "{}", b.name);
        }
    }
}
