//! Demo outbox: a few messages in every state, made through the same transitions the sender
//! uses.

use chrono::{DateTime, Datelike, Duration, Utc};
use itp_domain::Code;
use itp_domain::account::{Email, LinkPurpose};
use itp_domain::audit::ChangeSet;
use itp_domain::mail::{AfterFailure, RetryPolicy, Values};
use itp_domain::role::{Grant, Role};
use itp_persistence::audit::{self, Actor, Entry};
use itp_persistence::mail::{self as outbox, NewMail};
use itp_persistence::{DatabaseTransaction, account};

use crate::app::AppState;
use crate::auth::service::issue_link;
use crate::mail::templates;
use crate::security::tokens::new_token;

fn corrupt(e: impl std::fmt::Display) -> itp_persistence::PersistenceError {
    itp_persistence::PersistenceError::Corrupt(format!("demo mail: {e}"))
}

/// Runs one queued message through the sender's states at `at`: sent, or failed with `error`
/// as often as the retry policy allows.
async fn deliver_demo(
    tx: &DatabaseTransaction,
    id: i32,
    mut at: DateTime<Utc>,
    error: Option<&str>,
) -> itp_persistence::Result<()> {
    let policy = RetryPolicy::STANDARD;
    loop {
        let token = new_token();
        let claimed = outbox::claim(tx, &token, at, at + Duration::minutes(10), 1).await?;
        let Some(message) = claimed.into_iter().find(|m| m.id == id) else {
            return Err(corrupt(format!("message {id} was not due at {at}")));
        };
        let Some(error) = error else {
            outbox::mark_sent(tx, id, &token, at).await?;
            return Ok(());
        };
        let after = policy.after_failure(message.attempts, false, at);
        outbox::mark_failed(tx, id, &token, error, after).await?;
        match after {
            AfterFailure::RetryAt(next) => at = next,
            AfterFailure::GiveUp => return Ok(()),
        }
    }
}

/// A few messages in every state, so the outbox page shows what it is for: an invitation that
/// went out, a reminder that could not be delivered, a mail held for review, and an invitation
/// waiting to go (without SMTP, its link can be followed from the outbox page).
pub(super) async fn seed_outbox(
    tx: &DatabaseTransaction,
    state: &AppState,
    reviewer_cohort: Option<i32>,
) -> itp_persistence::Result<()> {
    let now = state.clock.now();
    let year = now.year();
    let email = |e: &str| Email::parse(e).map_err(corrupt);
    let invite = |name: &str, role: Role, link: &str, expires: DateTime<Utc>| {
        templates::INVITATION
            .render(
                &Values::new()
                    .set("name", name)
                    .set("role", role.label())
                    .set("link", link)
                    .set("expires", expires.format("%Y-%m-%d %H:%M UTC")),
            )
            .map_err(corrupt)
    };
    // An invitation that went out twelve days ago (its link has expired since).
    let sent_at = now - Duration::days(12);
    let finance = email("finance@example.org")?;
    let finance_id = account::find_by_email(tx, &finance).await?.map(|u| u.id);
    let expired_link = format!("{}/set-password/{}", state.config.base_url, new_token());
    let mail = invite(
        "Fatima Hassan",
        Role::Finance,
        &expired_link,
        sent_at + LinkPurpose::Invite.validity(),
    )?;
    let id = outbox::enqueue(
        tx,
        sent_at,
        &NewMail {
            to: &finance,
            to_name: "Fatima Hassan",
            subject: &mail.subject,
            body: &mail.body,
            template: Some(mail.key),
            cause_type: "user",
            cause_id: finance_id.map(|id| id.to_string()),
            hold: false,
            expires_at: Some(sent_at + LinkPurpose::Invite.validity()),
        },
    )
    .await?;
    deliver_demo(tx, id, sent_at + Duration::seconds(2), None).await?;

    // A reminder the reviewer's mail server kept refusing, until the sender gave up.
    let reviewer = email("reviewer@example.org")?;
    let failed_at = now - Duration::days(2);
    let body = format!(
        "Hello Johan Berg,\n\nThe call for Municipal Financing {} closes soon. Eleven \
         applications are waiting for your scores.\n\n{}/programmes\n\n-- \nITP Admin\n",
        year + 1,
        state.config.base_url
    );
    let id = outbox::enqueue(
        tx,
        failed_at,
        &NewMail {
            to: &reviewer,
            to_name: "Johan Berg",
            subject: &format!("Reviews due: Municipal Financing {}", year + 1),
            body: &body,
            template: None,
            cause_type: "cohort",
            cause_id: reviewer_cohort.map(|id| id.to_string()),
            hold: false,
            expires_at: None,
        },
    )
    .await?;
    deliver_demo(
        tx,
        id,
        failed_at,
        Some("Connection error: Connection refused (os error 111)"),
    )
    .await?;

    // A mail a programme manager wants to read before it goes.
    let applicant = email("applicant@example.org")?;
    let body = format!(
        "Dear Grace Namubiru,\n\nThank you for starting an application to Municipal Financing \
         {}. It is not submitted yet: the budget plan and your organisation's endorsement \
         letter are missing.\n\nThe call closes in five weeks. You can continue your \
         application here:\n\n{}/\n\nKind regards,\nMaria Karlsson\nProgramme manager, ICLD\n",
        year + 1,
        state.config.base_url
    );
    outbox::enqueue(
        tx,
        now - Duration::hours(3),
        &NewMail {
            to: &applicant,
            to_name: "Grace Namubiru",
            subject: &format!(
                "Your application to Municipal Financing {} is not complete",
                year + 1
            ),
            body: &body,
            template: None,
            cause_type: "cohort",
            cause_id: reviewer_cohort.map(|id| id.to_string()),
            hold: true,
            expires_at: None,
        },
    )
    .await?;

    // An invitation waiting to go, with a live link.
    let lerato = email("lerato.dlamini@example.org")?;
    let grant = Grant {
        role: Role::Reviewer,
        scope: reviewer_cohort.map(i64::from),
    };
    let user_id = account::create(tx, &lerato, "Lerato Dlamini", &[grant], now).await?;
    // Audited as a real invitation is (admin::service::invite), so the demo data passes the
    // consistency check the crash test runs (an invitation link without its audit row reads
    // as a half-applied change).
    audit::record(
        tx,
        &Actor::system("demo data"),
        now,
        Entry {
            action: "user.invite",
            entity_type: "user",
            entity_id: Some(user_id.to_string()),
            changes: ChangeSet::new()
                .set("email", &lerato)
                .set("display_name", "Lerato Dlamini")
                .set("role", grant.role)
                .set(
                    "scope",
                    grant.scope.map(|s| s.to_string()).unwrap_or_default(),
                ),
        },
    )
    .await?;
    let (link, expires) = issue_link(tx, state, user_id, LinkPurpose::Invite)
        .await
        .map_err(corrupt)?;
    let mail = invite("Lerato Dlamini", Role::Reviewer, &link, expires)?;
    outbox::enqueue(
        tx,
        now,
        &NewMail {
            to: &lerato,
            to_name: "Lerato Dlamini",
            subject: &mail.subject,
            body: &mail.body,
            template: Some(mail.key),
            cause_type: "user",
            cause_id: Some(user_id.to_string()),
            hold: false,
            expires_at: Some(expires),
        },
    )
    .await?;
    Ok(())
}
