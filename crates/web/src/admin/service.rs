//! Creating accounts and issuing their links: used by the admin pages and by `itp user add`.

use chrono::{DateTime, Utc};
use itp_domain::account::{Email, LinkPurpose};
use itp_domain::audit::ChangeSet;
use itp_domain::role::Grant;
use itp_persistence::audit::{self, Actor, Entry};
use itp_persistence::{account, begin_write};

use crate::app::AppState;
use crate::auth::service::issue_link;
use crate::error::Result;

pub struct Invitation {
    pub user_id: i32,
    pub link: String,
    pub expires_at: DateTime<Utc>,
}

/// Creates an account with one grant and an invitation link, in one transaction.
pub async fn invite(
    state: &AppState,
    actor: &Actor,
    email: &Email,
    display_name: &str,
    grant: Grant,
) -> Result<Invitation> {
    let now = state.clock.now();
    let tx = begin_write(&state.db.conn).await?;
    let name = if display_name.trim().is_empty() {
        email.as_str()
    } else {
        display_name
    };
    let user_id = account::create(&tx, email, name, &[grant], now).await?;
    let (link, expires_at) = issue_link(&tx, state, user_id, LinkPurpose::Invite).await?;
    audit::record(
        &tx,
        actor,
        now,
        Entry {
            action: "user.invite",
            entity_type: "user",
            entity_id: Some(user_id.to_string()),
            changes: ChangeSet::new()
                .set("email", email)
                .set("display_name", name)
                .set("role", grant.role)
                .set(
                    "scope",
                    grant.scope.map(|s| s.to_string()).unwrap_or_default(),
                ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Invitation {
        user_id,
        link,
        expires_at,
    })
}

/// Issues a password-reset link for an existing account (until mail exists, the admin passes it on).
pub async fn reset_link(
    state: &AppState,
    actor: &Actor,
    user_id: i32,
) -> Result<(String, DateTime<Utc>)> {
    let now = state.clock.now();
    let tx = begin_write(&state.db.conn).await?;
    let (link, expires) = issue_link(&tx, state, user_id, LinkPurpose::PasswordReset).await?;
    audit::record(
        &tx,
        actor,
        now,
        Entry {
            action: "user.issue_reset_link",
            entity_type: "user",
            entity_id: Some(user_id.to_string()),
            changes: ChangeSet::new(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok((link, expires))
}
