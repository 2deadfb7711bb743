//! Erasure on request (GDPR article 17), made by an administrator and audited with what was
//! kept and why (the audit entry names the account's number, not the person).

use itp_domain::account::Email;
use itp_domain::audit::ChangeSet;
use itp_domain::validation::FieldErrors;
use itp_persistence::account;
use itp_persistence::audit::Entry;
use itp_persistence::erasure::{self, Erased};

use super::purge::finance_cutoff;
use crate::ops::{Context, OpError, OpResult};
use crate::storage::DocumentStore;

pub async fn erase(ctx: &Context<'_>, email: &str) -> OpResult<(i32, Erased)> {
    let mut errors = FieldErrors::new();
    let Ok(email) = Email::parse(email) else {
        errors.add(
            "erase_email",
            "Enter the person's e-mail address, such as name@example.org.",
        );
        return Err(OpError::Invalid(errors));
    };
    let mut uow = ctx.begin().await?;
    let Some(person) = account::find_by_email(uow.conn(), &email).await? else {
        errors.add("erase_email", "No account has this address.");
        return Err(OpError::Invalid(errors));
    };
    if ctx.user_id().ok() == Some(person.id) {
        return Err(OpError::Conflict(
            "You cannot erase your own account; ask another administrator.".into(),
        ));
    }
    let now = uow.now();
    let kept_since = finance_cutoff(&ctx.state.config.retention, now);
    let erased = erasure::erase(uow.conn(), person.id, kept_since, now)
        .await?
        .ok_or(OpError::NotFound)?;
    let keys: Vec<String> = erased
        .documents
        .iter()
        .map(|d| d.storage_key.clone())
        .collect();
    DocumentStore::of(ctx.state)
        .delete(uow.conn(), &keys)
        .await?;
    let mut changes = ChangeSet::new()
        .set("applications pseudonymised", erased.applications)
        .set("documents deleted", erased.documents.len())
        .set("messages deleted", erased.mail)
        .set("mentions replaced", erased.replaced);
    for (what, n, why) in &erased.kept {
        changes = changes.set(&format!("kept: {n} {what}"), why);
    }
    uow.audit(Entry {
        action: "personal_data.erase",
        entity_type: "user",
        entity_id: Some(person.id.to_string()),
        changes,
    })
    .await?;
    uow.commit().await?;
    Ok((person.id, erased))
}
