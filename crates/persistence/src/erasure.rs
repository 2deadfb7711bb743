//! Erasing a person (GDPR article 17) where no legal duty keeps the data: their account is
//! emptied, their sessions, links, roles, reminders and mail deleted, their applications
//! pseudonymised with their documents deleted, and every mention of their name and address in
//! the free text of other records (drafts naming them as a team member, audit entries, mail to
//! others) replaced. Per-diem statements within the bookkeeping period keep the traveller's name:
//! the law requires them, and [`Erased::kept`] says so.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, Statement};

use crate::Result;
use crate::entities::{
    application, application_member, one_time_link, outbox, per_diem_statement, reminder,
    role_grant, session, user,
};
use crate::retention::{StoredDocument, delete_documents, documents_of_applications, mark_done};

pub const ERASURE: &str = "erasure";

/// What the erasure did, and what it kept and why.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Erased {
    pub applications: u64,
    pub documents: Vec<StoredDocument>,
    pub mail: u64,
    pub replaced: u64,
    /// (what, how many, why) of the records kept with the person's name.
    pub kept: Vec<(String, u64, String)>,
}

/// Free-text columns where a name or an address may be written: each is searched and the
/// person's name and address replaced.
const FREE_TEXT: &[(&str, &str)] = &[
    ("application_drafts", "draft"),
    ("application_members", "full_name"),
    ("application_members", "email"),
    ("outbox", "to_name"),
    ("outbox", "subject"),
    ("outbox", "body"),
    ("audit_log", "actor_label"),
    ("audit_log", "changes"),
    ("sessions", "flash"),
    ("earlier_participants", "full_name"),
    ("earlier_participants", "email"),
    ("earlier_participants", "description"),
    ("background_work", "payload"),
];

async fn replace_in<C: ConnectionTrait>(
    conn: &C,
    table: &str,
    column: &str,
    from: &str,
    to: &str,
) -> Result<u64> {
    if from.trim().chars().count() < 3 {
        // Too short to be a name: replacing it would garble other text.
        return Ok(0);
    }
    let backend = conn.get_database_backend();
    let (a, b, c) = match backend {
        DbBackend::Postgres => ("$1", "$2", "$3"),
        _ => ("?", "?", "?"),
    };
    let sql = format!(
        "UPDATE \"{table}\" SET \"{column}\" = REPLACE(\"{column}\", {a}, {b}) \
         WHERE \"{column}\" LIKE {c}"
    );
    let pattern = format!("%{}%", from.replace('%', "\\%").replace('_', "\\_"));
    let res = conn
        .execute_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [from.into(), to.into(), pattern.into()],
        ))
        .await?;
    Ok(res.rows_affected())
}

/// Erases the person `user_id`; `finance_kept_since` is the start of the bookkeeping period
/// (statements created since then are kept).
pub async fn erase<C: ConnectionTrait>(
    conn: &C,
    user_id: i32,
    finance_kept_since: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Option<Erased>> {
    let Some(person) = user::Entity::find_by_id(user_id).one(conn).await? else {
        return Ok(None);
    };
    let mut erased = Erased::default();
    let name = person.display_name.trim().to_owned();
    let email = person.email.clone();

    // Their applications: pseudonymised (countries and counts stay), documents gone, unlinked.
    let apps: Vec<i32> = application::Entity::find()
        .filter(application::Column::ApplicantUserId.eq(user_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| a.id)
        .collect();
    for id in &apps {
        crate::retention::pseudonymise_application(conn, *id, now).await?;
        mark_done(conn, ERASURE, "application", *id, now).await?;
    }
    erased.applications = apps.len() as u64;
    erased.documents = documents_of_applications(conn, &apps).await?;
    let ids: Vec<i32> = erased.documents.iter().map(|d| d.id).collect();
    delete_documents(conn, &ids).await?;
    if !apps.is_empty() {
        application::Entity::update_many()
            .col_expr(
                application::Column::ApplicantUserId,
                Expr::value(Option::<i32>::None),
            )
            .filter(application::Column::Id.is_in(apps.iter().copied()))
            .exec(conn)
            .await?;
    }
    // Named as a team member elsewhere: the row's keys too.
    application_member::Entity::update_many()
        .col_expr(application_member::Column::NameKey, Expr::value("erased"))
        .col_expr(application_member::Column::Email, Expr::value(""))
        .col_expr(
            application_member::Column::YearOfBirth,
            Expr::value(Option::<i32>::None),
        )
        .filter(
            application_member::Column::Email
                .eq(email.as_str())
                .or(application_member::Column::FullName.eq(name.as_str())),
        )
        .exec(conn)
        .await?;

    erased.mail = outbox::Entity::delete_many()
        .filter(outbox::Column::ToAddress.eq(email.as_str()))
        .exec(conn)
        .await?
        .rows_affected;
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .exec(conn)
        .await?;
    one_time_link::Entity::delete_many()
        .filter(one_time_link::Column::UserId.eq(user_id))
        .exec(conn)
        .await?;
    role_grant::Entity::delete_many()
        .filter(role_grant::Column::UserId.eq(user_id))
        .exec(conn)
        .await?;
    reminder::Entity::delete_many()
        .filter(reminder::Column::UserId.eq(user_id))
        .exec(conn)
        .await?;
    for table in ["login_throttles", "request_counts"] {
        let column = if table == "login_throttles" {
            "email"
        } else {
            "key"
        };
        let backend = conn.get_database_backend();
        let p = if backend == DbBackend::Postgres {
            "$1"
        } else {
            "?"
        };
        conn.execute_raw(Statement::from_sql_and_values(
            backend,
            format!("DELETE FROM \"{table}\" WHERE \"{column}\" LIKE {p}"),
            [format!("%{email}%").into()],
        ))
        .await?;
    }

    // Statements within the bookkeeping period are kept with the name; older ones lose it.
    let statements = per_diem_statement::Entity::find()
        .filter(
            per_diem_statement::Column::TravellerUserId
                .eq(user_id)
                .or(per_diem_statement::Column::TravellerName.eq(name.as_str())),
        )
        .all(conn)
        .await?;
    let kept = statements
        .iter()
        .filter(|s| s.created_at >= finance_kept_since)
        .count() as u64;
    for s in statements
        .iter()
        .filter(|s| s.created_at < finance_kept_since)
    {
        crate::retention::pseudonymise_statement(conn, s.id, now).await?;
    }
    if kept > 0 {
        erased.kept.push((
            "per-diem statements".into(),
            kept,
            "Swedish bookkeeping law (bokföringslagen) requires accounting records for seven \
             years; the traveller's name goes when the period ends"
                .into(),
        ));
    }

    let pseudonym = format!("Erased person #{user_id}");
    for (table, column) in FREE_TEXT {
        erased.replaced += replace_in(conn, table, column, &email, "erased address").await?;
        erased.replaced += replace_in(conn, table, column, &name, &pseudonym).await?;
    }
    user::Entity::update_many()
        .col_expr(
            user::Column::Email,
            Expr::value(format!("erased-{user_id}@invalid")),
        )
        .col_expr(user::Column::DisplayName, Expr::value(pseudonym.as_str()))
        .col_expr(
            user::Column::PasswordHash,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            user::Column::CalendarToken,
            Expr::value(Option::<String>::None),
        )
        .col_expr(user::Column::Active, Expr::value(false))
        .filter(user::Column::Id.eq(user_id))
        .exec(conn)
        .await?;
    Ok(Some(erased))
}
