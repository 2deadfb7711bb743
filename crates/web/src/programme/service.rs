//! Changing the programme catalogue: each change and its audit entry in one transaction.

use itp_domain::programme::Programme;
use itp_persistence::audit::{self, Actor, Entry};
use itp_persistence::{begin_write, programme};

use crate::app::AppState;
use crate::error::{AppError, Result};

pub async fn create(state: &AppState, actor: &Actor, p: &Programme) -> Result<i32> {
    let now = state.clock.now();
    let tx = begin_write(&state.db.conn).await?;
    let id = programme::create(&tx, p, now).await?;
    audit::record(
        &tx,
        actor,
        now,
        Entry {
            action: "programme.create",
            entity_type: "programme",
            entity_id: Some(id.to_string()),
            changes: p.as_new(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Saves a new version of the catalogue entry; `archived` stays as stored (it has its own action).
pub async fn update(state: &AppState, actor: &Actor, id: i32, p: &Programme) -> Result<()> {
    let now = state.clock.now();
    let tx = begin_write(&state.db.conn).await?;
    let before = programme::find(&tx, id).await?.ok_or(AppError::NotFound)?;
    let after = Programme {
        archived: before.programme.archived,
        ..p.clone()
    };
    let changes = before.programme.changes_to(&after);
    if !changes.is_empty() {
        programme::update(&tx, id, &after, now).await?;
        audit::record(
            &tx,
            actor,
            now,
            Entry {
                action: "programme.update",
                entity_type: "programme",
                entity_id: Some(id.to_string()),
                changes,
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

pub async fn set_archived(
    state: &AppState,
    actor: &Actor,
    id: i32,
    archived: bool,
) -> Result<Programme> {
    let now = state.clock.now();
    let tx = begin_write(&state.db.conn).await?;
    let before = programme::find(&tx, id).await?.ok_or(AppError::NotFound)?;
    let after = Programme {
        archived,
        ..before.programme.clone()
    };
    let changes = before.programme.changes_to(&after);
    if !changes.is_empty() {
        programme::update(&tx, id, &after, now).await?;
        audit::record(
            &tx,
            actor,
            now,
            Entry {
                action: if archived {
                    "programme.archive"
                } else {
                    "programme.unarchive"
                },
                entity_type: "programme",
                entity_id: Some(id.to_string()),
                changes,
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(after)
}
