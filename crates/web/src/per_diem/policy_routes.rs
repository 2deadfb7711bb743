//! Programme per-diem policies: finance and admin create them and add versions.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use itp_domain::authz::Action;
use itp_domain::per_diem::forms::policy::{NewPolicyInput, PolicyVersionInput, add_version};
use itp_domain::validation::FieldErrors;
use itp_persistence::audit::Actor;
use itp_persistence::per_diem::cohorts;
use itp_persistence::per_diem::policies::{self, StoredPolicy};
use maud::Markup;

use super::policy_views::{self as views, version_input};
use super::{Pairs, service};
use crate::app::{AppState, Routes};
use crate::error::Result;
use crate::security::access;
use crate::security::guard::Access;
use crate::security::session::{Session, SignedIn};
use crate::views::PageContext;

pub fn routes(r: Routes) -> Routes {
    let keep = Access::Can(Action::ManagePerDiemRates);
    r.get("/per-diem/policies", keep, list)
        .get("/per-diem/policies/new", keep, new_form)
        .post("/per-diem/policies", keep, create)
        .get("/per-diem/policies/{policy_id}", keep, show)
        .get(
            "/per-diem/policies/{policy_id}/versions/new",
            keep,
            new_version_form,
        )
        .post(
            "/per-diem/policies/{policy_id}/versions",
            keep,
            create_version,
        )
}

async fn list(State(state): State<AppState>, ctx: PageContext) -> Result<Markup> {
    let conn = &state.db.conn;
    let all = policies::list(conn).await?;
    let mut using: HashMap<String, usize> = HashMap::new();
    for c in cohorts::list(conn, None).await? {
        if let Some(code) = c.per_diem_policy {
            *using.entry(code.to_uppercase()).or_default() += 1;
        }
    }
    let rows: Vec<_> = all
        .into_iter()
        .map(|p| {
            let n = using.get(p.policy.code()).copied().unwrap_or(0);
            (p, n)
        })
        .collect();
    let today = state.clock.now().date_naive();
    Ok(views::list(&ctx, &rows, today))
}

async fn new_form(ctx: PageContext) -> Markup {
    let input = NewPolicyInput {
        version: PolicyVersionInput {
            travel_day_percent: "50".into(),
            breakfast_percent: "15".into(),
            lunch_percent: "35".into(),
            dinner_percent: "35".into(),
            ..PolicyVersionInput::default()
        },
        ..NewPolicyInput::default()
    };
    views::new_policy(&ctx, &input, &FieldErrors::new())
}

async fn create(
    State(state): State<AppState>,
    session: Session,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let form = Pairs(pairs);
    let input = NewPolicyInput {
        code: form.get("code"),
        name: form.get("name"),
        version: version_input(&form),
    };
    let invalid = |errors: FieldErrors| {
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            views::new_policy(&ctx, &input, &errors),
        )
            .into_response()
    };
    let new = match input.validate() {
        Ok(new) => new,
        Err(errors) => return Ok(invalid(errors)),
    };
    let first = &new.policy.versions()[0];
    match service::create_policy(
        &state.db.conn,
        &Actor::user(me.id, &me.email),
        state.clock.now(),
        &new.code,
        &new.name,
        first,
    )
    .await
    {
        Ok(id) => {
            session
                .flash(format!(
                    "The per-diem policy {} ({}) is created.",
                    new.name, new.code
                ))
                .await?;
            Ok(Redirect::to(&format!("/per-diem/policies/{id}")).into_response())
        }
        Err(itp_persistence::PersistenceError::Conflict(message)) => {
            Ok(invalid(FieldErrors::single("code", message)))
        }
        Err(e) => Err(e.into()),
    }
}

async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(policy_id): Path<i32>,
) -> Result<Markup> {
    let conn = &state.db.conn;
    let p = access::find::<StoredPolicy>(&state, policy_id).await?;
    let using = cohorts::using_policy(conn, p.policy.code()).await?;
    Ok(views::show(&ctx, &p, &using))
}

async fn new_version_form(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(policy_id): Path<i32>,
) -> Result<Markup> {
    let p = access::find::<StoredPolicy>(&state, policy_id).await?;
    let mut input = p
        .policy
        .versions()
        .last()
        .map(PolicyVersionInput::from_version)
        .unwrap_or_default();
    input.valid_from.clear();
    Ok(views::new_version(&ctx, &p, &input, &FieldErrors::new()))
}

async fn create_version(
    State(state): State<AppState>,
    session: Session,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Path(policy_id): Path<i32>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let p = access::find::<StoredPolicy>(&state, policy_id).await?;
    let input = version_input(&Pairs(pairs));
    let invalid = |errors: FieldErrors| {
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            views::new_version(&ctx, &p, &input, &errors),
        )
            .into_response()
    };
    let version = match add_version(&p.policy, &input) {
        Ok(version) => version,
        Err(errors) => return Ok(invalid(errors)),
    };
    match service::add_policy_version(
        &state.db.conn,
        &Actor::user(me.id, &me.email),
        state.clock.now(),
        policy_id,
        &version,
    )
    .await
    {
        Ok(()) => {
            session
                .flash(format!(
                    "{} has a new version valid from {}.",
                    p.name, version.valid_from
                ))
                .await?;
            Ok(Redirect::to(&format!("/per-diem/policies/{policy_id}")).into_response())
        }
        Err(itp_persistence::PersistenceError::Conflict(message)) => {
            Ok(invalid(FieldErrors::single("valid_from", message)))
        }
        Err(e) => Err(e.into()),
    }
}
