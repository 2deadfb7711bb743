//! Mail texts kept in the database (table `mail_templates`): one per kind of mail for every
//! programme, and one per kind for a single programme, which comes first. [`effective`] reads
//! the text a message of a kind about a programme is written from; `None` means the built-in
//! text.

use chrono::{DateTime, Utc};
use itp_domain::mail::TemplateText;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    sea_query::Expr,
};

use crate::Result;
use crate::entities::mail_template;

/// A stored text with where it applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredTemplate {
    pub id: i32,
    pub kind: String,
    /// `None`: every programme without its own text.
    pub programme_id: Option<i32>,
    pub text: TemplateText,
    pub updated_by: Option<i32>,
    pub updated_at: DateTime<Utc>,
}

fn scope(programme_id: Option<i32>) -> String {
    match programme_id {
        Some(id) => format!("programme:{id}"),
        None => "all".to_owned(),
    }
}

fn to_stored(row: mail_template::Model) -> StoredTemplate {
    StoredTemplate {
        id: row.id,
        kind: row.kind,
        programme_id: row.programme_id,
        text: TemplateText {
            subject: row.subject,
            body: row.body,
            html: row.html_body,
        },
        updated_by: row.updated_by,
        updated_at: row.updated_at,
    }
}

/// The stored text of `kind` for exactly this scope (a programme, or every programme).
pub async fn find<C: ConnectionTrait>(
    conn: &C,
    kind: &str,
    programme_id: Option<i32>,
) -> Result<Option<StoredTemplate>> {
    Ok(mail_template::Entity::find()
        .filter(mail_template::Column::Kind.eq(kind))
        .filter(mail_template::Column::Scope.eq(scope(programme_id)))
        .one(conn)
        .await?
        .map(to_stored))
}

/// The text a message of `kind` about `programme_id` is written from: the programme's own,
/// else the one for every programme; `None` for the built-in text.
pub async fn effective<C: ConnectionTrait>(
    conn: &C,
    kind: &str,
    programme_id: Option<i32>,
) -> Result<Option<StoredTemplate>> {
    if let Some(id) = programme_id
        && let Some(own) = find(conn, kind, Some(id)).await?
    {
        return Ok(Some(own));
    }
    find(conn, kind, None).await
}

/// Saves the text for the scope, replacing an earlier one. Call it in a write transaction (the
/// unique key on kind and scope refuses a second row if two saves race).
pub async fn save<C: ConnectionTrait>(
    conn: &C,
    kind: &str,
    programme_id: Option<i32>,
    text: &TemplateText,
    by: Option<i32>,
    now: DateTime<Utc>,
) -> Result<i32> {
    if let Some(existing) = find(conn, kind, programme_id).await? {
        mail_template::Entity::update_many()
            .col_expr(
                mail_template::Column::Subject,
                Expr::value(text.subject.clone()),
            )
            .col_expr(mail_template::Column::Body, Expr::value(text.body.clone()))
            .col_expr(
                mail_template::Column::HtmlBody,
                Expr::value(text.html.clone()),
            )
            .col_expr(mail_template::Column::UpdatedBy, Expr::value(by))
            .col_expr(mail_template::Column::UpdatedAt, Expr::value(now))
            .filter(mail_template::Column::Id.eq(existing.id))
            .exec(conn)
            .await?;
        return Ok(existing.id);
    }
    let res = mail_template::Entity::insert(mail_template::ActiveModel {
        kind: Set(kind.to_owned()),
        programme_id: Set(programme_id),
        scope: Set(scope(programme_id)),
        subject: Set(text.subject.clone()),
        body: Set(text.body.clone()),
        html_body: Set(text.html.clone()),
        updated_by: Set(by),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec(conn)
    .await?;
    Ok(res.last_insert_id)
}

/// Removes the stored text of the scope, so the next one out (every programme's, or the
/// built-in) applies again; whether there was one.
pub async fn remove<C: ConnectionTrait>(
    conn: &C,
    kind: &str,
    programme_id: Option<i32>,
) -> Result<bool> {
    let res = mail_template::Entity::delete_many()
        .filter(mail_template::Column::Kind.eq(kind))
        .filter(mail_template::Column::Scope.eq(scope(programme_id)))
        .exec(conn)
        .await?;
    Ok(res.rows_affected > 0)
}

/// Every stored text, by kind and then programme (every programme's first).
pub async fn all<C: ConnectionTrait>(conn: &C) -> Result<Vec<StoredTemplate>> {
    Ok(mail_template::Entity::find()
        .order_by_asc(mail_template::Column::Kind)
        .order_by_asc(mail_template::Column::Scope)
        .all(conn)
        .await?
        .into_iter()
        .map(to_stored)
        .collect())
}

/// A record a preview can be rendered from: its id and how the editor names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviewRecord {
    pub id: i32,
    pub label: String,
    /// The cohort's name (of the record itself, for a cohort).
    pub cohort: String,
}

/// The cohorts of `programme_id` (of every programme for `None`), newest first.
pub async fn preview_cohorts<C: ConnectionTrait>(
    conn: &C,
    programme_id: Option<i32>,
    limit: u64,
) -> Result<Vec<PreviewRecord>> {
    use crate::entities::cohort;
    use sea_orm::QuerySelect;
    let mut query = cohort::Entity::find().order_by_desc(cohort::Column::Id);
    if let Some(id) = programme_id {
        query = query.filter(cohort::Column::ProgrammeId.eq(id));
    }
    Ok(query
        .limit(limit)
        .all(conn)
        .await?
        .into_iter()
        .map(|c| PreviewRecord {
            id: c.id,
            label: c.name.clone(),
            cohort: c.name,
        })
        .collect())
}

/// The applications to the cohorts of `programme_id`, newest first.
pub async fn preview_applications<C: ConnectionTrait>(
    conn: &C,
    programme_id: Option<i32>,
    limit: u64,
) -> Result<Vec<PreviewRecord>> {
    use crate::entities::application;
    use sea_orm::QuerySelect;
    let cohorts = preview_cohorts(conn, programme_id, 1_000).await?;
    let ids: Vec<i32> = cohorts.iter().map(|c| c.id).collect();
    let rows = application::Entity::find()
        .filter(application::Column::CohortId.is_in(ids))
        .order_by_desc(application::Column::Id)
        .limit(limit)
        .all(conn)
        .await?;
    Ok(rows
        .iter()
        .map(|a| {
            let cohort = cohorts
                .iter()
                .find(|c| c.id == a.cohort_id)
                .map_or("", |c| c.label.as_str());
            PreviewRecord {
                id: a.id,
                label: format!(
                    "{} – {} ({cohort})",
                    crate::review::reference_of(a),
                    a.organisation_name
                ),
                cohort: cohort.to_owned(),
            }
        })
        .collect())
}

/// The study visits of the cohorts of `programme_id`, newest first.
pub async fn preview_visits<C: ConnectionTrait>(
    conn: &C,
    programme_id: Option<i32>,
    limit: u64,
) -> Result<Vec<PreviewRecord>> {
    use crate::entities::study_visit;
    use sea_orm::QuerySelect;
    let cohorts = preview_cohorts(conn, programme_id, 1_000).await?;
    let ids: Vec<i32> = cohorts.iter().map(|c| c.id).collect();
    let rows = study_visit::Entity::find()
        .filter(study_visit::Column::CohortId.is_in(ids))
        .order_by_desc(study_visit::Column::Id)
        .limit(limit)
        .all(conn)
        .await?;
    let mut out = Vec::new();
    for v in rows {
        let host = crate::hosts::find(conn, v.host_id).await?;
        let cohort = cohorts
            .iter()
            .find(|c| c.id == v.cohort_id)
            .map_or("", |c| c.label.as_str());
        out.push(PreviewRecord {
            id: v.id,
            label: format!(
                "{} {}–{} ({cohort})",
                host.map_or("", |h| h.name()),
                v.starts_on,
                v.ends_on
            ),
            cohort: cohort.to_owned(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support;

    fn text(subject: &str) -> TemplateText {
        TemplateText {
            subject: subject.into(),
            body: "{link}".into(),
            html: None,
        }
    }

    #[tokio::test]
    async fn a_programme_text_overrides_the_one_for_every_programme() {
        for backend in test_support::backends().await {
            overrides(&backend.db.conn).await;
        }
    }

    async fn overrides(conn: &sea_orm::DatabaseConnection) {
        let cohort = test_support::a_cohort(conn).await;
        let programme = crate::entities::cohort::Entity::find_by_id(cohort)
            .one(conn)
            .await
            .unwrap()
            .unwrap()
            .programme_id;
        let now = Utc::now();
        assert_eq!(
            effective(conn, "selection.selected", Some(programme))
                .await
                .unwrap(),
            None
        );
        save(conn, "selection.selected", None, &text("All"), None, now)
            .await
            .unwrap();
        let got = effective(conn, "selection.selected", Some(programme))
            .await
            .unwrap();
        assert_eq!(got.unwrap().text.subject, "All");
        save(
            conn,
            "selection.selected",
            Some(programme),
            &text("Own"),
            None,
            now,
        )
        .await
        .unwrap();
        save(
            conn,
            "selection.selected",
            Some(programme),
            &text("Own 2"),
            None,
            now,
        )
        .await
        .unwrap();
        let got = effective(conn, "selection.selected", Some(programme))
            .await
            .unwrap();
        assert_eq!(got.unwrap().text.subject, "Own 2");
        assert_eq!(all(conn).await.unwrap().len(), 2);
        assert!(
            remove(conn, "selection.selected", Some(programme))
                .await
                .unwrap()
        );
        let got = effective(conn, "selection.selected", Some(programme))
            .await
            .unwrap();
        assert_eq!(got.unwrap().text.subject, "All");
    }
}
