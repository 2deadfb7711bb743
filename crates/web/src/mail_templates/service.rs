//! Saving, removing and trying out a mail text, each in one unit of work with its audit entry.

use itp_domain::audit::ChangeSet;
use itp_domain::mail::{RenderedText, TemplateKind, TemplateText};
use itp_persistence::audit::Entry;
use itp_persistence::mail_templates;

use crate::mail::{Cause, Message};
use crate::ops::{Context, OpError, OpResult};

fn scope_label(programme_id: Option<i32>) -> String {
    programme_id.map_or_else(|| "all".to_owned(), |id| id.to_string())
}

/// Stores `text` as the text of `kind` for the programme (or for every programme).
pub async fn save(
    ctx: &Context<'_>,
    kind: &TemplateKind,
    programme_id: Option<i32>,
    text: &TemplateText,
) -> OpResult<i32> {
    let mut uow = ctx.begin().await?;
    let by = ctx.user_id().ok();
    let id = mail_templates::save(uow.conn(), kind.key, programme_id, text, by, uow.now()).await?;
    uow.audit(Entry::new(
        "mail_template.save",
        "mail_template",
        id,
        ChangeSet::new()
            .set("kind", kind.key)
            .set("programme", scope_label(programme_id))
            .set("subject", &text.subject)
            .set("html", if text.html.is_some() { "yes" } else { "no" }),
    ))
    .await?;
    uow.commit().await?;
    Ok(id)
}

/// Removes the stored text, so the next one out applies again.
pub async fn reset(
    ctx: &Context<'_>,
    kind: &TemplateKind,
    programme_id: Option<i32>,
) -> OpResult<()> {
    let mut uow = ctx.begin().await?;
    let Some(stored) = mail_templates::find(uow.conn(), kind.key, programme_id).await? else {
        return Err(OpError::Conflict(
            "There is no stored text here to remove.".into(),
        ));
    };
    mail_templates::remove(uow.conn(), kind.key, programme_id).await?;
    uow.audit(Entry::new(
        "mail_template.reset",
        "mail_template",
        stored.id,
        ChangeSet::new()
            .set("kind", kind.key)
            .set("programme", scope_label(programme_id)),
    ))
    .await?;
    uow.commit().await?;
    Ok(())
}

/// Puts the rendered preview in the outbox, addressed to the person acting; the message's
/// number.
pub async fn send_test(
    ctx: &Context<'_>,
    kind: &'static TemplateKind,
    programme_id: Option<i32>,
    rendered: RenderedText,
    to: &itp_domain::account::Email,
    to_name: &str,
) -> OpResult<i32> {
    let mut uow = ctx.begin().await?;
    let mut text = rendered;
    text.subject = format!("[Test] {}", text.subject);
    let user_id = ctx.user_id()?;
    let message = Message::from_text(kind.key, text, to, to_name, Cause::new("user", user_id));
    let mail_id = uow.mail(&message).await?;
    uow.audit(Entry::new(
        "mail_template.test",
        "mail_template",
        kind.key,
        ChangeSet::new()
            .set("programme", scope_label(programme_id))
            .set("mail", mail_id),
    ))
    .await?;
    uow.commit().await?;
    Ok(mail_id)
}
