//! Everything held about one person, as one JSON document (GDPR article 15): their account and
//! roles, their applications with what they typed and the documents' details, the applications
//! that name them as a team member, per-diem statements about them, the mail sent to them, the
//! reminders, and every audit entry they made or that is about their account or applications.

use sea_orm::sea_query::ExprTrait;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

use crate::Result;
use crate::entities::{
    application, application_document, application_draft, application_member, audit_log, outbox,
    per_diem_statement, reminder, role_grant, user,
};

/// The document about `user_id`; `None` when there is no such account.
pub async fn about<C: ConnectionTrait>(conn: &C, user_id: i32) -> Result<Option<Value>> {
    let Some(u) = user::Entity::find_by_id(user_id).one(conn).await? else {
        return Ok(None);
    };
    let grants: Vec<Value> = role_grant::Entity::find()
        .filter(role_grant::Column::UserId.eq(user_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|g| json!({ "role": g.role, "scope": g.scope_id }))
        .collect();

    let mut applications = Vec::new();
    for a in application::Entity::find()
        .filter(application::Column::ApplicantUserId.eq(user_id))
        .order_by_asc(application::Column::Id)
        .all(conn)
        .await?
    {
        let draft = application_draft::Entity::find_by_id(a.id)
            .one(conn)
            .await?
            .map(|d| serde_json::from_str::<Value>(&d.draft).unwrap_or(Value::String(d.draft)));
        let documents: Vec<Value> = application_document::Entity::find()
            .filter(application_document::Column::ApplicationId.eq(a.id))
            .all(conn)
            .await?
            .into_iter()
            .map(|d| {
                json!({
                    "id": d.id, "kind": d.kind, "member_position": d.member_position,
                    "file_name": d.original_name, "content_type": d.content_type,
                    "size_bytes": d.size_bytes, "sha256": d.sha256, "uploaded_at": d.uploaded_at,
                })
            })
            .collect();
        applications.push(json!({
            "id": a.id, "cohort_id": a.cohort_id, "reference": a.reference, "status": a.status,
            "organisation": a.organisation_name, "country": a.country,
            "created_at": a.created_at, "submitted_at": a.submitted_at,
            "withdrawn_at": a.withdrawn_at, "what_was_typed": draft, "documents": documents,
        }));
    }

    let named_in: Vec<Value> = application_member::Entity::find()
        .filter(application_member::Column::Email.eq(u.email.as_str()))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| {
            json!({
                "application_id": m.application_id, "position": m.position,
                "full_name": m.full_name, "email": m.email, "year_of_birth": m.year_of_birth,
                "gender": m.gender, "role": m.role,
            })
        })
        .collect();

    let statements: Vec<Value> = per_diem_statement::Entity::find()
        .filter(per_diem_statement::Column::TravellerUserId.eq(user_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|s| {
            json!({
                "id": s.id, "cohort_id": s.cohort_id, "traveller_name": s.traveller_name,
                "phase": s.phase_label, "state": s.state, "total_ore": s.total_ore,
                "currency": s.currency, "trip": serde_json::from_str::<Value>(&s.trip_json).ok(),
                "created_at": s.created_at, "paid_at": s.paid_at,
            })
        })
        .collect();

    let mail: Vec<Value> = outbox::Entity::find()
        .filter(outbox::Column::ToAddress.eq(u.email.as_str()))
        .order_by_asc(outbox::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|m| {
            json!({
                "id": m.id, "subject": m.subject, "body": m.body, "status": m.status,
                "created_at": m.created_at,
            })
        })
        .collect();

    let reminders: Vec<Value> = reminder::Entity::find()
        .filter(reminder::Column::UserId.eq(user_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| {
            json!({ "kind": r.kind, "about": format!("{} {}", r.subject_type, r.subject_id), "sent_at": r.sent_at })
        })
        .collect();

    let application_ids: Vec<String> = applications
        .iter()
        .filter_map(|a| a["id"].as_i64())
        .map(|id| id.to_string())
        .collect();
    let audit: Vec<Value> = audit_log::Entity::find()
        .filter(
            audit_log::Column::ActorUserId
                .eq(user_id)
                .or(audit_log::Column::EntityType
                    .eq("user")
                    .and(audit_log::Column::EntityId.eq(user_id.to_string())))
                .or(audit_log::Column::EntityType
                    .eq("application")
                    .and(audit_log::Column::EntityId.is_in(application_ids))),
        )
        .order_by_asc(audit_log::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|e| {
            json!({
                "at": e.at, "by": e.actor_label, "action": e.action,
                "record": format!("{} {}", e.entity_type, e.entity_id.unwrap_or_default()),
                "changes": serde_json::from_str::<Value>(&e.changes).unwrap_or(Value::String(e.changes)),
            })
        })
        .collect();

    Ok(Some(json!({
        "account": {
            "id": u.id, "email": u.email, "name": u.display_name, "active": u.active,
            "created_at": u.created_at, "last_login_at": u.last_login_at, "roles": grants,
        },
        "applications": applications,
        "named_as_team_member": named_in,
        "per_diem_statements": statements,
        "mail_sent": mail,
        "reminders": reminders,
        "audit_entries": audit,
    })))
}
