//! A host's calendar feed: its accepted, planned and held visits (and those asked for, as
//! tentative), written by the same RFC 5545 writer as the cohort feeds (escaped text, folded
//! lines). The token in the address is the credential; any other token is a 404.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use itp_domain::calendar::{self, Calendar, Event, EventStatus, When};
use itp_domain::hosts::VisitState;
use itp_persistence::hosts::{self, visits};

use crate::app::AppState;
use crate::error::{AppError, Result};
use crate::i18n::{Arg, Lang, t_args};

fn status(s: VisitState) -> Option<EventStatus> {
    match s {
        VisitState::Requested => Some(EventStatus::Tentative),
        VisitState::Accepted | VisitState::Planned | VisitState::Held | VisitState::Reported => {
            Some(EventStatus::Confirmed)
        }
        VisitState::Cancelled => Some(EventStatus::Cancelled),
        VisitState::Declined => None,
    }
}

pub async fn feed(State(state): State<AppState>, Path(token): Path<String>) -> Result<Response> {
    let conn = &state.db.conn;
    let token = token.strip_suffix(".ics").unwrap_or(&token);
    let host = hosts::find_by_calendar_token(conn, token)
        .await?
        .ok_or(AppError::NotFound)?;
    let base = state.config.base_url.trim_end_matches('/');
    let uid_host = base
        .split_once("://")
        .map_or(base, |(_, rest)| rest)
        .split(['/', ':'])
        .next()
        .unwrap_or("itp-admin")
        .to_owned();
    let mut events = Vec::new();
    for v in visits::of_host(conn, host.id).await? {
        let Some(status) = status(v.state) else {
            continue;
        };
        let team = visits::visiting_team(conn, v.application_id)
            .await?
            .map(|t| format!("{} ({})", t.reference, t.organisation))
            .unwrap_or_default();
        let agenda = visits::agenda(conn, v.id).await?;
        let mut description = t_args(
            Lang::Sv,
            "calendar-visit-description",
            &[
                ("team", Arg::Text(&team)),
                ("cohort", Arg::Text(&v.cohort_name)),
            ],
        );
        for item in agenda {
            description.push_str(&format!(
                "\n{} {}–{} {} ({})",
                item.day,
                item.starts_at.format("%H:%M"),
                item.ends_at.format("%H:%M"),
                item.topic,
                item.place
            ));
        }
        events.push(Event {
            uid: format!("study-visit-{}@{uid_host}", v.id),
            when: When::AllDay(v.dates),
            summary: t_args(
                Lang::Sv,
                "calendar-visit-summary",
                &[("team", Arg::Text(&team))],
            ),
            description,
            location: host.name().to_owned(),
            url: Some(format!("{base}/study-visits/{}", v.id)),
            status,
            last_modified: Some(v.updated_at),
        });
    }
    let cal = Calendar {
        name: t_args(
            Lang::Sv,
            "calendar-host-name",
            &[("host", Arg::Text(host.name()))],
        ),
        description: String::new(),
        events,
    };
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=utf-8".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"host-{}.ics\"", host.id),
            ),
            (header::CACHE_CONTROL, "private, max-age=300".to_owned()),
        ],
        calendar::render(&cal, state.clock.now()),
    )
        .into_response())
}
