//! Demo mail texts: Global Mobility's own selection letter (with an HTML alternative), and a
//! Swedish reminder text for hosts for every programme, so the mail-text pages show each kind of
//! entry beside the built-in texts.

use chrono::{DateTime, Utc};
use itp_domain::mail::{TemplateInput, kind};
use itp_persistence::{DatabaseTransaction, PersistenceError, mail_templates};

fn checked(
    key: &str,
    subject: &str,
    body: &str,
    html: &str,
) -> itp_persistence::Result<itp_domain::mail::TemplateText> {
    let kind =
        kind(key).ok_or_else(|| PersistenceError::Corrupt(format!("demo mail kind {key}")))?;
    TemplateInput {
        subject: subject.into(),
        body: body.into(),
        html: html.into(),
    }
    .validate(kind)
    .map_err(|e| PersistenceError::Corrupt(format!("demo mail text {key}: {e}")))
}

pub async fn seed(
    tx: &DatabaseTransaction,
    programme_id: i32,
    by: Option<i32>,
    now: DateTime<Utc>,
) -> itp_persistence::Result<()> {
    let selected = checked(
        "selection.selected",
        "Welcome to {cohort}: application {reference} is selected",
        "Dear {name},

Congratulations: your team's application {reference} to {cohort} is
selected. The programme team looks forward to meeting you.

Please confirm your team's places, or tell us that you cannot come,
by {deadline}:

{link}

Without an answer by then, the places go to the next team on the
reserve list.

--\x20
The Global Mobility team, ICLD
",
        "<p>Dear {name},</p>
<p>Congratulations: your team's application <strong>{reference}</strong> to {cohort} is selected.</p>
<p><a href=\"{link}\">Confirm your team's places</a> by {deadline}.</p>
<p>The Global Mobility team, ICLD</p>",
    )?;
    mail_templates::save(
        tx,
        "selection.selected",
        Some(programme_id),
        &selected,
        by,
        now,
    )
    .await?;
    let reminder = checked(
        "hosts.visit_reminder",
        "Snart studiebesök i {host}: grupp {team} den {dates}",
        "Hej {name}!

Om en vecka kommer grupp {team} på studiebesök till {host}, den {dates}.
Programmet, logistiken och gruppens deltagare finns här:

{link}

Hör gärna av er om något har ändrats.

--\x20
ITP Admin, ICLD
",
        "",
    )?;
    mail_templates::save(tx, "hosts.visit_reminder", None, &reminder, by, now).await?;
    Ok(())
}
