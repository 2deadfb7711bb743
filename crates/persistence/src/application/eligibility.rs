//! Eligibility: managers' overrides, the register of earlier participants, and the outcome kept
//! on each application for filtering.

use chrono::{DateTime, Utc};
use itp_domain::Code;
use itp_domain::application::ApplicationDraft;
use itp_domain::application::eligibility::{CheckKind, CheckOutcome, CheckResult};
use itp_domain::application::returning::{EarlierParticipant, name_key};
use itp_domain::country::CountryCode;
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    sea_query::{Expr, OnConflict},
};

use crate::Result;
use crate::decode;
use crate::entities::{application, earlier_participant, eligibility_override};

pub async fn overrides<C: ConnectionTrait>(
    conn: &C,
    application_id: i32,
) -> Result<Vec<(CheckKind, String)>> {
    eligibility_override::Entity::find()
        .filter(eligibility_override::Column::ApplicationId.eq(application_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|o| {
            Ok((
                decode(&o.check_kind, "eligibility_overrides.check_kind")?,
                o.reason,
            ))
        })
        .collect()
}

/// Records (or replaces) a manager's override of one check.
pub async fn set_override<C: ConnectionTrait>(
    conn: &C,
    application_id: i32,
    kind: CheckKind,
    reason: &str,
    decided_by: i32,
    now: DateTime<Utc>,
) -> Result<()> {
    eligibility_override::Entity::insert(eligibility_override::ActiveModel {
        application_id: Set(application_id),
        check_kind: Set(kind.code().to_owned()),
        reason: Set(reason.to_owned()),
        decided_by: Set(Some(decided_by)),
        decided_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            eligibility_override::Column::ApplicationId,
            eligibility_override::Column::CheckKind,
        ])
        .update_columns([
            eligibility_override::Column::Reason,
            eligibility_override::Column::DecidedBy,
            eligibility_override::Column::DecidedAt,
        ])
        .to_owned(),
    )
    .exec(conn)
    .await?;
    Ok(())
}

pub async fn remove_override<C: ConnectionTrait>(
    conn: &C,
    application_id: i32,
    kind: CheckKind,
) -> Result<bool> {
    let res = eligibility_override::Entity::delete_many()
        .filter(eligibility_override::Column::ApplicationId.eq(application_id))
        .filter(eligibility_override::Column::CheckKind.eq(kind.code()))
        .exec(conn)
        .await?;
    Ok(res.rows_affected > 0)
}

fn to_domain(row: earlier_participant::Model) -> EarlierParticipant {
    EarlierParticipant {
        id: i64::from(row.id),
        name_key: row.name_key,
        year_of_birth: row.year_of_birth,
        country: row
            .country
            .as_deref()
            .and_then(|c| CountryCode::parse(c).ok()),
        email: row.email,
        description: row.description,
    }
}

/// The name keys and e-mail addresses of a draft's members: what an earlier participant can
/// match on.
fn match_keys(draft: &ApplicationDraft) -> (Vec<String>, Vec<String>) {
    let keys = draft
        .members()
        .map(|(_, m)| name_key(&m.full_name))
        .filter(|k| !k.is_empty())
        .collect();
    let emails = draft
        .members()
        .map(|(_, m)| m.email.trim().to_lowercase())
        .filter(|e| !e.is_empty())
        .collect();
    (keys, emails)
}

/// Earlier participants who could match any member of the draft: same name key or same e-mail.
/// One query, whatever the team size; the domain decides what is a match.
pub async fn candidates_for<C: ConnectionTrait>(
    conn: &C,
    draft: &ApplicationDraft,
) -> Result<Vec<EarlierParticipant>> {
    let (keys, emails) = match_keys(draft);
    candidates(conn, keys, emails).await
}

/// The candidates of many drafts at once (an import): a query per 400 keys instead of one per
/// application. Narrow them per draft with [`relevant_to`].
pub async fn candidates_for_many<C: ConnectionTrait>(
    conn: &C,
    drafts: &[&ApplicationDraft],
) -> Result<Vec<EarlierParticipant>> {
    // Bound parameters per statement stay far below SQLite's and PostgreSQL's limits.
    const CHUNK: usize = 400;
    let mut keys = std::collections::BTreeSet::new();
    let mut emails = std::collections::BTreeSet::new();
    for draft in drafts {
        let (k, e) = match_keys(draft);
        keys.extend(k);
        emails.extend(e);
    }
    let keys: Vec<String> = keys.into_iter().collect();
    let emails: Vec<String> = emails.into_iter().collect();
    let mut found: Vec<EarlierParticipant> = Vec::new();
    for chunk in keys.chunks(CHUNK) {
        found.extend(candidates(conn, chunk.to_vec(), Vec::new()).await?);
    }
    for chunk in emails.chunks(CHUNK) {
        found.extend(candidates(conn, Vec::new(), chunk.to_vec()).await?);
    }
    found.sort_by_key(|p| p.id);
    found.dedup_by_key(|p| p.id);
    Ok(found)
}

/// The candidates among `all` that share a name key or an e-mail with one of the draft's members.
pub fn relevant_to(
    all: &[EarlierParticipant],
    draft: &ApplicationDraft,
) -> Vec<EarlierParticipant> {
    let (keys, emails) = match_keys(draft);
    all.iter()
        .filter(|p| {
            keys.contains(&p.name_key) || p.email.as_ref().is_some_and(|e| emails.contains(e))
        })
        .cloned()
        .collect()
}

async fn candidates<C: ConnectionTrait>(
    conn: &C,
    keys: Vec<String>,
    emails: Vec<String>,
) -> Result<Vec<EarlierParticipant>> {
    if keys.is_empty() && emails.is_empty() {
        return Ok(Vec::new());
    }
    let rows = earlier_participant::Entity::find()
        .filter(
            Condition::any()
                .add(earlier_participant::Column::NameKey.is_in(keys))
                .add(earlier_participant::Column::Email.is_in(emails)),
        )
        .all(conn)
        .await?;
    Ok(rows.into_iter().map(to_domain).collect())
}

pub struct NewEarlierParticipant<'a> {
    pub full_name: &'a str,
    pub year_of_birth: Option<i32>,
    pub country: Option<&'a str>,
    pub email: Option<&'a str>,
    pub description: &'a str,
}

pub async fn add_earlier_participant<C: ConnectionTrait>(
    conn: &C,
    p: NewEarlierParticipant<'_>,
    now: DateTime<Utc>,
) -> Result<i32> {
    let res = earlier_participant::Entity::insert(earlier_participant::ActiveModel {
        full_name: Set(p.full_name.to_owned()),
        name_key: Set(name_key(p.full_name).chars().take(200).collect()),
        year_of_birth: Set(p.year_of_birth),
        country: Set(p.country.map(str::to_owned)),
        email: Set(p.email.map(|e| e.trim().to_lowercase())),
        description: Set(p.description.to_owned()),
        created_at: Set(now),
        ..Default::default()
    })
    .exec(conn)
    .await?;
    Ok(res.last_insert_id)
}

/// Keeps the overall outcome and the number of flags on the application, for the list's filters.
pub async fn store_outcome<C: ConnectionTrait>(
    conn: &C,
    application_id: i32,
    results: &[CheckResult],
) -> Result<()> {
    let outcome = itp_domain::application::eligibility::overall(results);
    let flags = results
        .iter()
        .filter(|r| r.effective() == CheckOutcome::Flag)
        .count();
    application::Entity::update_many()
        .col_expr(
            application::Column::Eligibility,
            Expr::value(outcome.code()),
        )
        .col_expr(
            application::Column::FlagCount,
            Expr::value(i32::try_from(flags).unwrap_or(0)),
        )
        .filter(application::Column::Id.eq(application_id))
        .exec(conn)
        .await?;
    Ok(())
}
