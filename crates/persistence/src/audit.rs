//! The audit log: who changed what, written in the same transaction as the change.

use chrono::{DateTime, Utc};
use itp_domain::audit::ChangeSet;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use crate::Result;
use crate::entities::audit_log;

/// Who made a change: a signed-in person, or the system itself (CLI, scheduled job).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Option<i32>,
    pub label: String,
}

impl Actor {
    pub fn user(user_id: i32, email: &str) -> Actor {
        Actor {
            user_id: Some(user_id),
            label: email.to_owned(),
        }
    }

    pub fn system(label: &str) -> Actor {
        Actor {
            user_id: None,
            label: label.to_owned(),
        }
    }
}

/// One change to record; `entity_id` is text so any key fits.
pub struct Entry<'a> {
    pub action: &'a str,
    pub entity_type: &'a str,
    pub entity_id: Option<String>,
    pub changes: ChangeSet,
}

impl<'a> Entry<'a> {
    /// A change to the record `entity_type` number `id`.
    pub fn new(
        action: &'a str,
        entity_type: &'a str,
        id: impl ToString,
        changes: ChangeSet,
    ) -> Entry<'a> {
        Entry {
            action,
            entity_type,
            entity_id: Some(id.to_string()),
            changes,
        }
    }
}

pub async fn record<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    at: DateTime<Utc>,
    entry: Entry<'_>,
) -> Result<()> {
    audit_log::Entity::insert(audit_log::ActiveModel {
        at: Set(at),
        actor_user_id: Set(actor.user_id),
        actor_label: Set(actor.label.clone()),
        action: Set(entry.action.to_owned()),
        entity_type: Set(entry.entity_type.to_owned()),
        entity_id: Set(entry.entity_id),
        changes: Set(entry.changes.to_json()),
        ..Default::default()
    })
    .exec(conn)
    .await?;
    Ok(())
}

/// What the audit page filters on; empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i32,
    pub at: DateTime<Utc>,
    pub actor_user_id: Option<i32>,
    pub actor_label: String,
    pub action: String,
    pub entity_type: String,
    pub entity_id: Option<String>,
    /// The changed fields as JSON.
    pub changes: String,
}

impl From<audit_log::Model> for AuditEntry {
    fn from(m: audit_log::Model) -> AuditEntry {
        AuditEntry {
            id: m.id,
            at: m.at,
            actor_user_id: m.actor_user_id,
            actor_label: m.actor_label,
            action: m.action,
            entity_type: m.entity_type,
            entity_id: m.entity_id,
            changes: m.changes,
        }
    }
}

pub struct Page {
    pub entries: Vec<AuditEntry>,
    pub total: u64,
}

pub async fn list<C: ConnectionTrait>(
    conn: &C,
    filter: &Filter,
    offset: u64,
    limit: u64,
) -> Result<Page> {
    let mut query = audit_log::Entity::find();
    if let Some(actor) = &filter.actor {
        query = query.filter(audit_log::Column::ActorLabel.contains(actor.to_lowercase()));
    }
    if let Some(action) = &filter.action {
        query = query.filter(audit_log::Column::Action.starts_with(action));
    }
    if let Some(entity_type) = &filter.entity_type {
        query = query.filter(audit_log::Column::EntityType.eq(entity_type));
    }
    if let Some(entity_id) = &filter.entity_id {
        query = query.filter(audit_log::Column::EntityId.eq(entity_id));
    }
    if let Some(from) = filter.from {
        query = query.filter(audit_log::Column::At.gte(from));
    }
    if let Some(until) = filter.until {
        query = query.filter(audit_log::Column::At.lt(until));
    }
    let total = query.clone().count(conn).await?;
    let entries = query
        .order_by_desc(audit_log::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(conn)
        .await?
        .into_iter()
        .map(AuditEntry::from)
        .collect();
    Ok(Page { entries, total })
}

/// The distinct entity types in the log, for the filter's choices.
pub async fn entity_types<C: ConnectionTrait>(conn: &C) -> Result<Vec<String>> {
    let types: Vec<String> = audit_log::Entity::find()
        .select_only()
        .column(audit_log::Column::EntityType)
        .distinct()
        .order_by_asc(audit_log::Column::EntityType)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(types)
}
