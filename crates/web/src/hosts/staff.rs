//! The programme team's side: offers to approve or decline, a host's record with its people
//! and visits, and the matching board of a cohort's Sweden phase.

use axum::extract::{Path, State};
use axum::response::Redirect;
use itp_domain::Code;
use itp_domain::account::Email;
use itp_domain::authz::Action;
use itp_domain::hosts::matching::{allowed, why};
use itp_domain::hosts::{HostState, Theme};
use itp_domain::validation::FieldErrors;
use itp_persistence::cohort::StoredCohort;
use itp_persistence::hosts::visits::{self, NewVisit};
use itp_persistence::hosts::{self, StoredHost};
use maud::{Markup, html};

use super::board::{self, Board};
use super::fields::{Field, Kind, summary};
use super::service;
use crate::app::AppState;
use crate::error::{AppError, Result};
use crate::forms::{FormFields, OrForm};
use crate::i18n::format::dates;
use crate::ops::{Context, OpError};
use crate::security::access;
use crate::security::session::{Session, SignedIn};
use crate::views::components::{badge, csrf_field};
use crate::views::{PageContext, page};

fn state_badge(ctx: &PageContext, s: HostState) -> Markup {
    let kind = match s {
        HostState::Requested => "warning",
        HostState::Approved => "success",
        HostState::Declined => "muted",
    };
    badge(&ctx.t(&format!("host-state-{}", s.code())), kind)
}

pub async fn list(State(state): State<AppState>, ctx: PageContext) -> Result<Markup> {
    let all = hosts::list(&state.db.conn).await?;
    let mut sorted: Vec<&StoredHost> = all.iter().collect();
    sorted.sort_by_key(|h| (h.state != HostState::Requested, h.state.code(), h.name()));
    Ok(page(
        &ctx,
        &ctx.t("hosts-list-title"),
        html! {
            h1 { (ctx.t("hosts-list-title")) }
            p { (ctx.t("hosts-list-lead")) " " a href=(super::register::PATH) { (ctx.t("hosts-register-title")) } "." }
            @if sorted.is_empty() {
                p { (ctx.t("hosts-list-empty")) }
            } @else {
                table {
                    caption.visually-hidden { (ctx.t("hosts-list-title")) }
                    thead { tr {
                        th scope="col" { (ctx.t("hosts-col-host")) }
                        th scope="col" { (ctx.t("hosts-col-state")) }
                        th scope="col" { (ctx.t("hosts-col-contact")) }
                        th scope="col" { (ctx.t("hosts-col-capacity")) }
                    } }
                    tbody {
                        @for h in &sorted {
                            tr {
                                td { a href={ "/hosts/" (h.id) } { (h.name()) } " (" (h.municipality.code) ")" }
                                td { (state_badge(&ctx, h.state)) }
                                td { (h.contact_name) }
                                td { (crate::i18n::t_args(ctx.lang, "hosts-visitors", &[("count", crate::i18n::Arg::Number(i64::from(h.max_visitors)))])) }
                            }
                        }
                    }
                }
            }
        },
    ))
}

/// Whether the person keeps this host's people: its own people, and staff who approve hosts.
fn keeps_people(user: &crate::security::session::CurrentUser, host: &StoredHost) -> bool {
    access::may(user, Action::ManageHostMunicipality, host)
        || access::may(user, Action::ApproveHostMunicipalities, host)
}

pub async fn detail(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    mut ctx: PageContext,
    Path(id): Path<i32>,
) -> Result<Markup> {
    let host =
        access::load::<StoredHost>(&state, &user, id, Action::ApproveHostMunicipalities).await?;
    ctx.csrf_token = Some(session.csrf_token().await?);
    let host_visits = visits::of_host(&state.db.conn, host.id).await?;
    Ok(detail_view(&ctx, &host, &host_visits, &FieldErrors::new()))
}

fn detail_view(
    ctx: &PageContext,
    host: &StoredHost,
    host_visits: &[visits::StoredVisit],
    errors: &FieldErrors,
) -> Markup {
    page(
        ctx,
        host.name(),
        html! {
            p { a href="/hosts" { "← " (ctx.t("hosts-list-title")) } }
            h1 { (host.name()) " " (state_badge(ctx, host.state)) }
            (summary(ctx, errors))
            (super::visits::offer_summary(ctx, host))
            @if host.state == HostState::Requested {
                h2 { (ctx.t("hosts-decide-title")) }
                form method="post" action={ "/hosts/" (host.id) "/decision" } {
                    (csrf_field(ctx.csrf()))
                    (Field::new("reason", "hosts-field-decision-reason", "").kind(Kind::TextArea(2)).hint("hosts-hint-decision-reason").render(ctx, errors))
                    div.actions {
                        button type="submit" name="decision" value="approve" { (ctx.t("hosts-approve")) }
                        button.secondary type="submit" name="decision" value="decline" { (ctx.t("hosts-decline")) }
                    }
                }
            }
            @if host.state == HostState::Declined && !host.decision_reason.is_empty() {
                p { (ctx.t("hosts-declined-because")) ": " (host.decision_reason) }
            }
            @if host.state == HostState::Approved {
                (super::visits::invite_form(ctx, host, errors))
            }
            h2 { (ctx.t("hosts-visits-title")) }
            (super::visits::visit_list(ctx, host_visits))
        },
    )
}

pub async fn decide(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    mut ctx: PageContext,
    Path(id): Path<i32>,
    form: FormFields,
) -> Result<Redirect> {
    let host =
        access::load::<StoredHost>(&state, &user, id, Action::ApproveHostMunicipalities).await?;
    ctx.csrf_token = Some(session.csrf_token().await?);
    let approve = match form.text("decision").as_str() {
        "approve" => true,
        "decline" => false,
        _ => return Err(AppError::BadRequest("Choose approve or decline.".into())),
    };
    let host_visits = visits::of_host(&state.db.conn, host.id).await?;
    let link = service::decide(
        &Context::person(&state, &user),
        &host,
        approve,
        &form.text("reason"),
    )
    .await
    .or_form(|e| detail_view(&ctx, &host, &host_visits, e))?;
    let message = match (approve, link) {
        (true, Some(link)) => format!("{} {link}", ctx.t("hosts-approved-flash")),
        (true, None) => ctx.t("hosts-approved-existing-flash"),
        (false, _) => ctx.t("hosts-declined-flash"),
    };
    session.flash(message).await?;
    Ok(Redirect::to(&format!("/hosts/{id}")))
}

/// Invites one more person of the host: its own people or staff.
pub async fn invite(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    ctx: PageContext,
    Path(id): Path<i32>,
    form: FormFields,
) -> Result<Redirect> {
    let host = access::find::<StoredHost>(&state, id).await?;
    if !keeps_people(&user, &host) {
        return Err(access::refusal_of(&user, &host));
    }
    let mut ctx = if access::may(&user, Action::ManageHostMunicipality, &host) {
        ctx.defaulting_to(crate::i18n::Lang::Sv)
    } else {
        ctx
    };
    ctx.csrf_token = Some(session.csrf_token().await?);
    let name = form.text("name");
    let mut errors = FieldErrors::new();
    let name = itp_domain::validation::storable(name.trim());
    if name.is_empty() || name.chars().count() > 120 {
        errors.add("name", "hosts-error-required");
    }
    let email = Email::parse(&form.text("email"));
    if email.is_err() {
        errors.add("email", "hosts-error-email");
    }
    let back = if access::may(&user, Action::ManageHostMunicipality, &host) {
        "/hosting".to_owned()
    } else {
        format!("/hosts/{id}")
    };
    let (Ok(email), true) = (email, errors.is_empty()) else {
        let host_visits = visits::of_host(&state.db.conn, host.id).await?;
        return Err(AppError::Reshow(detail_view(
            &ctx,
            &host,
            &host_visits,
            &errors,
        )));
    };
    let link =
        service::invite_colleague(&Context::person(&state, &user), &host, &email, &name).await?;
    let message = match link {
        Some(link) if access::may(&user, Action::ApproveHostMunicipalities, &host) => {
            format!("{} {link}", ctx.t("hosts-invited-flash"))
        }
        _ => ctx.t("hosts-invited-flash"),
    };
    session.flash(message).await?;
    Ok(Redirect::to(&back))
}

pub async fn board_page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    mut ctx: PageContext,
    Path(cohort_id): Path<i32>,
) -> Result<Markup> {
    let cohort =
        access::load::<StoredCohort>(&state, &user, cohort_id, Action::PlanStudyVisits).await?;
    ctx.csrf_token = Some(session.csrf_token().await?);
    let b = board::load(&state, &cohort).await?;
    Ok(board_view(&ctx, &cohort, &b, &FieldErrors::new()))
}

fn theme_names(ctx: &PageContext, codes: &[String]) -> String {
    codes
        .iter()
        .map(|c| match Theme::parse(c) {
            Some(t) => ctx.t(&format!("theme-{}", t.code())),
            None => c.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn board_view(ctx: &PageContext, cohort: &StoredCohort, b: &Board, errors: &FieldErrors) -> Markup {
    let suggested = |reference: &str| {
        b.suggestion
            .assignments
            .iter()
            .find(|p| p.team == reference)
    };
    let host_of_code = |code: &str| b.hosts.iter().find(|h| h.host.municipality.code == code);
    page(
        ctx,
        &ctx.t("board-title"),
        html! {
            p { a href={ "/cohorts/" (cohort.id) } { "← " (cohort.settings.name) } }
            h1 { (ctx.t("board-title")) ": " (cohort.settings.name) }
            @match b.window {
                None => { p { (ctx.t("board-no-window")) } }
                Some(w) => {
                    p.lead { (ctx.t("board-window")) ": " (dates(w, ctx.lang)) ". " (ctx.t("board-lead")) }
                    (summary(ctx, errors))
                    form method="post" action={ "/cohorts/" (cohort.id) "/matching" } {
                        (csrf_field(ctx.csrf()))
                        table.board {
                            caption { (ctx.t("board-caption")) " " (crate::i18n::t_args(ctx.lang, "board-total-fit", &[("fit", crate::i18n::Arg::Number(i64::from(b.suggestion.total_fit)))])) }
                            thead { tr {
                                th scope="col" { (ctx.t("board-col-team")) }
                                th scope="col" { (ctx.t("board-col-size")) }
                                th scope="col" { (ctx.t("board-col-themes")) }
                                th scope="col" { (ctx.t("board-col-host")) }
                                th scope="col" { (ctx.t("board-col-why")) }
                            } }
                            tbody {
                                @for t in &b.teams {
                                    @let field = format!("team_{}", t.application_id);
                                    tr {
                                        th scope="row" { (t.need.reference) br; small { (t.organisation) } }
                                        td { (t.need.size) }
                                        td { (theme_names(ctx, &t.need.themes.iter().cloned().collect::<Vec<_>>())) }
                                        @match &t.visit {
                                            Some((v, host_name)) => {
                                                td { a href={ "/study-visits/" (v.id) } { (host_name) } " " (badge(&ctx.t(&format!("visit-state-{}", v.state.code())), "info")) }
                                                td { "—" }
                                            }
                                            None => {
                                                @let pick = suggested(&t.need.reference);
                                                td {
                                                    label.visually-hidden for=(field) { (ctx.t("board-col-host")) " " (t.need.reference) }
                                                    select id=(field) name=(field) aria-invalid=[errors.for_field(&field).map(|_| "true")] {
                                                        option value="" { (ctx.t("board-no-visit")) }
                                                        @for h in &b.hosts {
                                                            @let chosen = pick.is_some_and(|p| p.host == h.host.municipality.code);
                                                            option value=(h.host.id) selected[chosen] disabled[!allowed(w, &t.need, &h.offer) || h.offer.teams == 0] {
                                                                (h.host.name()) " (" (h.offer.teams) ")"
                                                            }
                                                        }
                                                    }
                                                    @if let Some(message) = errors.for_field(&field) {
                                                        p.error-message { (ctx.t(message)) }
                                                    }
                                                }
                                                td {
                                                    @if let Some(p) = pick {
                                                        @if let Some(h) = host_of_code(&p.host) {
                                                            (crate::i18n::t_args(ctx.lang, "board-why", &[
                                                                ("host", crate::i18n::Arg::Text(h.host.name())),
                                                                ("fit", crate::i18n::Arg::Number(i64::from(p.fit))),
                                                                ("themes", crate::i18n::Arg::Text(&theme_names(ctx, &p.why.common_themes))),
                                                                ("languages", crate::i18n::Arg::Number(i64::try_from(p.why.common_languages.len()).unwrap_or(0))),
                                                            ]))
                                                        }
                                                    } @else {
                                                        (ctx.t("board-why-none"))
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                        @if b.teams.iter().any(|t| t.visit.is_none()) && !b.hosts.is_empty() {
                            div.actions { button type="submit" { (ctx.t("board-send")) } }
                        }
                    }
                    h2 { (ctx.t("board-hosts")) }
                    @if b.hosts.is_empty() {
                        p { (ctx.t("board-no-hosts")) }
                    } @else {
                        ul {
                            @for h in &b.hosts {
                                li {
                                    a href={ "/hosts/" (h.host.id) } { (h.host.name()) } ": "
                                    (theme_names(ctx, &h.offer.themes.iter().cloned().collect::<Vec<_>>()))
                                    " · " (crate::i18n::t_args(ctx.lang, "hosts-visitors", &[("count", crate::i18n::Arg::Number(i64::from(h.offer.max_visitors)))]))
                                    " · " (crate::i18n::t_args(ctx.lang, "board-places-left", &[("count", crate::i18n::Arg::Number(i64::from(h.offer.teams)))]))
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

pub async fn send_requests(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    mut ctx: PageContext,
    Path(cohort_id): Path<i32>,
    form: FormFields,
) -> Result<Redirect> {
    let cohort =
        access::load::<StoredCohort>(&state, &user, cohort_id, Action::PlanStudyVisits).await?;
    ctx.csrf_token = Some(session.csrf_token().await?);
    let b = board::load(&state, &cohort).await?;
    let Some(window) = b.window else {
        return Err(OpError::Conflict(
            "The cohort has no study-visit days in its Sweden phase.".into(),
        )
        .into());
    };
    let mut errors = FieldErrors::new();
    let mut left: Vec<(i32, u32)> = b.hosts.iter().map(|h| (h.host.id, h.offer.teams)).collect();
    let mut requests = Vec::new();
    for t in b.teams.iter().filter(|t| t.visit.is_none()) {
        let field = format!("team_{}", t.application_id);
        let chosen = form.text(&field);
        if chosen.trim().is_empty() {
            continue;
        }
        let host = chosen
            .trim()
            .parse::<i32>()
            .ok()
            .and_then(|id| b.hosts.iter().find(|h| h.host.id == id));
        let Some(h) = host else {
            errors.add(&field, "board-error-host");
            continue;
        };
        let places = left.iter_mut().find(|(id, _)| *id == h.host.id);
        match places {
            Some((_, n)) if *n > 0 && allowed(window, &t.need, &h.offer) => {
                *n -= 1;
                let theme = why(&t.need, &h.offer)
                    .common_themes
                    .first()
                    .and_then(|c| Theme::parse(c));
                requests.push((
                    h.host.clone(),
                    NewVisit {
                        host_id: h.host.id,
                        cohort_id,
                        application_id: t.application_id,
                        dates: window,
                        theme,
                    },
                ));
            }
            _ => errors.add(&field, "board-error-not-allowed"),
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Reshow(board_view(&ctx, &cohort, &b, &errors)));
    }
    let sent = service::request_visits(&Context::person(&state, &user), &requests).await?;
    session
        .flash(crate::i18n::t_args(
            ctx.lang,
            "board-sent-flash",
            &[(
                "count",
                crate::i18n::Arg::Number(i64::try_from(sent).unwrap_or(0)),
            )],
        ))
        .await?;
    Ok(Redirect::to(&format!("/cohorts/{cohort_id}/matching")))
}
