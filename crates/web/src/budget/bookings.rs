//! Bookings of other features as cost items, inside the caller's unit of work: what the
//! participants feature (itinerary legs, hotels, insurance, visas) and the hosts feature (a
//! visit's compensation) call. See `itp_persistence::budget::cost_items` for the rules.

use itp_domain::Code;
use itp_domain::audit::ChangeSet;
use itp_domain::budget::AlertLevel;
use itp_persistence::audit::Entry;
use itp_persistence::budget::cost_items::{self, CostDraft, CostSource};

use crate::ops::{OpError, OpResult, UnitOfWork};

/// Creates or updates the cost item of a booking, audited. A refusal (no exchange rate for the
/// cost's date, or a stopped line it would take beyond its plan) is a conflict: the caller's
/// unit of work is not committed, so the booking is not saved either. Returns the warning level
/// the line has reached, for the caller to show.
pub async fn record(
    uow: &mut UnitOfWork<'_>,
    source: &CostSource,
    draft: &CostDraft<'_>,
) -> OpResult<Option<AlertLevel>> {
    let by = uow.actor().user_id;
    let outcome =
        cost_items::upsert_from_source(uow.conn(), source, draft, None, by, uow.now()).await?;
    let cost_items::Outcome::Saved { id, warning } = outcome else {
        return Err(OpError::Conflict(outcome.refusal().unwrap_or_default()));
    };
    uow.audit(Entry::new(
        "cost_item.booked",
        "cost_item",
        id,
        ChangeSet::new()
            .set("cohort", draft.cohort_id)
            .set(
                "source",
                format!("{} {}", source.kind.code(), source.id.unwrap_or_default()),
            )
            .set("category", draft.category.code())
            .set("amount", draft.original.plain())
            .set("currency", draft.original.currency().code()),
    ))
    .await?;
    Ok(warning)
}

/// Removes the cost item of a cancelled or deleted booking, audited if there was one.
pub async fn cancel(uow: &mut UnitOfWork<'_>, source: &CostSource) -> OpResult<()> {
    let Some(item) = cost_items::of_source(uow.conn(), source).await? else {
        return Ok(());
    };
    cost_items::remove_from_source(uow.conn(), source).await?;
    uow.audit(Entry::new(
        "cost_item.removed",
        "cost_item",
        item.id,
        ChangeSet::new()
            .set("cohort", item.cohort_id)
            .set(
                "source",
                format!("{} {}", source.kind.code(), source.id.unwrap_or_default()),
            )
            .set("amount", item.original.plain()),
    ))
    .await
}
