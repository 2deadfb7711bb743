//! The access export (GDPR article 15): one JSON document of everything held about a person,
//! made by an administrator and audited.

use itp_domain::account::Email;
use itp_domain::audit::ChangeSet;
use itp_domain::validation::FieldErrors;
use itp_persistence::audit::Entry;
use itp_persistence::{account, personal_data};

use crate::ops::{Context, OpError, OpResult};

/// The person's id and their document, pretty-printed.
pub async fn export(ctx: &Context<'_>, email: &str) -> OpResult<(i32, String)> {
    let mut errors = FieldErrors::new();
    let Ok(email) = Email::parse(email) else {
        errors.add(
            "email",
            "Enter the person's e-mail address, such as name@example.org.",
        );
        return Err(OpError::Invalid(errors));
    };
    let mut uow = ctx.begin().await?;
    let Some(person) = account::find_by_email(uow.conn(), &email).await? else {
        errors.add("email", "No account has this address.");
        return Err(OpError::Invalid(errors));
    };
    let document = personal_data::about(uow.conn(), person.id)
        .await?
        .ok_or(OpError::NotFound)?;
    let text = serde_json::to_string_pretty(&document).map_err(OpError::internal)?;
    uow.audit(Entry {
        action: "personal_data.export",
        entity_type: "user",
        entity_id: Some(person.id.to_string()),
        changes: ChangeSet::new().set("bytes", text.len()),
    })
    .await?;
    uow.commit().await?;
    Ok((person.id, text))
}
