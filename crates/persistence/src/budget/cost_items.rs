//! Cost items: what is committed and paid against a cohort's budget. **This is the API other
//! features write their bookings through.**
//!
//! A booking elsewhere (an itinerary leg, a hotel stay, an insurance, a visa fee, a host's
//! compensation) is one cost item, named by its [`CostSource`] (kind and id, unique together).
//! The feature that owns the booking calls, inside its own unit of work:
//!
//! ```ignore
//! let outcome = cost_items::upsert_from_source(
//!     uow.conn(),
//!     &CostSource::booking(CostSourceKind::ItineraryLeg, leg.id),
//!     &CostDraft { cohort_id, category: Category::Flights, participant_id: Some(p.id),
//!                  phase_id: Some(phase.id), supplier: "Kenya Airways", description: "NBO–ARN",
//!                  incurred_on: booked_on, original: Money::new(dec!(812.40), usd) },
//!     None,                     // no over-budget approval
//!     Some(ctx.user_id()?), uow.now(),
//! ).await?;
//! if let Some(refusal) = outcome.refusal() { return Err(OpError::Conflict(refusal)); }
//! ```
//!
//! and `remove_from_source` when the booking is cancelled or deleted. Saving the same source
//! again updates its item (amount, text, conversion) and keeps its payment. The web crate's
//! `budget::bookings::record` does both steps and maps the refusal to an `OpError`.
//!
//! What an upsert checks, in order:
//! 1. **Conversion**: an amount in another currency is converted at the latest rate on or
//!    before `incurred_on` (`itp_domain::budget::rates`: rounded to whole öre, halves away from
//!    zero). Without a rate: [`Outcome::NoRate`], nothing written.
//! 2. **Control**: the line's control (`itp_domain::budget::control`) against its plan and what
//!    is committed so far. A stopped line that would go beyond its plan needs an [`Approval`]
//!    (finance's, with a reason): without one, [`Outcome::NeedsApproval`], nothing written. A
//!    cohort whose line was never saved has no plan to control and accepts the item.
//! 3. Otherwise [`Outcome::Saved`], with the warning level the line has reached, if any.
//!
//! Reads: [`of_cohort`] (the list), [`sums`] (committed and paid per category, in öre), [`find`].
//! Writes from the budget page: [`add_manual`], [`mark_paid`] (versioned), [`remove_manual`].

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use itp_domain::Code;
use itp_domain::budget::{
    AlertLevel, Category, CommitmentCheck, CostSourceKind, CostState, NoRate, Payment, Rate,
    check_commitment, convert,
};
use itp_domain::{Currency, Money};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, sea_query::Expr,
};

use super::{corrupt, from_ore, lines, rates, to_ore};
use crate::entities::cost_item;
use crate::{PersistenceError, Result, decode};

/// Where a cost item comes from: a booking's kind and id, or a manual entry (no id).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CostSource {
    pub kind: CostSourceKind,
    pub id: Option<i32>,
}

impl CostSource {
    /// A booking of another feature; its id names it with its kind.
    pub fn booking(kind: CostSourceKind, id: i32) -> CostSource {
        CostSource { kind, id: Some(id) }
    }

    pub fn manual() -> CostSource {
        CostSource {
            kind: CostSourceKind::Manual,
            id: None,
        }
    }
}

/// What a cost item says, as its source gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CostDraft<'a> {
    pub cohort_id: i32,
    pub category: Category,
    pub participant_id: Option<i32>,
    pub phase_id: Option<i32>,
    pub supplier: &'a str,
    pub description: &'a str,
    /// The date of the cost: its exchange rate is the latest on or before it.
    pub incurred_on: NaiveDate,
    /// In its own currency; SEK needs no rate.
    pub original: Money,
}

/// Finance's approval of a commitment beyond a stopped line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Approval<'a> {
    pub by_user_id: i32,
    pub reason: &'a str,
}

/// What an upsert did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Written; the warning level the line has now reached under its control, if any.
    Saved {
        id: i32,
        warning: Option<AlertLevel>,
    },
    /// Not written: the line is stopped and this would take it beyond its plan.
    NeedsApproval {
        category: Category,
        over_by: Decimal,
    },
    /// Not written: no exchange rate on or before the cost's date.
    NoRate(NoRate),
}

impl Outcome {
    /// The message to refuse with, when nothing was written.
    pub fn refusal(&self) -> Option<String> {
        match self {
            Outcome::Saved { .. } => None,
            Outcome::NeedsApproval { category, over_by } => Some(format!(
                "The budget line {} is stopped at 100 %: this would take it {} beyond its plan. Finance must approve it with a reason.",
                category.label(),
                Money::sek(*over_by)
            )),
            Outcome::NoRate(e) => Some(e.to_string()),
        }
    }

    pub fn id(&self) -> Option<i32> {
        match self {
            Outcome::Saved { id, .. } => Some(*id),
            _ => None,
        }
    }
}

/// A cost item as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCost {
    pub id: i32,
    pub cohort_id: i32,
    pub category: Category,
    pub participant_id: Option<i32>,
    pub phase_id: Option<i32>,
    pub source: CostSource,
    pub supplier: String,
    pub description: String,
    pub incurred_on: NaiveDate,
    pub original: Money,
    pub sek_per_unit: Decimal,
    pub rate_on: NaiveDate,
    pub sek: Money,
    pub state: CostState,
    pub paid_on: Option<NaiveDate>,
    pub voucher: String,
    pub over_budget_approved_by: Option<i32>,
    pub over_budget_reason: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

fn to_cost(m: cost_item::Model) -> Result<StoredCost> {
    let currency = Currency::parse(&m.currency).map_err(|e| corrupt("cost_items.currency", e))?;
    Ok(StoredCost {
        id: m.id,
        cohort_id: m.cohort_id,
        category: decode(&m.category, "cost_items.category")?,
        participant_id: m.participant_id,
        phase_id: m.phase_id,
        source: CostSource {
            kind: decode(&m.source_kind, "cost_items.source_kind")?,
            id: m.source_id,
        },
        supplier: m.supplier,
        description: m.description,
        incurred_on: m.incurred_on,
        original: Money::from_minor_units(m.amount_minor, currency),
        sek_per_unit: Decimal::from_str(&m.rate).map_err(|e| corrupt("cost_items.rate", e))?,
        rate_on: m.rate_on,
        sek: Money::sek(from_ore(m.amount_ore)),
        state: decode(&m.state, "cost_items.state")?,
        paid_on: m.paid_on,
        voucher: m.voucher,
        over_budget_approved_by: m.over_budget_approved_by,
        over_budget_reason: m.over_budget_reason,
        created_at: m.created_at,
        updated_at: m.updated_at,
        version: m.version,
    })
}

/// Creates or updates the cost item of a booking (see the module documentation).
pub async fn upsert_from_source<C: ConnectionTrait>(
    conn: &C,
    source: &CostSource,
    draft: &CostDraft<'_>,
    approval: Option<&Approval<'_>>,
    by: Option<i32>,
    now: DateTime<Utc>,
) -> Result<Outcome> {
    let existing = match source.id {
        Some(id) => {
            cost_item::Entity::find()
                .filter(cost_item::Column::SourceKind.eq(source.kind.code()))
                .filter(cost_item::Column::SourceId.eq(id))
                .one(conn)
                .await?
        }
        None => None,
    };
    write(conn, source, existing, draft, approval, by, now).await
}

/// Adds a cost item entered by hand on the budget page.
pub async fn add_manual<C: ConnectionTrait>(
    conn: &C,
    draft: &CostDraft<'_>,
    approval: Option<&Approval<'_>>,
    by: Option<i32>,
    now: DateTime<Utc>,
) -> Result<Outcome> {
    write(conn, &CostSource::manual(), None, draft, approval, by, now).await
}

async fn write<C: ConnectionTrait>(
    conn: &C,
    source: &CostSource,
    existing: Option<cost_item::Model>,
    draft: &CostDraft<'_>,
    approval: Option<&Approval<'_>>,
    by: Option<i32>,
    now: DateTime<Utc>,
) -> Result<Outcome> {
    let rate = match draft.original.currency() {
        c if c == Currency::SEK => None,
        c => match rates::on_or_before(conn, c, draft.incurred_on).await? {
            Some(r) => Some(r),
            None => {
                return Ok(Outcome::NoRate(NoRate {
                    currency: c,
                    on: draft.incurred_on,
                }));
            }
        },
    };
    let table: Vec<Rate> = rate.into_iter().collect();
    let conversion = match convert(draft.original, draft.incurred_on, &table) {
        Ok(c) => c,
        Err(e) => return Ok(Outcome::NoRate(e)),
    };
    let amount_ore = to_ore(conversion.sek.amount())?;
    let amount_minor = draft
        .original
        .to_minor_units()
        .map_err(|e| PersistenceError::Corrupt(format!("cost amount: {e}")))?;

    // Control: what the line has committed, with this item's earlier amount if it moves lines.
    let line = lines::find(conn, draft.cohort_id, draft.category).await?;
    let committed = sums(conn, draft.cohort_id)
        .await?
        .get(&draft.category)
        .copied()
        .unwrap_or_default();
    let earlier_here = existing
        .as_ref()
        .filter(|e| e.category == draft.category.code())
        .map(|e| e.amount_ore)
        .unwrap_or(0);
    let check = if line.version == 0 {
        CommitmentCheck::Fine
    } else {
        check_commitment(
            line.control,
            line.plan.planned.amount(),
            from_ore(committed.committed_ore),
            from_ore(amount_ore - earlier_here),
        )
    };
    let warning = match check {
        CommitmentCheck::NeedsApproval { over_by } if approval.is_none() => {
            return Ok(Outcome::NeedsApproval {
                category: draft.category,
                over_by,
            });
        }
        CommitmentCheck::NeedsApproval { .. } => Some(AlertLevel::Over),
        CommitmentCheck::Warn(level) => Some(level),
        CommitmentCheck::Fine => None,
    };
    let (approved_by, reason) = match (check, approval) {
        (CommitmentCheck::NeedsApproval { .. }, Some(a)) => {
            (Some(a.by_user_id), a.reason.to_owned())
        }
        _ => (
            existing.as_ref().and_then(|e| e.over_budget_approved_by),
            existing
                .as_ref()
                .map(|e| e.over_budget_reason.clone())
                .unwrap_or_default(),
        ),
    };
    let rate_text = conversion.sek_per_unit.normalize().to_string();
    let id = match existing {
        Some(e) => {
            cost_item::Entity::update_many()
                .filter(cost_item::Column::Id.eq(e.id))
                .col_expr(cost_item::Column::CohortId, Expr::value(draft.cohort_id))
                .col_expr(
                    cost_item::Column::Category,
                    Expr::value(draft.category.code()),
                )
                .col_expr(
                    cost_item::Column::ParticipantId,
                    Expr::value(draft.participant_id),
                )
                .col_expr(cost_item::Column::PhaseId, Expr::value(draft.phase_id))
                .col_expr(
                    cost_item::Column::Supplier,
                    Expr::value(clip(draft.supplier, 200)),
                )
                .col_expr(
                    cost_item::Column::Description,
                    Expr::value(draft.description),
                )
                .col_expr(
                    cost_item::Column::IncurredOn,
                    Expr::value(draft.incurred_on),
                )
                .col_expr(
                    cost_item::Column::Currency,
                    Expr::value(draft.original.currency().code()),
                )
                .col_expr(cost_item::Column::AmountMinor, Expr::value(amount_minor))
                .col_expr(cost_item::Column::Rate, Expr::value(rate_text))
                .col_expr(cost_item::Column::RateOn, Expr::value(conversion.rate_on))
                .col_expr(cost_item::Column::AmountOre, Expr::value(amount_ore))
                .col_expr(
                    cost_item::Column::OverBudgetApprovedBy,
                    Expr::value(approved_by),
                )
                .col_expr(cost_item::Column::OverBudgetReason, Expr::value(reason))
                .col_expr(cost_item::Column::UpdatedAt, Expr::value(now))
                .col_expr(cost_item::Column::Version, Expr::value(e.version + 1))
                .exec(conn)
                .await?;
            e.id
        }
        None => {
            cost_item::Entity::insert(cost_item::ActiveModel {
                cohort_id: Set(draft.cohort_id),
                category: Set(draft.category.code().to_owned()),
                participant_id: Set(draft.participant_id),
                phase_id: Set(draft.phase_id),
                source_kind: Set(source.kind.code().to_owned()),
                source_id: Set(source.id),
                supplier: Set(clip(draft.supplier, 200)),
                description: Set(draft.description.to_owned()),
                incurred_on: Set(draft.incurred_on),
                currency: Set(draft.original.currency().code().to_owned()),
                amount_minor: Set(amount_minor),
                rate: Set(rate_text),
                rate_on: Set(conversion.rate_on),
                amount_ore: Set(amount_ore),
                state: Set(CostState::Committed.code().to_owned()),
                paid_on: Set(None),
                voucher: Set(String::new()),
                over_budget_approved_by: Set(approved_by),
                over_budget_reason: Set(reason),
                created_by_user_id: Set(by),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
                ..Default::default()
            })
            .exec(conn)
            .await?
            .last_insert_id
        }
    };
    Ok(Outcome::Saved { id, warning })
}

fn clip(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

/// Removes the cost item of a booking (cancelled or deleted); `false` if it had none.
pub async fn remove_from_source<C: ConnectionTrait>(conn: &C, source: &CostSource) -> Result<bool> {
    let Some(id) = source.id else {
        return Ok(false);
    };
    let res = cost_item::Entity::delete_many()
        .filter(cost_item::Column::SourceKind.eq(source.kind.code()))
        .filter(cost_item::Column::SourceId.eq(id))
        .exec(conn)
        .await?;
    Ok(res.rows_affected > 0)
}

/// Removes a manual cost item read at `expected_version`; `false` if it changed or is gone.
pub async fn remove_manual<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    expected_version: i32,
) -> Result<bool> {
    let res = cost_item::Entity::delete_many()
        .filter(cost_item::Column::Id.eq(id))
        .filter(cost_item::Column::SourceKind.eq(CostSourceKind::Manual.code()))
        .filter(cost_item::Column::Version.eq(expected_version))
        .exec(conn)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Marks an item read at `expected_version` paid; `false` if it changed meanwhile.
pub async fn mark_paid<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    expected_version: i32,
    payment: &Payment,
    now: DateTime<Utc>,
) -> Result<bool> {
    let res = cost_item::Entity::update_many()
        .filter(cost_item::Column::Id.eq(id))
        .filter(cost_item::Column::Version.eq(expected_version))
        .col_expr(
            cost_item::Column::State,
            Expr::value(CostState::Paid.code()),
        )
        .col_expr(
            cost_item::Column::PaidOn,
            Expr::value(Some(payment.paid_on)),
        )
        .col_expr(
            cost_item::Column::Voucher,
            Expr::value(clip(&payment.voucher, 64)),
        )
        .col_expr(cost_item::Column::UpdatedAt, Expr::value(now))
        .col_expr(
            cost_item::Column::Version,
            Expr::value(expected_version + 1),
        )
        .exec(conn)
        .await?;
    Ok(res.rows_affected == 1)
}

pub async fn find<C: ConnectionTrait>(conn: &C, id: i32) -> Result<Option<StoredCost>> {
    cost_item::Entity::find_by_id(id)
        .one(conn)
        .await?
        .map(to_cost)
        .transpose()
}

/// The item of a booking, if it has one.
pub async fn of_source<C: ConnectionTrait>(
    conn: &C,
    source: &CostSource,
) -> Result<Option<StoredCost>> {
    let Some(id) = source.id else {
        return Ok(None);
    };
    cost_item::Entity::find()
        .filter(cost_item::Column::SourceKind.eq(source.kind.code()))
        .filter(cost_item::Column::SourceId.eq(id))
        .one(conn)
        .await?
        .map(to_cost)
        .transpose()
}

/// A cohort's cost items, newest cost first; of one category if given.
pub async fn of_cohort<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
    category: Option<Category>,
) -> Result<Vec<StoredCost>> {
    let mut q = cost_item::Entity::find().filter(cost_item::Column::CohortId.eq(cohort_id));
    if let Some(c) = category {
        q = q.filter(cost_item::Column::Category.eq(c.code()));
    }
    q.order_by_desc(cost_item::Column::IncurredOn)
        .order_by_desc(cost_item::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(to_cost)
        .collect()
}

/// A category's cost items in öre: committed (committed and paid) and paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CostSums {
    pub committed_ore: i64,
    pub paid_ore: i64,
    pub items: i64,
}

/// A cohort's cost items summed per category, in SQL over integer öre (exact).
pub async fn sums<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
) -> Result<BTreeMap<Category, CostSums>> {
    let rows: Vec<(String, String, i64, i64)> = cost_item::Entity::find()
        .select_only()
        .column(cost_item::Column::Category)
        .column(cost_item::Column::State)
        .column_as(Expr::cust("CAST(SUM(amount_ore) AS BIGINT)"), "total")
        .column_as(Expr::cust("CAST(COUNT(*) AS BIGINT)"), "n")
        .filter(cost_item::Column::CohortId.eq(cohort_id))
        .group_by(cost_item::Column::Category)
        .group_by(cost_item::Column::State)
        .into_tuple()
        .all(conn)
        .await?;
    let mut out: BTreeMap<Category, CostSums> = BTreeMap::new();
    for (category, state, total, n) in rows {
        let category: Category = decode(&category, "cost_items.category")?;
        let state: CostState = decode(&state, "cost_items.state")?;
        let s = out.entry(category).or_default();
        s.committed_ore += total;
        s.items += n;
        if state == CostState::Paid {
            s.paid_ore += total;
        }
    }
    Ok(out)
}

/// One page of a cohort's cost items, newest cost first, with how many there are in all.
pub async fn page_of_cohort<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i32,
    offset: u64,
    limit: u64,
) -> Result<(Vec<StoredCost>, u64)> {
    use sea_orm::PaginatorTrait;
    let q = cost_item::Entity::find().filter(cost_item::Column::CohortId.eq(cohort_id));
    let total = q.clone().count(conn).await?;
    let items = q
        .order_by_desc(cost_item::Column::IncurredOn)
        .order_by_desc(cost_item::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(conn)
        .await?
        .into_iter()
        .map(to_cost)
        .collect::<Result<Vec<_>>>()?;
    Ok((items, total))
}

/// A cost item already converted, for [`insert_synthetic`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Converted<'a> {
    pub draft: CostDraft<'a>,
    pub conversion: itp_domain::budget::Conversion,
    pub paid: Option<Payment>,
}

/// Many manual cost items at once, in batches, with no control and no audit: the load tests'
/// seed (`itp seed --cost-items N`), never a user's path. Returns how many were written.
pub async fn insert_synthetic<C: ConnectionTrait>(
    conn: &C,
    items: &[Converted<'_>],
    now: DateTime<Utc>,
) -> Result<u64> {
    // Twenty-odd columns a row: 500 rows stay far below SQLite's limit of bound parameters.
    const BATCH: usize = 500;
    let mut written = 0;
    for chunk in items.chunks(BATCH) {
        let mut rows = Vec::with_capacity(chunk.len());
        for item in chunk {
            let d = &item.draft;
            let amount_minor = d
                .original
                .to_minor_units()
                .map_err(|e| PersistenceError::Corrupt(format!("cost amount: {e}")))?;
            rows.push(cost_item::ActiveModel {
                cohort_id: Set(d.cohort_id),
                category: Set(d.category.code().to_owned()),
                participant_id: Set(d.participant_id),
                phase_id: Set(d.phase_id),
                source_kind: Set(CostSourceKind::Manual.code().to_owned()),
                source_id: Set(None),
                supplier: Set(d.supplier.to_owned()),
                description: Set(d.description.to_owned()),
                incurred_on: Set(d.incurred_on),
                currency: Set(d.original.currency().code().to_owned()),
                amount_minor: Set(amount_minor),
                rate: Set(item.conversion.sek_per_unit.to_string()),
                rate_on: Set(item.conversion.rate_on),
                amount_ore: Set(to_ore(item.conversion.sek.amount())?),
                state: Set(match item.paid {
                    Some(_) => CostState::Paid.code().to_owned(),
                    None => CostState::Committed.code().to_owned(),
                }),
                paid_on: Set(item.paid.as_ref().map(|p| p.paid_on)),
                voucher: Set(item
                    .paid
                    .as_ref()
                    .map(|p| p.voucher.clone())
                    .unwrap_or_default()),
                over_budget_approved_by: Set(None),
                over_budget_reason: Set(String::new()),
                created_by_user_id: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
                ..Default::default()
            });
        }
        written += rows.len() as u64;
        cost_item::Entity::insert_many(rows).exec(conn).await?;
    }
    Ok(written)
}
