//! The selection operations: store the settings, record decisions as pending, apply them with
//! their letters (held), answer an offer through its link, and offer freed seats to the reserve.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};
use itp_domain::Code;
use itp_domain::account::Email;
use itp_domain::audit::ChangeSet;
use itp_domain::mail::{Template, Values};
use itp_domain::selection::{
    Decision, OfferState, ProposalInput, SelectionSettings, refill, reserve_order,
};
use itp_persistence::audit::{Actor, Entry};
use itp_persistence::cohort::StoredCohort;
use itp_persistence::selection_decisions::{self as decisions, StoredOffer};
use itp_persistence::selection_settings;

use super::board::{BoardQuery, Computed, compute};
use super::letters;
use crate::app::AppState;
use crate::mail::Cause;
use crate::ops::{Context, OpError, OpResult, UnitOfWork};
use crate::security::tokens::{hash_token, new_token};

fn internal(e: crate::error::AppError) -> OpError {
    match e {
        crate::error::AppError::NotFound => OpError::NotFound,
        other => OpError::internal(other),
    }
}

/// Deadlines in letters and on pages.
pub fn when(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// Stores the cohort's selection settings.
pub async fn save_settings(
    ctx: &Context<'_>,
    cohort: &StoredCohort,
    settings: &SelectionSettings,
) -> OpResult<()> {
    let mut uow = ctx.begin().await?;
    selection_settings::set(uow.conn(), cohort.id, settings, uow.now()).await?;
    let number = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
    let hardness = |on: bool, hard: bool| match (on, hard) {
        (false, _) => "off",
        (true, true) => "hard",
        (true, false) => "soft",
    };
    uow.audit(Entry::new(
        "selection.settings",
        "cohort",
        cohort.id,
        ChangeSet::new()
            .set("seats", number(settings.seats))
            .set(
                "max_teams_per_country",
                format!(
                    "{} {}",
                    number(settings.max_teams_per_country),
                    hardness(
                        settings.max_teams_per_country.is_some(),
                        settings.max_teams_per_country_hard
                    )
                ),
            )
            .set(
                "min_women_percent",
                format!(
                    "{} {}",
                    number(settings.min_women_percent),
                    hardness(
                        settings.min_women_percent.is_some(),
                        settings.min_women_hard
                    )
                ),
            )
            .set(
                "politician_per_team",
                hardness(settings.politician_per_team, settings.politician_hard),
            )
            .set(
                "review_deadline",
                settings.review_deadline.map(when).unwrap_or_default(),
            )
            .set("confirm_days", settings.confirm_days),
    ))
    .await?;
    uow.commit().await?;
    Ok(())
}

fn refuse_if_holding(c: &Computed, application_id: i32, reference: &str) -> OpResult<()> {
    if c.holds_place(application_id) {
        return Err(OpError::Conflict(format!(
            "{reference} has been offered its places and holds them; its decision changes only when the team declines or its deadline passes."
        )));
    }
    Ok(())
}

/// Records a manager's decision on one application as pending.
pub async fn decide(
    ctx: &Context<'_>,
    cohort: &StoredCohort,
    application_id: i32,
    decision: Decision,
    position: Option<i32>,
) -> OpResult<()> {
    let by = ctx.user_id()?;
    let mut uow = ctx.begin().await?;
    let c = compute(uow.conn(), cohort, &BoardQuery::default())
        .await
        .map_err(internal)?;
    let Some(team) = c.by_application(application_id) else {
        return Err(OpError::NotFound);
    };
    let reference = team.team.reference.clone();
    refuse_if_holding(&c, application_id, &reference)?;
    let position = if decision == Decision::Reserve {
        Some(position.unwrap_or_else(|| next_reserve_place(&c)))
    } else {
        None
    };
    decisions::set_pending(
        uow.conn(),
        cohort.id,
        application_id,
        decision,
        position,
        by,
        uow.now(),
    )
    .await?;
    uow.audit(Entry::new(
        "selection.decide",
        "application",
        application_id,
        ChangeSet::new().set("pending", decision.code()).set(
            "reserve_position",
            position.map(|p| p.to_string()).unwrap_or_default(),
        ),
    ))
    .await?;
    uow.commit().await?;
    Ok(())
}

fn next_reserve_place(c: &Computed) -> i32 {
    c.decisions
        .values()
        .filter_map(|d| match d.effective() {
            (Some(Decision::Reserve), p) => p,
            _ => None,
        })
        .max()
        .unwrap_or(0)
        + 1
}

/// Takes the proposal as pending decisions: proposed teams selected, the reserve in its order,
/// blocked teams not selected. Teams holding places keep them. Returns how many changed.
pub async fn adopt_proposal(
    ctx: &Context<'_>,
    cohort: &StoredCohort,
    q: &BoardQuery,
) -> OpResult<usize> {
    let by = ctx.user_id()?;
    let mut uow = ctx.begin().await?;
    let changed = adopt_in(&mut uow, cohort, q, by).await?;
    uow.commit().await?;
    Ok(changed)
}

pub async fn adopt_in(
    uow: &mut UnitOfWork<'_>,
    cohort: &StoredCohort,
    q: &BoardQuery,
    by: i32,
) -> OpResult<usize> {
    let c = compute(uow.conn(), cohort, q).await.map_err(internal)?;
    let mut wanted: Vec<(i32, Decision, Option<i32>)> = Vec::new();
    for r in &c.proposal.selected {
        wanted.extend(
            c.team(r)
                .map(|t| (t.application_id, Decision::Selected, None)),
        );
    }
    for (i, r) in c.proposal.reserve.iter().enumerate() {
        let place = i32::try_from(i + 1).unwrap_or(i32::MAX);
        wanted.extend(
            c.team(r)
                .map(|t| (t.application_id, Decision::Reserve, Some(place))),
        );
    }
    for b in &c.proposal.blocked {
        wanted.extend(
            c.team(&b.team)
                .map(|t| (t.application_id, Decision::NotSelected, None)),
        );
    }
    let mut changed = 0;
    for (app, decision, place) in wanted {
        if c.holds_place(app) || c.effective(app) == (Some(decision), place) {
            continue;
        }
        decisions::set_pending(uow.conn(), cohort.id, app, decision, place, by, uow.now()).await?;
        changed += 1;
    }
    uow.audit(Entry::new(
        "selection.adopt_proposal",
        "cohort",
        cohort.id,
        ChangeSet::new()
            .set("changed", changed)
            .set("calibrated", c.calibrated)
            .set("aggregation", c.aggregation.code()),
    ))
    .await?;
    Ok(changed)
}

/// What applying did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    pub selected: usize,
    pub reserve: usize,
    pub not_selected: usize,
    /// Letters held in the outbox.
    pub letters: usize,
    /// Applications without an address to write to.
    pub unaddressed: Vec<String>,
}

/// Puts one letter about an application in the outbox; `false` when it has no address.
async fn letter(
    uow: &mut UnitOfWork<'_>,
    application_id: i32,
    template: &Template,
    values: Values<'_>,
    held: bool,
) -> OpResult<bool> {
    let Some(contact) = decisions::contact(uow.conn(), application_id).await? else {
        return Ok(false);
    };
    let Ok(to) = Email::parse(&contact.email) else {
        return Ok(false);
    };
    let values = values
        .set("name", contact.name.clone())
        .set("reference", contact.reference.clone());
    let mut message = crate::mail::texts::message(
        uow.conn(),
        template.key,
        Some(contact.programme_id),
        &values,
        &to,
        &contact.name,
        Cause::new("application", application_id),
    )
    .await?;
    if held {
        message = message.held();
    }
    uow.mail(&message).await?;
    Ok(true)
}

/// Offers an application its places: a link with a deadline, and the letter with it.
async fn offer(
    uow: &mut UnitOfWork<'_>,
    cohort: &StoredCohort,
    application_id: i32,
    confirm_days: u32,
    template: &Template,
    held: bool,
) -> OpResult<bool> {
    let token = new_token();
    let deadline = uow.now() + Duration::days(i64::from(confirm_days));
    let id = decisions::create_offer(
        uow.conn(),
        cohort.id,
        application_id,
        &hash_token(&token),
        deadline,
        uow.now(),
    )
    .await?;
    let link = format!(
        "{}/selection/offers/{token}",
        uow.context().state.config.base_url
    );
    let sent = letter(
        uow,
        application_id,
        template,
        Values::new()
            .set("cohort", cohort.settings.name.clone())
            .set("link", link)
            .set("deadline", when(deadline)),
        held,
    )
    .await?;
    uow.audit(Entry::new(
        "selection.offer",
        "application",
        application_id,
        ChangeSet::new()
            .set("offer", id)
            .set("deadline", when(deadline))
            .set("letter", if sent { "written" } else { "no address" }),
    ))
    .await?;
    Ok(sent)
}

/// Applies every pending decision of the cohort in one unit of work, with the letters held.
pub async fn apply(ctx: &Context<'_>, cohort: &StoredCohort) -> OpResult<Applied> {
    let mut uow = ctx.begin().await?;
    let applied = apply_in(&mut uow, cohort).await?;
    uow.commit().await?;
    Ok(applied)
}

pub async fn apply_in(uow: &mut UnitOfWork<'_>, cohort: &StoredCohort) -> OpResult<Applied> {
    let c = compute(uow.conn(), cohort, &BoardQuery::default())
        .await
        .map_err(internal)?;
    if c.pending == 0 {
        return Err(OpError::Conflict(
            "There are no pending decisions to apply.".into(),
        ));
    }
    let broken = c.decided.broken_hard();
    let changes = decisions::apply_pending(uow.conn(), cohort.id, uow.now()).await?;
    let mut done = Applied::default();
    for (app, before, after, place) in changes {
        let reference = c
            .by_application(app)
            .map(|t| t.team.reference.clone())
            .unwrap_or_else(|| format!("#{app}"));
        let cohort_name = cohort.settings.name.clone();
        let sent = match after {
            Decision::Selected => {
                done.selected += 1;
                offer(
                    uow,
                    cohort,
                    app,
                    c.settings.confirm_days,
                    &letters::SELECTED,
                    true,
                )
                .await?
            }
            Decision::Reserve => {
                done.reserve += 1;
                let values = Values::new()
                    .set("cohort", cohort_name)
                    .set("position", place.unwrap_or(0));
                letter(uow, app, &letters::RESERVE, values, true).await?
            }
            Decision::NotSelected => {
                done.not_selected += 1;
                letter(
                    uow,
                    app,
                    &letters::NOT_SELECTED,
                    Values::new().set("cohort", cohort_name),
                    true,
                )
                .await?
            }
        };
        if sent {
            done.letters += 1;
        } else {
            done.unaddressed.push(reference);
        }
        uow.audit(Entry::new(
            "selection.apply",
            "application",
            app,
            ChangeSet::new()
                .field(
                    "decision",
                    before.map(|d| d.code()).unwrap_or(""),
                    after.code(),
                )
                .set(
                    "reserve_position",
                    place.map(|p| p.to_string()).unwrap_or_default(),
                ),
        ))
        .await?;
    }
    uow.audit(Entry::new(
        "selection.apply_all",
        "cohort",
        cohort.id,
        ChangeSet::new()
            .set("selected", done.selected)
            .set("reserve", done.reserve)
            .set("not_selected", done.not_selected)
            .set("letters_held", done.letters)
            .set(
                "hard_quotas_broken",
                broken
                    .iter()
                    .map(|k| k.code())
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
    ))
    .await?;
    Ok(done)
}

/// What a team's answer did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answered {
    pub reference: String,
    pub confirmed: bool,
    /// Members added to the register of earlier participants.
    pub registered: usize,
    /// Reserve teams offered the freed places.
    pub offered: Vec<String>,
}

/// The offer behind a link, whatever its state; `None` for a link that does not exist.
pub async fn offer_of_link(state: &AppState, token: &str) -> OpResult<Option<StoredOffer>> {
    Ok(decisions::offer_by_token(&state.db.conn, &hash_token(token)).await?)
}

/// A team confirms or declines its places through its link.
pub async fn answer(state: &AppState, token: &str, confirm: bool) -> OpResult<Answered> {
    let ctx = Context::acting_as(state, Actor::system("confirmation link"));
    let mut uow = ctx.begin().await?;
    let offer = decisions::offer_by_token(uow.conn(), &hash_token(token))
        .await?
        .ok_or(OpError::NotFound)?;
    let answered = answer_in(&mut uow, &offer, confirm, false).await?;
    uow.commit().await?;
    Ok(answered)
}

/// `hold_offers`: the letters offering the freed places wait in the outbox too (the demo: nothing
/// leaves a demo by itself).
pub async fn answer_in(
    uow: &mut UnitOfWork<'_>,
    offer: &StoredOffer,
    confirm: bool,
    hold_offers: bool,
) -> OpResult<Answered> {
    let now = uow.now();
    if offer.state != OfferState::Open {
        return Err(OpError::Conflict(format!(
            "This offer was already answered: {}.",
            offer.state.label().to_lowercase()
        )));
    }
    if offer.deadline < now {
        return Err(OpError::Conflict(format!(
            "The deadline to answer, {}, has passed; the places go to the reserve list.",
            when(offer.deadline)
        )));
    }
    let cohort = itp_persistence::cohort::find(uow.conn(), offer.cohort_id)
        .await?
        .ok_or(OpError::NotFound)?;
    let state = if confirm {
        OfferState::Confirmed
    } else {
        OfferState::Declined
    };
    if !decisions::answer(uow.conn(), offer.id, state, now).await? {
        return Err(OpError::Conflict(
            "This offer was answered meanwhile.".into(),
        ));
    }
    let contact = decisions::contact(uow.conn(), offer.application_id).await?;
    let reference = contact
        .map(|c| c.reference)
        .unwrap_or_else(|| format!("#{}", offer.application_id));
    let mut answered = Answered {
        reference,
        confirmed: confirm,
        registered: 0,
        offered: Vec::new(),
    };
    if confirm {
        answered.registered = decisions::register_members(
            uow.conn(),
            offer.application_id,
            &format!("Participant of {}", cohort.settings.name),
            now,
        )
        .await?;
        // The team's members become the cohort's participants in the same unit of work.
        crate::participants::service::create_in(uow, offer.application_id).await?;
    } else {
        decisions::set_applied(
            uow.conn(),
            offer.application_id,
            Decision::NotSelected,
            None,
            now,
        )
        .await?;
    }
    uow.audit(Entry::new(
        if confirm {
            "selection.confirm"
        } else {
            "selection.decline"
        },
        "application",
        offer.application_id,
        ChangeSet::new()
            .field("offer", OfferState::Open.code(), state.code())
            .set("registered", answered.registered),
    ))
    .await?;
    if !confirm {
        answered.offered = refill_in(uow, &cohort, hold_offers).await?;
        decisions::mark_refilled(uow.conn(), offer.id).await?;
    }
    Ok(answered)
}

/// Offers the cohort's free seats to the reserve list in its order, within the hard quotas
/// (the domain's refill); returns the references offered.
pub async fn refill_in(
    uow: &mut UnitOfWork<'_>,
    cohort: &StoredCohort,
    hold_offers: bool,
) -> OpResult<Vec<String>> {
    let c = compute(uow.conn(), cohort, &BoardQuery::default())
        .await
        .map_err(internal)?;
    let reserve = c.reserve();
    let ranking = reserve_order(&c.plain, &reserve);
    let fixed = c.holders();
    let outcome = refill(&ProposalInput {
        teams: &c.plain,
        ranking: &ranking,
        seats: c.seats,
        quotas: &c.quotas,
        fixed: &fixed,
        excluded: &BTreeSet::new(),
    });
    for reference in &outcome.offers {
        let Some(team) = c.team(reference) else {
            continue;
        };
        let app = team.application_id;
        decisions::set_applied(uow.conn(), app, Decision::Selected, None, uow.now()).await?;
        offer(
            uow,
            cohort,
            app,
            c.settings.confirm_days,
            &letters::OFFERED,
            hold_offers,
        )
        .await?;
    }
    uow.audit(Entry::new(
        "selection.refill",
        "cohort",
        cohort.id,
        ChangeSet::new()
            .set("offered", outcome.offers.join(" "))
            .set(
                "passed_over",
                outcome
                    .passed
                    .iter()
                    .map(|p| {
                        format!(
                            "{} ({})",
                            p.team,
                            p.quotas
                                .iter()
                                .map(|k| k.code())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
    ))
    .await?;
    Ok(outcome.offers)
}
