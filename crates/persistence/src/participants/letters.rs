//! The programme's letter templates and the certificates issued from them.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};

use crate::Result;
use crate::entities::{certificate, participant, programme_letter};

/// A programme's templates as stored (checked when they were saved).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredTemplates {
    pub certificate: String,
    pub invitation: String,
    pub updated_at: DateTime<Utc>,
}

pub async fn templates<C: ConnectionTrait>(
    conn: &C,
    programme_id: i32,
) -> Result<Option<StoredTemplates>> {
    Ok(programme_letter::Entity::find()
        .filter(programme_letter::Column::ProgrammeId.eq(programme_id))
        .one(conn)
        .await?
        .map(|r| StoredTemplates {
            certificate: r.certificate_template,
            invitation: r.invitation_template,
            updated_at: r.updated_at,
        }))
}

pub async fn set_templates<C: ConnectionTrait>(
    conn: &C,
    programme_id: i32,
    certificate: &str,
    invitation: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let existing = programme_letter::Entity::find()
        .filter(programme_letter::Column::ProgrammeId.eq(programme_id))
        .one(conn)
        .await?;
    match existing {
        Some(row) => {
            programme_letter::Entity::update_many()
                .col_expr(
                    programme_letter::Column::CertificateTemplate,
                    Expr::value(certificate.to_owned()),
                )
                .col_expr(
                    programme_letter::Column::InvitationTemplate,
                    Expr::value(invitation.to_owned()),
                )
                .col_expr(programme_letter::Column::UpdatedAt, Expr::value(now))
                .filter(programme_letter::Column::Id.eq(row.id))
                .exec(conn)
                .await?;
        }
        None => {
            programme_letter::Entity::insert(programme_letter::ActiveModel {
                programme_id: Set(programme_id),
                certificate_template: Set(certificate.to_owned()),
                invitation_template: Set(invitation.to_owned()),
                updated_at: Set(now),
                ..Default::default()
            })
            .exec(conn)
            .await?;
        }
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCertificate {
    pub id: i32,
    pub participant_id: i32,
    pub body: String,
    pub issued_by_user_id: Option<i32>,
    pub issued_at: DateTime<Utc>,
}

fn cert(m: certificate::Model) -> StoredCertificate {
    StoredCertificate {
        id: m.id,
        participant_id: m.participant_id,
        body: m.body,
        issued_by_user_id: m.issued_by_user_id,
        issued_at: m.issued_at,
    }
}

/// Issues a participant's certificate with its words as written now.
pub async fn issue<C: ConnectionTrait>(
    conn: &C,
    participant_id: i32,
    body: &str,
    by_user_id: Option<i32>,
    now: DateTime<Utc>,
) -> Result<i32> {
    Ok(certificate::Entity::insert(certificate::ActiveModel {
        participant_id: Set(participant_id),
        body: Set(body.to_owned()),
        issued_by_user_id: Set(by_user_id),
        issued_at: Set(now),
        ..Default::default()
    })
    .exec(conn)
    .await?
    .last_insert_id)
}

pub async fn certificate_of<C: ConnectionTrait>(
    conn: &C,
    participant_id: i32,
) -> Result<Option<StoredCertificate>> {
    Ok(certificate::Entity::find()
        .filter(certificate::Column::ParticipantId.eq(participant_id))
        .one(conn)
        .await?
        .map(cert))
}

/// The certificates issued to a cohort's participants.
pub async fn certificates_of_cohort<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
) -> Result<Vec<StoredCertificate>> {
    let ids: Vec<i32> = participant::Entity::find()
        .filter(participant::Column::CohortId.eq(cohort_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect();
    Ok(certificate::Entity::find()
        .filter(certificate::Column::ParticipantId.is_in(ids))
        .order_by_asc(certificate::Column::IssuedAt)
        .all(conn)
        .await?
        .into_iter()
        .map(cert)
        .collect())
}
