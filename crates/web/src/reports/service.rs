//! Finance keeps the ledger accounts: a change is one write with its audit entry (before and
//! after), so the log answers "who moved per diems abroad to another account, and when".

use itp_domain::Code;
use itp_domain::audit::ChangeSet;
use itp_domain::ledger::AccountMapping;
use itp_persistence::audit::Entry;

use crate::ops::{Context, OpResult};

pub async fn save_mapping(ctx: &Context<'_>, mapping: &AccountMapping) -> OpResult<()> {
    let mut uow = ctx.begin().await?;
    let before = itp_persistence::ledger::mapping(uow.conn())
        .await?
        .into_iter()
        .find(|m| m.category == mapping.category);
    itp_persistence::ledger::save(uow.conn(), mapping, ctx.actor.user_id, uow.now()).await?;
    let mut changes = ChangeSet::new();
    let was = |f: fn(&AccountMapping) -> String| before.as_ref().map(f).unwrap_or_default();
    for (name, read) in [
        (
            "account",
            (|m: &AccountMapping| m.account.to_string()) as fn(&AccountMapping) -> String,
        ),
        ("account_name", |m| m.account_name.clone()),
        ("cost_centre", |m| m.cost_centre.clone()),
        ("project", |m| m.project.clone()),
    ] {
        let (old, new) = (was(read), read(mapping));
        if old != new {
            changes = changes.field(name, old, new);
        }
    }
    uow.audit(Entry::new(
        "ledger.map_account",
        "ledger_category",
        mapping.category.code(),
        changes,
    ))
    .await?;
    uow.commit().await?;
    Ok(())
}
