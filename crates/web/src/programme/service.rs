//! Changing the programme catalogue: each change and its audit entry in one unit of work.

use itp_domain::programme::Programme;
use itp_persistence::audit::Entry;
use itp_persistence::programme;

use crate::ops::{Context, OpError, OpResult};

pub async fn create(ctx: &Context<'_>, p: &Programme) -> OpResult<i32> {
    let mut uow = ctx.begin().await?;
    let id = programme::create(uow.conn(), p, uow.now())
        .await
        // The only unique field a person types is the code.
        .map_err(|e| OpError::from(e).conflict_as_field("code"))?;
    uow.audit(Entry::new("programme.create", "programme", id, p.as_new()))
        .await?;
    uow.commit().await?;
    Ok(id)
}

/// Saves a new version of the catalogue entry; `archived` stays as stored (it has its own action).
pub async fn update(ctx: &Context<'_>, id: i32, p: &Programme) -> OpResult<()> {
    let mut uow = ctx.begin().await?;
    let before = programme::find(uow.conn(), id)
        .await?
        .ok_or(OpError::NotFound)?;
    let after = Programme {
        archived: before.programme.archived,
        ..p.clone()
    };
    let changes = before.programme.changes_to(&after);
    if !changes.is_empty() {
        programme::update(uow.conn(), id, &after, uow.now())
            .await
            .map_err(|e| OpError::from(e).conflict_as_field("code"))?;
        uow.audit(Entry::new("programme.update", "programme", id, changes))
            .await?;
    }
    uow.commit().await
}

pub async fn set_archived(ctx: &Context<'_>, id: i32, archived: bool) -> OpResult<Programme> {
    let mut uow = ctx.begin().await?;
    let before = programme::find(uow.conn(), id)
        .await?
        .ok_or(OpError::NotFound)?;
    let after = Programme {
        archived,
        ..before.programme.clone()
    };
    let changes = before.programme.changes_to(&after);
    if !changes.is_empty() {
        programme::update(uow.conn(), id, &after, uow.now()).await?;
        let action = if archived {
            "programme.archive"
        } else {
            "programme.unarchive"
        };
        uow.audit(Entry::new(action, "programme", id, changes))
            .await?;
    }
    uow.commit().await?;
    Ok(after)
}
