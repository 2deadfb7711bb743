//! The host's side, in Swedish unless its person chose English: its start page, and the page of
//! one study visit (shared with the programme team) with the visiting team, the steps either
//! side can take, the agenda, the logistics and the report.

use axum::extract::{Path, State};
use axum::response::Redirect;
use itp_domain::Code;
use itp_domain::authz::Action;
use itp_domain::country::CountryCode;
use itp_domain::hosts::hosting::{AGENDA_ROWS, agenda};
use itp_domain::hosts::{
    AgendaItem, AgendaRow, LogisticsInput, Report, Side, VisitAction, VisitState,
};
use itp_domain::role::Role;
use itp_domain::validation::FieldErrors;
use itp_persistence::hosts::visits::{self, StoredVisit, VisitingTeam};
use itp_persistence::hosts::{self, StoredHost};
use maud::{Markup, html};

use super::access::Visit;
use super::fields::{Field, Kind, summary};
use super::service;
use crate::app::AppState;
use crate::error::{AppError, Result};
use crate::forms::FormFields;
use crate::i18n::format::dates;
use crate::i18n::{Arg, Lang, t_args};
use crate::ops::Context;
use crate::security::access;
use crate::security::session::{CurrentUser, Session, SignedIn};
use crate::views::components::{badge, csrf_field};
use crate::views::{PageContext, page};

pub fn visit_badge(ctx: &PageContext, s: VisitState) -> Markup {
    let kind = match s {
        VisitState::Requested => "warning",
        VisitState::Declined | VisitState::Cancelled => "muted",
        _ => "success",
    };
    badge(&ctx.t(&format!("visit-state-{}", s.code())), kind)
}

/// What a host offers, as the host and staff read it.
pub fn offer_summary(ctx: &PageContext, host: &StoredHost) -> Markup {
    let themes: Vec<String> = host
        .themes
        .iter()
        .map(|t| ctx.t(&format!("theme-{}", t.code())))
        .collect();
    let languages: Vec<String> = host
        .languages
        .iter()
        .map(|l| ctx.t(&format!("language-{}", l.code())))
        .collect();
    html! {
        dl.summary {
            dt { (ctx.t("hosts-field-contact-name")) } dd { (host.contact_name) " · " (host.email) " · " (host.phone) }
            dt { (ctx.t("hosts-field-themes")) } dd { (themes.join(", ")) }
            dt { (ctx.t("hosts-field-languages")) } dd { (languages.join(", ")) }
            dt { (ctx.t("hosts-field-max-visitors")) } dd {
                (t_args(ctx.lang, "hosts-visitors", &[("count", Arg::Number(i64::from(host.max_visitors)))]))
                ", " (t_args(ctx.lang, "hosts-teams", &[("count", Arg::Number(i64::from(host.teams)))]))
            }
            dt { (ctx.t("hosts-field-periods")) } dd {
                @for (i, p) in host.periods.iter().enumerate() {
                    @if i > 0 { "; " }
                    (dates(*p, ctx.lang))
                }
            }
            @if !host.note.is_empty() {
                dt { (ctx.t("hosts-field-note")) } dd { (host.note) }
            }
        }
    }
}

pub fn invite_form(ctx: &PageContext, host: &StoredHost, errors: &FieldErrors) -> Markup {
    html! {
        h2 { (ctx.t("hosts-invite-title")) }
        p { (ctx.t("hosts-invite-lead")) }
        form method="post" action={ "/hosts/" (host.id) "/people" } novalidate {
            (csrf_field(ctx.csrf()))
            (Field::new("name", "hosts-field-person-name", "").required().render(ctx, errors))
            (Field::new("email", "hosts-field-email", "").kind(Kind::Email).required().render(ctx, errors))
            div.actions { button type="submit" { (ctx.t("hosts-invite-submit")) } }
        }
    }
}

pub fn visit_list(ctx: &PageContext, list: &[StoredVisit]) -> Markup {
    html! {
        @if list.is_empty() {
            p { (ctx.t("hosts-no-visits")) }
        } @else {
            table {
                caption.visually-hidden { (ctx.t("hosts-visits-title")) }
                thead { tr {
                    th scope="col" { (ctx.t("visit-col-dates")) }
                    th scope="col" { (ctx.t("visit-col-cohort")) }
                    th scope="col" { (ctx.t("visit-col-state")) }
                } }
                tbody {
                    @for v in list {
                        tr {
                            td { a href={ "/study-visits/" (v.id) } { (dates(v.dates, ctx.lang)) } }
                            td { (v.cohort_name) }
                            td { (visit_badge(ctx, v.state)) }
                        }
                    }
                }
            }
        }
    }
}

fn base(state: &AppState) -> &str {
    state.config.base_url.trim_end_matches('/')
}

/// The host's start page: each host the person belongs to, with its visits.
pub async fn start(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    ctx: PageContext,
) -> Result<Markup> {
    let mut ctx = ctx.defaulting_to(Lang::Sv);
    ctx.csrf_token = Some(session.csrf_token().await?);
    let conn = &state.db.conn;
    let mut own = Vec::new();
    for id in user.principal.scopes(Role::Host) {
        let Ok(id) = i32::try_from(id) else { continue };
        if let Some(host) = hosts::find(conn, id).await? {
            let list = visits::of_host(conn, host.id).await?;
            own.push((host, list));
        }
    }
    Ok(page(
        &ctx,
        &ctx.t("hosting-title"),
        html! {
            h1 { (ctx.t("hosting-title")) }
            @if own.is_empty() {
                p { (ctx.t("hosting-none")) }
            }
            @for (host, list) in &own {
                section aria-labelledby={ "host-" (host.id) } {
                    h2 id={ "host-" (host.id) } { (host.name()) }
                    h3 { (ctx.t("hosts-visits-title")) }
                    (visit_list(&ctx, list))
                    h3 { (ctx.t("hosting-offer")) }
                    (offer_summary(&ctx, host))
                    h3 { (ctx.t("hosting-calendar")) }
                    p { (ctx.t("hosting-calendar-lead")) }
                    @if let Some(token) = &host.calendar_token {
                        p { code.token { (base(&state)) "/calendar/hosts/" (token) ".ics" } }
                    }
                    form method="post" action={ "/hosting/" (host.id) "/calendar" } {
                        (csrf_field(ctx.csrf()))
                        button type="submit" {
                            @if host.calendar_token.is_some() { (ctx.t("hosting-calendar-renew")) } @else { (ctx.t("hosting-calendar-create")) }
                        }
                    }
                    (invite_form(&ctx, host, &FieldErrors::new()))
                }
            }
        },
    ))
}

pub async fn renew_calendar(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    ctx: PageContext,
    Path(id): Path<i32>,
) -> Result<Redirect> {
    let host =
        access::load::<StoredHost>(&state, &user, id, Action::ManageHostMunicipality).await?;
    service::renew_calendar(&Context::person(&state, &user), &host).await?;
    session
        .flash(ctx.defaulting_to(Lang::Sv).t("hosting-calendar-flash"))
        .await?;
    Ok(Redirect::to("/hosting"))
}

/// Which side the person takes on this visit, if any: the host's people act for the host.
fn side_of(user: &CurrentUser, v: &Visit) -> Option<Side> {
    if access::may(user, Action::OfferStudyVisit, v) {
        Some(Side::Host)
    } else if access::may(user, Action::PlanStudyVisits, v) {
        Some(Side::Programme)
    } else {
        None
    }
}

fn page_ctx(ctx: PageContext, side: Option<Side>) -> PageContext {
    match side {
        Some(Side::Host) => ctx.defaulting_to(Lang::Sv),
        _ => ctx,
    }
}

struct VisitPage<'a> {
    v: &'a Visit,
    team: Option<&'a VisitingTeam>,
    agenda: &'a [AgendaRow],
    logistics: &'a LogisticsInput,
    report: &'a Report,
    side: Option<Side>,
    today: chrono::NaiveDate,
}

/// The visit page again for the host (422), with the form's problems and what was typed.
async fn reshow_to_host(
    state: &AppState,
    ctx: &PageContext,
    v: &Visit,
    errors: &FieldErrors,
    typed: Typed,
) -> AppError {
    match show(state, ctx, v, Some(Side::Host), errors, Some(typed)).await {
        Ok(page) => AppError::Reshow(page),
        Err(e) => e,
    }
}

async fn show(
    state: &AppState,
    ctx: &PageContext,
    v: &Visit,
    side: Option<Side>,
    errors: &FieldErrors,
    typed: Option<Typed>,
) -> Result<Markup> {
    let conn = &state.db.conn;
    let team = visits::visiting_team(conn, v.visit.application_id).await?;
    let stored_agenda = visits::agenda(conn, v.visit.id).await?;
    let l = &v.visit.logistics;
    let mut rows: Vec<AgendaRow> = stored_agenda.iter().map(AgendaRow::of).collect();
    let mut logistics = LogisticsInput {
        local_transport: l.local_transport.clone(),
        lodging: l.lodging.clone(),
        compensation: l
            .compensation
            .map(|m| itp_domain::format::decimal(m.amount(), 2, ctx.lang))
            .unwrap_or_default(),
        compensation_covers: l.compensation_covers.clone(),
    };
    let mut report = v.visit.report.clone();
    match typed {
        Some(Typed::Agenda(typed)) => rows = typed,
        Some(Typed::Logistics(typed)) => logistics = typed,
        Some(Typed::Report(typed)) => report = typed,
        None => {}
    }
    rows.resize(rows.len().max(AGENDA_ROWS), AgendaRow::default());
    Ok(visit_view(
        ctx,
        &VisitPage {
            v,
            team: team.as_ref(),
            agenda: &rows,
            logistics: &logistics,
            report: &report,
            side,
            today: state.clock.now().date_naive(),
        },
        errors,
    ))
}

enum Typed {
    Agenda(Vec<AgendaRow>),
    Logistics(LogisticsInput),
    Report(Report),
}

pub async fn visit_page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    ctx: PageContext,
    Path(id): Path<i32>,
) -> Result<Markup> {
    let v = access::load::<Visit>(&state, &user, id, Action::ViewStudyVisits).await?;
    let side = side_of(&user, &v);
    let mut ctx = page_ctx(ctx, side);
    ctx.csrf_token = Some(session.csrf_token().await?);
    show(&state, &ctx, &v, side, &FieldErrors::new(), None).await
}

fn team_section(ctx: &PageContext, team: &VisitingTeam) -> Markup {
    let country =
        CountryCode::parse(&team.country).map_or(team.country.clone(), |c| c.name().to_owned());
    html! {
        h2 { (ctx.t("visit-team")) }
        dl.summary {
            dt { (ctx.t("visit-team-reference")) } dd { (team.reference) }
            dt { (ctx.t("visit-team-organisation")) } dd { (team.organisation) }
            dt { (ctx.t("visit-team-country")) } dd { (country) }
            @if !team.project_title.is_empty() {
                dt { (ctx.t("visit-team-project")) } dd { (team.project_title) }
            }
            @if !team.project_summary.is_empty() {
                dt { (ctx.t("visit-team-summary")) } dd { (team.project_summary) }
            }
        }
        table {
            caption { (ctx.t("visit-team-members")) }
            thead { tr {
                th scope="col" { (ctx.t("visit-member-name")) }
                th scope="col" { (ctx.t("visit-member-role")) }
                th scope="col" { (ctx.t("visit-member-position")) }
            } }
            tbody {
                @for m in &team.members {
                    tr {
                        td { (m.name) }
                        td { (ctx.t(&format!("team-role-{}", m.role))) }
                        td { (m.position) }
                    }
                }
            }
        }
    }
}

fn agenda_editor(ctx: &PageContext, id: i32, rows: &[AgendaRow], errors: &FieldErrors) -> Markup {
    html! {
        form method="post" action={ "/study-visits/" (id) "/agenda" } novalidate {
            (csrf_field(ctx.csrf()))
            p.hint { (ctx.t("visit-agenda-hint")) }
            @for (i, row) in rows.iter().enumerate() {
                fieldset.agenda-row {
                    legend { (t_args(ctx.lang, "visit-agenda-row", &[("n", Arg::Number(i as i64 + 1))])) }
                    @let name = |f: &str| format!("agenda_{i}_{f}");
                    (Field::new(&name("day"), "visit-agenda-day", &row.day).kind(Kind::Date).render(ctx, errors))
                    (Field::new(&name("starts_at"), "visit-agenda-starts", &row.starts_at).kind(Kind::Time).render(ctx, errors))
                    (Field::new(&name("ends_at"), "visit-agenda-ends", &row.ends_at).kind(Kind::Time).render(ctx, errors))
                    (Field::new(&name("topic"), "visit-agenda-topic", &row.topic).render(ctx, errors))
                    (Field::new(&name("place"), "visit-agenda-place", &row.place).render(ctx, errors))
                    (Field::new(&name("people"), "visit-agenda-people", &row.people).render(ctx, errors))
                }
            }
            div.actions { button type="submit" { (ctx.t("visit-agenda-save")) } }
        }
    }
}

fn agenda_table(ctx: &PageContext, rows: &[AgendaRow]) -> Markup {
    let filled: Vec<&AgendaRow> = rows.iter().filter(|r| !r.topic.trim().is_empty()).collect();
    html! {
        @if filled.is_empty() {
            p { (ctx.t("visit-agenda-empty")) }
        } @else {
            table {
                caption.visually-hidden { (ctx.t("visit-agenda")) }
                thead { tr {
                    th scope="col" { (ctx.t("visit-agenda-day")) }
                    th scope="col" { (ctx.t("visit-agenda-time")) }
                    th scope="col" { (ctx.t("visit-agenda-topic")) }
                    th scope="col" { (ctx.t("visit-agenda-place")) }
                    th scope="col" { (ctx.t("visit-agenda-people")) }
                } }
                tbody {
                    @for r in filled {
                        tr {
                            td { (chrono::NaiveDate::parse_from_str(&r.day, "%Y-%m-%d").map_or(r.day.clone(), |d| itp_domain::format::date(d, ctx.lang))) }
                            td { (r.starts_at) "–" (r.ends_at) }
                            td { (r.topic) }
                            td { (r.place) }
                            td { (r.people) }
                        }
                    }
                }
            }
        }
    }
}

fn visit_view(ctx: &PageContext, p: &VisitPage<'_>, errors: &FieldErrors) -> Markup {
    let (visit, host) = (&p.v.visit, &p.v.host);
    let steps: Vec<VisitAction> = p
        .side
        .map(|side| visit.state.steps(side, visit.dates, p.today))
        .unwrap_or_default()
        .into_iter()
        // The report form files the report; saving the agenda plans the visit.
        .filter(|a| !matches!(a, VisitAction::Report))
        .collect();
    let host_side = p.side == Some(Side::Host);
    let can_report = host_side
        && matches!(visit.state, VisitState::Planned | VisitState::Held)
        && p.today >= visit.dates.start;
    let title = t_args(ctx.lang, "visit-title", &[("host", Arg::Text(host.name()))]);
    page(
        ctx,
        &title,
        html! {
            p {
                @if host_side { a href="/hosting" { "← " (ctx.t("hosting-title")) } }
                @else { a href={ "/cohorts/" (visit.cohort_id) "/matching" } { "← " (ctx.t("board-title")) } }
            }
            h1 { (title) " " (visit_badge(ctx, visit.state)) }
            (summary(ctx, errors))
            dl.summary {
                dt { (ctx.t("visit-col-dates")) } dd { (dates(visit.dates, ctx.lang)) }
                dt { (ctx.t("visit-col-cohort")) } dd { (visit.cohort_name) }
                @if let Some(theme) = visit.theme {
                    dt { (ctx.t("visit-theme")) } dd { (ctx.t(&format!("theme-{}", theme.code()))) }
                }
                @if !visit.reason.is_empty() {
                    dt { (ctx.t("visit-reason")) } dd { (visit.reason) }
                }
            }
            @if !steps.is_empty() {
                form method="post" action={ "/study-visits/" (visit.id) "/steps" } novalidate {
                    (csrf_field(ctx.csrf()))
                    @if steps.iter().any(|a| a.needs_reason()) {
                        (Field::new("reason", "visit-field-reason", "").kind(Kind::TextArea(2)).hint("visit-hint-reason").render(ctx, errors))
                    }
                    div.actions {
                        @for a in &steps {
                            button type="submit" name="action" value=(a.code()) class=[a.needs_reason().then_some("secondary")] {
                                (ctx.t(&format!("visit-step-{}", a.code())))
                            }
                        }
                    }
                }
            }
            @if let Some(team) = p.team { (team_section(ctx, team)) }
            h2 { (ctx.t("visit-agenda")) }
            @if host_side && visit.state.agenda_open() {
                (agenda_editor(ctx, visit.id, p.agenda, errors))
            } @else {
                (agenda_table(ctx, p.agenda))
            }
            h2 { (ctx.t("visit-logistics")) }
            @if host_side && visit.state.agenda_open() {
                form method="post" action={ "/study-visits/" (visit.id) "/logistics" } novalidate {
                    (csrf_field(ctx.csrf()))
                    (Field::new("local_transport", "visit-field-transport", &p.logistics.local_transport).kind(Kind::TextArea(2)).hint("visit-hint-transport").render(ctx, errors))
                    (Field::new("lodging", "visit-field-lodging", &p.logistics.lodging).kind(Kind::TextArea(2)).hint("visit-hint-lodging").render(ctx, errors))
                    (Field::new("compensation", "visit-field-compensation", &p.logistics.compensation).hint("visit-hint-compensation").render(ctx, errors))
                    (Field::new("compensation_covers", "visit-field-covers", &p.logistics.compensation_covers).render(ctx, errors))
                    div.actions { button type="submit" { (ctx.t("visit-logistics-save")) } }
                }
            } @else {
                dl.summary {
                    dt { (ctx.t("visit-field-transport")) } dd { (or_dash(&p.logistics.local_transport)) }
                    dt { (ctx.t("visit-field-lodging")) } dd { (or_dash(&p.logistics.lodging)) }
                    dt { (ctx.t("visit-field-compensation")) } dd {
                        @match visit.logistics.compensation {
                            Some(m) => { (itp_domain::format::money(&m, ctx.lang)) " · " (visit.logistics.compensation_covers) }
                            None => { "—" }
                        }
                    }
                }
            }
            h2 { (ctx.t("visit-report")) }
            @if can_report {
                form method="post" action={ "/study-visits/" (visit.id) "/report" } novalidate {
                    (csrf_field(ctx.csrf()))
                    (Field::new("shown", "visit-field-shown", &p.report.shown).kind(Kind::TextArea(4)).required().render(ctx, errors))
                    (Field::new("learned", "visit-field-learned", &p.report.learned).kind(Kind::TextArea(4)).required().render(ctx, errors))
                    (Field::new("contacts", "visit-field-contacts", &p.report.contacts).kind(Kind::TextArea(3)).hint("visit-hint-contacts").render(ctx, errors))
                    div.actions { button type="submit" { (ctx.t("visit-report-submit")) } }
                }
            } @else if visit.state == VisitState::Reported {
                dl.summary {
                    dt { (ctx.t("visit-field-shown")) } dd { (visit.report.shown) }
                    dt { (ctx.t("visit-field-learned")) } dd { (visit.report.learned) }
                    dt { (ctx.t("visit-field-contacts")) } dd { (or_dash(&visit.report.contacts)) }
                }
            } @else {
                p { (ctx.t("visit-report-later")) }
            }
        },
    )
}

fn or_dash(s: &str) -> &str {
    if s.trim().is_empty() { "—" } else { s }
}

async fn loaded(state: &AppState, user: &CurrentUser, id: i32, action: Action) -> Result<Visit> {
    access::load::<Visit>(state, user, id, action).await
}

pub async fn take_step(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    ctx: PageContext,
    Path(id): Path<i32>,
    form: FormFields,
) -> Result<Redirect> {
    let v = loaded(&state, &user, id, Action::ViewStudyVisits).await?;
    let Some(side) = side_of(&user, &v) else {
        return Err(access::refusal_of(&user, &v));
    };
    let mut ctx = page_ctx(ctx, Some(side));
    ctx.csrf_token = Some(session.csrf_token().await?);
    let action = VisitAction::parse(&form.text("action"))
        .ok_or_else(|| AppError::BadRequest("Choose a step.".into()))?;
    let result = service::step(
        &Context::person(&state, &user),
        &v.host,
        &v.visit,
        side,
        action,
        &form.text("reason"),
    )
    .await;
    match result {
        Ok(to) => {
            session
                .flash(t_args(
                    ctx.lang,
                    "visit-moved-flash",
                    &[(
                        "state",
                        Arg::Text(&ctx.t(&format!("visit-state-{}", to.code()))),
                    )],
                ))
                .await?;
            Ok(Redirect::to(&format!("/study-visits/{id}")))
        }
        Err(crate::ops::OpError::Invalid(e)) => Err(AppError::Reshow(
            show(&state, &ctx, &v, Some(side), &e, None).await?,
        )),
        Err(other) => Err(other.into()),
    }
}

fn agenda_rows(form: &FormFields) -> Vec<AgendaRow> {
    (0..AGENDA_ROWS * 2)
        .map(|i| {
            let f = |name: &str| form.text(&format!("agenda_{i}_{name}"));
            AgendaRow {
                day: f("day"),
                starts_at: f("starts_at"),
                ends_at: f("ends_at"),
                place: f("place"),
                people: f("people"),
                topic: f("topic"),
            }
        })
        .collect()
}

async fn host_form(
    state: &AppState,
    user: &CurrentUser,
    session: &Session,
    ctx: PageContext,
    id: i32,
) -> Result<(Visit, PageContext)> {
    let v = loaded(state, user, id, Action::OfferStudyVisit).await?;
    let mut ctx = ctx.defaulting_to(Lang::Sv);
    ctx.csrf_token = Some(session.csrf_token().await?);
    Ok((v, ctx))
}

pub async fn save_agenda(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    ctx: PageContext,
    Path(id): Path<i32>,
    form: FormFields,
) -> Result<Redirect> {
    let (v, ctx) = host_form(&state, &user, &session, ctx, id).await?;
    let mut rows = agenda_rows(&form);
    while rows.last().is_some_and(|r| *r == AgendaRow::default()) {
        rows.pop();
    }
    let items: Vec<AgendaItem> = match agenda(&rows, v.visit.dates) {
        Ok(items) => items,
        Err(e) => return Err(reshow_to_host(&state, &ctx, &v, &e, Typed::Agenda(rows)).await),
    };
    service::save_agenda(&Context::person(&state, &user), &v.host, &v.visit, &items).await?;
    session.flash(ctx.t("visit-agenda-flash")).await?;
    Ok(Redirect::to(&format!("/study-visits/{id}")))
}

pub async fn save_logistics(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    ctx: PageContext,
    Path(id): Path<i32>,
    form: FormFields,
) -> Result<Redirect> {
    let (v, ctx) = host_form(&state, &user, &session, ctx, id).await?;
    let input = LogisticsInput {
        local_transport: form.text("local_transport"),
        lodging: form.text("lodging"),
        compensation: form.text("compensation"),
        compensation_covers: form.text("compensation_covers"),
    };
    let logistics = match input.validate() {
        Ok(l) => l,
        Err(e) => return Err(reshow_to_host(&state, &ctx, &v, &e, Typed::Logistics(input)).await),
    };
    service::save_logistics(&Context::person(&state, &user), &v.visit, &logistics).await?;
    session.flash(ctx.t("visit-logistics-flash")).await?;
    Ok(Redirect::to(&format!("/study-visits/{id}")))
}

pub async fn file_report(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    ctx: PageContext,
    Path(id): Path<i32>,
    form: FormFields,
) -> Result<Redirect> {
    let (v, ctx) = host_form(&state, &user, &session, ctx, id).await?;
    let typed = Report {
        shown: form.text("shown"),
        learned: form.text("learned"),
        contacts: form.text("contacts"),
    };
    let report = match typed.validate() {
        Ok(r) => r,
        Err(e) => return Err(reshow_to_host(&state, &ctx, &v, &e, Typed::Report(typed)).await),
    };
    service::file_report(&Context::person(&state, &user), &v.host, &v.visit, &report).await?;
    session.flash(ctx.t("visit-report-flash")).await?;
    Ok(Redirect::to(&format!("/study-visits/{id}")))
}
