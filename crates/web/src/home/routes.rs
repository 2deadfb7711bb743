//! `/`: the start page by role.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use itp_domain::authz::{self, Action};
use itp_domain::cohort::key_dates;
use itp_domain::per_diem::StatementState;
use itp_domain::role::Role;
use itp_persistence::application::list;
use itp_persistence::{cohort, mail, per_diem, phase, programme};

use super::views::{self, CohortLine, StartPage};
use crate::app::{AppState, Routes};
use crate::error::Result;
use crate::security::access;
use crate::security::guard::Access;
use crate::security::session::Session;
use crate::views::PageContext;

/// "This week" on the start page.
const WEEK_DAYS: i64 = 7;

pub fn routes(r: Routes) -> Routes {
    r.get("/", Access::Public, home)
}

async fn home(
    State(state): State<AppState>,
    session: Session,
    ctx: PageContext,
) -> Result<Response> {
    let Some(user) = session.user() else {
        return Ok(Redirect::to("/login").into_response());
    };
    let p = &user.principal;
    if !authz::could(p, Action::ViewCohortDashboard) {
        return Ok(if p.has_role(Role::Applicant) {
            Redirect::to("/my/applications")
        } else {
            Redirect::to("/account")
        }
        .into_response());
    }
    let conn = &state.db.conn;
    let now = state.clock.now();
    // The person's active cohorts first, then their phases in one query.
    let mut visible = Vec::new();
    for summary in programme::list_summaries(conn, false).await? {
        for c in cohort::of_programme(conn, summary.id).await? {
            if c.status.is_active() && access::may(&user, Action::ViewCohortDashboard, &c) {
                visible.push((summary.name.clone(), c));
            }
        }
    }
    let ids: Vec<i32> = visible.iter().map(|(_, c)| c.id).collect();
    let all_phases = phase::of_cohorts(conn, &ids).await?;
    let mut cohorts = Vec::new();
    for (programme, c) in visible {
        let phase_refs: Vec<_> = all_phases
            .iter()
            .filter(|sp| sp.cohort_id == c.id)
            .map(|sp| &sp.phase)
            .collect();
        let dates = key_dates::key_dates(&c.settings, &phase_refs);
        let this_week = key_dates::within(&c.settings, &dates, now, WEEK_DAYS)
            .into_iter()
            .cloned()
            .collect();
        let next_deadline = key_dates::next_deadline(&c.settings, &dates, now).cloned();
        let applications = if access::may(&user, Action::ViewApplications, &c) {
            Some(list::counts(conn, c.id).await?.0)
        } else {
            None
        };
        cohorts.push(CohortLine {
            programme,
            cohort: c,
            applications,
            this_week,
            next_deadline,
        });
    }
    let held_mail = if authz::could(p, Action::ViewOutbox) {
        Some(mail::counts(conn).await?.held)
    } else {
        None
    };
    let drafts_to_approve = if authz::could(p, Action::SettlePerDiemStatements) {
        let ids: Vec<i32> = cohorts.iter().map(|l| l.cohort.id).collect();
        let scope = authz::programme_scope(p, Action::SettlePerDiemStatements);
        let drafts = per_diem::statements::list(
            conn,
            scope.is_some().then_some(ids.as_slice()),
            Some(StatementState::Draft),
        )
        .await?;
        Some(drafts.len() as u64)
    } else {
        None
    };
    let page = StartPage {
        name: &user.display_name,
        cohorts,
        held_mail,
        drafts_to_approve,
        reviews: authz::could(p, Action::ReviewApplication) && !p.is_admin(),
    };
    Ok(views::start(&ctx, &page).into_response())
}
