//! The applicant's side: open calls, starting an application, the steps of the form, documents,
//! submitting and withdrawing. The route list is here; the handlers live in files named for
//! what they do.

use axum::extract::{Path, State};
use axum::response::Redirect;
use itp_domain::authz::Action;
use itp_persistence::application;
use maud::Markup;

use super::context::CallContext;
use super::{applicant_views, document_routes, form_routes, service, submit_routes};
use crate::app::{AppState, Routes};
use crate::error::Result;
use crate::ops::Context;
use crate::security::access;
use crate::security::guard::Access;
use crate::security::session::SignedIn;
use crate::views::PageContext;

pub fn routes(r: Routes) -> Routes {
    let own = Access::Can(Action::HandleOwnApplication);
    r.post(
        "/calls/{cohort_id}/apply",
        Access::Can(Action::Apply),
        apply,
    )
    .get("/my/applications", own, my_applications)
    .get(
        "/applications/{application_id}/edit/{step}",
        own,
        form_routes::step_form,
    )
    .post(
        "/applications/{application_id}/edit/{step}",
        own,
        form_routes::save_step,
    )
    .post(
        "/applications/{application_id}/documents",
        own,
        document_routes::upload,
    )
    .post(
        "/applications/{application_id}/documents/{document_id}/delete",
        own,
        document_routes::delete_document,
    )
    .post(
        "/applications/{application_id}/submit",
        own,
        submit_routes::submit,
    )
    .post(
        "/applications/{application_id}/withdraw",
        own,
        submit_routes::withdraw,
    )
}

async fn apply(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(cohort_id): Path<i32>,
) -> Result<Redirect> {
    let call = access::find::<CallContext>(&state, cohort_id).await?;
    let id = service::start_or_resume(&Context::person(&state, &user), &call).await?;
    Ok(Redirect::to(&format!(
        "/applications/{id}/edit/organisation"
    )))
}

async fn my_applications(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
) -> Result<Markup> {
    let apps = application::for_applicant(&state.db.conn, user.id).await?;
    let calls = itp_persistence::cohort::open_calls(&state.db.conn).await?;
    let ids: Vec<i32> = apps.iter().map(|(a, _)| a.cohort_id).collect();
    let cohorts = itp_persistence::cohort::with_ids(&state.db.conn, &ids).await?;
    Ok(applicant_views::my_applications(
        &ctx,
        &apps,
        &cohorts,
        &calls,
        state.clock.now(),
    ))
}
