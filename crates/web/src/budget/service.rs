//! The operations of budgets, each in one unit of work with its audit entry: a line's plan and
//! control (versioned), manual cost items, payments, and exchange rates.

use itp_domain::Code;
use itp_domain::audit::ChangeSet;
use itp_domain::budget::{
    AlertLevel, Category, Control, LinePlan, ManualCost, Payment, Rate, RateRow, RateSource,
};
use itp_domain::validation::FieldErrors;
use itp_persistence::audit::Entry;
use itp_persistence::budget::cost_items::{self, Approval, CostDraft, Outcome, StoredCost};
use itp_persistence::budget::lines::{self, Saved};
use itp_persistence::budget::rates;
use itp_persistence::cohort::StoredCohort;

use crate::ops::{Context, OpError, OpResult};

/// Saves a line's plan read at `version`; [`Saved::Stale`] changes nothing.
pub async fn save_plan(
    ctx: &Context<'_>,
    cohort: &StoredCohort,
    category: Category,
    version: i32,
    plan: &LinePlan,
) -> OpResult<Saved> {
    let mut uow = ctx.begin().await?;
    let before = lines::find(uow.conn(), cohort.id, category).await?;
    let saved = lines::save_plan(
        uow.conn(),
        cohort.id,
        category,
        version,
        plan,
        ctx.user_id().ok(),
        uow.now(),
    )
    .await?;
    if let Saved::Saved { version } = saved {
        uow.audit(Entry::new(
            "budget_line.plan",
            "cohort",
            cohort.id,
            ChangeSet::new()
                .set("category", category.code())
                .field("planned", before.plan.planned.plain(), plan.planned.plain())
                .set("version", version),
        ))
        .await?;
        uow.commit().await?;
    }
    Ok(saved)
}

/// Sets a line's control read at `version` (finance).
pub async fn set_control(
    ctx: &Context<'_>,
    cohort: &StoredCohort,
    category: Category,
    version: i32,
    control: Control,
) -> OpResult<Saved> {
    let mut uow = ctx.begin().await?;
    let before = lines::find(uow.conn(), cohort.id, category).await?;
    let saved = lines::set_control(
        uow.conn(),
        cohort.id,
        category,
        version,
        control,
        ctx.user_id().ok(),
        uow.now(),
    )
    .await?;
    if let Saved::Saved { version } = saved {
        uow.audit(Entry::new(
            "budget_line.control",
            "cohort",
            cohort.id,
            ChangeSet::new()
                .set("category", category.code())
                .field("control", before.control.code(), control.code())
                .set("version", version),
        ))
        .await?;
        uow.commit().await?;
    }
    Ok(saved)
}

/// Adds a manual cost item. A stopped line it would take beyond its plan needs finance's
/// approval: a person who may give it (`may_approve`) gives it with the reason typed; anyone
/// else is refused. Refusals are field errors, so the form comes back with what was typed.
pub async fn add_cost(
    ctx: &Context<'_>,
    cohort: &StoredCohort,
    cost: &ManualCost,
    may_approve: bool,
) -> OpResult<(i32, Option<AlertLevel>)> {
    let user_id = ctx.user_id()?;
    let mut uow = ctx.begin().await?;
    let draft = CostDraft {
        cohort_id: cohort.id,
        category: cost.category,
        participant_id: None,
        phase_id: None,
        supplier: &cost.supplier,
        description: &cost.description,
        incurred_on: cost.incurred_on,
        original: cost.original,
    };
    let approval = (may_approve && !cost.approval_reason.is_empty()).then_some(Approval {
        by_user_id: user_id,
        reason: &cost.approval_reason,
    });
    let outcome = cost_items::add_manual(
        uow.conn(),
        &draft,
        approval.as_ref(),
        Some(user_id),
        uow.now(),
    )
    .await?;
    let (id, warning) = match &outcome {
        Outcome::Saved { id, warning } => (*id, *warning),
        Outcome::NoRate(e) => {
            return Err(OpError::Invalid(FieldErrors::single(
                "incurred_on",
                e.to_string(),
            )));
        }
        Outcome::NeedsApproval { .. } => {
            let refusal = outcome.refusal().unwrap_or_default();
            let message = if may_approve {
                format!("{refusal} To approve it, write the reason below.")
            } else {
                refusal
            };
            let field = if may_approve {
                "approval_reason"
            } else {
                "amount"
            };
            return Err(OpError::Invalid(FieldErrors::single(field, message)));
        }
    };
    let stored = cost_items::find(uow.conn(), id)
        .await?
        .ok_or(OpError::NotFound)?;
    uow.audit(Entry::new(
        "cost_item.add",
        "cohort",
        cohort.id,
        ChangeSet::new()
            .set("cost_item", id)
            .set("category", cost.category.code())
            .set("amount", cost.original.plain())
            .set("currency", cost.original.currency().code())
            .set("sek", stored.sek.plain())
            .set("rate", stored.sek_per_unit)
            .set("rate_on", stored.rate_on)
            .set("over_budget_reason", &stored.over_budget_reason),
    ))
    .await?;
    uow.commit().await?;
    Ok((id, warning))
}

/// Marks an item read at `version` paid.
pub async fn mark_paid(
    ctx: &Context<'_>,
    item: &StoredCost,
    version: i32,
    payment: &Payment,
) -> OpResult<()> {
    if item.state == itp_domain::budget::CostState::Paid {
        return Err(OpError::Conflict(
            "This cost item is already marked paid.".into(),
        ));
    }
    let mut uow = ctx.begin().await?;
    if !cost_items::mark_paid(uow.conn(), item.id, version, payment, uow.now()).await? {
        return Err(OpError::Conflict(
            "Someone changed this cost item after you opened the page; nothing was saved. Open the budget again to see it as it is now.".into(),
        ));
    }
    uow.audit(Entry::new(
        "cost_item.paid",
        "cohort",
        item.cohort_id,
        ChangeSet::new()
            .set("cost_item", item.id)
            .set("paid_on", payment.paid_on)
            .set("voucher", &payment.voucher)
            .set("sek", item.sek.plain()),
    ))
    .await?;
    uow.commit().await
}

/// Saves one exchange rate entered by hand (replacing that currency's rate of that date).
pub async fn save_rate(ctx: &Context<'_>, rate: &Rate) -> OpResult<()> {
    let mut uow = ctx.begin().await?;
    rates::save(
        uow.conn(),
        std::slice::from_ref(rate),
        ctx.user_id().ok(),
        uow.now(),
    )
    .await?;
    uow.audit(Entry::new(
        "exchange_rate.save",
        "exchange_rate",
        0,
        ChangeSet::new()
            .set("currency", rate.currency)
            .set("on", rate.on)
            .set("sek_per_unit", rate.sek_per_unit),
    ))
    .await?;
    uow.commit().await
}

/// Imports the rates of a Riksbank file, all or none.
pub async fn import_rates(ctx: &Context<'_>, file_name: &str, rows: &[RateRow]) -> OpResult<usize> {
    let rates: Vec<Rate> = rows
        .iter()
        .map(|r| Rate {
            currency: r.currency,
            on: r.on,
            sek_per_unit: r.sek_per_unit,
            source: RateSource::Riksbank,
        })
        .collect();
    let mut uow = ctx.begin().await?;
    let n = rates::save(uow.conn(), &rates, ctx.user_id().ok(), uow.now()).await?;
    let currencies: std::collections::BTreeSet<&str> =
        rows.iter().map(|r| r.currency.code()).collect();
    uow.audit(Entry::new(
        "exchange_rate.import",
        "exchange_rate",
        0,
        ChangeSet::new().set("file", file_name).set("rates", n).set(
            "currencies",
            currencies.into_iter().collect::<Vec<_>>().join(", "),
        ),
    ))
    .await?;
    uow.commit().await?;
    Ok(n)
}
