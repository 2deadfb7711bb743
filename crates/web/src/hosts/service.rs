//! The operations of the hosts feature, each in one unit of work with its audit entry and mail.

use itp_domain::Code;
use itp_domain::account::{Email, LinkPurpose};
use itp_domain::audit::ChangeSet;
use itp_domain::hosts::{
    AgendaItem, HostState, Logistics, Registration, Report, Side, VisitAction, VisitState,
};
use itp_domain::mail::Values;
use itp_domain::role::{Grant, Role};
use itp_domain::throttle::SELF_SERVICE;
use itp_persistence::audit::Entry;
use itp_persistence::hosts::visits::{self, NewVisit, StoredVisit};
use itp_persistence::hosts::{self, StoredHost};
use itp_persistence::{account, request_counts};

use super::mail::letter;
use crate::auth::service::issue_link;
use crate::i18n::format::dates as format_dates;
use crate::i18n::{Arg, Lang};
use crate::mail::Cause;
use crate::ops::{Context, OpError, OpResult, UnitOfWork};
use crate::security::client::ClientAddress;

fn base(ctx: &Context<'_>) -> String {
    ctx.state.config.base_url.trim_end_matches('/').to_owned()
}

/// Records a public offer to host, limited per client address like the other public forms.
/// A municipality with an offer waiting or approved cannot register again.
pub async fn register(
    ctx: &Context<'_>,
    client: &ClientAddress,
    r: &Registration,
) -> OpResult<i32> {
    let mut uow = ctx.begin().await?;
    let key = format!("host_registration:{}", client.as_str());
    if let Err(retry_at) = request_counts::admit(uow.conn(), &key, SELF_SERVICE, uow.now()).await? {
        return Err(OpError::TooMany {
            minutes: itp_domain::throttle::minutes_until(retry_at, uow.now()),
        });
    }
    if hosts::is_registered(uow.conn(), r.municipality.code).await? {
        // The refused request still counts against its client.
        uow.commit().await?;
        return Err(OpError::field(
            "municipality",
            "hosts-error-already-registered",
        ));
    }
    let id = hosts::register(uow.conn(), r, uow.now()).await?;
    uow.audit(Entry::new(
        "host.register",
        "host",
        id,
        ChangeSet::new()
            .set("municipality", r.municipality.code)
            .set("email", r.email.as_str())
            .set("max_visitors", r.max_visitors),
    ))
    .await?;
    let link = format!("{}/hosts/{id}", base(ctx));
    let l = letter(
        Lang::Sv,
        "registered",
        &[
            ("host", Arg::Text(r.municipality.name)),
            ("link", Arg::Text(&link)),
        ],
    );
    uow.mail(&l.to(&r.email, &r.contact_name, Cause::new("host", id)))
        .await?;
    uow.commit().await?;
    Ok(id)
}

/// Creates a host account for `email` on `host` (or gives an existing account the host role
/// for it) and mails the invitation in Swedish. Returns the one-time link, for the page.
async fn invite_to_host(
    uow: &mut UnitOfWork<'_>,
    host: &StoredHost,
    email: &Email,
    name: &str,
) -> OpResult<Option<String>> {
    let grant = Grant {
        role: Role::Host,
        scope: Some(i64::from(host.id)),
    };
    let now = uow.now();
    let state = uow.context().state;
    let (user_id, link) = match account::find_by_email(uow.conn(), email).await? {
        Some(existing) => {
            let grants = account::grants(uow.conn(), existing.id).await?;
            if !grants.contains(&grant) {
                account::add_grant(uow.conn(), existing.id, grant, now).await?;
            }
            (existing.id, None)
        }
        None => {
            let id = account::create(uow.conn(), email, name, &[grant], now).await?;
            let (link, _) = issue_link(uow.conn(), state, id, LinkPurpose::Invite).await?;
            (id, Some(link))
        }
    };
    let sign_in = format!("{}/login", state.config.base_url.trim_end_matches('/'));
    let l = letter(
        Lang::Sv,
        if link.is_some() {
            "invitation"
        } else {
            "access"
        },
        &[
            ("host", Arg::Text(host.name())),
            ("name", Arg::Text(name)),
            ("link", Arg::Text(link.as_deref().unwrap_or(&sign_in))),
        ],
    );
    uow.mail(&l.to(email, name, Cause::new("user", user_id)))
        .await?;
    uow.audit(Entry::new(
        "host.invite",
        "host",
        host.id,
        ChangeSet::new()
            .set("user", user_id)
            .set("email", email.as_str()),
    ))
    .await?;
    Ok(link)
}

/// Approves a waiting offer and invites its contact person, or declines it with a reason.
pub async fn decide(
    ctx: &Context<'_>,
    host: &StoredHost,
    approve: bool,
    reason: &str,
) -> OpResult<Option<String>> {
    let reason = reason.trim();
    if !approve && reason.is_empty() {
        return Err(OpError::field("reason", "hosts-error-required"));
    }
    let mut uow = ctx.begin().await?;
    let state = if approve {
        HostState::Approved
    } else {
        HostState::Declined
    };
    if !hosts::decide(uow.conn(), host.id, state, reason, uow.now()).await? {
        return Err(OpError::Conflict(
            "This offer has been decided already.".into(),
        ));
    }
    uow.audit(Entry::new(
        if approve {
            "host.approve"
        } else {
            "host.decline"
        },
        "host",
        host.id,
        ChangeSet::new()
            .field("state", host.state.code(), state.code())
            .set("reason", reason),
    ))
    .await?;
    let email = Email::parse(&host.email).map_err(OpError::internal)?;
    let link = if approve {
        invite_to_host(&mut uow, host, &email, &host.contact_name).await?
    } else {
        let l = letter(
            Lang::Sv,
            "declined-offer",
            &[
                ("host", Arg::Text(host.name())),
                ("reason", Arg::Text(reason)),
            ],
        );
        uow.mail(&l.to(&email, &host.contact_name, Cause::new("host", host.id)))
            .await?;
        None
    };
    uow.commit().await?;
    Ok(link)
}

/// Invites one more person of an approved host (by its people or by staff).
pub async fn invite_colleague(
    ctx: &Context<'_>,
    host: &StoredHost,
    email: &Email,
    name: &str,
) -> OpResult<Option<String>> {
    if host.state != HostState::Approved {
        return Err(OpError::Conflict(
            "Only an approved host has people.".into(),
        ));
    }
    let mut uow = ctx.begin().await?;
    let link = invite_to_host(&mut uow, host, email, name).await?;
    uow.commit().await?;
    Ok(link)
}

/// Asks hosts for visits: one requested visit per pair, mailed to the host in Swedish.
pub async fn request_visits(
    ctx: &Context<'_>,
    requests: &[(StoredHost, NewVisit)],
) -> OpResult<usize> {
    let mut uow = ctx.begin().await?;
    for (host, v) in requests {
        let live = visits::of_cohort(uow.conn(), v.cohort_id)
            .await?
            .into_iter()
            .any(|x| x.application_id == v.application_id && x.state.is_live());
        if live {
            return Err(OpError::Conflict(
                "A team on the board has a visit already; reload the board.".into(),
            ));
        }
        let id = visits::create(uow.conn(), v, uow.now()).await?;
        uow.audit(Entry::new(
            "study_visit.request",
            "study_visit",
            id,
            ChangeSet::new()
                .set("host", host.id)
                .set("application", v.application_id)
                .set("dates", format!("{}..{}", v.dates.start, v.dates.end)),
        ))
        .await?;
        let team = visits::visiting_team(uow.conn(), v.application_id)
            .await?
            .map(|t| t.reference)
            .unwrap_or_default();
        let email = Email::parse(&host.email).map_err(OpError::internal)?;
        let link = format!("{}/study-visits/{id}", base(ctx));
        let dates = format_dates(v.dates, Lang::Sv);
        let programme_id = itp_persistence::cohort::find(uow.conn(), v.cohort_id)
            .await?
            .map(|c| c.programme_id);
        let values = Values::new()
            .set("host", host.name())
            .set("team", &team)
            .set("dates", &dates)
            .set("link", &link);
        let message = crate::mail::texts::message(
            uow.conn(),
            "hosts.requested",
            programme_id,
            &values,
            &email,
            &host.contact_name,
            Cause::new("study_visit", id),
        )
        .await?;
        uow.mail(&message).await?;
    }
    uow.commit().await?;
    Ok(requests.len())
}

/// Tells the other side of a move: the host in Swedish, the visiting team in English.
async fn tell_other_side(
    uow: &mut UnitOfWork<'_>,
    host: &StoredHost,
    visit: &StoredVisit,
    side: Side,
    to: VisitState,
    reason: &str,
) -> OpResult<()> {
    let team = visits::visiting_team(uow.conn(), visit.application_id).await?;
    let reference = team
        .as_ref()
        .map(|t| t.reference.clone())
        .unwrap_or_default();
    let link = format!("{}/study-visits/{}", base(uow.context()), visit.id);
    let key = to.code();
    let (lang, email, name) = match side {
        Side::Programme => (
            Lang::Sv,
            Some(host.email.clone()),
            host.contact_name.clone(),
        ),
        Side::Host => match team.and_then(|t| t.contact) {
            Some((email, name)) => (Lang::En, Some(email), name),
            None => (Lang::En, None, String::new()),
        },
    };
    let Some(email) = email.and_then(|e| Email::parse(&e).ok()) else {
        return Ok(());
    };
    let dates = format_dates(visit.dates, lang);
    let l = letter(
        lang,
        key,
        &[
            ("host", Arg::Text(host.name())),
            ("team", Arg::Text(&reference)),
            ("dates", Arg::Text(&dates)),
            ("link", Arg::Text(&link)),
            ("reason", Arg::Text(reason)),
        ],
    );
    uow.mail(&l.to(&email, &name, Cause::new("study_visit", visit.id)))
        .await?;
    Ok(())
}

/// One step of a visit's life by `side`, audited and mailed to the other side.
pub async fn step(
    ctx: &Context<'_>,
    host: &StoredHost,
    visit: &StoredVisit,
    side: Side,
    action: VisitAction,
    reason: &str,
) -> OpResult<VisitState> {
    let reason = reason.trim();
    let today = ctx.now().date_naive();
    let to = visit
        .state
        .apply(action, side, visit.dates, today, reason)
        .map_err(|e| match e {
            itp_domain::hosts::VisitRefused::ReasonNeeded => {
                OpError::field("reason", "hosts-error-required")
            }
            other => OpError::Conflict(other.to_string()),
        })?;
    let mut uow = ctx.begin().await?;
    let kept_reason = action.needs_reason().then_some(reason);
    if !visits::set_state(
        uow.conn(),
        visit.id,
        visit.state,
        to,
        kept_reason,
        uow.now(),
    )
    .await?
    {
        return Err(OpError::Conflict(
            "The visit was changed meanwhile; look at it again.".into(),
        ));
    }
    uow.audit(Entry::new(
        &format!("study_visit.{}", action.code()),
        "study_visit",
        visit.id,
        ChangeSet::new()
            .field("state", visit.state.code(), to.code())
            .set("reason", reason),
    ))
    .await?;
    if matches!(to, VisitState::Declined | VisitState::Cancelled) {
        host_compensation(&mut uow, visit, None).await?;
    }
    tell_other_side(&mut uow, host, visit, side, to, reason).await?;
    uow.commit().await?;
    Ok(to)
}

/// The visit's compensation as a cost item of its cohort's host-compensation line (dated the
/// visit's first day), or none when there is no compensation or the visit will not happen.
async fn host_compensation(
    uow: &mut UnitOfWork<'_>,
    visit: &StoredVisit,
    compensation: Option<itp_domain::Money>,
) -> OpResult<()> {
    use itp_domain::budget::{Category, CostSourceKind};
    use itp_persistence::budget::cost_items::{CostDraft, CostSource};
    let source = CostSource::booking(CostSourceKind::HostCompensation, visit.id);
    let Some(amount) = compensation else {
        return crate::budget::bookings::cancel(uow, &source).await;
    };
    let host = hosts::find(uow.conn(), visit.host_id).await?;
    let supplier = host
        .as_ref()
        .map(|h| h.name())
        .unwrap_or("Host municipality");
    let description = format!("Study visit {} – {}", visit.dates.start, visit.dates.end);
    let draft = CostDraft {
        cohort_id: visit.cohort_id,
        category: Category::HostCompensation,
        participant_id: None,
        phase_id: None,
        supplier,
        description: &description,
        incurred_on: visit.dates.start,
        original: amount,
    };
    crate::budget::bookings::record(uow, &source, &draft).await?;
    Ok(())
}

/// Replaces the agenda; an accepted visit with an agenda is planned.
pub async fn save_agenda(
    ctx: &Context<'_>,
    host: &StoredHost,
    visit: &StoredVisit,
    items: &[AgendaItem],
) -> OpResult<()> {
    if !visit.state.agenda_open() {
        return Err(OpError::Conflict(
            "The agenda of this visit is closed.".into(),
        ));
    }
    let mut uow = ctx.begin().await?;
    visits::set_agenda(uow.conn(), visit.id, items).await?;
    uow.audit(Entry::new(
        "study_visit.agenda",
        "study_visit",
        visit.id,
        ChangeSet::new().set("items", items.len()),
    ))
    .await?;
    uow.commit().await?;
    if visit.state == VisitState::Accepted && !items.is_empty() {
        step(ctx, host, visit, Side::Host, VisitAction::Plan, "").await?;
    }
    Ok(())
}

pub async fn save_logistics(ctx: &Context<'_>, visit: &StoredVisit, l: &Logistics) -> OpResult<()> {
    if !visit.state.agenda_open() {
        return Err(OpError::Conflict(
            "The logistics of this visit are closed.".into(),
        ));
    }
    let mut uow = ctx.begin().await?;
    visits::set_logistics(uow.conn(), visit.id, l, uow.now()).await?;
    host_compensation(&mut uow, visit, l.compensation).await?;
    let before = visit
        .logistics
        .compensation
        .map(|m| m.amount().to_string())
        .unwrap_or_default();
    let after = l
        .compensation
        .map(|m| m.amount().to_string())
        .unwrap_or_default();
    uow.audit(Entry::new(
        "study_visit.logistics",
        "study_visit",
        visit.id,
        ChangeSet::new()
            .field("compensation", before, after)
            .set("compensation_covers", &l.compensation_covers),
    ))
    .await?;
    uow.commit().await
}

/// Files the host's report; a planned visit is marked held first (its days have come).
pub async fn file_report(
    ctx: &Context<'_>,
    host: &StoredHost,
    visit: &StoredVisit,
    report: &Report,
) -> OpResult<()> {
    let mut current = visit.clone();
    if current.state == VisitState::Planned {
        current.state = step(ctx, host, &current, Side::Host, VisitAction::MarkHeld, "").await?;
    }
    if current.state != VisitState::Held {
        return Err(OpError::Conflict(
            "A report is filed once the visit has been held.".into(),
        ));
    }
    let mut uow = ctx.begin().await?;
    visits::set_report(uow.conn(), visit.id, report, uow.now()).await?;
    uow.audit(Entry::new(
        "study_visit.report_text",
        "study_visit",
        visit.id,
        ChangeSet::new().set("contacts", !report.contacts.is_empty()),
    ))
    .await?;
    uow.commit().await?;
    step(ctx, host, &current, Side::Host, VisitAction::Report, "").await?;
    Ok(())
}

/// A new address for the host's calendar feed; the old one stops working.
pub async fn renew_calendar(ctx: &Context<'_>, host: &StoredHost) -> OpResult<()> {
    let mut uow = ctx.begin().await?;
    hosts::set_calendar_token(uow.conn(), host.id, &crate::security::tokens::new_token()).await?;
    uow.audit(Entry::new(
        "host.new_calendar_address",
        "host",
        host.id,
        ChangeSet::new().redacted("calendar_token"),
    ))
    .await?;
    uow.commit().await
}
