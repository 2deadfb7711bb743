//! The outbox: messages written in the caller's transaction ([`enqueue`]), delivered later by a
//! sender ([`claim`], [`mark_sent`], [`mark_failed`] in `sending`), and read and managed by
//! administrators ([`list`], [`counts`], [`retry`], [`release`]).

mod sending;

use chrono::{DateTime, Utc};
use itp_domain::Code;
use itp_domain::account::Email;
use itp_domain::mail::{MailStatus, one_line, text_block};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, sea_query::Expr,
};

pub use sending::{claim, expire_stale, mark_failed, mark_sent, recover_stuck};

use crate::decode;
use crate::entities::outbox;
use crate::{PersistenceError, Result};

/// A message to put in the outbox.
#[derive(Debug, Clone)]
pub struct NewMail<'a> {
    pub to: &'a Email,
    /// The recipient's name as they write it; may be empty.
    pub to_name: &'a str,
    pub subject: &'a str,
    /// Plain text.
    pub body: &'a str,
    /// Which template the text came from, if any.
    pub template: Option<&'a str>,
    /// What caused the message, e.g. `("user", Some("42"))`.
    pub cause_type: &'a str,
    pub cause_id: Option<String>,
    /// Wait for a person to release it before sending.
    pub hold: bool,
    /// Do not send after this time (the link it carries has expired by then).
    pub expires_at: Option<DateTime<Utc>>,
}

/// A message as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredMail {
    pub id: i32,
    pub to_address: String,
    pub to_name: String,
    pub subject: String,
    pub body: String,
    pub template: Option<String>,
    pub status: MailStatus,
    pub hold: bool,
    pub attempts: u32,
    pub last_error: Option<String>,
    pub cause_type: String,
    pub cause_id: Option<String>,
    pub created_at: DateTime<Utc>,
    pub next_attempt_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub lease_until: Option<DateTime<Utc>>,
    pub sent_at: Option<DateTime<Utc>>,
    /// The HTML alternative of the body, when its template has one.
    pub html_body: Option<String>,
}

impl StoredMail {
    /// Waiting for a person to release it.
    pub fn is_held(&self) -> bool {
        self.hold && self.status == MailStatus::Queued
    }

    /// Where it stands, as the outbox page groups messages.
    pub fn state(&self) -> MailState {
        match self.status {
            MailStatus::Queued if self.hold => MailState::Held,
            MailStatus::Queued => MailState::Queued,
            MailStatus::Sending => MailState::Sending,
            MailStatus::Sent => MailState::Sent,
            MailStatus::Failed => MailState::Failed,
        }
    }
}

/// The stored status with holds told apart: what an administrator filters on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MailState {
    Queued,
    Held,
    Sending,
    Sent,
    Failed,
}

itp_domain::codes!(MailState as "mail state" {
    Queued = "queued": "Queued",
    Held = "held": "Held for review",
    Sending = "sending": "Sending",
    Sent = "sent": "Sent",
    Failed = "failed": "Failed",
});

pub(crate) fn to_stored(row: outbox::Model) -> Result<StoredMail> {
    let status: MailStatus = decode(&row.status, "outbox.status")?;
    Ok(StoredMail {
        id: row.id,
        to_address: row.to_address,
        to_name: row.to_name,
        subject: row.subject,
        body: row.body,
        template: row.template,
        status,
        hold: row.hold,
        attempts: u32::try_from(row.attempts).unwrap_or(0),
        last_error: row.last_error,
        cause_type: row.cause_type,
        cause_id: row.cause_id,
        created_at: row.created_at,
        next_attempt_at: row.next_attempt_at,
        expires_at: row.expires_at,
        lease_until: row.lease_until,
        sent_at: row.sent_at,
        html_body: row.html_body,
    })
}

fn truncate(text: &str, max_chars: usize) -> String {
    text.chars().take(max_chars).collect()
}

/// Puts a message in the outbox. Call it with the transaction of the change the message reports:
/// the message then exists exactly when the change committed. Returns the message's id.
pub async fn enqueue<C: ConnectionTrait>(
    conn: &C,
    now: DateTime<Utc>,
    mail: &NewMail<'_>,
) -> Result<i32> {
    enqueue_with_html(conn, now, mail, None).await
}

/// [`enqueue`] with an HTML alternative of the body (sent as multipart/alternative).
pub async fn enqueue_with_html<C: ConnectionTrait>(
    conn: &C,
    now: DateTime<Utc>,
    mail: &NewMail<'_>,
    html: Option<&str>,
) -> Result<i32> {
    // Defensive: the subject is a header line, whatever the caller passed.
    let subject = one_line(mail.subject).trim().to_owned();
    if subject.is_empty() {
        return Err(PersistenceError::Corrupt("a mail needs a subject".into()));
    }
    let res = outbox::Entity::insert(outbox::ActiveModel {
        to_address: Set(mail.to.as_str().to_owned()),
        to_name: Set(truncate(one_line(mail.to_name).trim(), 200)),
        subject: Set(subject),
        body: Set(text_block(mail.body)),
        template: Set(mail.template.map(str::to_owned)),
        status: Set(MailStatus::Queued.code().to_owned()),
        hold: Set(mail.hold),
        attempts: Set(0),
        last_error: Set(None),
        cause_type: Set(truncate(mail.cause_type, 64)),
        cause_id: Set(mail.cause_id.as_deref().map(|id| truncate(id, 64))),
        created_at: Set(now),
        next_attempt_at: Set(now),
        expires_at: Set(mail.expires_at),
        claim_token: Set(None),
        lease_until: Set(None),
        sent_at: Set(None),
        html_body: Set(html.map(text_block)),
        ..Default::default()
    })
    .exec(conn)
    .await?;
    Ok(res.last_insert_id)
}

pub async fn find<C: ConnectionTrait>(conn: &C, id: i32) -> Result<Option<StoredMail>> {
    outbox::Entity::find_by_id(id)
        .one(conn)
        .await?
        .map(to_stored)
        .transpose()
}

/// What the outbox page filters on; `None` does not filter.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub state: Option<MailState>,
    /// Part of the recipient's address.
    pub recipient: Option<String>,
    pub cause_type: Option<String>,
    pub cause_id: Option<String>,
    /// Exactly this address: what went out to one person.
    pub address: Option<String>,
    /// Mail about a cohort, its applications or its study visits.
    pub cohort_id: Option<i32>,
}

pub struct Page {
    pub mail: Vec<StoredMail>,
    pub total: u64,
}

/// Newest first, one page at a time.
pub async fn list<C: ConnectionTrait>(
    conn: &C,
    filter: &Filter,
    offset: u64,
    limit: u64,
) -> Result<Page> {
    let query = filtered(outbox::Entity::find(), filter);
    let total = query.clone().count(conn).await?;
    let mail = query
        .order_by_desc(outbox::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(conn)
        .await?
        .into_iter()
        .map(to_stored)
        .collect::<Result<Vec<_>>>()?;
    Ok(Page { mail, total })
}

/// The records whose mail counts as a cohort's: the cohort itself, its applications and its
/// study visits (by the cause stored with each message; cause ids are text).
fn of_cohort(cohort_id: i32) -> sea_orm::Condition {
    use crate::entities::{application, study_visit};
    use sea_orm::Condition;
    use sea_orm::sea_query::{Alias, Func, Query, SelectStatement};
    fn ids_of<E: EntityTrait>(
        entity: E,
        id: E::Column,
        cohort: E::Column,
        cohort_id: i32,
    ) -> SelectStatement {
        Query::select()
            .expr(Func::cast_as(Expr::col((entity, id)), Alias::new("TEXT")))
            .from(entity)
            .and_where(cohort.eq(cohort_id))
            .to_owned()
    }
    Condition::any()
        .add(
            Condition::all()
                .add(outbox::Column::CauseType.eq("cohort"))
                .add(outbox::Column::CauseId.eq(cohort_id.to_string())),
        )
        .add(
            Condition::all()
                .add(outbox::Column::CauseType.eq("application"))
                .add(outbox::Column::CauseId.in_subquery(ids_of(
                    application::Entity,
                    application::Column::Id,
                    application::Column::CohortId,
                    cohort_id,
                ))),
        )
        .add(
            Condition::all()
                .add(outbox::Column::CauseType.eq("study_visit"))
                .add(outbox::Column::CauseId.in_subquery(ids_of(
                    study_visit::Entity,
                    study_visit::Column::Id,
                    study_visit::Column::CohortId,
                    cohort_id,
                ))),
        )
}

fn filtered(
    mut query: sea_orm::Select<outbox::Entity>,
    filter: &Filter,
) -> sea_orm::Select<outbox::Entity> {
    if let Some(state) = filter.state {
        let (status, hold) = match state {
            MailState::Queued => (MailStatus::Queued, Some(false)),
            MailState::Held => (MailStatus::Queued, Some(true)),
            MailState::Sending => (MailStatus::Sending, None),
            MailState::Sent => (MailStatus::Sent, None),
            MailState::Failed => (MailStatus::Failed, None),
        };
        query = query.filter(outbox::Column::Status.eq(status.code()));
        if let Some(hold) = hold {
            query = query.filter(outbox::Column::Hold.eq(hold));
        }
    }
    if let Some(recipient) = &filter.recipient {
        query = query.filter(outbox::Column::ToAddress.contains(recipient.to_lowercase()));
    }
    if let Some(cause_type) = &filter.cause_type {
        query = query.filter(outbox::Column::CauseType.eq(cause_type));
    }
    if let Some(cause_id) = &filter.cause_id {
        query = query.filter(outbox::Column::CauseId.eq(cause_id));
    }
    if let Some(address) = &filter.address {
        query = query.filter(outbox::Column::ToAddress.eq(address.to_lowercase()));
    }
    if let Some(cohort_id) = filter.cohort_id {
        query = query.filter(of_cohort(cohort_id));
    }
    query
}

/// How many messages are in each state, in one query.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub queued: u64,
    pub held: u64,
    pub sending: u64,
    pub sent: u64,
    pub failed: u64,
}

impl Counts {
    pub fn get(&self, state: MailState) -> u64 {
        match state {
            MailState::Queued => self.queued,
            MailState::Held => self.held,
            MailState::Sending => self.sending,
            MailState::Sent => self.sent,
            MailState::Failed => self.failed,
        }
    }
}

pub async fn counts<C: ConnectionTrait>(conn: &C) -> Result<Counts> {
    counts_of(conn, &Filter::default()).await
}

/// [`counts`] of the messages that match `filter` (its state aside).
pub async fn counts_of<C: ConnectionTrait>(conn: &C, filter: &Filter) -> Result<Counts> {
    let filter = Filter {
        state: None,
        ..filter.clone()
    };
    let rows: Vec<(String, bool, i64)> = filtered(outbox::Entity::find(), &filter)
        .select_only()
        .column(outbox::Column::Status)
        .column(outbox::Column::Hold)
        .column_as(outbox::Column::Id.count(), "n")
        .group_by(outbox::Column::Status)
        .group_by(outbox::Column::Hold)
        .into_tuple()
        .all(conn)
        .await?;
    let mut counts = Counts::default();
    for (status, hold, n) in rows {
        let n = u64::try_from(n).unwrap_or(0);
        match (decode::<MailStatus>(&status, "outbox.status")?, hold) {
            (MailStatus::Queued, true) => counts.held += n,
            (MailStatus::Queued, false) => counts.queued += n,
            (MailStatus::Sending, _) => counts.sending += n,
            (MailStatus::Sent, _) => counts.sent += n,
            (MailStatus::Failed, _) => counts.failed += n,
        }
    }
    Ok(counts)
}

/// What went to one address: the counts per person that the outbox page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub address: String,
    pub name: String,
    pub sent: u64,
    /// Queued, held or being sent.
    pub waiting: u64,
    pub failed: u64,
}

impl Recipient {
    pub fn total(&self) -> u64 {
        self.sent + self.waiting + self.failed
    }
}

/// The recipients of the messages matching `filter`, most messages first, at most `limit`.
pub async fn recipients<C: ConnectionTrait>(
    conn: &C,
    filter: &Filter,
    limit: usize,
) -> Result<Vec<Recipient>> {
    let rows: Vec<(String, String, String, i64)> = filtered(outbox::Entity::find(), filter)
        .select_only()
        .column(outbox::Column::ToAddress)
        .column_as(outbox::Column::ToName.max(), "name")
        .column(outbox::Column::Status)
        .column_as(outbox::Column::Id.count(), "n")
        .group_by(outbox::Column::ToAddress)
        .group_by(outbox::Column::Status)
        .into_tuple()
        .all(conn)
        .await?;
    let mut people: Vec<Recipient> = Vec::new();
    for (address, name, status, n) in rows {
        let n = u64::try_from(n).unwrap_or(0);
        let at = match people.iter().position(|p| p.address == address) {
            Some(at) => at,
            None => {
                people.push(Recipient {
                    address,
                    name,
                    sent: 0,
                    waiting: 0,
                    failed: 0,
                });
                people.len() - 1
            }
        };
        let person = &mut people[at];
        match decode::<MailStatus>(&status, "outbox.status")? {
            MailStatus::Sent => person.sent += n,
            MailStatus::Failed => person.failed += n,
            MailStatus::Queued | MailStatus::Sending => person.waiting += n,
        }
    }
    people.sort_by(|a, b| b.total().cmp(&a.total()).then(a.address.cmp(&b.address)));
    people.truncate(limit);
    Ok(people)
}

/// Puts a failed message back in the queue for a new round of attempts, due now. `false` when it
/// is not failed (any more).
pub async fn retry<C: ConnectionTrait>(conn: &C, id: i32, now: DateTime<Utc>) -> Result<bool> {
    let res = outbox::Entity::update_many()
        .col_expr(
            outbox::Column::Status,
            Expr::value(MailStatus::Queued.code()),
        )
        .col_expr(outbox::Column::Attempts, Expr::value(0))
        .col_expr(outbox::Column::NextAttemptAt, Expr::value(now))
        .filter(outbox::Column::Id.eq(id))
        .filter(outbox::Column::Status.eq(MailStatus::Failed.code()))
        .exec(conn)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Lets a held message go, due now. `false` when it is not held (any more).
pub async fn release<C: ConnectionTrait>(conn: &C, id: i32, now: DateTime<Utc>) -> Result<bool> {
    let res = outbox::Entity::update_many()
        .col_expr(outbox::Column::Hold, Expr::value(false))
        .col_expr(outbox::Column::NextAttemptAt, Expr::value(now))
        .filter(outbox::Column::Id.eq(id))
        .filter(outbox::Column::Status.eq(MailStatus::Queued.code()))
        .filter(outbox::Column::Hold.eq(true))
        .exec(conn)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Changes the text of a held message; false unless it is still held and unsent.
pub async fn edit_held<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    subject: &str,
    body: &str,
) -> Result<bool> {
    let res = outbox::Entity::update_many()
        .col_expr(
            outbox::Column::Subject,
            Expr::value(one_line(subject).trim().to_owned()),
        )
        .col_expr(outbox::Column::Body, Expr::value(text_block(body)))
        // The HTML alternative was written from the old text; the edited text goes alone.
        .col_expr(
            outbox::Column::HtmlBody,
            Expr::value(Option::<String>::None),
        )
        .filter(outbox::Column::Id.eq(id))
        .filter(outbox::Column::Status.eq(MailStatus::Queued.code()))
        .filter(outbox::Column::Hold.eq(true))
        .exec(conn)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Deletes a held message that will not be sent; false unless it is still held and unsent.
pub async fn discard_held<C: ConnectionTrait>(conn: &C, id: i32) -> Result<bool> {
    let res = outbox::Entity::delete_many()
        .filter(outbox::Column::Id.eq(id))
        .filter(outbox::Column::Status.eq(MailStatus::Queued.code()))
        .filter(outbox::Column::Hold.eq(true))
        .exec(conn)
        .await?;
    Ok(res.rows_affected == 1)
}

/// The ids of every held message, oldest first.
pub async fn held_ids<C: ConnectionTrait>(conn: &C) -> Result<Vec<i32>> {
    Ok(outbox::Entity::find()
        .filter(outbox::Column::Status.eq(MailStatus::Queued.code()))
        .filter(outbox::Column::Hold.eq(true))
        .order_by_asc(outbox::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|m| m.id)
        .collect())
}

#[cfg(test)]
mod tests;

/// Whether a message to exactly `address` was queued after `since`. (The outbox filter matches
/// addresses that *contain* a text, for people searching; a limit must compare the address
/// itself, or registering `x.finance@example.org` would push `finance@example.org` out of view.)
/// Whether a message from one of `templates` was queued to exactly `address` after `since`: the
/// self-service forms limit only their own mail, not a decision letter the person also got.
pub async fn queued_from_templates_to_since<C: ConnectionTrait>(
    conn: &C,
    address: &str,
    templates: &[&str],
    since: DateTime<Utc>,
) -> Result<bool> {
    use sea_orm::PaginatorTrait;
    Ok(outbox::Entity::find()
        .filter(outbox::Column::ToAddress.eq(address))
        .filter(outbox::Column::Template.is_in(templates.iter().copied()))
        .filter(outbox::Column::CreatedAt.gt(since))
        .count(conn)
        .await?
        > 0)
}

pub async fn queued_to_since<C: ConnectionTrait>(
    conn: &C,
    address: &str,
    since: DateTime<Utc>,
) -> Result<bool> {
    use sea_orm::PaginatorTrait;
    Ok(outbox::Entity::find()
        .filter(outbox::Column::ToAddress.eq(address))
        .filter(outbox::Column::CreatedAt.gt(since))
        .count(conn)
        .await?
        > 0)
}
